package dev.cutover.inmemory.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.Action;
import dev.cutover.core.Command;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.driver.DriverEvent;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.ForwardingDeployRequestStore;
import dev.cutover.core.spi.ForwardingMigrationBackend;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.core.spi.RowQuery;
import dev.cutover.core.spi.RowsRead;
import dev.cutover.inmemory.scenario.Scenario;
import dev.cutover.inmemory.scenario.ScenarioException;
import dev.cutover.inmemory.scenario.ScenarioFiles;
import dev.cutover.inmemory.scenario.Simulation;
import dev.cutover.inmemory.scenario.Simulator;
import dev.cutover.inmemory.scenario.Timelines;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness itself: it generates valid scenarios, replays a seed exactly, and catches, shrinks and
 * writes a broken timeline. Its faults are injected through the public hooks a user has
 * ({@link PropertyHarness.Builder#backendLayer}, {@link PropertyHarness.Builder#codeUnderTest}).
 * That each built-in invariant catches a fault of its own is {@link HarnessSelfTestPlantedFaults}.
 */
class HarnessSelfTest {

  @TempDir
  Path dir;

  private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  @Test
  void theGeneratorIsDeterministicAndItsScenariosRoundTripThroughFiles() {
    for (long seed = 0; seed < 300; seed++) {
      Scenario a = ScenarioGenerator.generate(seed);
      assertThat(ScenarioGenerator.generate(seed)).as("seed %d", seed).isEqualTo(a);
      assertThat(ScenarioFiles.parse(ScenarioFiles.write(a))).as("seed %d written and read back", seed).isEqualTo(a);
    }
  }

  @Test
  void generatorSettingsShapeTheScenarios() {
    GeneratorSettings small = GeneratorSettings.custom().requests(2, 2).changes(1, 1).keyspaces(1, 1).shards(2, 2)
        .noChangesRate(0).faultRate(0).flappingRate(0).build();
    for (long seed = 0; seed < 50; seed++) {
      Scenario s = ScenarioGenerator.generate(small, seed);
      assertThat(s.requests()).hasSize(2).allSatisfy(r -> assertThat(r.changes()).hasSize(1));
      assertThat(s.topology()).hasSize(1).allSatisfy((ks, shards) -> assertThat(shards).hasSize(2));
      assertThat(s.backend().faults()).isEmpty();
      assertThat(s.backend().rows()).isEmpty();
    }
  }

  @Test
  void badGeneratorSettingsNameTheFieldAndTheValue() {
    assertThatThrownBy(() -> GeneratorSettings.custom().requests(3, 2).build())
        .hasMessageContaining("requests").hasMessageContaining("3..2");
    assertThatThrownBy(() -> GeneratorSettings.custom().faultRate(1.5).build())
        .hasMessageContaining("faultRate").hasMessageContaining("1.5");
    assertThatThrownBy(() -> GeneratorSettings.custom().action("dance", 0.5).build())
        .hasMessageContaining("dance");
  }

  /**
   * The default generator reaches section 7: closes, forced cutovers that are sent, unblocks,
   * deploys that set instant, keyspace throttles (accepted and refused), held failures.
   */
  @Test
  void theGeneratorsScenariosReachTheActionsOfSection7() {
    Map<String, Integer> seen = new java.util.TreeMap<>();
    for (long seed = 0; seed < 300; seed++) {
      Simulation run = Simulator.run(ScenarioGenerator.generate(seed));
      for (DriverEvent e : run.timeline()) {
        if (e instanceof DriverEvent.ActionApplied a) {
          String kind = a.action().kind().wireName() + (a.rejection() == null ? "" : " (rejected)");
          if (a.action() instanceof Action.Deploy d && d.instant() != null) {
            kind = "deploy(instant)" + (a.rejection() == null ? "" : " (rejected)");
          } else if (a.action() instanceof Action.Throttle t && t.keyspace() != null) {
            kind = "throttle(keyspace)" + (a.rejection() == null ? "" : " (rejected)");
          }
          seen.merge(kind, 1, Integer::sum);
        } else if (e instanceof DriverEvent.CommandSent c && c.command() instanceof Command.ForceCutover) {
          seen.merge("forced cutover sent", 1, Integer::sum);
        }
      }
      run.finalRequests().stream().filter(DeployRequest::holdsDatabase)
          .forEach(r -> seen.merge("held at the end", 1, Integer::sum));
    }
    assertThat(seen).containsKeys("close", "close (rejected)", "forceCutover", "forceCutover (rejected)",
        "forced cutover sent", "unblock", "unblock (rejected)", "deploy(instant)", "throttle(keyspace)",
        "throttle(keyspace) (rejected)", "held at the end");
  }

  @Test
  void shardNamesAreKeyRanges() {
    assertThat(ScenarioGenerator.shardNames(1)).containsExactly("-");
    assertThat(ScenarioGenerator.shardNames(2)).containsExactly("-80", "80-");
    assertThat(ScenarioGenerator.shardNames(4)).containsExactly("-40", "40-80", "80-c0", "c0-");
    assertThat(ScenarioGenerator.shardNames(8)).hasSize(8).startsWith("-20").endsWith("e0-");
  }

  @Test
  void everyShrinkCandidateIsAValidScenarioOrRefusedAsOne() {
    for (long seed = 0; seed < 15; seed++) {
      Scenario s = ScenarioGenerator.generate(seed);
      for (Supplier<Scenario> candidate : Shrinker.candidates(s)) {
        try {
          Scenario c = candidate.get();
          assertThat(ScenarioFiles.parse(ScenarioFiles.write(c))).isEqualTo(c);
        } catch (ScenarioException refused) {
          // a candidate that would dangle a reference is skipped by the shrinker
        }
      }
    }
  }

  @Test
  void aFixedSeedReplaysExactly() {
    PropertyHarness.Report a = harness().firstSeed(77).tries(20).build().run();
    PropertyHarness.Report b = harness().firstSeed(77).tries(20).build().run();
    assertThat(a.failure()).isNull();
    assertThat(b.runs()).isEqualTo(a.runs());
    assertThat(b.finalStates()).isEqualTo(a.finalStates());
  }

  /**
   * A backend that tells the driver every running row is ready to complete opens the gate early;
   * invariant 2 checks the true rows, so it must catch it, shrink it, and write a file that the
   * user's test replays. The report does not send the user to bin/cutover simulate: it runs the file
   * without the user's layer, where nothing fails (issue 23).
   */
  @Test
  void aBackendLyingAboutReadinessIsCaughtShrunkAndWrittenAsAReplayableFile() throws Exception {
    PropertyHarness.Report report = harness().backendLayer(LyingBackend::new).firstSeed(1).tries(200).build().run();
    assertThat(report.failure()).as("the lie went unnoticed in %d scenarios", report.scenarios()).isNotNull();
    PropertyHarness.Failure failure = report.failure();
    assertThat(failure.violation().invariant()).isEqualTo(Invariants.GATED_COMPLETION);
    assertThat(Files.exists(failure.file())).isTrue();
    assertThat(failure.shrunk().requests()).hasSize(1);
    assertThat(ScenarioFiles.read(failure.file()).requests()).hasSize(1);
    assertThat(failure.describe()).contains("seed " + failure.seed(), "invariant 2", failure.file().toString(),
        "replay in your test: harness.assertHolds(ScenarioFiles.read(Path.of(\"" + failure.file().toAbsolutePath(),
        "bin/cutover simulate runs the file without them and would not show this failure")
        .doesNotContain("replay the timeline");

    // What bin/cutover simulate does with the file (the cli module's SimulateTest holds the command itself):
    // nothing fails there, since the lie lived in the user's layer: the report does not send the user there.
    Simulation replay = Simulator.run(ScenarioFiles.read(failure.file()));
    assertThat(replay.expectationsHold()).isTrue();
    assertThat(Timelines.jsonl(replay)).last().asString().contains("\"final\"");

    PropertyHarness again = harness().backendLayer(LyingBackend::new).build();
    assertThat(again.check(ScenarioFiles.read(failure.file())).failure()).as("the written file replays the failure")
        .isNotNull();
  }

  @Test
  void aBuiltInInvariantTurnedOffIsNotChecked() {
    PropertyHarness.Report report = harness().backendLayer(LyingBackend::new).without(Invariants.GATED_COMPLETION)
        .firstSeed(1).tries(60).build().run();
    if (report.failure() != null) {
      assertThat(report.failure().violations()).noneMatch(v -> v.invariant() == Invariants.GATED_COMPLETION);
    }
    assertThat(harness().without(Invariants.LIVENESS).build().invariants()).doesNotContain(Invariants.LIVENESS)
        .contains(Invariants.GATED_COMPLETION);
    assertThatThrownBy(() -> PropertyHarness.builder().without(Invariants.RUNS_TO_THE_END))
        .hasMessageContaining("RUNS_TO_THE_END");
  }

  /** The code under test runs at every tick of every run; a user's invariant sees each tick and the end. */
  @Test
  void theCodeUnderTestAndTheUsersInvariantSeeEveryTick() {
    List<Duration> ticks = new ArrayList<>();
    Invariant countTicks = Invariant.of("ticks counted", "the code under test ran at every tick",
        now -> now.memory("ticks", () -> new int[1])[0]++,
        end -> {
          int seen = end.memory("ticks", () -> new int[1])[0];
          long expected = end.simulation().end().dividedBy(end.scenario().pollInterval()) + 1;
          if (seen != expected) {
            end.fail(null, "saw " + seen + " ticks, expected " + expected);
          }
        });
    PropertyHarness.Report report = harness().codeUnderTest(() -> tick -> ticks.add(tick.time()))
        .invariant(countTicks).firstSeed(5).tries(10).build().run();
    assertThat(report.failure()).isNull();
    assertThat(ticks).isNotEmpty().contains(Duration.ZERO);
  }

  /**
   * A store layer is made once per run, and every save of every run goes through it: the
   * crash-restart run's after the restart, and both drivers' in the two-driver run.
   */
  @Test
  void theStoreLayerIsMadeOncePerRunAndEverySaveOfEveryDriverGoesThroughIt() {
    List<int[]> layers = new ArrayList<>();
    List<String> restartedRuns = new ArrayList<>();
    Invariant everySaveThroughTheLayer = new Invariant() {
      @Override
      public String name() {
        return "every save through the layer";
      }

      @Override
      public void saved(Moment now, DeployRequest before, DeployRequest after) {
        now.memory("saves", () -> new int[1])[0]++;
      }

      @Override
      public void atEnd(Moment end) {
        int seen = end.memory("saves", () -> new int[1])[0];
        int layered = layers.get(layers.size() - 1)[0];
        if (seen != layered) {
          end.fail(null, seen + " saves reached the store, " + layered + " went through the layer");
        }
        if (!end.simulation().crashes().isEmpty()) {
          restartedRuns.add(end.run());
        }
      }
    };
    PropertyHarness.Report report = harness().storeLayer(store -> {
      int[] saves = new int[1];
      layers.add(saves);
      return new ForwardingDeployRequestStore(store) {
        @Override
        public DeployRequest insert(DeployRequest request) {
          saves[0]++;
          return delegate().insert(request);
        }

        @Override
        public Optional<DeployRequest> compareAndSet(DeployRequest next) {
          Optional<DeployRequest> saved = delegate().compareAndSet(next);
          saved.ifPresent(r -> saves[0]++);
          return saved;
        }
      };
    }).invariant(everySaveThroughTheLayer).firstSeed(3).tries(10).build().run();
    assertThat(report.failure()).isNull();
    assertThat((long) layers.size()).isEqualTo(report.runs());
    assertThat(restartedRuns).isNotEmpty().allMatch(run -> run.startsWith("crash-restart"));
  }

  /** A user's invariant that fails is reported by name, shrunk with it in the loop, and thrown as the assertion. */
  @Test
  void aUsersFailingInvariantIsShrunkWithItInTheLoopAndReportedAsTheAssertion() {
    Invariant noTwoRequestsComplete = Invariant.atEnd("at most one request completes", end -> {
      long complete = end.simulation().finalRequests().stream().filter(r -> r.state().name().startsWith("COMPLETE_P")
          || r.state().name().equals("COMPLETE")).count();
      if (complete > 1) {
        end.fail(null, complete + " requests completed");
      }
    });
    PropertyHarness harness = harness().invariant(noTwoRequestsComplete).firstSeed(1).tries(300).build();
    PropertyHarness.Failure failure = harness.run().failure();
    assertThat(failure).isNotNull();
    assertThat(failure.violation().invariant()).isSameAs(noTwoRequestsComplete);
    assertThat(failure.shrunk().requests()).hasSize(2);
    assertThatThrownBy(() -> harness.assertHolds(failure.shrunk())).isInstanceOf(AssertionError.class)
        .hasMessageContaining("invariant 'at most one request completes'").hasMessageContaining("replay in your test")
        .hasMessageNotContaining("replay the timeline");
    assertThat(failure.file().getFileName().toString()).contains("at-most-one-request-completes");
  }

  private PropertyHarness.Builder harness() {
    return PropertyHarness.builder().ignoreSystemProperties().failures(dir).out(quiet);
  }

  /** Reports every running row as ready to complete. */
  static final class LyingBackend extends ForwardingMigrationBackend {
    LyingBackend(MigrationBackend delegate) {
      super(delegate);
    }

    @Override
    public RowsRead readRows(List<RowQuery> queries) throws BackendException {
      RowsRead read = delegate().readRows(queries);
      Map<RowQuery, List<MigrationRow>> rows = new HashMap<>();
      read.rows().forEach((q, list) -> {
        List<MigrationRow> lied = new ArrayList<>();
        for (MigrationRow r : list) {
          lied.add(r.status().equals("running")
              ? new MigrationRow(r.handle(), r.shard(), "running", true, r.progress(), r.message()) : r);
        }
        rows.put(q, lied);
      });
      return new RowsRead(rows, read.failures());
    }
  }
}
