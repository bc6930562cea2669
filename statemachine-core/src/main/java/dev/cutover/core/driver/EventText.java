package dev.cutover.core.driver;

import dev.cutover.core.Action;
import dev.cutover.core.Command;

/** How {@link DriverEvent}'s {@code toString()} names actions and commands: as a person reads them in a log. */
final class EventText {

  private EventText() {}

  /** "deploy", "deploy (instant)", "throttle 0.5 on keyspace ks", "setAutoApply off". */
  static String action(Action action) {
    if (action instanceof Action.Deploy d && d.instant() != null) {
      return action.name() + (d.instant() ? " (instant)" : " (not instant)");
    }
    if (action instanceof Action.Throttle t) {
      return action.name() + " " + t.ratio() + (t.keyspace() == null ? "" : " on keyspace " + t.keyspace());
    }
    if (action instanceof Action.SetAutoApply a) {
      return action.name() + (a.on() ? " on" : " off");
    }
    return action.name();
  }

  /** "submit of change 0 (ks)", "complete of change 1 (ks, migration m-2)", "throttle … to 0.5". */
  static String command(Command command) {
    String where = command.keyspace();
    if (command instanceof Command.Complete c) {
      where += ", migration " + c.handle();
    } else if (command instanceof Command.ForceCutover f) {
      where += ", migration " + f.handle();
    } else if (command instanceof Command.Cancel c) {
      where += ", migration " + c.handle();
    } else if (command instanceof Command.Throttle t) {
      where += ", migration " + t.handle();
    } else if (command instanceof Command.Revert r) {
      where += ", reverting migration " + r.target();
    }
    String what = command.name() + " of change " + command.change() + " (" + where + ")";
    if (command instanceof Command.Throttle t) {
      return what + " to " + t.ratio();
    }
    if (command instanceof Command.Submit s && s.instant()) {
      return what + " instant";
    }
    return what;
  }
}
