package dev.cutover.inmemory.property;

import dev.cutover.core.DeployState;
import dev.cutover.core.Nullable;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.inmemory.scenario.Scenario;
import dev.cutover.inmemory.scenario.ScenarioFiles;
import dev.cutover.inmemory.scenario.Simulator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The property harness: generates scenarios ({@link ScenarioGenerator}, shaped by
 * {@link GeneratorSettings}), runs each with the real driver over the simulated backend, with your
 * code under test called at every tick (and your backend or store layers, if any, between the driver
 * and what it drives), and checks Cutover's invariants ({@link Invariants}) and
 * yours ({@link Invariant}). On the first failure it shrinks the scenario with your code and your
 * checks in the loop, writes the shrunk scenario as a file, and reports the seed, the invariant and
 * how to replay it. See {@code docs/property-testing.md}.
 *
 * <pre>{@code
 * @Test
 * void janitorNeverSkipsARevertTooEarly() {
 *   PropertyHarness.builder()
 *       .generator(GeneratorSettings.custom().requests(1, 3).build())
 *       .codeUnderTest(Janitor::new)                   // a Simulator.TickHook, new for every run
 *       .invariant(Invariant.afterEachTick("janitor waits 5 minutes", now -> { ... }))
 *       .without(Invariants.LIVENESS)
 *       .build()
 *       .assertHolds();                                // tries and seed from system properties
 * }
 * }</pre>
 *
 * <p>System properties, read when the harness is built (they win over the code, so that a command
 * line can replay a seed; see {@link Builder#ignoreSystemProperties()}): {@code cutover.property.tries} (how many scenarios; {@code cutover.property.count}
 * too), {@code cutover.property.seed} (replay one seed), {@code cutover.property.firstSeed} (start from
 * another seed than {@link #DEFAULT_FIRST_SEED}, or {@code random}), {@code cutover.property.failures}
 * (where failing scenarios go), {@code cutover.property.verbose} (print the first seed and the speed).
 */
public final class PropertyHarness {

  /** The first seed unless one is set: every build checks the same scenarios (decision in docs/decisions.md). */
  public static final long DEFAULT_FIRST_SEED = 1;

  /** Shrinking stops after this many runs of a candidate by default... */
  public static final int DEFAULT_SHRINK_ATTEMPTS = 4000;
  /** ...or after this much wall time. */
  public static final Duration DEFAULT_SHRINK_BUDGET = Duration.ofSeconds(60);

  private final GeneratorSettings settings;
  private final PropertyCheck.Config config;
  private final int tries;
  private final long firstSeed;
  private final Path failures;
  private final int shrinkAttempts;
  private final Duration shrinkBudget;
  private final @Nullable PrintStream out;
  private final boolean userCode;

  private PropertyHarness(Builder b) {
    this.settings = b.settings;
    List<Invariant> invariants = new ArrayList<>();
    for (BuiltInInvariant i : Invariants.all()) {
      if (!b.without.contains(i)) {
        invariants.add(i);
      }
    }
    invariants.addAll(b.invariants);
    this.config = new PropertyCheck.Config(invariants, b.layer, b.storeLayer, b.codeUnderTest);
    this.tries = b.tries;
    this.firstSeed = b.firstSeed != null ? b.firstSeed : b.randomSeed ? randomSeed() : DEFAULT_FIRST_SEED;
    this.failures = b.failures;
    this.shrinkAttempts = b.shrinkAttempts;
    this.shrinkBudget = b.shrinkBudget;
    this.out = b.out != null ? b.out : b.verbose || b.randomSeed ? System.out : null;
    this.userCode = b.codeUnderTest != null || b.layer != IDENTITY || b.storeLayer != STORE_IDENTITY
        || !b.invariants.isEmpty();
  }

  private static final UnaryOperator<MigrationBackend> IDENTITY = UnaryOperator.identity();
  private static final UnaryOperator<DeployRequestStore> STORE_IDENTITY = UnaryOperator.identity();

  /**
   * A harness to configure; by default 1,000 tries from seed {@link #DEFAULT_FIRST_SEED}, every built-in invariant.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The invariants this harness checks, built-in first.
   *
   * @return an unmodifiable list: the built-in invariants not turned off, in their numbered order, then
   *     yours in the order they were added
   */
  public List<Invariant> invariants() {
    return config.invariants();
  }

  /**
   * The first seed of {@link #run()}.
   *
   * @return the seed set on the builder or by a system property, the random one drawn when the
   *     harness was built (0 to 2<sup>48</sup> - 1) if one was asked for, else {@link #DEFAULT_FIRST_SEED}
   */
  public long firstSeed() {
    return firstSeed;
  }

  /**
   * Checks the scenarios of seeds {@code firstSeed}, {@code firstSeed + 1}, … ({@code tries} of them),
   * printing the first seed (where {@link Builder#out} says), and stops at the first failure, which is shrunk and written under
   * the failures directory.
   *
   * @return what was checked; {@link Report#failure()} is the first failure, or null if every scenario
   *     passed
   * @throws java.io.UncheckedIOException if a failing scenario cannot be written
   */
  public Report run() {
    print("property harness: " + tries + " scenario(s) from seed " + firstSeed + " (replay one with"
        + " -Dcutover.property.seed=S)");
    long start = System.nanoTime();
    long runs = 0;
    Map<DeployState, Integer> finals = new EnumMap<>(DeployState.class);
    for (int i = 0; i < tries; i++) {
      long seed = firstSeed + i;
      Scenario scenario = ScenarioGenerator.generate(settings, seed);
      PropertyCheck.Outcome outcome = PropertyCheck.check(scenario, crashSeed(seed), config);
      runs += outcome.runs();
      outcome.finalStates().forEach(state -> finals.merge(state, 1, Integer::sum));
      if (!outcome.passed()) {
        Failure failure = shrinkAndWrite(seed, scenario, outcome);
        return new Report(firstSeed, i + 1, runs, finals, Duration.ofNanos(System.nanoTime() - start), failure);
      }
    }
    return new Report(firstSeed, tries, runs, finals, Duration.ofNanos(System.nanoTime() - start), null);
  }

  /**
   * Checks one scenario (a file a failure wrote, say: {@code ScenarioFiles.read(path)}) with this
   * harness's code under test and invariants; on failure shrinks it and writes the file.
   *
   * @param scenario the scenario to check, not null
   * @return what was checked, with seed 0; {@link Report#failure()} is null if the scenario passed
   * @throws java.io.UncheckedIOException if a failing scenario cannot be written
   */
  public Report check(Scenario scenario) {
    Objects.requireNonNull(scenario, "scenario");
    long start = System.nanoTime();
    PropertyCheck.Outcome outcome = PropertyCheck.check(scenario, crashSeed(0), config);
    Map<DeployState, Integer> finals = new EnumMap<>(DeployState.class);
    outcome.finalStates().forEach(state -> finals.merge(state, 1, Integer::sum));
    Failure failure = outcome.passed() ? null : shrinkAndWrite(0, scenario, outcome);
    return new Report(0, 1, outcome.runs(), finals, Duration.ofNanos(System.nanoTime() - start), failure);
  }

  /**
   * {@link #run()} as a test: throws an {@link AssertionError} whose message is the failure report
   * (JUnit shows it as the test's failure), and prints the speed (where {@link Builder#out} says).
   *
   * @return the report of a run that passed ({@link Report#failure()} null)
   * @throws AssertionError if a scenario failed
   */
  public Report assertHolds() {
    Report report = run();
    return passOrThrow(report);
  }

  /**
   * {@link #check(Scenario)} as a test: throws an {@link AssertionError} with the failure report.
   *
   * @param scenario the scenario to check, not null
   * @return the report, if the scenario passed
   * @throws AssertionError if it failed
   */
  public Report assertHolds(Scenario scenario) {
    return passOrThrow(check(scenario));
  }

  private Report passOrThrow(Report report) {
    print(String.format(Locale.ROOT, "property harness: %d scenario(s), %d simulation(s) in %.1f s: %.0f scenarios/s",
        report.scenarios(), report.runs(), report.elapsed().toMillis() / 1000.0, report.scenariosPerSecond()));
    if (report.failure() != null) {
      throw new AssertionError(report.failure().describe()); // the test's failure message: JUnit prints it
    }
    return report;
  }

  private static long randomSeed() {
    return new SplittableRandom().nextLong() & 0xFFFFFFFFFFFFL;
  }

  private void print(String line) {
    if (out != null) {
      out.println(line);
    }
  }

  static long crashSeed(long seed) {
    return seed * 0x9E3779B97F4A7C15L + 17;
  }

  private Failure shrinkAndWrite(long seed, Scenario scenario, PropertyCheck.Outcome outcome) {
    Violation first = outcome.first();
    long crashSeed = crashSeed(seed);
    Shrinker.Result shrunk = Shrinker.shrink(scenario,
        candidate -> PropertyCheck.failsLike(candidate, crashSeed, first, config), shrinkAttempts, shrinkBudget);
    Scenario small = shrunk.scenario();
    Violation still = PropertyCheck.check(small, crashSeed, config).violations().stream()
        .filter(v -> v.invariant() == first.invariant()).findFirst().orElse(first);
    if (still.invariant() == Invariants.CRASH_RESTART || still.invariant() == Invariants.TWO_DRIVERS) {
      small = PropertyCheck.variant(small); // what the comparing runs ran
    }
    small = Edits.name(small, "property failure, seed " + seed + ": " + still);
    String slug = first.invariant() instanceof BuiltInInvariant b ? "invariant-" + b.number()
        : "invariant-" + first.invariant().name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    Path file = failures.resolve("seed-" + seed + "-" + slug + ".json");
    write(file, small);
    write(failures.resolve("seed-" + seed + "-original.json"), scenario);
    return new Failure(seed, still, outcome.violations(), scenario, small, file, shrunk.attempts(), userCode);
  }

  /**
   * Writes a scenario file, creating its directories.
   *
   * @param file where to write, not null; an existing file is replaced
   * @param scenario the scenario, not null; written as {@link ScenarioFiles#write} formats it, in UTF-8
   * @throws java.io.UncheckedIOException if the file or its directories cannot be written
   */
  public static void write(Path file, Scenario scenario) {
    Objects.requireNonNull(file, "file");
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, ScenarioFiles.write(scenario), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * A scenario that broke an invariant.
   *
   * @param seed the generator's seed: replay with {@code -Dcutover.property.seed=<seed>} (0 for a given scenario)
   * @param violation the violation the shrunk scenario still shows
   * @param violations everything the original scenario broke
   * @param original the generated scenario
   * @param shrunk the smallest failing scenario found
   * @param file where the shrunk scenario was written
   * @param shrinkAttempts how many candidate scenarios shrinking ran
   * @param userCode whether the harness ran code, layers or invariants of the user's: then only the user's test
   *     replays it, and the report does not offer {@code bin/cutover simulate}, which runs without them
   */
  public record Failure(long seed, Violation violation, List<Violation> violations, Scenario original,
      Scenario shrunk, Path file, int shrinkAttempts, boolean userCode) {

    /**
     * Copies the violations and checks nothing else; the harness makes these.
     *
     * @param seed as the harness ran it, 0 for a given scenario
     * @param violation not checked
     * @param violations not null, no null element; copied
     * @param original not checked
     * @param shrunk not checked
     * @param file not checked
     * @param shrinkAttempts not checked
     * @param userCode not checked
     */
    public Failure {
      violations = List.copyOf(violations);
    }

    /**
     * The failure as a report: the seed, the invariant, the shrunk scenario, its file, and how to replay it.
     *
     * @return several lines of text, each ending in a newline; at most the first 10 violations are listed
     */
    public String describe() {
      StringBuilder sb = new StringBuilder();
      sb.append("property failure: seed ").append(seed).append('\n');
      sb.append("  ").append(violation.invariant().label()).append(": ").append(violation.invariant().rule())
          .append('\n');
      sb.append("  shrunk: ").append(violation).append('\n');
      sb.append("  shrunk scenario: ").append(Shrinker.size(shrunk)).append(" (from ").append(Shrinker.size(original))
          .append(", ").append(shrinkAttempts).append(" shrink runs)\n");
      sb.append("  file: ").append(file.toAbsolutePath()).append('\n');
      sb.append("  replay in your test: harness.assertHolds(ScenarioFiles.read(Path.of(\"")
          .append(file.toAbsolutePath()).append("\")))\n");
      if (userCode) {
        // simulate runs the file with Cutover alone: without the code, layers and invariants that broke it
        sb.append("    (with the harness built as in this test: your code under test, layers and invariants in the")
            .append(" loop; bin/cutover simulate runs the file without them and would not show this failure)\n");
      } else {
        sb.append("  replay the timeline: bin/cutover simulate ").append(file.toAbsolutePath()).append('\n');
      }
      if (seed != 0) {
        sb.append("  replay the seed:     -Dcutover.property.seed=").append(seed).append('\n');
      }
      sb.append("  the generated scenario broke:\n");
      violations.stream().limit(10).forEach(v -> sb.append("    ").append(v).append('\n'));
      if (violations.size() > 10) {
        sb.append("    ... and ").append(violations.size() - 10).append(" more\n");
      }
      return sb.toString();
    }
  }

  /**
   * What a run of the harness did.
   *
   * @param firstSeed the first seed
   * @param scenarios how many scenarios were checked
   * @param runs how many simulations they took
   * @param finalStates how many requests ended in each state, over the plain runs: what the scenarios reached
   * @param elapsed the wall time
   * @param failure the first failure, or {@code null}
   */
  public record Report(long firstSeed, int scenarios, long runs, Map<DeployState, Integer> finalStates,
      Duration elapsed, @Nullable Failure failure) {
    /**
     * Scenarios checked per second of wall time.
     *
     * @return {@code scenarios} over {@code elapsed} in seconds (an elapsed time under a nanosecond
     *     counts as one)
     */
    public double scenariosPerSecond() {
      return scenarios / Math.max(1e-9, elapsed.toNanos() / 1e9);
    }
  }

  /** Configures a {@link PropertyHarness}. */
  public static final class Builder {
    private GeneratorSettings settings = GeneratorSettings.ofDefaults();
    private final Set<BuiltInInvariant> without = new LinkedHashSet<>();
    private final List<Invariant> invariants = new ArrayList<>();
    private UnaryOperator<MigrationBackend> layer = IDENTITY;
    private UnaryOperator<DeployRequestStore> storeLayer = STORE_IDENTITY;
    private Supplier<? extends Simulator.TickHook> codeUnderTest;
    private int tries = 1000;
    private Long firstSeed;
    private Path failures = Path.of("target", "property-failures");
    private int shrinkAttempts = DEFAULT_SHRINK_ATTEMPTS;
    private Duration shrinkBudget = DEFAULT_SHRINK_BUDGET;
    private @Nullable PrintStream out;
    private boolean verbose;
    private boolean randomSeed;
    private boolean readSystemProperties = true;

    private Builder() {}

    /**
     * What scenarios to generate. Default {@link GeneratorSettings#ofDefaults()}.
     *
     * @param settings the settings, not null
     * @return this builder
     */
    public Builder generator(GeneratorSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * The code under test: called at every tick of every run, right after the driver ticked, with the
     * driver, the clock and the backend ({@link Simulator.Tick}); it may act through the driver. The
     * supplier gives a new instance for each run (runs are independent).
     *
     * @param code makes the hook of one run, not null; called once per run, shrinking's included
     * @return this builder
     */
    public Builder codeUnderTest(Supplier<? extends Simulator.TickHook> code) {
      this.codeUnderTest = Objects.requireNonNull(code, "codeUnderTest");
      return this;
    }

    /**
     * A layer of yours between the driver and the simulated backend (a {@link MigrationBackend}
     * decorator under test, say): the driver sees what it makes of the backend, while the invariants
     * check the true rows.
     *
     * @param layer wraps the simulated backend of one run, not null; called once per run: a driver
     *     restarted after a simulated crash, and both drivers of the two-driver run, go through the
     *     same layer. Default: the backend itself
     * @return this builder
     */
    public Builder backendLayer(UnaryOperator<MigrationBackend> layer) {
      this.layer = Objects.requireNonNull(layer, "backendLayer");
      return this;
    }

    /**
     * A layer of yours between the driver and its store (a {@link DeployRequestStore} decorator under
     * test: a cache, the round trip through your store's format, a store with metrics): the driver
     * reads and saves through it, while the invariants see each save as it reached the store beneath
     * and read the requests there. Keep what it saves in the store it wraps (extend {@link
     * dev.cutover.core.spi.ForwardingDeployRequestStore}): that store is what the invariants, the
     * simulator and your code under test ({@link Simulator.Tick#store()}) read.
     *
     * @param layer wraps the store of one run, not null; called once per run: a driver restarted after
     *     a simulated crash, and both drivers of the two-driver run, go through the same layer.
     *     Default: the store itself
     * @return this builder
     */
    public Builder storeLayer(UnaryOperator<DeployRequestStore> layer) {
      this.storeLayer = Objects.requireNonNull(layer, "storeLayer");
      return this;
    }

    /**
     * Adds an invariant of yours, checked alongside the built-in ones.
     *
     * @param invariant the invariant, not null; its name must differ from those added before
     * @return this builder
     * @throws IllegalArgumentException if an invariant of that name was added before
     */
    public Builder invariant(Invariant invariant) {
      Objects.requireNonNull(invariant, "invariant");
      for (Invariant i : invariants) {
        if (i.name().equals(invariant.name())) {
          throw new IllegalArgumentException("invariant: a second invariant named '" + invariant.name() + "'");
        }
      }
      invariants.add(invariant);
      return this;
    }

    /**
     * Turns built-in invariants off (invariant 0, the driver never throws, cannot be). Calls add up.
     *
     * @param builtIns the invariants to leave out, from {@link Invariants}; not null
     * @return this builder
     * @throws IllegalArgumentException if {@link Invariants#RUNS_TO_THE_END} is among them
     */
    public Builder without(BuiltInInvariant... builtIns) {
      for (BuiltInInvariant i : builtIns) {
        if (i == Invariants.RUNS_TO_THE_END) {
          throw new IllegalArgumentException("without: invariant 0 (RUNS_TO_THE_END) cannot be turned off");
        }
        without.add(i);
      }
      return this;
    }

    /**
     * How many scenarios {@link #run()} checks. Default 1,000.
     *
     * @param tries 1 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code tries} is less than 1
     */
    public Builder tries(int tries) {
      if (tries < 1) {
        throw new IllegalArgumentException("tries: must be at least 1, was " + tries);
      }
      this.tries = tries;
      return this;
    }

    /**
     * The first seed. Default: {@link #DEFAULT_FIRST_SEED}, so that every build checks the same
     * scenarios; {@link #randomFirstSeed()} (or {@code -Dcutover.property.firstSeed=random}) draws one.
     *
     * @param seed any value; the seeds that follow are {@code seed + 1}, {@code seed + 2}, ...
     * @return this builder
     */
    public Builder firstSeed(long seed) {
      this.firstSeed = seed;
      this.randomSeed = false;
      return this;
    }

    /**
     * A random first seed, drawn when the harness is built and printed (to {@link #out}, else standard
     * output), so that runs explore new scenarios; a failure's report names its seed.
     *
     * @return this builder
     */
    public Builder randomFirstSeed() {
      this.firstSeed = null;
      this.randomSeed = true;
      return this;
    }

    /**
     * Checks this one seed only: the first seed, and one try.
     *
     * @param seed the seed to replay, as a failure report prints it
     * @return this builder
     */
    public Builder seed(long seed) {
      this.firstSeed = seed;
      this.randomSeed = false;
      this.tries = 1;
      return this;
    }

    /**
     * Where failing scenarios are written. Default {@code target/property-failures}.
     *
     * @param dir the directory, not null; relative to the working directory unless absolute, created
     *     when the first failure is written
     * @return this builder
     */
    public Builder failures(Path dir) {
      this.failures = Objects.requireNonNull(dir, "failures");
      return this;
    }

    /**
     * How long shrinking may take: at most {@code attempts} candidate runs and {@code budget} of wall time.
     * Default {@link #DEFAULT_SHRINK_ATTEMPTS} and {@link #DEFAULT_SHRINK_BUDGET}.
     *
     * @param attempts 0 or more; 0 writes the failing scenario as generated
     * @param budget not null
     * @return this builder
     * @throws IllegalArgumentException if {@code attempts} is negative
     */
    public Builder shrinkBudget(int attempts, Duration budget) {
      if (attempts < 0) {
        throw new IllegalArgumentException("attempts: must not be negative, was " + attempts);
      }
      this.shrinkAttempts = attempts;
      this.shrinkBudget = Objects.requireNonNull(budget, "budget");
      return this;
    }

    /**
     * Where the harness prints its first seed and its speed. Default: nowhere (a quiet build: a
     * failure's report is the assertion's message), or standard output with {@code
     * -Dcutover.property.verbose=true} or a random first seed.
     *
     * @param out the stream, not null
     * @return this builder
     */
    public Builder out(PrintStream out) {
      this.out = Objects.requireNonNull(out, "out");
      return this;
    }

    /**
     * Reads {@code cutover.property.tries} (or {@code cutover.property.count}), {@code
     * cutover.property.seed}, {@code cutover.property.firstSeed} (a number, or {@code random}), {@code
     * cutover.property.failures} and {@code cutover.property.verbose} where set; what is not set keeps
     * its value. {@link #build()} calls it unless
     * {@link #ignoreSystemProperties()}.
     *
     * @return this builder
     * @throws IllegalArgumentException if a count or seed is not a whole number, or the count is less
     *     than 1
     */
    public Builder fromSystemProperties() {
      String count = System.getProperty("cutover.property.tries", System.getProperty("cutover.property.count"));
      if (count != null) {
        tries(parseInt("cutover.property.tries", count));
      }
      String first = System.getProperty("cutover.property.firstSeed");
      if (first != null && first.trim().equals("random")) {
        randomFirstSeed();
      } else if (first != null) {
        firstSeed(parseLong("cutover.property.firstSeed", first));
      }
      String one = System.getProperty("cutover.property.seed");
      if (one != null) {
        seed(parseLong("cutover.property.seed", one));
      }
      if (Boolean.parseBoolean(System.getProperty("cutover.property.verbose", "false").trim())) {
        verbose = true;
      }
      String dir = System.getProperty("cutover.property.failures");
      if (dir != null) {
        failures(Path.of(dir));
      }
      return this;
    }

    private static int parseInt(String name, String value) {
      try {
        return Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + ": not a whole number, was '" + value + "'", e);
      }
    }

    private static long parseLong(String name, String value) {
      try {
        return Long.parseLong(value.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + ": not a whole number, was '" + value + "'", e);
      }
    }

    /**
     * Makes the harness ignore the system properties (a test of a fixed seed that must not follow
     * {@code -Dcutover.property.seed}).
     *
     * @return this builder
     */
    public Builder ignoreSystemProperties() {
      this.readSystemProperties = false;
      return this;
    }

    /**
     * The harness. The system properties ({@link #fromSystemProperties()}) are read here and win over
     * what the code set, so a command line can replay a seed, unless {@link #ignoreSystemProperties()}.
     *
     * @return a new harness; the builder can go on being used
     * @throws IllegalArgumentException if a system property holds no valid value
     */
    public PropertyHarness build() {
      if (readSystemProperties) {
        fromSystemProperties();
      }
      return new PropertyHarness(this);
    }
  }
}
