package dev.cutover.core.driver;

import static dev.cutover.core.DeployState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.Action;
import dev.cutover.core.ActionResult;
import dev.cutover.core.Change;
import dev.cutover.core.CommandState;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.FailureKind;
import dev.cutover.core.HistoryEntry;
import dev.cutover.core.ScriptedBackend;
import dev.cutover.core.spi.BackendException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The driver over a scripted backend: ticks, batching, durability (spec section 6) and creation (section 2). */
class DriverTest {
  private static final List<Change> TWO_CHANGES = List.of(
      new Change("commerce", "ALTER TABLE customer ADD COLUMN email VARCHAR(255)"),
      new Change("commerce", "ALTER TABLE corder ADD INDEX idx_sku (sku)"));

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ScriptedBackend backend = new ScriptedBackend();
  private final InterceptingStore store = new InterceptingStore();
  private final List<DriverEvent> events = new ArrayList<>();
  private Driver driver;

  @BeforeEach
  void setUp() {
    driver = newDriver("driver-a");
  }

  private Driver newDriver(String owner) {
    return Driver.builder(store, backend).clock(clock).owner(owner).listener(events::add).build();
  }

  private DeployRequest request(String id) {
    return store.get(id).orElseThrow();
  }

  private void tick() {
    clock.advance(Duration.ofSeconds(1));
    driver.tick();
  }

  private DeployRequest deployed(String id, String database, DeployOptions options) throws BackendException {
    driver.create(id, database, TWO_CHANGES, options);
    tick();
    assertThat(driver.act(id, Action.deploy()).accepted()).isTrue();
    return request(id);
  }

  @Test
  void aDeployGoesThroughTheGateAndTheRevertWindow() throws BackendException {
    deployed("dr-1", "main", DeployOptions.ofDefaults());
    tick();
    assertThat(request("dr-1").state()).isEqualTo(IN_PROGRESS);
    assertThat(backend.count("submit")).isEqualTo(2);
    backend.setAll("running", true);
    tick();
    assertThat(request("dr-1").state()).isEqualTo(IN_PROGRESS_CUTOVER);
    assertThat(backend.count("complete")).isEqualTo(2);
    tick();
    DeployRequest done = request("dr-1");
    assertThat(done.state()).isEqualTo(COMPLETE_PENDING_REVERT);
    clock.advance(Duration.ofMinutes(30));
    driver.tick();
    assertThat(request("dr-1").history()).extracting(HistoryEntry::state).containsExactly(PENDING, READY, QUEUED,
        SUBMITTING, IN_PROGRESS, IN_PROGRESS_CUTOVER, COMPLETE_PENDING_REVERT, COMPLETE);
    assertThat(events).filteredOn(e -> e instanceof DriverEvent.StateEntered).hasSize(8);
  }

  @Test
  void rowsOfAllWatchingRequestsAreReadInOneBatchPerTick() throws BackendException {
    for (String id : List.of("a", "b", "c")) {
      deployed(id, "db-" + id, DeployOptions.ofDefaults());
    }
    tick();
    assertThat(store.list()).allMatch(r -> r.state() == IN_PROGRESS);
    long before = backend.count("read");
    tick();
    assertThat(backend.count("read") - before).isEqualTo(1);
    assertThat(backend.calls.get(backend.calls.size() - 1)).isEqualTo("read 3");
  }

  @Test
  void requestsThatEnterInProgressInATickAreReadInOneBatch_notOneByOne() throws BackendException {
    for (String id : List.of("a", "b", "c")) {
      driver.create(id, "db-" + id, TWO_CHANGES, DeployOptions.ofDefaults());
    }
    tick();
    for (String id : List.of("a", "b", "c")) {
      assertThat(driver.act(id, Action.deploy()).accepted()).isTrue();
    }
    long before = backend.count("read");
    tick();
    assertThat(store.list()).allMatch(r -> r.state() == IN_PROGRESS);
    assertThat(backend.count("read") - before).as("one batched read for the three submissions: %s", backend.calls)
        .isEqualTo(1);
    assertThat(backend.calls.get(backend.calls.size() - 1)).isEqualTo("read 3");
  }

  @Test
  void aFailedReadChangesNothingInThatTick() throws BackendException {
    deployed("dr-1", "main", DeployOptions.ofDefaults());
    tick();
    backend.setAll("running", true);
    DeployRequest before = request("dr-1");
    backend.failNext("read", FailureKind.TRANSIENT);
    tick();
    assertThat(request("dr-1")).isEqualTo(before);
    assertThat(events).anyMatch(e -> e instanceof DriverEvent.ReadFailed f && f.failed() == FailureKind.TRANSIENT);
    tick();
    assertThat(request("dr-1").state()).isEqualTo(IN_PROGRESS_CUTOVER);
  }

  @Test
  void aTransientFailureIsRetriedOnALaterTick() throws BackendException {
    deployed("dr-1", "main", DeployOptions.ofDefaults());
    tick();
    backend.setAll("running", true);
    backend.failNext("complete", FailureKind.TRANSIENT);
    tick();
    DeployRequest r = request("dr-1");
    assertThat(r.state()).isEqualTo(IN_PROGRESS_CUTOVER);
    assertThat(r.submitted()).extracting(s -> s.completion()).contains(CommandState.REQUESTED);
    tick();
    assertThat(request("dr-1").submitted()).allMatch(s -> s.completion() == CommandState.DONE);
  }

  @Test
  void crashBetweenIntentSavedAndCommandSent_restartSubmitsEachChangeOnce() throws BackendException {
    deployed("dr-1", "main", DeployOptions.ofDefaults());
    store.once(r -> r.pendingSubmission() != null && r.pendingSubmission().change() == 1, true, () -> {
      throw new ScriptedBackend.Crash("intent saved");
    });
    assertThatThrownBy(this::tick).isInstanceOf(ScriptedBackend.Crash.class);
    assertThat(backend.count("submit")).isEqualTo(1);
    assertThat(request("dr-1").pendingSubmission()).isNotNull();
    driver = newDriver("driver-a"); // a new identity under the same name: it waits for the lease (issue 9)
    clock.advance(driver.submissionLease());
    tick();
    assertThat(backend.count("find")).as("the resumed submission looks for the migration first").isEqualTo(1);
    assertThat(backend.count("submit dr-1 0")).isEqualTo(1);
    assertThat(backend.count("submit dr-1 1")).isEqualTo(1);
    assertThat(request("dr-1").state()).isEqualTo(IN_PROGRESS);
  }

  @Test
  void crashAfterSubmitBeforeItWasRecorded_restartAdoptsTheMigration() throws BackendException {
    deployed("dr-1", "main", DeployOptions.ofDefaults());
    backend.crashAfter("submit");
    assertThatThrownBy(this::tick).isInstanceOf(ScriptedBackend.Crash.class);
    driver = newDriver("driver-a"); // a new identity under the same name: it waits for the lease (issue 9)
    clock.advance(driver.submissionLease());
    tick();
    assertThat(backend.count("submit dr-1 0")).as("never submitted twice").isEqualTo(1);
    assertThat(events).anyMatch(e -> e instanceof DriverEvent.Adopted);
    DeployRequest r = request("dr-1");
    assertThat(r.submitted()).extracting(s -> s.handle().value()).containsExactly("m1", "m2");
    assertThat(r.state()).isEqualTo(IN_PROGRESS);
  }

  @Test
  void anotherDriverWaitsForTheSubmissionLeaseBeforeResumingASubmission() throws BackendException {
    deployed("dr-1", "main", DeployOptions.ofDefaults());
    backend.crashAfter("submit");
    assertThatThrownBy(this::tick).isInstanceOf(ScriptedBackend.Crash.class);
    driver = newDriver("driver-b");
    tick();
    assertThat(request("dr-1").state()).isEqualTo(SUBMITTING);
    assertThat(backend.count("find")).isZero();
    clock.advance(Duration.ofMinutes(1));
    tick();
    assertThat(backend.count("submit dr-1 0")).isEqualTo(1);
    assertThat(request("dr-1").state()).isEqualTo(IN_PROGRESS);
  }

  @Test
  void aLostCompareAndSetIsRetriedFromTheFreshValue_aCancelDuringSubmissionIsNeverLost() throws BackendException {
    deployed("dr-1", "main", DeployOptions.ofDefaults());
    Driver user = newDriver("api");
    // The user cancels just as the driver records the first submission.
    store.once(r -> !r.submitted().isEmpty() && r.state() == SUBMITTING, false,
        () -> assertThat(user.act("dr-1", Action.cancel()).accepted()).isTrue());
    tick();
    DeployRequest r = request("dr-1");
    assertThat(r.state()).isEqualTo(IN_PROGRESS_CANCEL);
    assertThat(backend.count("submit")).as("nothing more is submitted after the cancel").isEqualTo(1);
    assertThat(r.submitted()).singleElement().satisfies(s -> assertThat(s.cancellation()).isEqualTo(CommandState.DONE));
    tick();
    assertThat(request("dr-1").state()).isEqualTo(COMPLETE_CANCEL);
  }

  @Test
  void anActionThatLosesARaceIsAppliedToTheFreshValue() throws BackendException {
    deployed("dr-1", "main", DeployOptions.ofDefaults());
    Driver other = newDriver("api-2");
    store.once(r -> r.throttleRatio() == 0.5, false, () -> other.act("dr-1", Action.setAutoApply(false)));
    ActionResult result = driver.act("dr-1", Action.throttle(0.5));
    assertThat(result.accepted()).isTrue();
    assertThat(request("dr-1").throttleRatio()).isEqualTo(0.5);
    assertThat(request("dr-1").options().autoApply()).as("the concurrent change is kept").isFalse();
  }

  @Test
  void theQueueAdmitsOneRequestPerDatabaseInDeployOrder() throws BackendException {
    driver.create("dr-2", "main", TWO_CHANGES, DeployOptions.ofDefaults());
    driver.create("dr-1", "main", TWO_CHANGES, DeployOptions.ofDefaults());
    tick();
    driver.act("dr-1", Action.deploy());
    driver.act("dr-2", Action.deploy());
    tick();
    assertThat(request("dr-1").state()).isEqualTo(IN_PROGRESS);
    assertThat(request("dr-2").state()).isEqualTo(QUEUED);
    backend.setAll("running", true);
    tick();
    tick();
    assertThat(request("dr-1").state()).isEqualTo(COMPLETE_PENDING_REVERT);
    assertThat(request("dr-2").state()).as("the revert window still occupies the database").isEqualTo(QUEUED);
    driver.act("dr-1", Action.skipRevert());
    tick();
    assertThat(request("dr-2").state()).isEqualTo(IN_PROGRESS);
  }

  @Test
  void twoDriversOverOneStoreReachTheSameFinalStateAsOne() throws BackendException {
    Driver second = newDriver("driver-b");
    deployed("dr-1", "main", DeployOptions.ofDefaults());
    deployed("dr-2", "other", DeployOptions.ofDefaults());
    for (int i = 0; i < 3; i++) {
      tick();
      second.tick();
      backend.setAll("running", true);
    }
    assertThat(store.list()).allMatch(r -> r.state() == COMPLETE_PENDING_REVERT);
    assertThat(backend.count("submit")).isEqualTo(4);
    assertThat(backend.count("complete")).as("completion sent once per change").isEqualTo(4);
  }

  @Test
  void aFailedMigrationCancelsItsSiblingsEvenWhenTheCancelFailsAtFirst() throws BackendException {
    deployed("dr-1", "main", DeployOptions.ofDefaults());
    tick();
    ScriptedBackend.Migration failed = backend.migrations.get(1);
    failed.rows.replaceAll((shard, row) -> new dev.cutover.core.MigrationRow(row.handle(), shard, "failed", false, -1,
        "Duplicate entry"));
    backend.failNext("cancel", FailureKind.TRANSIENT);
    tick();
    assertThat(request("dr-1").state()).isEqualTo(COMPLETE_ERROR);
    assertThat(request("dr-1").needsDriving()).isTrue();
    tick();
    assertThat(backend.count("cancel m1")).isEqualTo(2);
    assertThat(request("dr-1").needsDriving()).isFalse();
    assertThat(backend.migrations.get(0).rows.values()).allMatch(row -> row.status().equals("cancelled"));
  }

  @Test
  void creationRejectsInvalidInputNamingTheFieldAndCreatesNothing() throws BackendException {
    assertThatThrownBy(() -> driver.create("dr-1", "main", List.of(new Change("nope", "ALTER TABLE t ADD c INT")),
        DeployOptions.ofDefaults())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("changes[0].keyspace").hasMessageContaining("'nope'");
    assertThatThrownBy(() -> new Change("commerce", "  ")).hasMessageContaining("sql");
    assertThatThrownBy(() -> new Change("commerce", "ALTER TABLE a ADD c INT; DROP TABLE b"))
        .hasMessageContaining("sql: must hold exactly one statement, found 2");
    assertThatThrownBy(() -> DeployOptions.custom().revertWindow(Duration.ofMinutes(-1)))
        .hasMessage("revertWindow: must be strictly positive, was PT-1M");
    assertThatThrownBy(() -> DeployOptions.custom().revertWindow(Duration.ZERO)).hasMessageContaining("PT0S");
    assertThatThrownBy(() -> driver.create(" ", "main", TWO_CHANGES, DeployOptions.ofDefaults()))
        .hasMessageContaining("id");
    assertThat(store.list()).isEmpty();
    driver.create("dr-1", "main", TWO_CHANGES, DeployOptions.ofDefaults());
    assertThatThrownBy(() -> driver.create("dr-1", "main", List.of(), DeployOptions.ofDefaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'dr-1' already exists");
    assertThat(store.list()).singleElement().satisfies(r -> assertThat(r.changes()).hasSize(2));
  }

  @Test
  void aSingleStatementMayEndWithASemicolonAndHoldSemicolonsInQuotesOrComments() {
    assertThat(new Change("commerce", "ALTER TABLE t ADD c VARCHAR(3) DEFAULT ';' ; ").statement())
        .isEqualTo("ALTER TABLE t ADD c VARCHAR(3) DEFAULT ';'");
    new Change("commerce", "ALTER TABLE t COMMENT 'a;b' /* ; */ -- ;\n");
    assertThatThrownBy(() -> new Change("commerce", "ALTER TABLE t COMMENT 'unclosed"))
        .hasMessageContaining("unterminated");
  }

  @Test
  void analysisAndLintErrorsEndInError_emptyRequestsInNoChanges() throws BackendException {
    driver.create("bad", "main", List.of(new Change("commerce", "ALTER TABLE lint-error ADD c INT")),
        DeployOptions.ofDefaults());
    driver.create("empty", "main", List.of(), DeployOptions.ofDefaults());
    backend.failNext("analyse", FailureKind.TRANSIENT);
    tick();
    assertThat(request("bad").state()).as("a transient analysis failure is retried").isEqualTo(PENDING);
    tick();
    assertThat(request("bad").state()).isEqualTo(DeployState.ERROR);
    assertThat(request("bad").errors()).containsExactly("change 0: lint");
    assertThat(request("empty").state()).isEqualTo(NO_CHANGES);
  }

  @Test
  void aQueuedRequestCreatedBeforeTheOneAheadOfItIsAdmittedInTheTickThatFreesTheDatabase()
      throws BackendException {
    driver.create("early", "main", TWO_CHANGES, DeployOptions.ofDefaults());
    driver.create("late", "main", TWO_CHANGES,
        DeployOptions.custom().revertWindow(Duration.ofMinutes(1)).build());
    tick();
    driver.act("late", Action.deploy());
    driver.act("early", Action.deploy());
    tick();
    assertThat(request("late").state()).isEqualTo(IN_PROGRESS);
    backend.setAll("running", true);
    tick();
    tick();
    assertThat(request("late").state()).isEqualTo(COMPLETE_PENDING_REVERT);
    clock.advance(Duration.ofMinutes(1));
    driver.tick(); // visits "early" (still blocked), then "late", whose window closes in this tick
    assertThat(request("late").state()).isEqualTo(COMPLETE);
    assertThat(request("early").state()).as("admitted in the same tick that freed the database")
        .isEqualTo(IN_PROGRESS);
  }

  @Test
  void aPermanentSubmissionRejectionCancelsWhatWasSubmittedInTheSameTick() throws BackendException {
    deployed("dr-1", "main", DeployOptions.ofDefaults());
    backend.failNext("submit", null);
    backend.failNext("submit", FailureKind.PERMANENT);
    tick();
    DeployRequest r = request("dr-1");
    assertThat(r.state()).isEqualTo(DeployState.ERROR);
    assertThat(backend.count("cancel m1")).as("the cleanup is asked in the step that entered error").isEqualTo(1);
    assertThat(r.needsDriving()).isFalse();
  }
}
