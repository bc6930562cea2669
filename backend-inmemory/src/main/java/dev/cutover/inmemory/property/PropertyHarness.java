package dev.cutover.inmemory.property;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.core.DeployState;
import dev.cutover.core.Nullable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks the deploy-request invariants on many generated scenarios: for each seed, generates a
 * scenario ({@link ScenarioGenerator}), checks it ({@link PropertyCheck}), and on the first
 * failure shrinks it ({@link Shrinker}) and writes the shrunk scenario as a file that
 * {@code bin/cutover simulate FILE} replays.
 *
 * <pre>{@code
 * PropertyHarness.Report report = PropertyHarness.run(firstSeed, 1000, Path.of("target/property-failures"));
 * if (report.failure() != null) {
 *   System.err.println(report.failure().describe());
 * }
 * }</pre>
 */
public final class PropertyHarness {

  private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Shrinking stops after this many runs of a candidate... */
  static final int SHRINK_ATTEMPTS = 4000;
  /** ...or after this much wall time. */
  static final Duration SHRINK_BUDGET = Duration.ofSeconds(60);

  private PropertyHarness() {}

  /**
   * A scenario that broke an invariant.
   *
   * @param seed the generator's seed: replay with {@code -Dcutover.property.seed=<seed>}
   * @param violation the violation the shrunk scenario still shows
   * @param violations everything the original scenario broke
   * @param original the generated scenario
   * @param shrunk the smallest failing scenario found
   * @param file where the shrunk scenario was written
   * @param shrinkAttempts how many candidate scenarios shrinking ran
   */
  public record Failure(long seed, Violation violation, List<Violation> violations, ObjectNode original,
      ObjectNode shrunk, Path file, int shrinkAttempts) {

    /** The failure as a report: the seed, the invariant, the file, and how to replay it. */
    public String describe() {
      StringBuilder sb = new StringBuilder();
      sb.append("property failure: seed ").append(seed).append('\n');
      sb.append("  ").append(violation.invariant().label()).append(": ").append(violation.invariant().rule())
          .append('\n');
      sb.append("  shrunk: ").append(violation).append('\n');
      sb.append("  shrunk scenario: ").append(file.toAbsolutePath()).append(" (").append(Shrinker.size(shrunk))
          .append("; from ").append(Shrinker.size(original)).append(", ").append(shrinkAttempts)
          .append(" shrink runs)\n");
      sb.append("  replay the timeline: bin/cutover simulate ").append(file.toAbsolutePath()).append('\n');
      sb.append("  replay the check:    -Dcutover.property.seed=").append(seed).append('\n');
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
   * @param scenarios how many scenarios were checked
   * @param runs how many simulations they took
   * @param finalStates how many requests ended in each state, over the plain runs: what the scenarios reached
   * @param elapsed the wall time
   * @param failure the first failure, or {@code null}
   */
  public record Report(int scenarios, long runs, Map<DeployState, Integer> finalStates,
      Duration elapsed, @Nullable Failure failure) {
    /** Scenarios checked per second of wall time. */
    public double scenariosPerSecond() {
      return scenarios / Math.max(1e-9, elapsed.toNanos() / 1e9);
    }
  }

  /**
   * Checks the scenarios of seeds {@code firstSeed}, {@code firstSeed + 1}, … ({@code count} of them),
   * stopping at the first failure, which is shrunk and written under {@code failures}.
   */
  public static Report run(long firstSeed, int count, Path failures) {
    long start = System.nanoTime();
    long runs = 0;
    Map<DeployState, Integer> finals = new EnumMap<>(DeployState.class);
    for (int i = 0; i < count; i++) {
      long seed = firstSeed + i;
      ObjectNode scenario = ScenarioGenerator.generate(seed);
      PropertyCheck.Outcome outcome = PropertyCheck.check(scenario, crashSeed(seed));
      runs += outcome.runs();
      outcome.finalStates().forEach(state -> finals.merge(state, 1, Integer::sum));
      if (!outcome.passed()) {
        Failure failure = shrinkAndWrite(seed, scenario, outcome, failures);
        return new Report(i + 1, runs, finals, Duration.ofNanos(System.nanoTime() - start), failure);
      }
    }
    return new Report(count, runs, finals, Duration.ofNanos(System.nanoTime() - start), null);
  }

  /** Checks one seed; on failure shrinks it and writes the file. */
  public static Report check(long seed, Path failures) {
    return run(seed, 1, failures);
  }

  static long crashSeed(long seed) {
    return seed * 0x9E3779B97F4A7C15L + 17;
  }

  private static Failure shrinkAndWrite(long seed, ObjectNode scenario, PropertyCheck.Outcome outcome, Path dir) {
    Violation first = outcome.first();
    long crashSeed = crashSeed(seed);
    Shrinker.Result shrunk = Shrinker.shrink(scenario,
        candidate -> PropertyCheck.failsLike(candidate, crashSeed, first), SHRINK_ATTEMPTS, SHRINK_BUDGET);
    ObjectNode small = shrunk.scenario();
    Violation still = PropertyCheck.check(small, crashSeed).violations().stream()
        .filter(v -> v.invariant() == first.invariant()).findFirst().orElse(first);
    if (still.invariant() == Invariant.CRASH_RESTART || still.invariant() == Invariant.TWO_DRIVERS) {
      small = PropertyCheck.variant(small); // what the comparing runs ran
    }
    small.put("name", "property failure, seed " + seed + ": " + still);
    Path file = dir.resolve("seed-" + seed + "-invariant-" + first.invariant().number() + ".json");
    write(file, small);
    write(dir.resolve("seed-" + seed + "-original.json"), scenario);
    return new Failure(seed, still, outcome.violations(), scenario, small, file, shrunk.attempts());
  }

  /** Writes a scenario file (pretty-printed JSON). */
  public static void write(Path file, ObjectNode scenario) {
    Objects.requireNonNull(file, "file");
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, PRETTY.writeValueAsString(scenario) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
