package dev.cutover.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.Analysis;
import dev.cutover.core.Change;
import dev.cutover.core.FailureKind;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.FoundMigration;
import dev.cutover.core.spi.RevertSubmission;
import dev.cutover.core.spi.RowQuery;
import dev.cutover.core.spi.RowsRead;
import dev.cutover.core.spi.Submission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The in-memory backend's rules, as scenarios.md states them ("How the in-memory backend's migrations behave"). */
class InMemoryBackendTest {

  private static final String CTX = "cutover:main:dr-1:0";

  private final VirtualClock clock = VirtualClock.atEpoch();

  private InMemoryBackend.Builder commerce() {
    return InMemoryBackend.builder().keyspace("commerce", "-80", "80-").clock(clock);
  }

  private InMemoryBackend backend(UnaryOperator<InMemoryBackend.Builder> script) {
    return script.apply(commerce()).build();
  }

  private void at(long seconds) {
    clock.set(Instant.EPOCH.plusSeconds(seconds));
  }

  private static Submission change(int index) {
    return new Submission("dr-1", index, CTX, "commerce", "ALTER TABLE t ADD COLUMN c" + index + " INT", false);
  }

  private static MigrationRow row(InMemoryBackend b, MigrationHandle h, String shard) {
    return b.rowsOf(h).stream().filter(r -> r.shard().equals(shard)).findFirst().orElse(null);
  }

  private static String status(InMemoryBackend b, MigrationHandle h, String shard) {
    MigrationRow r = row(b, h, shard);
    return r == null ? "invisible" : r.status() + (r.readyToComplete() ? "+ready" : "");
  }

  @Test
  void rowIsInvisibleBeforeVisibleAfter() throws Exception {
    InMemoryBackend b = backend(x -> x.defaults(MigrationTimings.custom().visibleAfter(Duration.ofSeconds(3)).build()));
    at(10);
    MigrationHandle h = b.submit(change(0));
    at(12);
    assertThat(b.readRows(List.of(new RowQuery("dr-1", CTX, "commerce"))).rows().values())
        .allSatisfy(rows -> assertThat(rows).isEmpty());
    at(13);
    assertThat(b.rowsOf(h)).extracting(MigrationRow::shard).containsExactly("-80", "80-");
  }

  @Test
  void rowIsQueuedFromSubmissionRunningFromStartAfterAndReadyFromReadyAfter() throws Exception {
    InMemoryBackend b = backend(x -> x.defaults(MigrationTimings.custom().startAfter(Duration.ofSeconds(2))
        .readyAfter(Duration.ofSeconds(10)).build()));
    at(5);
    MigrationHandle h = b.submit(change(0));
    assertThat(status(b, h, "-80")).isEqualTo("queued");
    at(6);
    assertThat(status(b, h, "-80")).isEqualTo("queued");
    at(7);
    assertThat(status(b, h, "-80")).isEqualTo("running");
    at(14);
    assertThat(status(b, h, "-80")).isEqualTo("running");
    at(15);
    assertThat(status(b, h, "-80")).isEqualTo("running+ready");
  }

  @Test
  void progressIsLinearBetweenStartAndReady() throws Exception {
    InMemoryBackend b = backend(x -> x.defaults(MigrationTimings.custom().startAfter(Duration.ofSeconds(10))
        .readyAfter(Duration.ofSeconds(30)).build()));
    MigrationHandle h = b.submit(change(0));
    assertThat(row(b, h, "-80").progress()).isZero();
    at(15);
    assertThat(row(b, h, "-80").progress()).isEqualTo(25);
    at(20);
    assertThat(row(b, h, "-80").progress()).isEqualTo(50);
    at(30);
    assertThat(row(b, h, "-80").progress()).isEqualTo(100);
  }

  @Test
  void failAfterMakesTheRowFailedWithItsMessage() throws Exception {
    InMemoryBackend b = backend(x -> x.migration("dr-1", 0, "80-",
        t -> t.failAfter(Duration.ofSeconds(30)).failMessage("duplicate key")));
    MigrationHandle h = b.submit(change(0));
    at(29);
    assertThat(status(b, h, "80-")).isEqualTo("running+ready");
    at(30);
    assertThat(row(b, h, "80-").status()).isEqualTo("failed");
    assertThat(row(b, h, "80-").message()).isEqualTo("duplicate key");
    assertThat(status(b, h, "-80")).isEqualTo("running+ready");
  }

  @Test
  void completionRequestedBeforeReadyCompletesAtReadyPlusCompleteAfter() throws Exception {
    InMemoryBackend b = backend(x -> x.defaults(MigrationTimings.custom().completeAfter(Duration.ofSeconds(2)).build()));
    MigrationHandle h = b.submit(change(0));
    at(4);
    b.complete("commerce", h);
    at(11);
    assertThat(status(b, h, "-80")).isEqualTo("running+ready");
    at(12);
    assertThat(status(b, h, "-80")).isEqualTo("complete");
  }

  @Test
  void completionRequestedAfterReadyCompletesAtRequestPlusCompleteAfter() throws Exception {
    InMemoryBackend b = backend(x -> x.defaults(MigrationTimings.custom().completeAfter(Duration.ofSeconds(3)).build()));
    MigrationHandle h = b.submit(change(0));
    at(20);
    b.complete("commerce", h);
    at(22);
    assertThat(status(b, h, "80-")).isEqualTo("running+ready");
    at(23);
    assertThat(status(b, h, "80-")).isEqualTo("complete");
    assertThat(row(b, h, "80-").progress()).isEqualTo(100);
  }

  @Test
  void cancellationCancelsEveryNonTerminalRowAfterCancelAfter() throws Exception {
    InMemoryBackend b = backend(x -> x.defaults(MigrationTimings.custom().cancelAfter(Duration.ofSeconds(5)).build())
        .migration("dr-1", 0, "-80", t -> t.failAfter(Duration.ofSeconds(2))));
    MigrationHandle h = b.submit(change(0));
    at(3);
    b.cancel("commerce", h);
    at(7);
    assertThat(status(b, h, "80-")).isEqualTo("running");
    at(8);
    assertThat(status(b, h, "80-")).isEqualTo("cancelled");
    assertThat(status(b, h, "-80")).isEqualTo("failed");
  }

  @Test
  void aRowsFirstTerminalStatusIsFinal() throws Exception {
    InMemoryBackend b = backend(x -> x.migration("dr-1", 0, t -> t.failAfter(Duration.ofSeconds(20))));
    MigrationHandle h = b.submit(change(0));
    at(10);
    b.complete("commerce", h);
    at(15);
    b.cancel("commerce", h);
    at(30);
    assertThat(status(b, h, "-80")).isEqualTo("complete");
    assertThat(status(b, h, "80-")).isEqualTo("complete");
  }

  @Test
  void onTheSameInstantAFailureWinsThenACompletion() throws Exception {
    InMemoryBackend b = backend(x -> x.migration("dr-1", 0, "-80", t -> t.failAfter(Duration.ofSeconds(10))));
    MigrationHandle h = b.submit(change(0));
    at(10);
    b.complete("commerce", h);
    b.cancel("commerce", h);
    assertThat(status(b, h, "-80")).isEqualTo("failed");
    assertThat(status(b, h, "80-")).isEqualTo("complete");
  }

  @Test
  void anInstantMigrationIsCompleteFromCompleteAfter() throws Exception {
    InMemoryBackend b = backend(x -> x.defaults(MigrationTimings.custom().completeAfter(Duration.ofSeconds(4)).build()));
    MigrationHandle h = b.submit(new Submission("dr-1", 0, CTX, "commerce", "ALTER TABLE t ADD COLUMN c INT", true));
    at(3);
    assertThat(status(b, h, "-80")).isEqualTo("running");
    at(4);
    assertThat(status(b, h, "-80")).isEqualTo("complete");
  }

  @Test
  void aRevertHasOneRowPerShardRunningFromRAndCompleteFromRPlusRevertAfter() throws Exception {
    InMemoryBackend b = backend(x -> x.defaults(MigrationTimings.custom().revertAfter(Duration.ofSeconds(7)).build()));
    MigrationHandle h = b.submit(change(0));
    b.complete("commerce", h);
    at(100);
    MigrationHandle r = b.revert(new RevertSubmission("dr-1", 0, CTX, "commerce", h));
    assertThat(b.rowsOf(r)).extracting(MigrationRow::shard).containsExactly("-80", "80-");
    assertThat(status(b, r, "-80")).isEqualTo("running");
    at(106);
    assertThat(status(b, r, "80-")).isEqualTo("running");
    at(107);
    assertThat(status(b, r, "80-")).isEqualTo("complete");
  }

  @Test
  void aRevertFailsFromRPlusRevertFailAfter() throws Exception {
    InMemoryBackend b = backend(x -> x.migration("dr-1", 0, "80-", t -> t.revertFailAfter(Duration.ofSeconds(5))));
    MigrationHandle h = b.submit(change(0));
    b.complete("commerce", h);
    at(20);
    MigrationHandle r = b.revert(new RevertSubmission("dr-1", 0, CTX, "commerce", h));
    at(25);
    assertThat(status(b, r, "80-")).isEqualTo("failed");
    assertThat(status(b, r, "-80")).isEqualTo("running");
    at(30);
    assertThat(status(b, r, "-80")).isEqualTo("complete");
  }

  @Test
  void aRevertOfAMigrationThatIsNotCompleteIsRefusedPermanently() throws Exception {
    InMemoryBackend b = commerce().build();
    MigrationHandle h = b.submit(change(0));
    assertThatThrownBy(() -> b.revert(new RevertSubmission("dr-1", 0, CTX, "commerce", h)))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.PERMANENT))
        .hasMessageContaining("not complete");
  }

  @Test
  void perMigrationTimingsApplyToTheirShardOnlyAndLayerInOrder() throws Exception {
    InMemoryBackend b = backend(x -> x.migration("dr-1", 0, "80-", t -> t.readyAfter(Duration.ofMinutes(2)))
        .migration("dr-1", 0, t -> t.startAfter(Duration.ofSeconds(1))));
    assertThat(b.timingsOf("dr-1", 0, "80-").readyAfter()).isEqualTo(Duration.ofMinutes(2));
    assertThat(b.timingsOf("dr-1", 0, "80-").startAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.timingsOf("dr-1", 0, "-80").readyAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(b.timingsOf("dr-1", 1, "80-").startAfter()).isZero();
    MigrationHandle h = b.submit(change(0));
    at(10);
    assertThat(status(b, h, "-80")).isEqualTo("running+ready");
    assertThat(status(b, h, "80-")).isEqualTo("running");
  }

  @Test
  void aForcedRowIsObservedFromItsAtUntilALaterEntryAndAnEntryWithoutStatusHandsTheRowBack() throws Exception {
    InMemoryBackend b = backend(x -> x
        .forceRow(ForcedRow.status(Instant.EPOCH.plusSeconds(5), "dr-1", 0, "-80", "some_new_status", false))
        .forceRow(ForcedRow.status(Instant.EPOCH.plusSeconds(8), "dr-1", 0, null, "queued", true))
        .forceRow(ForcedRow.release(Instant.EPOCH.plusSeconds(12), "dr-1", 0, null)));
    MigrationHandle h = b.submit(change(0));
    at(4);
    assertThat(status(b, h, "-80")).isEqualTo("running");
    at(5);
    assertThat(status(b, h, "-80")).isEqualTo("some_new_status");
    assertThat(status(b, h, "80-")).isEqualTo("running");
    at(8);
    assertThat(status(b, h, "-80")).isEqualTo("queued+ready");
    assertThat(status(b, h, "80-")).isEqualTo("queued+ready");
    at(12);
    assertThat(status(b, h, "-80")).isEqualTo("running+ready");
  }

  @Test
  void aFaultHitsTheNextTimesCallsOfItsOperationAtOrAfterAt() throws Exception {
    InMemoryBackend b = backend(x -> x.fault(Fault.of(BackendOperation.READ, FailureKind.TRANSIENT)
        .from(Instant.EPOCH.plusSeconds(5)).times(2)));
    b.submit(change(0));
    List<RowQuery> q = List.of(new RowQuery("dr-1", CTX, "commerce"));
    at(4);
    b.readRows(q);
    at(5);
    assertThatThrownBy(() -> b.readRows(q)).isInstanceOfSatisfying(BackendException.class,
        e -> assertThat(e.isTransient()).isTrue());
    at(9);
    assertThatThrownBy(() -> b.readRows(q)).isInstanceOf(BackendException.class);
    assertThat(b.readRows(q).rows().get(q.get(0))).hasSize(2);
    assertThat(b.calls()).filteredOn(c -> c.operation() == BackendOperation.READ)
        .extracting(BackendCall::failure)
        .containsExactly(null, FailureKind.TRANSIENT, FailureKind.TRANSIENT, null);
  }

  @Test
  void aFaultFilteredByRequestAndChangeHitsOnlyThoseCallsAndAFaultedCallHasNoEffect() throws Exception {
    InMemoryBackend b = backend(x -> x.fault(Fault.of(BackendOperation.SUBMIT, FailureKind.PERMANENT)
        .forChange("dr-1", 1)));
    b.submit(new Submission("dr-2", 1, "other", "commerce", "ALTER TABLE t ADD COLUMN c INT", false));
    b.submit(change(0));
    assertThatThrownBy(() -> b.submit(change(1))).isInstanceOfSatisfying(BackendException.class,
        e -> assertThat(e.kind()).isEqualTo(FailureKind.PERMANENT));
    b.submit(change(1));
    assertThat(b.migrations()).extracting(m -> m.requestId() + "/" + m.change())
        .containsExactly("dr-2/1", "dr-1/0", "dr-1/1");
  }

  @Test
  void aReadFaultFilteredByRequestFailsOnlyThatRequestsQuery() throws Exception {
    InMemoryBackend b = backend(x -> x.fault(Fault.of(BackendOperation.READ, FailureKind.TRANSIENT).forRequest("dr-2")));
    b.submit(change(0));
    RowQuery mine = new RowQuery("dr-1", CTX, "commerce");
    RowQuery other = new RowQuery("dr-2", "ctx-2", "commerce");
    RowsRead read = b.readRows(List.of(mine, other));
    assertThat(read.failures()).containsOnlyKeys(other);
    assertThat(read.rows().get(mine)).hasSize(2);
    assertThat(b.readRows(List.of(mine, other)).failures()).isEmpty();
  }

  @Test
  void findByContextFindsSubmittedMigrationsAndRevertsOldestFirst() throws Exception {
    InMemoryBackend b = commerce().keyspace("customer", "-").build();
    MigrationHandle first = b.submit(change(0));
    b.submit(new Submission("dr-1", 1, CTX, "customer", "ALTER TABLE u ADD COLUMN c INT", false));
    b.submit(new Submission("dr-9", 0, "another", "commerce", "ALTER TABLE t ADD COLUMN d INT", false));
    MigrationHandle second = b.submit(change(2));
    b.complete("commerce", second);
    at(20);
    MigrationHandle revert = b.revert(new RevertSubmission("dr-1", 2, CTX, "commerce", second));
    assertThat(b.findByContext(CTX, "commerce")).containsExactly(
        new FoundMigration(first, "commerce", null, change(0).sql()),
        new FoundMigration(second, "commerce", null, change(2).sql()), new FoundMigration(revert, "commerce", second));
    assertThat(b.findByContext("nothing", "commerce")).isEmpty();
  }

  @Test
  void completeCancelAndThrottleAreIdempotent() throws Exception {
    InMemoryBackend b = commerce().build();
    MigrationHandle h = b.submit(change(0));
    at(2);
    b.cancel("commerce", h);
    at(3);
    b.cancel("commerce", h);
    b.throttle("commerce", h, 0.5);
    b.throttle("commerce", h, 0.5);
    b.complete("commerce", h);
    b.complete("commerce", h);
    SimulatedMigration m = b.migrations().get(0);
    assertThat(m.cancellationRequestedAt()).isEqualTo(Instant.EPOCH.plusSeconds(2));
    assertThat(m.completionRequestedAt()).isEqualTo(Instant.EPOCH.plusSeconds(3));
    assertThat(m.throttleRatio()).isEqualTo(0.5);
    assertThat(status(b, h, "-80")).isEqualTo("cancelled");
  }

  @Test
  void unknownMigrationsKeyspacesAndRatiosAreRefusedPermanently() throws Exception {
    InMemoryBackend b = commerce().build();
    MigrationHandle h = b.submit(change(0));
    assertThatThrownBy(() -> b.complete("commerce", new MigrationHandle("nope")))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.PERMANENT));
    assertThatThrownBy(() -> b.cancel("customer", h)).isInstanceOf(BackendException.class);
    assertThatThrownBy(() -> b.throttle("commerce", h, 0.96)).isInstanceOf(BackendException.class)
        .hasMessageContaining("0.96");
    assertThatThrownBy(() -> b.submit(new Submission("dr-1", 0, CTX, "customer", "ALTER TABLE t ADD c INT", false)))
        .isInstanceOf(BackendException.class).hasMessageContaining("unknown keyspace 'customer'");
    assertThatThrownBy(() -> b.shards("customer")).isInstanceOf(BackendException.class);
  }

  @Test
  void analysisReportsLintErrorsAndInstantEligibility() throws Exception {
    InMemoryBackend b = backend(x -> x.lintError("dr-1", 1, "no such table").instantEligible("dr-1", 0));
    List<Change> changes = List.of(new Change("commerce", "ALTER TABLE a ADD c INT"),
        new Change("commerce", "ALTER TABLE b ADD c INT"));
    Analysis a = b.analyse("dr-1", changes);
    assertThat(a.changes()).containsExactly(Analysis.ChangeAnalysis.ok(true),
        Analysis.ChangeAnalysis.lintError("no such table"));
    assertThat(b.analyse("dr-2", changes).changes()).containsExactly(Analysis.ChangeAnalysis.ok(false),
        Analysis.ChangeAnalysis.ok(false));
  }

  @Test
  void theCallLogRecordsEveryCallInOrderWithItsOutcome() throws Exception {
    InMemoryBackend b = backend(x -> x.fault(Fault.of(BackendOperation.COMPLETE, FailureKind.TRANSIENT)));
    assertThat(b.keyspaces()).containsExactly("commerce");
    MigrationHandle h = b.submit(change(0));
    assertThatThrownBy(() -> b.complete("commerce", h)).isInstanceOf(BackendException.class);
    b.complete("commerce", h);
    assertThat(b.calls()).extracting(c -> c.operation() + ":" + c.requestId() + ":" + c.change() + ":" + c.failure())
        .containsExactly("keyspaces:null:-1:null", "submit:dr-1:0:null", "complete:dr-1:0:TRANSIENT",
            "complete:dr-1:0:null");
    assertThat(b.calls().get(1).handle()).isEqualTo(h);
  }

  @Test
  void theCallLogKeepsTheMostRecentCallsUpToItsCapacityAndTheCountsKeepEveryCall() throws Exception {
    InMemoryBackend b = backend(x -> x.callLog(2).fault(Fault.of(BackendOperation.COMPLETE, FailureKind.TRANSIENT)));
    b.keyspaces();
    MigrationHandle h = b.submit(change(0));
    assertThatThrownBy(() -> b.complete("commerce", h)).isInstanceOf(BackendException.class);
    b.complete("commerce", h);
    assertThat(b.calls()).extracting(c -> c.operation() + ":" + c.failure())
        .containsExactly("complete:TRANSIENT", "complete:null");
    assertThat(b.callCount(BackendOperation.KEYSPACES)).isEqualTo(1);
    assertThat(b.callCount(BackendOperation.COMPLETE)).isEqualTo(2);
    assertThat(b.completeCalls(h)).as("faulted calls count too").isEqualTo(2);
    assertThat(b.completeCalls(b.submit(change(1)))).isZero();
  }

  @Test
  void aCallLogOfCapacityZeroKeepsNoCallButCountsThem() throws Exception {
    InMemoryBackend b = backend(x -> x.callLog(0));
    b.submit(change(0));
    b.readRows(List.of(new RowQuery("dr-1", CTX, "commerce")));
    assertThat(b.calls()).isEmpty();
    assertThat(b.callCount(BackendOperation.READ)).isEqualTo(1);
    assertThatThrownBy(() -> commerce().callLog(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("callLog").hasMessageContaining("-1");
  }

  @Test
  void aReadReturnsOnlyTheRowsOfItsMigrationContextAndKeyspaceAndItsLogNamesTheFirstQueries() throws Exception {
    InMemoryBackend b = InMemoryBackend.builder().keyspace("commerce", "-80", "80-").keyspace("customer", "-")
        .clock(clock).build();
    MigrationHandle mine = b.submit(change(0));
    b.submit(new Submission("dr-1", 1, CTX, "customer", "ALTER TABLE c ADD COLUMN x INT", false));
    b.submit(new Submission("dr-2", 0, "cutover:main:dr-2:0", "commerce", "ALTER TABLE t ADD COLUMN y INT", false));
    List<RowQuery> queries = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      queries.add(new RowQuery("dr-" + (i + 10), "cutover:main:dr-" + (i + 10) + ":0", "commerce"));
    }
    queries.add(0, new RowQuery("dr-1", CTX, "commerce"));
    RowsRead read = b.readRows(queries);
    assertThat(read.rows().get(queries.get(0))).extracting(MigrationRow::handle).containsExactly(mine, mine);
    assertThat(read.rows().get(queries.get(1))).isEmpty();
    assertThat(b.calls().get(b.calls().size() - 1).detail()).startsWith("dr-1/commerce, dr-10/commerce")
        .endsWith("dr-24/commerce and 5 more");
  }

  @Test
  void aReadWhileNothingMovedReturnsTheSameAnswerAndOneAfterAMoveReturnsTheNewRows() throws Exception {
    InMemoryBackend b = backend(x -> x.defaults(MigrationTimings.custom().readyAfter(Duration.ofSeconds(100)).build()));
    MigrationHandle first = b.submit(change(0));
    b.submit(new Submission("dr-2", 0, "cutover:main:dr-2:0", "commerce", "ALTER TABLE t ADD COLUMN y INT", false));
    RowQuery one = new RowQuery("dr-1", CTX, "commerce");
    RowQuery two = new RowQuery("dr-2", "cutover:main:dr-2:0", "commerce");
    at(10);
    RowsRead read = b.readRows(List.of(one, two));
    RowsRead again = b.readRows(List.of(new RowQuery("dr-1", CTX, "commerce"), two));
    assertThat(again).as("nothing moved: the same answer, no new row").isSameAs(read);
    assertThat(again.rows().get(one)).extracting(MigrationRow::progress).containsExactly(10, 10);

    // a read of one query after time moved changes that query's rows only; the next full read must see them
    at(20);
    assertThat(b.readRows(List.of(one)).rows().get(one)).extracting(MigrationRow::progress).containsExactly(20, 20);
    RowsRead after = b.readRows(List.of(one, two));
    assertThat(after).isNotSameAs(read);
    assertThat(after.rows().get(one)).extracting(MigrationRow::progress).containsExactly(20, 20);
    assertThat(after.rows().get(two)).extracting(MigrationRow::progress).containsExactly(20, 20);
    assertThat(after.rows().get(one).get(0)).isNotSameAs(read.rows().get(one).get(0));

    // a request changes the rows without time moving: completion of a ready row
    at(100);
    RowsRead ready = b.readRows(List.of(one, two));
    assertThat(ready.rows().get(one)).extracting(MigrationRow::readyToComplete).containsExactly(true, true);
    b.complete("commerce", first);
    assertThat(b.readRows(List.of(one, two)).rows().get(one)).extracting(MigrationRow::status)
        .containsExactly("complete", "complete");
    assertThat(b.readRows(List.of(one, two)).rows().get(two)).as("the other request's rows are the same rows")
        .isSameAs(ready.rows().get(two));
  }

  @Test
  void aRunningRowsEtaIsTheTimeLeftUntilReadyAndMovesWithTheClock() throws Exception {
    InMemoryBackend b = backend(x -> x.defaults(MigrationTimings.custom().readyAfter(Duration.ofSeconds(100)).build()));
    MigrationHandle h = b.submit(change(0));
    clock.set(Instant.EPOCH.plusMillis(10_250));
    assertThat(row(b, h, "-80").eta()).isEqualTo(Duration.ofMillis(89_750));
    MigrationRow before = row(b, h, "-80");
    assertThat(row(b, h, "-80")).isSameAs(before);
    clock.set(Instant.EPOCH.plusMillis(10_500));
    assertThat(row(b, h, "-80").eta()).isEqualTo(Duration.ofMillis(89_500));
    assertThat(row(b, h, "-80").progress()).isEqualTo(10);
  }

  @Test
  void aTimePastTheEndOfTimeNeverComes() throws Exception {
    InMemoryBackend b = backend(x -> x.defaults(MigrationTimings.custom()
        .readyAfter(Duration.ofSeconds(Long.MAX_VALUE)).failAfter(Duration.ofSeconds(Long.MAX_VALUE)).build()));
    at(10);
    MigrationHandle h = b.submit(change(0));
    at(1_000_000_000L);
    assertThat(status(b, h, "-80")).isEqualTo("running");
    assertThat(row(b, h, "-80").progress()).isZero();
  }

  @Test
  void aForcedRowIsObservedEvenBeforeTheModelMakesTheRowVisible() throws Exception {
    InMemoryBackend b = backend(x -> x.defaults(MigrationTimings.custom().visibleAfter(Duration.ofSeconds(30)).build())
        .forceRow(ForcedRow.status(Instant.EPOCH, "dr-1", 0, "80-", "running", false)));
    MigrationHandle h = b.submit(change(0));
    assertThat(b.rowsOf(h)).extracting(MigrationRow::shard).containsExactly("80-");
  }

  @Test
  void aRowReadyBeforeItsStartTimeIsRunningAndReady() throws Exception {
    InMemoryBackend b = backend(x -> x.defaults(MigrationTimings.custom().startAfter(Duration.ofSeconds(20))
        .readyAfter(Duration.ofSeconds(5)).build()));
    MigrationHandle h = b.submit(change(0));
    at(4);
    assertThat(status(b, h, "-80")).isEqualTo("queued");
    at(5);
    assertThat(status(b, h, "-80")).isEqualTo("running+ready");
  }

  @Test
  void aReadFaultFilteredByChangeFailsTheQueryOfThatChangesKeyspace() throws Exception {
    InMemoryBackend b = commerce().keyspace("customer", "-")
        .fault(Fault.of(BackendOperation.READ, FailureKind.PERMANENT).forChange("dr-1", 1)).build();
    b.submit(change(0));
    b.submit(new Submission("dr-1", 1, CTX, "customer", "ALTER TABLE u ADD c INT", false));
    RowQuery commerce = new RowQuery("dr-1", CTX, "commerce");
    RowQuery customer = new RowQuery("dr-1", CTX, "customer");
    RowsRead read = b.readRows(List.of(commerce, customer));
    assertThat(read.failures()).containsOnlyKeys(customer);
    assertThat(read.failures().get(customer).kind()).isEqualTo(FailureKind.PERMANENT);
    assertThat(read.rows().get(commerce)).hasSize(2);
  }

  @Test
  void theBuilderNamesWhatIsWrong() {
    assertThatThrownBy(() -> InMemoryBackend.builder().keyspace("commerce"))
        .hasMessageStartingWith("shards:");
    assertThatThrownBy(() -> InMemoryBackend.builder().keyspace("commerce", "-").keyspace("commerce", "-"))
        .hasMessageContaining("'commerce' was already added");
    assertThatThrownBy(() -> MigrationTimings.custom().readyAfter(Duration.ofSeconds(-1)))
        .hasMessage("readyAfter: must not be negative, was PT-1S");
    assertThatThrownBy(() -> Fault.of(BackendOperation.READ, FailureKind.TRANSIENT).times(0))
        .hasMessage("times: must be at least 1, was 0");
  }
}
