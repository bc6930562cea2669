package dev.cutover.inmemory.property;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.HistoryEntry;
import dev.cutover.core.Nullable;
import dev.cutover.core.Transitions;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.inmemory.MigrationTimings;
import dev.cutover.inmemory.scenario.Scenario;
import dev.cutover.inmemory.scenario.Scenario.MigrationScript;
import dev.cutover.inmemory.scenario.Scenario.TimingFields;
import dev.cutover.inmemory.scenario.Simulation;
import dev.cutover.inmemory.scenario.Simulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Checks the invariants of a {@link Config} on one scenario: runs it as written with one driver (the
 * plain run), then, for the invariants that compare runs (9 and 10), runs a variant of it three
 * ways: plain, with the driver killed at a random call and restarted, and with two drivers. Every
 * run is watched by every invariant.
 *
 * <p>The variant removes the faults and makes every delay that counts from a command (completeAfter,
 * cancelAfter, revertAfter, revertFailAfter) at least one poll interval. Both keep the runs' timing
 * identical: a restarted driver, or a second one, ticks again at the same instant, and must neither
 * see effects that the first driver would only have seen on the next tick, nor consume faults that
 * were meant for the first driver's later calls. Without these, final states may legitimately differ by
 * a tick's worth of timing (a revert accepted in one run and refused in the other at the window's edge).
 */
final class PropertyCheck {

  /**
   * What a harness checks: the invariants (built-in and the user's), the user's backend and store
   * layers, and the code under test (a new instance per run), or {@code null}.
   */
  record Config(List<Invariant> invariants, UnaryOperator<MigrationBackend> layer,
      UnaryOperator<DeployRequestStore> storeLayer, @Nullable Supplier<? extends Simulator.TickHook> codeUnderTest) {
    Config {
      invariants = List.copyOf(invariants);
    }

    /** Every built-in invariant, no layer, no code under test. */
    static Config builtIn() {
      return new Config(List.copyOf(Invariants.all()), UnaryOperator.identity(), UnaryOperator.identity(), null);
    }

    boolean wants(Invariant i) {
      return invariants.contains(i);
    }

    Config only(List<Invariant> wanted) {
      return new Config(wanted, layer, storeLayer, codeUnderTest);
    }
  }

  /** What checking one scenario found. */
  record Outcome(List<Violation> violations, long crashAt, int runs, List<DeployState> finalStates) {
    Outcome {
      violations = List.copyOf(violations);
      finalStates = List.copyOf(finalStates);
    }

    /** Whether every invariant held. */
    boolean passed() {
      return violations.isEmpty();
    }

    /** The first violation: the user's code throwing, else of the lowest-numbered built-in invariant, else the user's first. */
    Violation first() {
      return violations.stream().min(Comparator.comparingInt(PropertyCheck::rank)).orElseThrow();
    }
  }

  static int rank(Violation v) {
    return v.invariant() == YourCode.RUNS ? -1 : v.invariant() instanceof BuiltInInvariant b ? b.number()
        : Integer.MAX_VALUE;
  }

  /** The runs, as reports name them. */
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

  /** Checks a scenario, its crash point drawn from {@code crashSeed}. */
  static Outcome check(Scenario scenario, long crashSeed, Config config) {
    List<Violation> violations = new ArrayList<>();
    int runs = 1;
    Result plain = run(scenario, Mode.PLAIN, 0, 1, config);
    violations.addAll(plain.violations);
    long crashAt = 0;
    boolean crash = config.wants(Invariants.CRASH_RESTART);
    boolean two = config.wants(Invariants.TWO_DRIVERS);
    if ((crash || two) && plain.error == null) {
      Scenario variant = variant(scenario);
      boolean same = variant.equals(scenario);
      Result base = same ? plain : run(variant, Mode.VARIANT, 0, 1, config);
      if (!same) {
        runs++;
        violations.addAll(base.violations);
      }
      if (base.error == null) {
        if (crash) {
          crashAt = 1 + new SplittableRandom(crashSeed).nextLong(Math.max(1, base.calls));
          violations.addAll(crashRun(variant, base, crashAt, config));
          runs++;
        }
        if (two) {
          Result other = run(variant, Mode.TWO_DRIVERS, 0, 2, config);
          runs++;
          violations.addAll(compared(base, other, Invariants.TWO_DRIVERS));
        }
      }
    }
    List<DeployState> finals = new ArrayList<>();
    if (plain.simulation != null) {
      plain.simulation.finalRequests().forEach(r -> finals.add(r.state()));
    }
    return new Outcome(violations, crashAt, runs, finals);
  }

  /** The crash-restart run of {@code variant} killed before call {@code crashAt}, compared with {@code base}. */
  static List<Violation> crashRun(Scenario variant, Result base, long crashAt, Config config) {
    return compared(base, run(variant, Mode.CRASH, crashAt, 1, config), Invariants.CRASH_RESTART);
  }

  /** What a crash-restart or two-driver run broke, its comparison with the single driver's included. */
  private static List<Violation> compared(Result base, Result other, BuiltInInvariant invariant) {
    List<Violation> violations = new ArrayList<>(other.violations);
    compareFinal(base, other, invariant, violations);
    for (Violation v : other.violations) {
      if (v.invariant() == Invariants.NO_DOUBLE_SUBMISSION && invariant == Invariants.CRASH_RESTART) {
        violations.add(new Violation(Invariants.CRASH_RESTART, v.run(), v.at(), v.requestId(), v.message()));
      }
    }
    return violations;
  }

  /**
   * Invariants 9 and 10: the same final states as the single uninterrupted driver. On a violation
   * the message says where the two runs' histories first parted.
   */
  private static void compareFinal(Result base, Result other, BuiltInInvariant invariant, List<Violation> out) {
    if (base.error != null || other.error != null) {
      return; // reported as invariant 0
    }
    Map<String, DeployState> a = base.simulation.finalStates();
    Map<String, DeployState> b = other.simulation.finalStates();
    if (a.equals(b)) {
      return;
    }
    Divergence d = firstDivergence(base.simulation, other.simulation);
    out.add(new Violation(invariant, other.label, d == null ? null : d.at, d == null ? null : d.requestId,
        "final states " + new TreeMap<>(b) + " differ from the single uninterrupted driver's " + new TreeMap<>(a)
            + (other.crashAt > 0 ? " (driver killed before call #" + other.crashAt + ")" : "")
            + (d == null ? "" : "; the runs first diverged at " + d.at + " for " + d.requestId + ": " + d.what)));
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
          + Runs.since(ex.at())) + ", the other run " + (ey == null ? "entered nothing more" : "entered "
              + ey.state() + " at " + Runs.since(ey.at()));
      if (first == null || Runs.since(when).compareTo(first.at) < 0) {
        first = new Divergence(Runs.since(when), r.id(), what);
      }
    }
    return first;
  }

  /** One run and what it showed. */
  static final class Result {
    final String label;
    final long crashAt;
    final List<Violation> violations = new ArrayList<>();
    Simulation simulation;
    long calls;
    String error;

    Result(String label, long crashAt) {
      this.label = label;
      this.crashAt = crashAt;
    }
  }

  static Result run(Scenario scenario, Mode mode, long crashAt, int drivers, Config config) {
    String label = crashAt > 0 ? mode.label + " (killed before call #" + crashAt + ")" : mode.label;
    Result result = new Result(label, crashAt);
    Observer observer = new Observer(scenario, label, crashAt, config.invariants(), config.layer(),
        config.storeLayer(), config.codeUnderTest() == null ? null : config.codeUnderTest().get());
    try {
      result.simulation = observer.install(Simulator.builder(scenario)).drivers(drivers).build().run();
      observer.ended(result.simulation);
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof YourCode.Threw yours) {
          result.error = yours.describe();
          result.simulation = null;
          result.violations.addAll(observer.violations());
          result.violations.add(new Violation(YourCode.RUNS, label, null, null, yours.describe()));
          return result;
        }
      }
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      BuiltInInvariant which = root instanceof Transitions.IllegalTransitionException ? Invariants.LEGAL_TRANSITIONS
          : Invariants.RUNS_TO_THE_END;
      result.error = String.valueOf(root);
      result.simulation = null;
      result.violations.addAll(observer.violations());
      result.violations.add(new Violation(which, label, null, null, "the run threw " + root
          + (root.getStackTrace().length > 0 ? " at " + root.getStackTrace()[0] : "")));
      return result;
    }
    result.calls = observer.calls();
    result.violations.addAll(observer.violations());
    return result;
  }

  /**
   * The scenario the comparing runs use: no faults, and every delay counted from a command at least
   * one poll interval (see the class comment).
   */
  static Scenario variant(Scenario s) {
    Duration poll = s.pollInterval();
    MigrationTimings d = s.backend().defaults();
    MigrationTimings defaults = MigrationTimings.from(d).completeAfter(atLeast(d.completeAfter(), poll))
        .cancelAfter(atLeast(d.cancelAfter(), poll)).revertAfter(atLeast(d.revertAfter(), poll))
        .revertFailAfter(d.revertFailAfter() == null ? null : atLeast(d.revertFailAfter(), poll)).build();
    List<MigrationScript> migrations = new ArrayList<>();
    for (MigrationScript m : s.backend().migrations()) {
      TimingFields t = m.timings();
      migrations.add(new MigrationScript(m.request(), m.change(), m.shard(), new TimingFields(t.startAfter(),
          t.readyAfter(), t.visibleAfter(), atLeast(t.completeAfter(), poll), atLeast(t.cancelAfter(), poll),
          atLeast(t.revertAfter(), poll), t.failAfter(), t.message(), atLeast(t.revertFailAfter(), poll),
          t.cutoverStuck())));
    }
    Scenario.Backend backend = Edits.faults(Edits.migrations(Edits.defaults(s.backend(), defaults), migrations),
        List.of());
    return backend.equals(s.backend()) ? s : Edits.backend(s, backend);
  }

  private static @Nullable Duration atLeast(@Nullable Duration d, Duration poll) {
    return d == null || d.compareTo(poll) >= 0 ? d : poll;
  }

  /**
   * Whether {@code scenario} still fails like {@code target}: the same invariant, in the same kind of
   * run. A crash-restart failure is looked for at many crash points (the shrunk scenario makes
   * fewer calls, so the original crash point means nothing there).
   */
  static boolean failsLike(Scenario scenario, long crashSeed, Violation target, Config config) {
    Invariant inv = target.invariant();
    String kind = target.runKind();
    if (kind.equals(Mode.CRASH.label)) {
      Config narrow = config.only(inv == Invariants.CRASH_RESTART
          ? List.of(Invariants.CRASH_RESTART, Invariants.NO_DOUBLE_SUBMISSION) : List.of(inv));
      Scenario variant = variant(scenario);
      Result base = run(variant, Mode.VARIANT, 0, 1, narrow);
      if (base.error != null) {
        return false;
      }
      for (long n : crashPoints(base.calls, crashSeed)) {
        if (crashRun(variant, base, n, narrow).stream().anyMatch(v -> v.invariant() == inv)) {
          return true;
        }
      }
      return false;
    }
    List<Invariant> wanted = new ArrayList<>(inv == YourCode.RUNS ? config.invariants() : List.of(inv));
    if ((kind.equals(Mode.TWO_DRIVERS.label) || kind.equals(Mode.VARIANT.label)) && inv != Invariants.TWO_DRIVERS) {
      wanted.add(Invariants.TWO_DRIVERS);
    }
    return check(scenario, crashSeed, config.only(wanted)).violations().stream()
        .anyMatch(v -> v.invariant() == inv && v.runKind().equals(kind));
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
