package dev.cutover.inmemory.property;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.Action;
import dev.cutover.core.Change;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.HistoryEntry;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.core.spi.ForwardingDeployRequestStore;
import dev.cutover.core.spi.ForwardingMigrationBackend;
import dev.cutover.core.spi.FoundMigration;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.core.spi.RevertSubmission;
import dev.cutover.core.spi.RowQuery;
import dev.cutover.core.spi.RowsRead;
import dev.cutover.inmemory.InMemoryBackend;
import dev.cutover.inmemory.VirtualClock;
import dev.cutover.inmemory.scenario.Scenario;
import dev.cutover.inmemory.scenario.Simulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every built-in invariant can fail (decision 91): for each of 1 to 15, a plausible bug planted
 * through a hook a user has ({@link PropertyHarness.Builder#backendLayer},
 * {@link PropertyHarness.Builder#storeLayer}, {@link PropertyHarness.Builder#codeUnderTest}, the
 * generator's settings) is caught, end to end, by that invariant, from seed 1 within a bounded
 * number of tries; the failing seed run again with that invariant turned off shows that it was the
 * one that caught it. 13's other half, which no hook reaches, is driven through the save hooks
 * directly. (Invariant 0 is the harness's own report of a thrown exception; 2 is also shrunk and
 * replayed in {@link HarnessSelfTest}.) Shrinking is off: these tests are about what is caught, not
 * how small it gets.
 */
class HarnessSelfTestPlantedFaults {

  @TempDir
  Path dir;

  private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  // ---------------------------------------------------------------------------------------------
  // The tests, one per invariant

  /**
   * A store whose history table is keyed by (request, time) keeps, of the states a request entered
   * in one tick, only the last: the saved history is not the one before plus the new entries.
   */
  @Test
  void invariant01_legalTransitions_catchesAStoreThatKeepsOneHistoryEntryPerInstant() {
    caughtFirstAndOnlyBy(Invariants.LEGAL_TRANSITIONS, () -> harness().storeLayer(HistoryKeyedByTime::new), 50);
  }

  /** A layer that reports every running row ready to complete opens the gate while shards still copy. */
  @Test
  void invariant02_gatedCompletion_catchesABackendLyingAboutReadiness() {
    caughtFirstAndOnlyBy(Invariants.GATED_COMPLETION,
        () -> harness().backendLayer(HarnessSelfTest.LyingBackend::new), 50);
  }

  /**
   * A layer that answers reads of a migration it cancelled with {@code cancelled}, without asking:
   * a cancel that lost the race against an instant migration's own completion reads as a
   * cancellation, and the request ends {@code complete_cancel} with its change applied (the driver,
   * told the truth, would have ended it {@code complete_error}). Generated: instant deploys, each
   * cancelled within 40 s of its deploy.
   */
  @Test
  void invariant03_cancelAppliesNothing_catchesALayerThatTrustsItsOwnCancels() {
    caughtFirstAndOnlyBy(Invariants.CANCEL_APPLIES_NOTHING, () -> harness().backendLayer(TrustsItsCancels::new)
        .generator(GeneratorSettings.custom().instantRate(1).autoApplyRate(1).action("cancel", 1)
            .actionSpread(Duration.ofSeconds(40)).build()), 100);
  }

  /**
   * An adapter that reads a row copied to 100% as complete (copying done is not cut over): the
   * request enters {@code complete_pending_revert} with no change applied.
   */
  @Test
  void invariant04_completeMeansApplied_catchesAnAdapterThatTakesFullProgressForComplete() {
    caughtFirstAndOnlyBy(Invariants.COMPLETE_MEANS_APPLIED,
        () -> harness().backendLayer(FullProgressIsComplete::new), 50);
  }

  /**
   * A layer that takes a revert's acceptance for its completion: the revert of the change before
   * goes out while the last one still runs. Generated: 2 to 4 changes, every request reverted
   * within a 30-minute window.
   */
  @Test
  void invariant05_revertRules_catchesALayerThatTakesARevertsAcceptanceForItsCompletion() {
    caughtFirstAndOnlyBy(Invariants.REVERT_RULES, () -> harness().backendLayer(RevertAcceptedIsComplete::new)
        .generator(GeneratorSettings.custom().changes(2, 4).action("revert", 1)
            .revertWindows(Duration.ofMinutes(30)).build()), 100);
  }

  /**
   * A store whose active list says {@code state NOT LIKE 'complete%'} hides the requests in
   * {@code complete_pending_revert}: the queue admits the next deploy of the database beside one.
   * Generated: no held failures (a hidden held failure would break invariant 13 as well).
   */
  @Test
  void invariant06_deployQueue_catchesAStoreThatHidesRequestsPendingRevert() {
    caughtFirstAndOnlyBy(Invariants.DEPLOY_QUEUE, () -> harness().storeLayer(ActiveByStatePrefix::new)
        .generator(GeneratorSettings.custom().requests(2, 4).holdQueueOnFailureRate(0).build()), 50);
  }

  /**
   * A lookup by migration context that finds nothing: a driver killed between a submission and its
   * record cannot adopt the migration when it restarts, and submits the change again. Caught in the
   * crash-restart run, where 7 is among the violations but not always the first: the driver follows
   * one of the two migrations, and the other, which nobody completes, is still running when the
   * request reaches {@code complete_pending_revert}, which invariant 4 (a lower number) reports.
   * With 7 turned off, nothing reports the double submission itself (9 only repeats 7's findings in
   * the crash-restart run). Generated: no reverts (a revert submitted twice would break the order of
   * invariant 5 too).
   */
  @Test
  void invariant07_noDoubleSubmission_catchesALookupByContextThatFindsNothing() {
    Supplier<PropertyHarness.Builder> harness = () -> harness().backendLayer(LookupFindsNothing::new)
        .generator(GeneratorSettings.custom().requests(2, 5).withoutAction("revert").build());
    PropertyHarness.Failure failure = caught(Invariants.NO_DOUBLE_SUBMISSION, harness, 300);
    assertThat(failure.violations()).as(failure.describe())
        .anyMatch(v -> v.invariant() == Invariants.NO_DOUBLE_SUBMISSION && v.runKind().equals("crash-restart"));
    assertThat(failure.violation().invariant()).as(failure.describe())
        .isIn(Invariants.COMPLETE_MEANS_APPLIED, Invariants.NO_DOUBLE_SUBMISSION);
    PropertyHarness.Failure without = harness.get().without(Invariants.NO_DOUBLE_SUBMISSION).seed(failure.seed())
        .build().run().failure();
    assertThat(without == null ? List.<Violation>of() : without.violations())
        .noneMatch(v -> v.invariant() == Invariants.NO_DOUBLE_SUBMISSION || v.invariant() == Invariants.CRASH_RESTART);
  }

  /** An adapter that loses ready_to_complete: no gate ever opens, and no deploy finishes. */
  @Test
  void invariant08_liveness_catchesAnAdapterThatLosesTheReadyFlag() {
    caughtFirstAndOnlyBy(Invariants.LIVENESS, () -> harness().backendLayer(ReadyFlagLost::new), 50);
  }

  /**
   * A deploy bot (the code under test) that marks a request handled before its deploy went through:
   * killed inside that deploy and called again, it skips the request, which never deploys. Caught in
   * the crash-restart run. Generated: no deploy actions (the bot deploys), no approvals.
   */
  @Test
  void invariant09_crashRestart_catchesABotThatMarksARequestHandledBeforeActing() {
    PropertyHarness.Failure failure = caughtFirstAndOnlyBy(Invariants.CRASH_RESTART,
        () -> harness().codeUnderTest(DeployBot::new).generator(GeneratorSettings.custom().requests(3, 5)
            .withoutAction("deploy").approvalRate(0).build()), 200);
    assertThat(failure.violation().runKind()).isEqualTo("crash-restart");
  }

  /**
   * A stall detector that reports a migration failed when its ETA did not go down since the
   * previous read: it assumes one reader, and the second driver's read at the same instant "stalls"
   * it. Caught in the two-driver run. Generated: no auto-apply (an apply action instead), so that
   * liveness (8, a lower number) has nothing to say about the two-driver run's failed requests.
   */
  @Test
  void invariant10_twoDrivers_catchesALayerThatAssumesOneReader() {
    PropertyHarness.Failure failure = caughtFirstAndOnlyBy(Invariants.TWO_DRIVERS,
        () -> harness().backendLayer(StallDetector::new)
            .generator(GeneratorSettings.custom().autoApplyRate(0).action("apply", 1).build()), 50);
    assertThat(failure.violations()).allMatch(v -> v.runKind().equals("two-drivers"));
  }

  /**
   * A store that does not read the {@code open} flag back (every request reads as open): a request
   * closed while pending gets analysed. Generated: every request closed when it is deployed, so
   * some are closed while still pending.
   */
  @Test
  void invariant11_closedNeverStepped_catchesAStoreThatReadsEveryRequestAsOpen() {
    caughtFirstAndOnlyBy(Invariants.CLOSED_NEVER_STEPPED, () -> harness().storeLayer(OpenFlagLost::new)
        .generator(GeneratorSettings.custom().action("close", 1).actionSpread(Duration.ZERO).build()), 100);
  }

  /** A layer that forces the cutover of every migration it completes, though nobody asked. */
  @Test
  void invariant12_forcedCutoverOnlyInCutover_catchesALayerThatForcesEveryCutover() {
    caughtFirstAndOnlyBy(Invariants.FORCED_CUTOVER_ONLY_IN_CUTOVER,
        () -> harness().backendLayer(ForcesEveryCutover::new), 50);
  }

  /**
   * A store whose active list is "open and not terminal" (as before section 7) forgets held
   * failures: the queue admits the next deploy of a held database. The same save breaks invariant 6
   * (a held failure occupies its database, decision 87), the lower number, so 6 is the first
   * violation and 13 is among them; with 13 turned off, 6 alone reports it. Generated: every request
   * holds the queue on failure, half the changes fail, no unblock.
   */
  @Test
  void invariant13_heldQueueAdmitsNobody_catchesAStoreThatForgetsHeldFailures() {
    Supplier<PropertyHarness.Builder> harness = () -> harness().storeLayer(ActiveMeansNotTerminal::new)
        .generator(GeneratorSettings.custom().requests(2, 4).holdQueueOnFailureRate(1).failureRate(0.5)
            .withoutAction("unblock").build());
    PropertyHarness.Failure failure = caught(Invariants.HELD_QUEUE_ADMITS_NOBODY, harness, 50);
    assertThat(failure.violation().invariant()).as(failure.describe()).isEqualTo(Invariants.DEPLOY_QUEUE);
    assertThat(failure.violations()).as(failure.describe())
        .anyMatch(v -> v.invariant() == Invariants.HELD_QUEUE_ADMITS_NOBODY && v.runKind().equals("plain"));
    PropertyHarness.Failure without = harness.get().without(Invariants.HELD_QUEUE_ADMITS_NOBODY)
        .seed(failure.seed()).build().run().failure();
    assertThat(without).isNotNull();
    assertThat(without.violations()).noneMatch(v -> v.invariant() == Invariants.HELD_QUEUE_ADMITS_NOBODY)
        .allMatch(v -> v.invariant() == Invariants.DEPLOY_QUEUE);
  }

  /**
   * The other half of 13, which no hook reaches end to end (the driver never saves a held failure
   * without its hold, and a store that loses the option loses it before the request is held): a held
   * failure saved again without its hold, neither unblocked nor closed, is reported by 13 alone,
   * driven through the invariants' save hooks directly.
   */
  @Test
  void invariant13_heldQueueAdmitsNobody_catchesAHeldFailureSavedWithoutItsHold() {
    Instant t0 = Instant.EPOCH;
    DeployRequest created = DeployRequest.create("dr-1", Scenario.DATABASE,
        List.of(new Change("commerce", "ALTER TABLE t ADD COLUMN c INT")),
        DeployOptions.custom().holdQueueOnFailure(true).build(), t0);
    List<HistoryEntry> history = new ArrayList<>(created.history());
    for (DeployState s : List.of(DeployState.READY, DeployState.QUEUED, DeployState.SUBMITTING,
        DeployState.IN_PROGRESS, DeployState.COMPLETE_ERROR)) {
      history.add(new HistoryEntry(t0, s));
    }
    DeployRequest held = copy(created, history, true, created.options(), 3);
    DeployRequest released = copy(held, history, true,
        DeployOptions.from(held.options()).holdQueueOnFailure(false).build(), 4);
    assertThat(held.holdsDatabase()).isTrue();
    assertThat(released.holdsDatabase()).isFalse();

    List<Violation> violations = new ArrayList<>();
    Moment moment = new Moment("plain", ScenarioGenerator.generate(1),
        InMemoryBackend.builder().keyspace("commerce", "-").clock(VirtualClock.atEpoch()).build(),
        new InMemoryDeployRequestStore(), new ArrayList<>(), violations);
    for (BuiltInInvariant i : Invariants.all()) {
      moment.as(i);
      i.saved(moment, held, released);
    }
    assertThat(violations).singleElement().satisfies(v -> {
      assertThat(v.invariant()).isEqualTo(Invariants.HELD_QUEUE_ADMITS_NOBODY);
      assertThat(v.message()).contains("released its database without unblock or close");
    });
  }

  /**
   * A layer that answers every VSchema read with {@code {}} (a cache that never filled): the request
   * saves an earlier VSchema that is not the one the apply replaces. Invariant 14 sees it at the
   * apply; a revert then puts back the wrong one, which 15 sees later.
   */
  @Test
  void invariant14_vschemaAfterSchema_catchesALayerThatReadsEveryVSchemaAsEmpty() {
    PropertyHarness.Failure failure = caught(Invariants.VSCHEMA_AFTER_SCHEMA, () -> harness()
        .backendLayer(VSchemaReadAsEmpty::new).generator(GeneratorSettings.custom().vschemaRate(1).build()), 50);
    assertThat(failure.violation().invariant()).as(failure.describe()).isEqualTo(Invariants.VSCHEMA_AFTER_SCHEMA);
    assertThat(failure.violation().message()).contains("but saved {} as the earlier one");
  }

  /** A layer that reports a put-back VSchema as in place without sending it: complete_revert, the VSchema not back. */
  @Test
  void invariant15_vschemaRestored_catchesALayerThatDropsThePutBack() {
    PropertyHarness.Failure failure = caughtFirstAndOnlyBy(Invariants.VSCHEMA_RESTORED, () -> harness()
        .backendLayer(DropsVSchemaPutBack::new)
        .generator(GeneratorSettings.custom().vschemaRate(1).action("revert", 1).build()), 100);
    assertThat(failure.violation().message()).contains("not the earlier");
  }

  // ---------------------------------------------------------------------------------------------

  /** The first failure from seed 1 on, within {@code tries}; it must exist. */
  private static PropertyHarness.Failure caught(BuiltInInvariant invariant, Supplier<PropertyHarness.Builder> harness,
      int tries) {
    PropertyHarness.Report report = harness.get().firstSeed(1).tries(tries).build().run();
    assertThat(report.failure()).as("%s: the planted fault went unnoticed in %d scenarios", invariant,
        report.scenarios()).isNotNull();
    return report.failure();
  }

  /**
   * The planted fault is caught, and {@code invariant} is the first violation; with {@code
   * invariant} turned off, the failing seed passes: no other invariant sees the fault.
   */
  private static PropertyHarness.Failure caughtFirstAndOnlyBy(BuiltInInvariant invariant,
      Supplier<PropertyHarness.Builder> harness, int tries) {
    PropertyHarness.Failure failure = caught(invariant, harness, tries);
    assertThat(failure.violation().invariant()).as(failure.describe()).isEqualTo(invariant);
    PropertyHarness.Report without = harness.get().without(invariant).seed(failure.seed()).build().run();
    assertThat(without.failure()).as("seed %d with %s turned off", failure.seed(), invariant).isNull();
    return failure;
  }

  private PropertyHarness.Builder harness() {
    return PropertyHarness.builder().ignoreSystemProperties().failures(dir).out(quiet)
        .shrinkBudget(0, Duration.ZERO);
  }

  // ---------------------------------------------------------------------------------------------
  // The planted faults

  /** Keeps the history in a table keyed by (request, time): of the states entered at one instant, the last. */
  static final class HistoryKeyedByTime extends ForwardingDeployRequestStore {
    HistoryKeyedByTime(DeployRequestStore delegate) {
      super(delegate);
    }

    @Override
    public DeployRequest insert(DeployRequest request) {
      return delegate().insert(keyedByTime(request));
    }

    @Override
    public Optional<DeployRequest> compareAndSet(DeployRequest next) {
      return delegate().compareAndSet(keyedByTime(next));
    }

    private static DeployRequest keyedByTime(DeployRequest r) {
      Map<Instant, HistoryEntry> byTime = new LinkedHashMap<>();
      r.history().forEach(h -> byTime.put(h.at(), h));
      return copy(r, List.copyOf(byTime.values()), r.open());
    }
  }

  /** Answers reads of a migration it was asked to cancel with {@code cancelled}, without looking. */
  static final class TrustsItsCancels extends ForwardingMigrationBackend {
    private final Set<MigrationHandle> cancelled = new HashSet<>();

    TrustsItsCancels(MigrationBackend delegate) {
      super(delegate);
    }

    @Override
    public void cancel(String keyspace, MigrationHandle migration) throws BackendException {
      delegate().cancel(keyspace, migration);
      cancelled.add(migration);
    }

    @Override
    public RowsRead readRows(List<RowQuery> queries) throws BackendException {
      return mapRows(delegate().readRows(queries), r -> cancelled.contains(r.handle())
          ? new MigrationRow(r.handle(), r.shard(), "cancelled", false, r.progress(), "") : r);
    }
  }

  /** Reads a running row copied to 100% as complete (copying done is not cut over). */
  static final class FullProgressIsComplete extends ForwardingMigrationBackend {
    FullProgressIsComplete(MigrationBackend delegate) {
      super(delegate);
    }

    @Override
    public RowsRead readRows(List<RowQuery> queries) throws BackendException {
      return mapRows(delegate().readRows(queries), r -> r.status().equals("running") && r.progress() == 100
          ? new MigrationRow(r.handle(), r.shard(), "complete", false, 100, r.message()) : r);
    }
  }

  /** Reads every keyspace's VSchema as {@code {}}. */
  static final class VSchemaReadAsEmpty extends ForwardingMigrationBackend {
    VSchemaReadAsEmpty(MigrationBackend delegate) {
      super(delegate);
    }

    @Override
    public String vschema(String keyspace) throws BackendException {
      delegate().vschema(keyspace);
      return "{}";
    }
  }

  /** Answers a put-back VSchema as in place, and never sends it. */
  static final class DropsVSchemaPutBack extends ForwardingMigrationBackend {
    DropsVSchemaPutBack(MigrationBackend delegate) {
      super(delegate);
    }

    @Override
    public java.util.Optional<String> applyVSchema(dev.cutover.core.spi.VSchemaUpdate update) throws BackendException {
      return update.revert() ? java.util.Optional.of(update.vschema()) : delegate().applyVSchema(update);
    }
  }

  /** Reads a revert it submitted as complete from then on. */
  static final class RevertAcceptedIsComplete extends ForwardingMigrationBackend {
    private final Set<MigrationHandle> reverts = new HashSet<>();

    RevertAcceptedIsComplete(MigrationBackend delegate) {
      super(delegate);
    }

    @Override
    public MigrationHandle revert(RevertSubmission revert) throws BackendException {
      MigrationHandle handle = delegate().revert(revert);
      reverts.add(handle);
      return handle;
    }

    @Override
    public RowsRead readRows(List<RowQuery> queries) throws BackendException {
      return mapRows(delegate().readRows(queries), r -> reverts.contains(r.handle())
          ? new MigrationRow(r.handle(), r.shard(), "complete", false, 100, "") : r);
    }
  }

  /**
   * Lists as active only the requests whose state does not start with "complete" (as a query saying
   * {@code state NOT LIKE 'complete%'} would): {@code complete_pending_revert} is hidden.
   */
  static final class ActiveByStatePrefix extends ForwardingDeployRequestStore {
    ActiveByStatePrefix(DeployRequestStore delegate) {
      super(delegate);
    }

    @Override
    public List<DeployRequest> listActive() {
      List<DeployRequest> active = new ArrayList<>();
      for (DeployRequest r : delegate().listActive()) {
        if (!r.state().wireName().startsWith("complete")) {
          active.add(r);
        }
      }
      return active;
    }
  }

  /** Looks migrations up by context in a way that never matches (the context compared with the wrong column). */
  static final class LookupFindsNothing extends ForwardingMigrationBackend {
    LookupFindsNothing(MigrationBackend delegate) {
      super(delegate);
    }

    @Override
    public List<FoundMigration> findByContext(String migrationContext, String keyspace) {
      return List.of();
    }
  }

  /** Loses ready_to_complete (an adapter that reads the column's {@code 1} as false). */
  static final class ReadyFlagLost extends ForwardingMigrationBackend {
    ReadyFlagLost(MigrationBackend delegate) {
      super(delegate);
    }

    @Override
    public RowsRead readRows(List<RowQuery> queries) throws BackendException {
      return mapRows(delegate().readRows(queries), r -> r.readyToComplete()
          ? new MigrationRow(r.handle(), r.shard(), r.status(), false, r.progress(), r.message(), r.eta()) : r);
    }
  }

  /**
   * Deploys every ready request once, marking it handled before the deploy went through: a crash
   * inside the deploy leaves it marked, and the bot, called again, skips it.
   */
  static final class DeployBot implements Simulator.TickHook {
    private final Set<String> handled = new HashSet<>();

    @Override
    public void afterTick(Simulator.Tick tick) {
      for (DeployRequest r : tick.store().list()) {
        if (r.state() == DeployState.READY && handled.add(r.id())) {
          tick.driver().act(r.id(), Action.deploy());
        }
      }
    }
  }

  /** Reports a running migration failed when its ETA did not go down since the previous read. */
  static final class StallDetector extends ForwardingMigrationBackend {
    private final Map<String, Duration> lastEta = new HashMap<>();

    StallDetector(MigrationBackend delegate) {
      super(delegate);
    }

    @Override
    public RowsRead readRows(List<RowQuery> queries) throws BackendException {
      return mapRows(delegate().readRows(queries), r -> {
        if (r.eta() == null) {
          return r;
        }
        Duration before = lastEta.put(r.handle() + "/" + r.shard(), r.eta());
        return before != null && r.eta().compareTo(before) >= 0
            ? new MigrationRow(r.handle(), r.shard(), "failed", false, r.progress(), "stalled") : r;
      });
    }
  }

  /** Reads every request as open: the flag is written, never read back (a body without it reads as open). */
  static final class OpenFlagLost extends ForwardingDeployRequestStore {
    OpenFlagLost(DeployRequestStore delegate) {
      super(delegate);
    }

    @Override
    public Optional<DeployRequest> get(String id) {
      return delegate().get(id).map(OpenFlagLost::open);
    }

    @Override
    public List<DeployRequest> list() {
      return delegate().list().stream().map(OpenFlagLost::open).toList();
    }

    @Override
    public List<DeployRequest> listActive() {
      List<DeployRequest> active = new ArrayList<>();
      for (DeployRequest r : list()) {
        if (r.needsDriving()) {
          active.add(r);
        }
      }
      return active;
    }

    private static DeployRequest open(DeployRequest r) {
      return r.open() ? r : copy(r, r.history(), true);
    }
  }

  /** Forces the cutover of every migration right after completing it. */
  static final class ForcesEveryCutover extends ForwardingMigrationBackend {
    ForcesEveryCutover(MigrationBackend delegate) {
      super(delegate);
    }

    @Override
    public void complete(String keyspace, MigrationHandle migration) throws BackendException {
      delegate().complete(keyspace, migration);
      delegate().forceCutover(keyspace, migration);
    }
  }

  /** Lists as active the open requests that are not terminal, forgetting held failures. */
  static final class ActiveMeansNotTerminal extends ForwardingDeployRequestStore {
    ActiveMeansNotTerminal(DeployRequestStore delegate) {
      super(delegate);
    }

    @Override
    public List<DeployRequest> listActive() {
      List<DeployRequest> active = new ArrayList<>();
      for (DeployRequest r : delegate().listActive()) {
        if (r.open() && !r.state().isTerminal()) {
          active.add(r);
        }
      }
      return active;
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** {@code r} with this history (its last entry the state) and open flag. */
  static DeployRequest copy(DeployRequest r, List<HistoryEntry> history, boolean open) {
    return copy(r, history, open, r.options(), r.version());
  }

  static DeployRequest copy(DeployRequest r, List<HistoryEntry> history, boolean open, DeployOptions options,
      long version) {
    return new DeployRequest(r.id(), r.database(), r.changes(), options, r.migrationContext(), r.createdAt(),
        version, history.get(history.size() - 1).state(), history, r.approved(), r.instantEligible(), r.errors(),
        r.warnings(), r.queueTicket(), r.submitted(), r.pendingSubmission(), r.throttleRatio(), r.revertExpiresAt(),
        open, r.unblocked(), r.keyspaceThrottles(), r.forceCutoverWanted());
  }

  static RowsRead mapRows(RowsRead read, UnaryOperator<MigrationRow> f) {
    Map<RowQuery, List<MigrationRow>> rows = new LinkedHashMap<>();
    read.rows().forEach((q, list) -> {
      List<MigrationRow> mapped = new ArrayList<>(list.size());
      list.forEach(r -> mapped.add(f.apply(r)));
      rows.put(q, mapped);
    });
    return new RowsRead(rows, read.failures());
  }
}
