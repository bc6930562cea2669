package dev.cutover.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.FailureKind;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.Submission;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The simulator's stuck cutovers and forced cutovers (scenarios.md, {@code cutoverStuck}). */
class InMemoryForcedCutoverTest {

  private static final String CTX = "cutover:main:dr-1:0";

  private final VirtualClock clock = VirtualClock.atEpoch();

  private InMemoryBackend stuck(boolean stuck) {
    return InMemoryBackend.builder().keyspace("commerce", "-80", "80-").clock(clock)
        .defaults(MigrationTimings.custom().readyAfter(Duration.ofSeconds(10)).completeAfter(Duration.ofSeconds(2))
            .cutoverStuck(stuck).build())
        .build();
  }

  private void at(long seconds) {
    clock.set(Instant.EPOCH.plusSeconds(seconds));
  }

  private static Submission change(int index, boolean instant) {
    return new Submission("dr-1", index, CTX, "commerce", "ALTER TABLE t ADD COLUMN c" + index + " INT", instant);
  }

  private static String status(InMemoryBackend b, MigrationHandle h) {
    return b.rowsOf(h).stream().map(MigrationRow::status).distinct().reduce((x, y) -> x + "," + y).orElse("invisible");
  }

  @Test
  void cutoverStuck_completionAloneNeverCompletes() throws Exception {
    InMemoryBackend b = stuck(true);
    MigrationHandle h = b.submit(change(0, false));
    at(20);
    b.complete("commerce", h);
    at(3600);
    assertThat(status(b, h)).isEqualTo("running");
  }

  @Test
  void cutoverStuck_aForcedCutoverAfterCompletionCompletesFromMaxOfCompletionForcedAndReady_plusCompleteAfter()
      throws Exception {
    InMemoryBackend b = stuck(true);
    MigrationHandle h = b.submit(change(0, false));
    at(20);
    b.complete("commerce", h);
    at(30);
    b.forceCutover("commerce", h);
    at(31);
    assertThat(status(b, h)).isEqualTo("running");
    at(32);
    assertThat(status(b, h)).isEqualTo("complete");
    assertThat(b.migrations().get(0).forcedCutoverAt()).isEqualTo(Instant.EPOCH.plusSeconds(30));
  }

  @Test
  void cutoverStuck_aForcedCutoverBeforeReadyWaitsForReady() throws Exception {
    InMemoryBackend b = stuck(true);
    MigrationHandle h = b.submit(change(0, false));
    at(1);
    b.complete("commerce", h);
    b.forceCutover("commerce", h);
    at(11);
    assertThat(status(b, h)).isEqualTo("running");
    at(12);
    assertThat(status(b, h)).isEqualTo("complete");
  }

  @Test
  void withoutCutoverStuck_aForcedCutoverChangesNothingInTheTiming() throws Exception {
    InMemoryBackend b = stuck(false);
    MigrationHandle h = b.submit(change(0, false));
    at(20);
    b.forceCutover("commerce", h);
    at(100);
    assertThat(status(b, h)).as("a forced cutover alone does not complete it").isEqualTo("running");
    at(110);
    b.complete("commerce", h);
    at(111);
    assertThat(status(b, h)).isEqualTo("running");
    at(112);
    assertThat(status(b, h)).isEqualTo("complete");
  }

  @Test
  void cutoverStuck_hasNoEffectOnAnInstantMigration() throws Exception {
    InMemoryBackend b = stuck(true);
    MigrationHandle h = b.submit(change(0, true));
    at(2);
    assertThat(status(b, h)).isEqualTo("complete");
  }

  @Test
  void forceCutover_isLogged_faultable_andRefusedForAnUnknownMigration() throws Exception {
    InMemoryBackend b = stuck(true);
    MigrationHandle h = b.submit(change(0, false));
    b.addFault(Fault.of(BackendOperation.FORCE_CUTOVER, FailureKind.TRANSIENT).from(clock.instant()));
    assertThatThrownBy(() -> b.forceCutover("commerce", h)).isInstanceOf(BackendException.class)
        .satisfies(e -> assertThat(((BackendException) e).isTransient()).isTrue());
    assertThat(b.migrations().get(0).forcedCutoverAt()).as("a faulted call has no effect").isNull();
    b.forceCutover("commerce", h);
    assertThat(b.calls()).filteredOn(c -> c.operation() == BackendOperation.FORCE_CUTOVER).hasSize(2);
    assertThatThrownBy(() -> b.forceCutover("commerce", new MigrationHandle("nope")))
        .isInstanceOf(BackendException.class)
        .satisfies(e -> assertThat(((BackendException) e).isTransient()).isFalse());
  }

  @Test
  void aRunningRowNotReadyReportsTheTimeLeftUntilReadyAsItsEta() throws Exception {
    InMemoryBackend b = stuck(false);
    MigrationHandle h = b.submit(change(0, false));
    at(4);
    assertThat(b.rowsOf(h)).allSatisfy(r -> assertThat(r.eta()).isEqualTo(Duration.ofSeconds(6)));
    at(10);
    assertThat(b.rowsOf(h)).allSatisfy(r -> assertThat(r.eta()).isNull());
  }
}
