package dev.cutover.docs.janitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.inmemory.property.GeneratorSettings;
import dev.cutover.inmemory.property.Invariants;
import dev.cutover.inmemory.property.PropertyHarness;
import dev.cutover.inmemory.scenario.ScenarioFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The janitor example of docs/property-testing.md, run as the guide runs it: the janitor holds its
 * properties, and a copy of it with a planted bug is caught and shrunk to at most 2 requests.
 */
class JanitorPropertyTest {

  @TempDir
  Path failures;

  // doc:test
  static final GeneratorSettings SCENARIOS = GeneratorSettings.custom()
      .requests(1, 3)
      .revertWindows(Duration.ofMinutes(10), Duration.ofMinutes(30))
      .withoutAction("skipRevert")          // only the janitor skips reverts
      .build();

  static PropertyHarness.Builder janitorHarness() {
    return PropertyHarness.builder()
        .generator(SCENARIOS)
        .codeUnderTest(() -> {
          Janitor janitor = new Janitor();    // a new janitor for every run
          return tick -> janitor.run(tick.driver(), tick.store(), tick.clock());
        })
        .invariant(JanitorInvariants.WAITS_FIVE_MINUTES)
        .invariant(JanitorInvariants.KEEPS_THE_QUEUE_MOVING)
        .without(Invariants.LIVENESS)        // the janitor is no reason for a deploy to be late, but keep it quiet
        .tries(100);
  }

  @Test
  void theJanitorSkipsOnlyAfterFiveMinutesAndKeepsTheQueueMoving() {
    janitorHarness().build().assertHolds();
  }
  // doc:end

  /** The planted bug: the harness must find it, and shrink it to at most 2 requests. */
  @Test
  void theForgetfulJanitorIsCaughtAndShrunkToAtMostTwoRequests() {
    PropertyHarness harness = janitorHarness()
        .codeUnderTest(() -> {
          ForgetfulJanitor janitor = new ForgetfulJanitor();
          return tick -> janitor.run(tick.driver(), tick.store(), tick.clock());
        })
        .ignoreSystemProperties().firstSeed(1).tries(500).failures(failures)
        .out(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
        .build();
    PropertyHarness.Report report = harness.run();

    assertThat(report.failure()).as("the planted bug went unnoticed in %d scenarios", report.scenarios()).isNotNull();
    PropertyHarness.Failure failure = report.failure();
    assertThat(failure.violation().invariant()).isEqualTo(JanitorInvariants.WAITS_FIVE_MINUTES);
    assertThat(failure.shrunk().requests()).hasSizeLessThanOrEqualTo(2);
    assertThat(failure.describe()).contains("janitor waits 5 minutes", "seed " + failure.seed(),
        failure.file().toString());
    // the written file replays the failure in this test, with the janitor in it
    assertThat(harness.check(ScenarioFiles.read(failure.file())).failure()).isNotNull();
  }
}
