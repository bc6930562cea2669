package dev.cutover.inmemory.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.driver.DriverEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a {@link Simulation}: as the machine format of {@code --jsonl} (one JSON object a line, keys
 * and order as in {@code shared/spec/scenarios.md}), or as a table for a person, with the per-shard
 * progress of every migration.
 */
public final class Timelines {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Timelines() {}

  /**
   * The machine format: a {@code state} line for every state entered, an {@code action} line for every
   * action (with {@code rejected} and the reason when refused), a {@code command} line for every
   * submit, complete, cancel, revert and throttle (with {@code failed} when the backend failed it), a
   * {@code read} command line for every failed read, a {@code warning} line for every warning, and the
   * {@code final} line last. Adoptions (a resumed submission found by context) and reads that
   * succeed again are not printed.
   *
   * @param run the simulation, not null
   * @return a new list of JSON lines without line ends, in timeline order; never empty (the
   *     {@code final} line is always there)
   */
  public static List<String> jsonl(Simulation run) {
    List<String> lines = new ArrayList<>();
    for (DriverEvent e : run.timeline()) {
      ObjectNode n = MAPPER.createObjectNode();
      n.put("t", run.elapsed(e.at()).toString());
      n.put("request", e.requestId());
      if (e instanceof DriverEvent.StateEntered s) {
        n.put("state", s.state().wireName());
      } else if (e instanceof DriverEvent.ActionApplied a) {
        n.put("action", a.action().name());
        if (a.rejection() != null) {
          n.put("rejected", a.rejection());
        }
      } else if (e instanceof DriverEvent.CommandSent c) {
        n.put("command", c.command().name());
        if (c.command().change() == dev.cutover.core.Command.NO_CHANGE) {
          n.put("keyspace", c.command().keyspace()); // a keyspace's VSchema (section 8)
        } else {
          n.put("change", c.command().change());
        }
        if (c.failed() != null) {
          n.put("failed", c.failed().wireName());
        }
      } else if (e instanceof DriverEvent.ReadFailed r) {
        n.put("command", "read");
        n.put("failed", r.failed().wireName());
      } else if (e instanceof DriverEvent.Warning w) {
        n.put("warning", w.message());
      } else {
        continue; // Adopted, ReadRecovered
      }
      lines.add(write(n));
    }
    ObjectNode last = MAPPER.createObjectNode();
    last.put("t", run.end().toString());
    ObjectNode finals = last.putObject("final");
    run.finalStates().forEach((id, state) -> finals.put(id, state.wireName()));
    lines.add(write(last));
    return lines;
  }

  /**
   * The timeline for a person: one line per event, with the rows of each migration as they change.
   *
   * @param run the simulation, not null
   * @return the text, every line ending in a newline; text from the scenario is made
   *     {@link Text#printable printable}
   */
  public static String text(Simulation run) {
    StringBuilder out = new StringBuilder();
    Scenario s = run.scenario();
    out.append("scenario  ").append(s.name().isEmpty() ? "(unnamed)" : Text.printable(s.name())).append('\n');
    out.append("topology  ");
    s.topology().forEach((k, shards) -> out.append(Text.printable(k)).append(' ').append(Text.printable(shards.toString()))
        .append("  "));
    out.append("\nticks     every ").append(human(s.pollInterval())).append(", until ").append(human(s.until()))
        .append("\n\n");
    out.append(String.format(Locale.ROOT, "%9s  %-10s %-9s %s%n", "time", "request", "what", "detail"));
    List<RowSample> samples = run.rowSamples();
    int next = 0;
    for (DriverEvent e : run.timeline()) {
      Duration t = run.elapsed(e.at());
      while (next < samples.size() && samples.get(next).t().compareTo(t) < 0) {
        out.append(rows(samples.get(next++)));
      }
      out.append(line(t, e.requestId(), e));
    }
    while (next < samples.size()) {
      out.append(rows(samples.get(next++)));
    }
    out.append('\n').append(String.format(Locale.ROOT, "final at %s:", human(run.end())));
    run.finalStates().forEach((id, state) -> out.append(' ').append(Text.printable(id)).append(' ')
        .append(state.wireName()));
    out.append('\n');
    for (dev.cutover.core.DeployRequest r : run.finalRequests()) {
      for (String error : r.errors()) {
        out.append("  ").append(Text.printable(r.id())).append(" error: ").append(Text.printable(error)).append('\n');
      }
    }
    if (!run.crashes().isEmpty()) {
      out.append("the driver crashed and restarted ").append(run.crashes().size()).append(" time(s)\n");
    }
    return out.toString();
  }

  private static String line(Duration t, String request, DriverEvent e) {
    String what;
    String detail;
    if (e instanceof DriverEvent.StateEntered s) {
      what = "state";
      detail = "→ " + s.state().wireName();
    } else if (e instanceof DriverEvent.ActionApplied a) {
      what = "action";
      detail = a.action().name() + describeArgument(a.action()) + (a.rejection() == null ? "" : "  REJECTED: "
          + a.rejection());
    } else if (e instanceof DriverEvent.CommandSent c) {
      what = c.command().name();
      detail = (c.command().change() == dev.cutover.core.Command.NO_CHANGE ? "keyspace " + c.command().keyspace()
          : "change " + c.command().change()) + (c.failed() == null ? ""
          : "  FAILED (" + c.failed().wireName() + "): " + c.message());
    } else if (e instanceof DriverEvent.ReadFailed r) {
      what = "read";
      detail = "FAILED (" + r.failed().wireName() + "): " + r.message();
    } else if (e instanceof DriverEvent.ReadRecovered r) {
      what = "read";
      detail = "recovered after " + r.failures() + " failed read" + (r.failures() == 1 ? "" : "s");
    } else if (e instanceof DriverEvent.Warning w) {
      what = "warning";
      detail = w.message();
    } else if (e instanceof DriverEvent.RequestFailed f) {
      what = "failed";
      detail = f.message();
    } else if (e instanceof DriverEvent.Adopted a) {
      what = "adopted";
      detail = a.command().name() + " of change " + a.command().change() + " found as " + a.handle();
    } else {
      what = "?";
      detail = e.toString();
    }
    return String.format(Locale.ROOT, "%9s  %-10s %-9s %s%n", human(t), Text.printable(request), what,
        Text.printable(detail));
  }

  private static String describeArgument(dev.cutover.core.Action action) {
    if (action instanceof dev.cutover.core.Action.Throttle t) {
      return " " + t.ratio() + (t.keyspace() == null ? "" : " on keyspace " + t.keyspace());
    }
    if (action instanceof dev.cutover.core.Action.Deploy d && d.instant() != null) {
      return d.instant() ? " instant" : " not instant";
    }
    if (action instanceof dev.cutover.core.Action.SetAutoApply a) {
      return a.on() ? " on" : " off";
    }
    return "";
  }

  private static String rows(RowSample sample) {
    StringBuilder sb = new StringBuilder();
    sb.append(sample.revert() ? "revert of change " : "change ").append(sample.change()).append(':');
    for (MigrationRow row : sample.rows()) {
      sb.append("  ").append(row.shard()).append(' ').append(row.status());
      if (row.readyToComplete()) {
        sb.append(" (ready)");
      }
      if (row.progress() >= 0 && !row.status().equals("complete")) {
        sb.append(' ').append(row.progress()).append('%');
      }
      if (!row.message().isEmpty()) {
        sb.append(" \"").append(row.message()).append('"');
      }
    }
    return String.format(Locale.ROOT, "%9s  %-10s %-9s %s%n", human(sample.t()), Text.printable(sample.requestId()),
        "rows", Text.printable(sb.toString()));
  }

  /** {@code PT1M5S} as {@code 1m5s}; zero as {@code 0s}. */
  static String human(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }

  private static String write(ObjectNode n) {
    try {
      return MAPPER.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a timeline line: " + e.getMessage(), e);
    }
  }
}
