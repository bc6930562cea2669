package dev.cutover.core.driver;

import static dev.cutover.core.DeployState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.Action;
import dev.cutover.core.Change;
import dev.cutover.core.CommandState;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.FailureKind;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.Progress;
import dev.cutover.core.ScriptedBackend;
import dev.cutover.core.spi.BackendException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spec section 7 through the driver: closed requests, forced cutovers, held queues, progress. */
class FurtherActionsDriverTest {
  private static final List<Change> TWO_CHANGES = List.of(
      new Change("commerce", "ALTER TABLE customer ADD COLUMN email VARCHAR(255)"),
      new Change("commerce", "ALTER TABLE corder ADD INDEX idx_sku (sku)"));
  private static final DeployOptions HOLD = DeployOptions.custom().holdQueueOnFailure(true).build();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ScriptedBackend backend = new ScriptedBackend();
  private final InterceptingStore store = new InterceptingStore();
  private Driver driver;

  @BeforeEach
  void setUp() {
    driver = Driver.builder(store, backend).clock(clock).owner("driver-a").build();
  }

  private DeployRequest request(String id) {
    return store.get(id).orElseThrow();
  }

  private void tick() {
    clock.advance(Duration.ofSeconds(1));
    driver.tick();
  }

  private void deployed(String id, DeployOptions options) throws BackendException {
    driver.create(id, "main", TWO_CHANGES, options);
    tick();
    assertThat(driver.act(id, Action.deploy()).accepted()).isTrue();
  }

  /** dr-1 in in_progress_cutover with a stuck cutover: completions sent and acknowledged, rows ready. */
  private void stuckCutover() throws BackendException {
    backend.cutoverStuck = true;
    deployed("dr-1", DeployOptions.ofDefaults());
    tick();
    backend.setAll("running", true);
    tick();
    tick();
    assertThat(request("dr-1").state()).isEqualTo(IN_PROGRESS_CUTOVER);
    assertThat(backend.count("complete")).isEqualTo(2);
  }

  @Test
  void section7_forceCutover_theStepOfTheTickThatAppliesItAsksForIt_andTheStuckCutoverGoesThrough()
      throws BackendException {
    stuckCutover();
    assertThat(driver.act("dr-1", Action.forceCutover()).accepted()).isTrue();
    assertThat(backend.count("forceCutover")).as("the action only changes the request").isZero();
    tick();
    assertThat(backend.count("forceCutover")).isEqualTo(2);
    tick();
    assertThat(request("dr-1").state()).isEqualTo(COMPLETE_PENDING_REVERT);
    assertThat(backend.count("forceCutover")).as("once per change").isEqualTo(2);
  }

  @Test
  void section7_forceCutover_ifTheRowsCannotBeReadTheCommandsGoOutAtTheNextTickThatReadsThem()
      throws BackendException {
    stuckCutover();
    driver.act("dr-1", Action.forceCutover());
    backend.failNext("read", FailureKind.TRANSIENT);
    tick();
    assertThat(backend.count("forceCutover")).isZero();
    tick();
    assertThat(backend.count("forceCutover")).isEqualTo(2);
  }

  @Test
  void section7_forceCutover_retriedOnALaterTickAfterATransientFailure() throws BackendException {
    stuckCutover();
    driver.act("dr-1", Action.forceCutover());
    backend.failNext("forceCutover", FailureKind.TRANSIENT);
    tick();
    assertThat(request("dr-1").submitted()).extracting(s -> s.forcedCutover()).contains(CommandState.REQUESTED);
    tick();
    assertThat(backend.count("forceCutover")).as("the failed one again, and the one the failure held back")
        .isEqualTo(3);
    tick();
    assertThat(request("dr-1").state()).isEqualTo(COMPLETE_PENDING_REVERT);
    assertThat(backend.count("forceCutover")).isEqualTo(3);
  }

  @Test
  void section7_aRequestClosedWhilePendingIsNeverAnalysed() throws BackendException {
    driver.create("dr-1", "main", TWO_CHANGES, DeployOptions.ofDefaults());
    assertThat(driver.act("dr-1", Action.close()).accepted()).isTrue();
    tick();
    tick();
    assertThat(backend.count("analyse")).isZero();
    assertThat(request("dr-1").state()).isEqualTo(PENDING);
    assertThat(request("dr-1").open()).isFalse();
  }

  @Test
  void section7_aClosedRequestsOwedCleanupCancellationIsStillSent() throws BackendException {
    deployed("dr-1", DeployOptions.ofDefaults());
    tick();
    backend.failNext("cancel", FailureKind.TRANSIENT);
    // change 0 fails on every shard: complete_error, cleanup of change 1 owed, its first try fails
    backend.migrations.get(0).rows.replaceAll((shard, row) ->
        new MigrationRow(row.handle(), shard, "failed", false, -1, "boom"));
    tick();
    assertThat(request("dr-1").state()).isEqualTo(COMPLETE_ERROR);
    assertThat(request("dr-1").cleanupOwed()).isTrue();
    assertThat(driver.act("dr-1", Action.close()).accepted()).isTrue();
    tick();
    assertThat(backend.count("cancel")).isEqualTo(2);
    assertThat(request("dr-1").cleanupOwed()).isFalse();
    assertThat(request("dr-1").state()).isEqualTo(COMPLETE_ERROR);
  }

  @Test
  void section7_aHeldDatabaseAdmitsNobodyUntilUnblock() throws BackendException {
    deployed("dr-1", HOLD);
    tick();
    backend.setAll("failed", false);
    tick();
    assertThat(request("dr-1").state()).isEqualTo(COMPLETE_ERROR);
    driver.create("dr-2", "main", TWO_CHANGES, DeployOptions.ofDefaults());
    tick();
    assertThat(driver.act("dr-2", Action.deploy()).accepted()).isTrue();
    tick();
    tick();
    assertThat(request("dr-2").state()).isEqualTo(QUEUED);
    assertThat(driver.act("dr-1", Action.unblock()).accepted()).isTrue();
    tick();
    assertThat(request("dr-2").state()).isEqualTo(IN_PROGRESS);
    assertThat(request("dr-1").state()).isEqualTo(COMPLETE_ERROR);
  }

  @Test
  void section7_closingAHeldFailureReleasesTheDatabase() throws BackendException {
    deployed("dr-1", HOLD);
    tick();
    backend.setAll("failed", false);
    tick();
    driver.create("dr-2", "main", TWO_CHANGES, DeployOptions.ofDefaults());
    tick();
    driver.act("dr-2", Action.deploy());
    tick();
    assertThat(request("dr-2").state()).isEqualTo(QUEUED);
    assertThat(driver.act("dr-1", Action.close()).accepted()).isTrue();
    tick();
    assertThat(request("dr-2").state()).isEqualTo(IN_PROGRESS);
  }

  @Test
  void section7_progress_theRowsObservedLastAndTheMeanWhereCompleteCounts100AndNotVisible0()
      throws BackendException {
    deployed("dr-1", DeployOptions.ofDefaults());
    tick();
    var m0 = backend.migrations.get(0);
    m0.rows.put("-80", new MigrationRow(m0.handle(), "-80", "running", false, 40, "", Duration.ofSeconds(30)));
    m0.rows.put("80-", new MigrationRow(m0.handle(), "80-", "complete", false, -1, ""));
    var m1 = backend.migrations.get(1);
    m1.rows.remove("-80"); // not visible
    m1.rows.put("80-", new MigrationRow(m1.handle(), "80-", "running", false, -1, ""));
    long versionBefore = request("dr-1").version();
    tick();
    Progress p = driver.progress("dr-1").orElseThrow();
    assertThat(p.rows()).hasSize(4);
    assertThat(p.percent()).isEqualTo((40 + 100 + 0 + 0) / 4.0);
    Progress.Row first = p.rows().get(0);
    assertThat(first.change()).isZero();
    assertThat(first.shard()).isEqualTo("-80");
    assertThat(first.status()).isEqualTo("running");
    assertThat(first.progress()).isEqualTo(40);
    assertThat(first.eta()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.rows().get(2).status()).as("not visible").isNull();
    assertThat(request("dr-1").version()).as("progress is not persisted").isEqualTo(versionBefore);
    // a failed read keeps what was observed last
    backend.failNext("read", FailureKind.TRANSIENT);
    tick();
    assertThat(driver.progress("dr-1")).contains(p);
  }

  @Test
  void section7_progress_emptyForARequestThatIsNotWatched() throws BackendException {
    driver.create("dr-1", "main", TWO_CHANGES, DeployOptions.ofDefaults());
    tick();
    assertThat(driver.progress("dr-1")).isEmpty();
    assertThat(driver.progress()).isEmpty();
  }
}
