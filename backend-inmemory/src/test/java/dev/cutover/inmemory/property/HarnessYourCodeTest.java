package dev.cutover.inmemory.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.DeployState;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.core.spi.ForwardingDeployRequestStore;
import dev.cutover.core.spi.ForwardingMigrationBackend;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.core.spi.RowQuery;
import dev.cutover.core.spi.RowsRead;
import dev.cutover.core.DeployRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23: what the user's own code throws (the code under test, a layer, an invariant) is reported
 * as theirs, naming the part and the line, not as invariant 0 ("the driver never throws"); and a
 * built-in invariant their code broke is replayed in their test, not with bin/cutover simulate.
 */
class HarnessYourCodeTest {

  @TempDir
  Path dir;

  private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  private PropertyHarness.Builder harness() {
    return PropertyHarness.builder().ignoreSystemProperties().failures(dir).out(quiet).firstSeed(1).tries(20)
        .shrinkBudget(200, java.time.Duration.ofSeconds(20));
  }

  /** A bot that throws once it sees a request in queued. */
  static final class ThrowingBot {
    void run(DeployRequestStore store) {
      for (DeployRequest r : store.list()) {
        if (r.state() == DeployState.QUEUED) {
          throw new IllegalStateException("bot bug: cannot handle " + r.id());
        }
      }
    }
  }

  @Test
  void anExceptionOfTheCodeUnderTestIsReportedAsYours_withItsLine() {
    PropertyHarness.Failure failure = harness().codeUnderTest(() -> {
      ThrowingBot bot = new ThrowingBot();
      return tick -> bot.run(tick.store());
    }).build().run().failure();
    assertThat(failure).isNotNull();
    assertThat(failure.violation().invariant()).isSameAs(YourCode.RUNS);
    assertThat(failure.violation().message())
        .startsWith("your code under test threw java.lang.IllegalStateException: bot bug: cannot handle dr-")
        .contains(" at " + ThrowingBot.class.getName() + ".run(HarnessYourCodeTest.java:");
    assertThat(failure.describe()).startsWith("property failure: seed ")
        .contains("  your code: your code under test, layers and invariants never throw")
        .doesNotContain("invariant 0", "the driver never throws", "replay the timeline");
    assertThat(failure.shrunk().requests()).as("shrunk with the bot in the loop").isNotEmpty();
  }

  @Test
  void anExceptionOfABackendLayerIsReportedAsTheLayers() {
    PropertyHarness.Failure failure = harness().backendLayer(b -> new ForwardingMigrationBackend(b) {
      @Override
      public RowsRead readRows(List<RowQuery> queries) throws BackendException {
        if (!queries.isEmpty()) {
          throw new UnsupportedOperationException("layer bug");
        }
        return super.readRows(queries);
      }
    }).build().run().failure();
    assertThat(failure).isNotNull();
    assertThat(failure.violation().invariant()).isSameAs(YourCode.RUNS);
    assertThat(failure.violation().message())
        .startsWith("your backendLayer threw java.lang.UnsupportedOperationException: layer bug at ");
  }

  @Test
  void anExceptionOfAStoreLayerIsReportedAsTheLayers() {
    PropertyHarness.Failure failure = harness().storeLayer(s -> new ForwardingDeployRequestStore(s) {
      @Override
      public Optional<DeployRequest> compareAndSet(DeployRequest next) {
        if (next.state() == DeployState.QUEUED) {
          throw new IllegalArgumentException("store layer bug");
        }
        return super.compareAndSet(next);
      }
    }).build().run().failure();
    assertThat(failure).isNotNull();
    assertThat(failure.violation().message()).startsWith("your storeLayer threw java.lang.IllegalArgumentException:"
        + " store layer bug at ");
  }

  @Test
  void anExceptionOfAnInvariantOfYoursIsReportedAsThatInvariants() {
    Invariant broken = Invariant.afterEachTick("counts queued requests", now -> {
      if (now.requests().stream().anyMatch(r -> r.state() == DeployState.QUEUED)) {
        throw new ArithmeticException("/ by zero");
      }
    });
    PropertyHarness.Failure failure = harness().invariant(broken).build().run().failure();
    assertThat(failure).isNotNull();
    assertThat(failure.violation().invariant()).isSameAs(YourCode.RUNS);
    assertThat(failure.violation().message())
        .startsWith("your invariant 'counts queued requests' threw java.lang.ArithmeticException: / by zero at ");
  }

  @Test
  void aFailureOfAnInvariantOfYours_isReplayedInYourTest_notWithTheSimulator() {
    Invariant never = Invariant.atEnd("never holds", end -> end.fail(null, "planted"));
    PropertyHarness.Failure mine = harness().invariant(never).build().run().failure();
    assertThat(mine.describe()).contains("replay in your test", "would not show this failure")
        .doesNotContain("replay the timeline");
    assertThatThrownBy(() -> harness().invariant(never).build().assertHolds()).isInstanceOf(AssertionError.class)
        .hasMessageContaining("invariant 'never holds'");
  }
}
