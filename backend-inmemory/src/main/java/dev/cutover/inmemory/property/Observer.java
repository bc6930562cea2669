package dev.cutover.inmemory.property;

import dev.cutover.core.Analysis;
import dev.cutover.core.Change;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.HistoryEntry;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.RowClass;
import dev.cutover.core.Transitions;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.core.spi.ForwardingDeployRequestStore;
import dev.cutover.core.spi.ForwardingMigrationBackend;
import dev.cutover.core.spi.FoundMigration;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.core.spi.RevertSubmission;
import dev.cutover.core.spi.RowQuery;
import dev.cutover.core.spi.RowsRead;
import dev.cutover.core.spi.Submission;
import dev.cutover.inmemory.BackendOperation;
import dev.cutover.inmemory.InMemoryBackend;
import dev.cutover.inmemory.SimulatedMigration;
import dev.cutover.inmemory.scenario.Scenario;
import dev.cutover.inmemory.scenario.SimulatedCrash;
import dev.cutover.inmemory.scenario.Simulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Watches one run of a scenario from between the driver and its store and backend: checks the
 * invariants that concern a moment (a complete command, a revert, a state entered) when it happens,
 * against the backend's true rows, counts the driver's calls, and kills the driver at the Nth call
 * when asked to.
 *
 * <p>Layers: driver → crash point → observer → the real store or backend.
 */
final class Observer {

  /**
   * For the harness's own tests: a layer put between the crash point and the observer, so the driver
   * sees what it makes of the backend while the observer still checks the true rows (a backend that
   * lies about readiness must be caught by invariant 2). Identity outside those tests.
   */
  static volatile UnaryOperator<MigrationBackend> tamper = UnaryOperator.identity();

  private final Scenario scenario;
  private final String run;
  private final long crashAt;
  private final Map<String, Integer> changeCounts = new HashMap<>();
  private final List<Violation> violations = new ArrayList<>();
  private InMemoryBackend backend;
  private DeployRequestStore store;
  private long calls;
  private boolean crashed;

  /**
   * @param crashAt the call (1-based, counting every call of the driver to its store or backend) before
   *     which the driver dies, or 0 for none
   */
  Observer(Scenario scenario, String run, long crashAt) {
    this.scenario = scenario;
    this.run = run;
    this.crashAt = crashAt;
    scenario.requests().forEach(r -> changeCounts.put(r.id(), r.changes().size()));
  }

  /** Installs the observer (and the crash point) on a simulator builder. */
  Simulator.Builder install(Simulator.Builder b) {
    return b.storeWrapper(s -> {
      store = s;
      return new CrashingStore(new ObservingStore(s));
    }).backendWrapper(m -> {
      backend = (InMemoryBackend) m;
      return new CrashingBackend(tamper.apply(new ObservingBackend(m)));
    });
  }

  List<Violation> violations() {
    return violations;
  }

  /** How many calls the driver made to its store and backend. */
  long calls() {
    return calls;
  }

  private void violation(Invariant invariant, String requestId, String message) {
    violations.add(new Violation(invariant, run, Duration.between(Instant.EPOCH, backend.clock().instant()),
        requestId, message));
  }

  private void call(String what) {
    calls++;
    if (!crashed && calls == crashAt) {
      crashed = true;
      throw new SimulatedCrash("killed before call #" + calls + " (" + what + ")");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Checks at the moment something happens

  /** Invariant 2, when a complete command is sent: is every expected row of the request READY or COMPLETE? */
  private void checkGate(MigrationHandle handle) {
    SimulatedMigration target = migration(handle);
    if (target == null || target.isRevert()) {
      violation(Invariant.GATED_COMPLETION, target == null ? null : target.requestId(),
          "complete of " + handle + ", which is " + (target == null ? "no migration" : "a revert"));
      return;
    }
    String id = target.requestId();
    int changes = changeCounts.getOrDefault(id, 0);
    for (int c = 0; c < changes; c++) {
      List<SimulatedMigration> ofChange = migrationsOf(id, c, false);
      if (ofChange.isEmpty()) {
        violation(Invariant.GATED_COMPLETION, id, "complete of change " + target.change() + " (" + handle
            + ") while change " + c + " was not submitted");
      }
      for (SimulatedMigration m : ofChange) {
        Map<String, MigrationRow> rows = rowsByShard(m);
        for (String shard : m.shards()) {
          RowClass cls = RowClass.of(rows.get(shard));
          if (!cls.opensGate()) {
            violation(Invariant.GATED_COMPLETION, id, "complete of change " + target.change() + " (" + handle
                + ") while change " + c + " on shard " + shard + " is " + cls + " (" + describe(rows.get(shard))
                + ")");
          }
        }
      }
    }
  }

  /** Invariant 5, when a revert is submitted: last change first, one at a time. */
  private void checkRevert(RevertSubmission r) {
    String id = r.requestId();
    int changes = changeCounts.getOrDefault(id, 0);
    List<SimulatedMigration> before = new ArrayList<>();
    for (SimulatedMigration m : backend.migrations()) {
      if (m.isRevert() && m.requestId().equals(id)) {
        before.add(m);
      }
    }
    int expected = changes - 1 - before.size();
    if (r.change() != expected) {
      violation(Invariant.REVERT_RULES, id, "revert of change " + r.change() + " submitted after " + before.size()
          + " revert(s) of " + changes + " changes; last change first means change " + expected);
    }
    for (SimulatedMigration p : before) {
      Map<String, MigrationRow> rows = rowsByShard(p);
      for (String shard : p.shards()) {
        if (RowClass.of(rows.get(shard)) != RowClass.COMPLETE) {
          violation(Invariant.REVERT_RULES, id, "revert of change " + r.change() + " submitted while the revert of"
              + " change " + p.change() + " is " + describe(rows.get(shard)) + " on shard " + shard);
        }
      }
    }
  }

  /** Invariants 1, 3, 4, 5 and 6, when a request is saved. */
  private void checkSaved(DeployRequest before, DeployRequest after) {
    List<HistoryEntry> old = before == null ? List.of() : before.history();
    List<HistoryEntry> now = after.history();
    if (now.size() < old.size() || !now.subList(0, old.size()).equals(old)) {
      violation(Invariant.LEGAL_TRANSITIONS, after.id(), "history rewritten: was " + states(old) + ", saved "
          + states(now));
      return;
    }
    for (int i = old.size(); i < now.size(); i++) {
      HistoryEntry e = now.get(i);
      DeployState from = i == 0 ? null : now.get(i - 1).state();
      if (from == null ? e.state() != DeployState.PENDING : !Transitions.isLegal(from, e.state())) {
        violation(Invariant.LEGAL_TRANSITIONS, after.id(), "entered " + e.state() + " from " + from);
      }
      entered(after, from, e);
    }
    checkQueue(after);
  }

  private void entered(DeployRequest r, DeployState from, HistoryEntry e) {
    String id = r.id();
    switch (e.state()) {
      case COMPLETE_CANCEL:
        for (SimulatedMigration m : backend.migrations()) {
          if (m.requestId().equals(id) && !m.isRevert()) {
            if (m.completionRequestedAt() != null || completeCalled(m.handle())) {
              violation(Invariant.CANCEL_APPLIES_NOTHING, id, "complete_cancel, but completion of change "
                  + m.change() + " was requested");
            }
            rowsByShard(m).forEach((shard, row) -> {
              if (RowClass.of(row) == RowClass.COMPLETE) {
                violation(Invariant.CANCEL_APPLIES_NOTHING, id, "complete_cancel, but change " + m.change()
                    + " is complete on shard " + shard);
              }
            });
          }
        }
        break;
      case COMPLETE_PENDING_REVERT:
        everyRowComplete(r, e.state());
        break;
      case COMPLETE:
        if (from != DeployState.COMPLETE_PENDING_REVERT) {
          everyRowComplete(r, e.state());
        }
        break;
      case IN_PROGRESS_REVERT:
        if (r.options().instant()) {
          violation(Invariant.REVERT_RULES, id, "an instant deploy entered in_progress_revert");
        }
        if (r.revertExpiresAt() == null || !e.at().isBefore(r.revertExpiresAt())) {
          violation(Invariant.REVERT_RULES, id, "revert accepted at " + Duration.between(Instant.EPOCH, e.at())
              + ", the window closes at " + (r.revertExpiresAt() == null ? "null"
                  : Duration.between(Instant.EPOCH, r.revertExpiresAt())));
        }
        break;
      case SUBMITTING:
        for (DeployRequest other : store.list()) {
          if (other.id().equals(id) || !other.database().equals(r.database())) {
            continue;
          }
          if (other.state() == DeployState.QUEUED && other.queueTicket() < r.queueTicket()) {
            violation(Invariant.DEPLOY_QUEUE, id, "admitted (ticket " + r.queueTicket() + ") before " + other.id()
                + ", queued earlier (ticket " + other.queueTicket() + ")");
          }
        }
        break;
      default:
        break;
    }
  }

  private void checkQueue(DeployRequest saved) {
    List<String> occupying = new ArrayList<>();
    for (DeployRequest r : store.list()) {
      if (r.database().equals(saved.database()) && r.state().occupiesDatabase()) {
        occupying.add(r.id() + " (" + r.state() + ")");
      }
    }
    if (occupying.size() > 1) {
      violation(Invariant.DEPLOY_QUEUE, saved.id(), "database " + saved.database() + " occupied by " + occupying);
    }
  }

  private void everyRowComplete(DeployRequest r, DeployState state) {
    int changes = changeCounts.getOrDefault(r.id(), 0);
    for (int c = 0; c < changes; c++) {
      List<SimulatedMigration> ofChange = migrationsOf(r.id(), c, false);
      if (ofChange.isEmpty()) {
        violation(Invariant.COMPLETE_MEANS_APPLIED, r.id(), state + ", but change " + c + " was never submitted");
      }
      for (SimulatedMigration m : ofChange) {
        Map<String, MigrationRow> rows = rowsByShard(m);
        for (String shard : m.shards()) {
          if (RowClass.of(rows.get(shard)) != RowClass.COMPLETE) {
            violation(Invariant.COMPLETE_MEANS_APPLIED, r.id(), state + ", but change " + c + " is "
                + describe(rows.get(shard)) + " on shard " + shard);
          }
        }
      }
    }
  }

  private boolean completeCalled(MigrationHandle handle) {
    return backend.calls().stream().anyMatch(c -> c.operation() == BackendOperation.COMPLETE
        && handle.equals(c.handle()));
  }

  private SimulatedMigration migration(MigrationHandle handle) {
    for (SimulatedMigration m : backend.migrations()) {
      if (m.handle().equals(handle)) {
        return m;
      }
    }
    return null;
  }

  private List<SimulatedMigration> migrationsOf(String requestId, int change, boolean revert) {
    List<SimulatedMigration> found = new ArrayList<>();
    for (SimulatedMigration m : backend.migrations()) {
      if (m.requestId().equals(requestId) && m.change() == change && m.isRevert() == revert) {
        found.add(m);
      }
    }
    return found;
  }

  private Map<String, MigrationRow> rowsByShard(SimulatedMigration m) {
    Map<String, MigrationRow> rows = new HashMap<>();
    for (MigrationRow row : backend.rowsOf(m.handle())) {
      rows.put(row.shard(), row);
    }
    return rows;
  }

  static String describe(MigrationRow row) {
    return row == null ? "not visible" : row.status() + (row.readyToComplete() ? " (ready_to_complete)" : "");
  }

  private static List<DeployState> states(List<HistoryEntry> history) {
    List<DeployState> states = new ArrayList<>();
    history.forEach(h -> states.add(h.state()));
    return states;
  }

  // ---------------------------------------------------------------------------------------------
  // The layers

  private final class ObservingStore extends ForwardingDeployRequestStore {
    ObservingStore(DeployRequestStore delegate) {
      super(delegate);
    }

    @Override
    public DeployRequest insert(DeployRequest request) {
      DeployRequest stored = delegate().insert(request);
      checkSaved(null, stored);
      return stored;
    }

    @Override
    public Optional<DeployRequest> compareAndSet(DeployRequest next) {
      DeployRequest before = delegate().get(next.id()).orElse(null);
      Optional<DeployRequest> saved = delegate().compareAndSet(next);
      saved.ifPresent(after -> checkSaved(before, after));
      return saved;
    }
  }

  private final class CrashingStore implements DeployRequestStore {
    private final DeployRequestStore delegate;

    CrashingStore(DeployRequestStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public DeployRequest insert(DeployRequest request) {
      call("store.insert");
      return delegate.insert(request);
    }

    @Override
    public Optional<DeployRequest> get(String id) {
      call("store.get");
      return delegate.get(id);
    }

    @Override
    public Optional<DeployRequest> compareAndSet(DeployRequest next) {
      call("store.compareAndSet");
      return delegate.compareAndSet(next);
    }

    @Override
    public List<DeployRequest> list() {
      call("store.list");
      return delegate.list();
    }

    @Override
    public List<DeployRequest> listActive() {
      call("store.listActive");
      return delegate.listActive();
    }
  }

  private final class ObservingBackend extends ForwardingMigrationBackend {
    ObservingBackend(MigrationBackend delegate) {
      super(delegate);
    }

    @Override
    public void complete(String keyspace, MigrationHandle migration) throws BackendException {
      checkGate(migration);
      delegate().complete(keyspace, migration);
    }

    @Override
    public MigrationHandle revert(RevertSubmission revert) throws BackendException {
      checkRevert(revert);
      return delegate().revert(revert);
    }
  }

  private final class CrashingBackend implements MigrationBackend {
    private final MigrationBackend delegate;

    CrashingBackend(MigrationBackend delegate) {
      this.delegate = delegate;
    }

    @Override
    public Set<String> keyspaces() throws BackendException {
      call("keyspaces");
      return delegate.keyspaces();
    }

    @Override
    public List<String> shards(String keyspace) throws BackendException {
      call("shards");
      return delegate.shards(keyspace);
    }

    @Override
    public Analysis analyse(String requestId, List<Change> changes) throws BackendException {
      call("analyse " + requestId);
      return delegate.analyse(requestId, changes);
    }

    @Override
    public MigrationHandle submit(Submission s) throws BackendException {
      call("submit " + s.requestId() + "/" + s.change());
      return delegate.submit(s);
    }

    @Override
    public List<FoundMigration> findByContext(String migrationContext, String keyspace) throws BackendException {
      call("findByContext");
      return delegate.findByContext(migrationContext, keyspace);
    }

    @Override
    public RowsRead readRows(List<RowQuery> queries) throws BackendException {
      call("readRows");
      return delegate.readRows(queries);
    }

    @Override
    public void complete(String keyspace, MigrationHandle migration) throws BackendException {
      call("complete " + migration);
      delegate.complete(keyspace, migration);
    }

    @Override
    public void forceCutover(String keyspace, MigrationHandle migration) throws BackendException {
      call("forceCutover " + migration);
      delegate.forceCutover(keyspace, migration);
    }

    @Override
    public void cancel(String keyspace, MigrationHandle migration) throws BackendException {
      call("cancel " + migration);
      delegate.cancel(keyspace, migration);
    }

    @Override
    public void throttle(String keyspace, MigrationHandle migration, double ratio) throws BackendException {
      call("throttle " + migration);
      delegate.throttle(keyspace, migration, ratio);
    }

    @Override
    public MigrationHandle revert(RevertSubmission r) throws BackendException {
      call("revert " + r.requestId() + "/" + r.change());
      return delegate.revert(r);
    }
  }
}
