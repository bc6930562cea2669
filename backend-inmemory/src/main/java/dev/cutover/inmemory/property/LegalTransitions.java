package dev.cutover.inmemory.property;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.HistoryEntry;
import dev.cutover.core.Transitions;
import java.util.List;

/** Invariant 1: every state change is an edge of the transition table, checked on every save. */
final class LegalTransitions extends BuiltInInvariant {
  LegalTransitions() {
    super(1, "LEGAL_TRANSITIONS", "every state change is an edge of the transition table (Transitions.isLegal)");
  }

  @Override
  public void saved(Moment now, DeployRequest before, DeployRequest after) {
    List<HistoryEntry> old = before == null ? List.of() : before.history();
    List<HistoryEntry> history = after.history();
    if (history.size() < old.size() || !history.subList(0, old.size()).equals(old)) {
      now.fail(after.id(), "history rewritten: was " + Runs.states(old) + ", saved " + Runs.states(history));
      return;
    }
    for (Runs.Entered e : Runs.newEntries(before, after)) {
      DeployState to = e.entry().state();
      if (e.from() == null ? to != DeployState.PENDING : !Transitions.isLegal(e.from(), to)) {
        now.fail(after.id(), "entered " + to + " from " + e.from());
      }
    }
  }
}
