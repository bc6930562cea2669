package dev.cutover.inmemory.property;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.core.Action;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.HistoryEntry;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.Transitions;
import dev.cutover.inmemory.InMemoryBackend;
import dev.cutover.inmemory.MigrationTimings;
import dev.cutover.inmemory.SimulatedMigration;
import dev.cutover.inmemory.scenario.Scenario;
import dev.cutover.inmemory.scenario.ScenarioFiles;
import dev.cutover.inmemory.scenario.Simulation;
import dev.cutover.inmemory.scenario.Simulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Checks every {@link Invariant} on one scenario: runs it as written with one driver (the plain
 * run), then, for the invariants that compare runs, runs a variant of it three ways: plain, with
 * the driver killed at a random call and restarted, and with two drivers. Each run is checked
 * for invariants 0 to 7 as well.
 *
 * <p>The variant removes the faults and makes every delay that counts from a command (completeAfter,
 * cancelAfter, revertAfter, revertFailAfter) at least one poll interval. Both keep the runs' timing
 * identical: a restarted driver, or a second one, ticks again at the same instant, and must neither
 * see effects that the first driver would only have seen on the next tick, nor consume faults that
 * were meant for the first driver's later calls. Without these, final states may legitimately differ by
 * a tick's worth of timing (a revert accepted in one run and refused in the other at the window's edge).
 */
public final class PropertyCheck {

  /** What checking one scenario found. */
  public record Outcome(List<Violation> violations, long crashAt, int runs,
      List<DeployState> finalStates, String error) {
    public Outcome {
      violations = List.copyOf(violations);
      finalStates = List.copyOf(finalStates);
    }

    /** Whether every invariant held. */
    public boolean passed() {
      return violations.isEmpty() && error == null;
    }

    /** The first violation, of the lowest-numbered invariant. */
    public Violation first() {
      return violations.stream().min(Comparator.comparingInt(v -> v.invariant().number())).orElseThrow();
    }
  }

  /** Runs that compare final states, and which invariants to check. */
  enum Mode {
    PLAIN("plain"),
    VARIANT("variant"),
    CRASH("crash-restart"),
    TWO_DRIVERS("two-drivers");

    final String label;

    Mode(String label) {
      this.label = label;
    }
  }

  private PropertyCheck() {}

  /**
   * Checks a scenario, its crash point drawn from {@code crashSeed}.
   *
   * @throws dev.cutover.inmemory.scenario.ScenarioException if the scenario is not valid
   */
  public static Outcome check(ObjectNode json, long crashSeed) {
    return check(json, crashSeed, Set.of(Invariant.values()));
  }

  static Outcome check(ObjectNode json, long crashSeed, Set<Invariant> wanted) {
    Scenario scenario = ScenarioFiles.parse(json.toString());
    List<Violation> violations = new ArrayList<>();
    int runs = 0;
    Result plain = run(scenario, Mode.PLAIN, 0, 1);
    runs++;
    violations.addAll(plain.violations);
    violations.addAll(liveness(scenario, plain));
    long crashAt = 0;
    boolean compare = wanted.contains(Invariant.CRASH_RESTART) || wanted.contains(Invariant.TWO_DRIVERS);
    if (compare && plain.error == null) {
      ObjectNode variantJson = variant(json);
      boolean same = variantJson.equals(json);
      Scenario variant = same ? scenario : ScenarioFiles.parse(variantJson.toString());
      Result base = same ? plain : run(variant, Mode.VARIANT, 0, 1);
      runs += same ? 0 : 1;
      if (!same) {
        violations.addAll(base.violations);
      }
      if (base.error == null) {
        if (wanted.contains(Invariant.CRASH_RESTART)) {
          crashAt = 1 + new SplittableRandom(crashSeed).nextLong(Math.max(1, base.calls));
          Result crash = run(variant, Mode.CRASH, crashAt, 1);
          violations.addAll(compared(variant, base, crash, Invariant.CRASH_RESTART));
          runs++;
        }
        if (wanted.contains(Invariant.TWO_DRIVERS)) {
          Result two = run(variant, Mode.TWO_DRIVERS, 0, 2);
          runs++;
          violations.addAll(compared(variant, base, two, Invariant.TWO_DRIVERS));
        }
      }
    }
    violations.removeIf(v -> !wanted.contains(v.invariant()) && v.invariant() != Invariant.RUNS_TO_THE_END);
    List<DeployState> finals = new ArrayList<>();
    if (plain.simulation != null) {
      plain.simulation.finalRequests().forEach(r -> finals.add(r.state()));
    }
    return new Outcome(violations, crashAt, runs, finals, null);
  }

  /** The crash-restart run of {@code variant} killed before call {@code crashAt}, compared with {@code base}. */
  static List<Violation> crashRun(Scenario variant, Result base, long crashAt) {
    return compared(variant, base, run(variant, Mode.CRASH, crashAt, 1), Invariant.CRASH_RESTART);
  }

  /** What a crash-restart or two-driver run broke, its comparison with the single driver's included. */
  private static List<Violation> compared(Scenario variant, Result base, Result other, Invariant invariant) {
    List<Violation> violations = new ArrayList<>(other.violations);
    violations.addAll(liveness(variant, other));
    compareFinal(base, other, invariant, violations);
    for (Violation v : other.violations) {
      if (v.invariant() == Invariant.NO_DOUBLE_SUBMISSION && invariant == Invariant.CRASH_RESTART) {
        violations.add(new Violation(Invariant.CRASH_RESTART, v.run(), v.at(), v.requestId(), v.message()));
      }
    }
    return violations;
  }

  /**
   * Invariants 9 and 10: the same final states as the single uninterrupted driver. On a violation
   * the message says where the two runs' histories first parted.
   */
  private static void compareFinal(Result base, Result other, Invariant invariant, List<Violation> out) {
    if (base.error != null || other.error != null) {
      return; // reported as invariant 0
    }
    Map<String, DeployState> a = finalStates(base.simulation);
    Map<String, DeployState> b = finalStates(other.simulation);
    if (a.equals(b)) {
      return;
    }
    Divergence d = firstDivergence(base.simulation, other.simulation);
    out.add(new Violation(invariant, other.mode.label, d == null ? null : d.at, d == null ? null : d.requestId,
        "final states " + new java.util.TreeMap<>(b) + " differ from the single uninterrupted driver's "
            + new java.util.TreeMap<>(a) + (other.crashAt > 0 ? " (driver killed before call #" + other.crashAt
                + ")" : "") + (d == null ? "" : "; the runs first diverged at " + d.at + " for " + d.requestId
                    + ": " + d.what)));
  }

  /** Where two runs' histories first differ. */
  private record Divergence(Duration at, String requestId, String what) {}

  private static Divergence firstDivergence(Simulation base, Simulation other) {
    Map<String, List<HistoryEntry>> hb = new HashMap<>();
    other.finalRequests().forEach(r -> hb.put(r.id(), r.history()));
    Divergence first = null;
    for (DeployRequest r : base.finalRequests()) {
      List<HistoryEntry> x = r.history();
      List<HistoryEntry> y = hb.getOrDefault(r.id(), List.of());
      int i = 0;
      while (i < x.size() && i < y.size() && x.get(i).equals(y.get(i))) {
        i++;
      }
      if (i == x.size() && i == y.size()) {
        continue;
      }
      HistoryEntry ex = i < x.size() ? x.get(i) : null;
      HistoryEntry ey = i < y.size() ? y.get(i) : null;
      Instant when = ex == null ? ey.at() : ey == null ? ex.at() : ex.at().isBefore(ey.at()) ? ex.at() : ey.at();
      String what = "single driver " + (ex == null ? "entered nothing more" : "entered " + ex.state() + " at "
          + since(ex.at())) + ", the other run " + (ey == null ? "entered nothing more" : "entered " + ey.state()
              + " at " + since(ey.at()));
      if (first == null || since(when).compareTo(first.at) < 0) {
        first = new Divergence(since(when), r.id(), what);
      }
    }
    return first;
  }

  private static Map<String, DeployState> finalStates(Simulation s) {
    Map<String, DeployState> states = new HashMap<>();
    s.finalRequests().forEach(r -> states.put(r.id(), r.state()));
    return states;
  }

  /** One run and what it showed. */
  static final class Result {
    final Mode mode;
    final long crashAt;
    final List<Violation> violations = new ArrayList<>();
    Simulation simulation;
    long calls;
    String error;

    Result(Mode mode, long crashAt) {
      this.mode = mode;
      this.crashAt = crashAt;
    }
  }

  static Result run(Scenario scenario, Mode mode, long crashAt, int drivers) {
    Result result = new Result(mode, crashAt);
    String label = crashAt > 0 ? mode.label + " (killed before call #" + crashAt + ")" : mode.label;
    Observer observer = new Observer(scenario, label, crashAt);
    try {
      result.simulation = observer.install(Simulator.builder(scenario)).drivers(drivers).build().run();
    } catch (RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      Invariant which = root instanceof Transitions.IllegalTransitionException ? Invariant.LEGAL_TRANSITIONS
          : Invariant.RUNS_TO_THE_END;
      result.error = String.valueOf(root);
      result.violations.addAll(observer.violations());
      result.violations.add(new Violation(which, label, null, null, "the run threw " + root
          + (root.getStackTrace().length > 0 ? " at " + root.getStackTrace()[0] : "")));
      return result;
    }
    result.calls = observer.calls();
    result.violations.addAll(observer.violations());
    endOfRun(scenario, result.simulation, label, result.violations);
    return result;
  }

  /** The checks made on a whole run once it ended: invariants 1, 3, 6 and 7. */
  private static void endOfRun(Scenario scenario, Simulation s, String label, List<Violation> out) {
    InMemoryBackend backend = s.backend();
    Set<String> forced = new HashSet<>();
    scenario.backend().rows().forEach(r -> forced.add(r.request() + "/" + r.change()));
    List<DeployRequest> admitted = new ArrayList<>();
    for (DeployRequest r : s.finalRequests()) {
      List<HistoryEntry> h = r.history();
      if (h.isEmpty() || h.get(0).state() != DeployState.PENDING) {
        out.add(new Violation(Invariant.LEGAL_TRANSITIONS, label, null, r.id(), "history does not start with pending: "
            + h));
      }
      for (int i = 1; i < h.size(); i++) {
        if (!Transitions.isLegal(h.get(i - 1).state(), h.get(i).state())) {
          out.add(new Violation(Invariant.LEGAL_TRANSITIONS, label, since(h.get(i).at()), r.id(), h.get(i - 1).state()
              + " -> " + h.get(i).state() + " is not an edge of the transition table"));
        }
      }
      if (r.state() == DeployState.COMPLETE_CANCEL) {
        for (SimulatedMigration m : backend.migrations()) {
          if (!m.requestId().equals(r.id()) || m.isRevert()) {
            continue;
          }
          boolean completeSent = backend.completeCalls(m.handle()) > 0;
          if (completeSent) {
            out.add(new Violation(Invariant.CANCEL_APPLIES_NOTHING, label, null, r.id(), "ended complete_cancel, but"
                + " completion of change " + m.change() + " was requested"));
          }
          if (!forced.contains(r.id() + "/" + m.change())) {
            for (MigrationRow row : backend.rowsOf(m.handle())) {
              if (row.status().equals("complete")) {
                out.add(new Violation(Invariant.CANCEL_APPLIES_NOTHING, label, null, r.id(), "ended complete_cancel,"
                    + " but change " + m.change() + " is complete on shard " + row.shard()));
              }
            }
          }
        }
      }
      if (entered(r, DeployState.SUBMITTING) != null) {
        admitted.add(r);
      }
    }
    admitted.sort(Comparator.comparing((DeployRequest r) -> entered(r, DeployState.SUBMITTING))
        .thenComparingLong(DeployRequest::queueTicket));
    for (int i = 1; i < admitted.size(); i++) {
      DeployRequest a = admitted.get(i - 1);
      DeployRequest b = admitted.get(i);
      if (a.queueTicket() > b.queueTicket()) {
        out.add(new Violation(Invariant.DEPLOY_QUEUE, label, since(entered(a, DeployState.SUBMITTING)), a.id(),
            "admitted before " + b.id() + ", though deployed after it (tickets " + a.queueTicket() + " > "
                + b.queueTicket() + ")"));
      }
    }
    Map<String, List<SimulatedMigration>> byChange = new HashMap<>();
    for (SimulatedMigration m : backend.migrations()) {
      byChange.computeIfAbsent(m.requestId() + "/" + m.change() + (m.isRevert() ? "/revert" : ""),
          k -> new ArrayList<>()).add(m);
    }
    byChange.forEach((key, ms) -> {
      if (ms.size() > 1) {
        List<String> times = new ArrayList<>();
        ms.forEach(m -> times.add(m.handle() + " at " + since(m.submittedAt())));
        out.add(new Violation(Invariant.NO_DOUBLE_SUBMISSION, label, since(ms.get(1).submittedAt()),
            ms.get(0).requestId(), (key.endsWith("/revert") ? "the revert of change " : "change ")
                + ms.get(0).change() + " was submitted " + ms.size() + " times: " + times));
      }
    });
  }

  /** Invariant 8, on the plain run. */
  static List<Violation> liveness(Scenario scenario, Result plain) {
    List<Violation> out = new ArrayList<>();
    String label = plain.crashAt > 0 ? plain.mode.label + " (killed before call #" + plain.crashAt + ")"
        : plain.mode.label;
    if (plain.error != null || !scenario.backend().faults().isEmpty()) {
      return out;
    }
    Simulation s = plain.simulation;
    Duration poll = scenario.pollInterval();
    for (DeployRequest r : s.finalRequests()) {
      Scenario.Request spec = scenario.request(r.id());
      if (spec == null || !spec.options().autoApply() || spec.changes().isEmpty()) {
        continue;
      }
      if (scenario.backend().rows().stream().anyMatch(x -> x.request().equals(r.id()))) {
        continue;
      }
      if (scenario.backend().migrations().stream()
          .anyMatch(m -> m.request().equals(r.id()) && m.timings().failAfter() != null)) {
        continue;
      }
      if (scenario.actions().stream().anyMatch(a -> a.request().equals(r.id()) && (a.action() instanceof Action.Cancel
          || a.action() instanceof Action.SetAutoApply set && !set.on()))) {
        continue;
      }
      if (scenario.backend().defaults().failAfter() != null) {
        continue;
      }
      Instant admitted = entered(r, DeployState.SUBMITTING);
      if (admitted == null) {
        continue;
      }
      boolean instant = r.options().instant();
      Duration slowest = Duration.ZERO;
      Duration slowestCompletion = Duration.ZERO;
      for (int c = 0; c < spec.changes().size(); c++) {
        for (String shard : scenario.topology().get(spec.changes().get(c).keyspace())) {
          MigrationTimings t = s.backend().timingsOf(r.id(), c, shard);
          if (t.failAfter() != null) {
            slowest = null;
            break;
          }
          Duration row = instant ? max(t.visibleAfter(), t.completeAfter()) : max(t.readyAfter(), t.visibleAfter());
          slowest = max(slowest, row);
          slowestCompletion = instant ? Duration.ZERO : max(slowestCompletion, t.completeAfter());
        }
        if (slowest == null) {
          break;
        }
      }
      if (slowest == null) {
        continue;
      }
      DeployState target = instant ? DeployState.COMPLETE : DeployState.COMPLETE_PENDING_REVERT;
      Instant bound = admitted.plus(slowest).plus(slowestCompletion).plus(poll.multipliedBy(3));
      Instant reached = entered(r, target);
      Instant end = s.origin().plus(s.end());
      if (reached == null ? !end.isBefore(bound) : reached.isAfter(bound)) {
        out.add(new Violation(Invariant.LIVENESS, label, since(admitted), r.id(), "admitted at "
            + since(admitted) + ", slowest row ready after " + slowest + (slowestCompletion.isZero() ? ""
                : " and completing in " + slowestCompletion) + ", so " + target + " was due by " + since(bound)
            + ", but " + (reached == null ? "it was never reached (final state " + r.state() + " at "
                + s.end() + ")" : "it was reached at " + since(reached))));
      }
    }
    return out;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Instant entered(DeployRequest r, DeployState state) {
    for (HistoryEntry e : r.history()) {
      if (e.state() == state) {
        return e.at();
      }
    }
    return null;
  }

  static Duration since(Instant at) {
    return at == null ? null : Duration.between(Instant.EPOCH, at);
  }

  /**
   * The scenario the comparing runs use: no faults, and every delay counted from a command at least
   * one poll interval (see the class comment).
   */
  static ObjectNode variant(ObjectNode json) {
    ObjectNode v = json.deepCopy();
    Duration poll = Duration.parse(v.path("pollInterval").asText("PT1S"));
    JsonNode backendNode = v.get("backend");
    ObjectNode backend = backendNode instanceof ObjectNode o ? o : v.putObject("backend");
    backend.remove("faults");
    JsonNode defaultsNode = backend.get("defaults");
    ObjectNode defaults = defaultsNode instanceof ObjectNode o ? o : backend.putObject("defaults");
    MigrationTimings base = MigrationTimings.ofDefaults();
    bump(defaults, "completeAfter", base.completeAfter(), poll, true);
    bump(defaults, "cancelAfter", base.cancelAfter(), poll, true);
    bump(defaults, "revertAfter", base.revertAfter(), poll, true);
    bump(defaults, "revertFailAfter", null, poll, false);
    JsonNode migrations = backend.get("migrations");
    if (migrations != null) {
      for (JsonNode m : migrations) {
        for (String field : List.of("completeAfter", "cancelAfter", "revertAfter", "revertFailAfter")) {
          bump((ObjectNode) m, field, null, poll, false);
        }
      }
    }
    return v;
  }

  private static void bump(ObjectNode node, String field, Duration fallback, Duration poll, boolean always) {
    JsonNode present = node.get(field);
    Duration d = present != null ? Duration.parse(present.asText()) : fallback;
    if (d == null || (present == null && !always)) {
      return;
    }
    if (d.compareTo(poll) < 0) {
      node.put(field, poll.toString());
    } else if (present == null) {
      node.put(field, d.toString());
    }
  }

  /**
   * Whether {@code json} still fails like {@code target}: the same invariant, in the same kind of
   * run. A crash-restart failure is looked for at many crash points (the shrunk scenario makes
   * fewer calls, so the original crash point means nothing there).
   */
  static boolean failsLike(ObjectNode json, long crashSeed, Violation target) {
    Invariant inv = target.invariant();
    String kind = target.run().split(" ")[0];
    if (kind.equals(Mode.CRASH.label)) {
      Scenario variant = ScenarioFiles.parse(variant(json).toString());
      Result base = run(variant, Mode.VARIANT, 0, 1);
      if (base.error != null) {
        return false;
      }
      for (long n : crashPoints(base.calls, crashSeed)) {
        if (crashRun(variant, base, n).stream().anyMatch(v -> v.invariant() == inv)) {
          return true;
        }
      }
      return false;
    }
    Set<Invariant> wanted = EnumSet.of(inv);
    if (kind.equals(Mode.TWO_DRIVERS.label) || kind.equals(Mode.VARIANT.label)) {
      wanted.add(Invariant.TWO_DRIVERS);
    }
    return check(json, crashSeed, wanted).violations().stream()
        .anyMatch(v -> v.invariant() == inv && v.run().split(" ")[0].equals(kind));
  }

  /** Up to 64 crash points spread over {@code calls}, plus one drawn from the seed. */
  static List<Long> crashPoints(long calls, long crashSeed) {
    List<Long> points = new ArrayList<>();
    points.add(1 + new SplittableRandom(crashSeed).nextLong(Math.max(1, calls)));
    long step = Math.max(1, calls / 64);
    for (long n = 1; n <= calls; n += step) {
      points.add(n);
    }
    return points;
  }
}
