package dev.cutover.inmemory.property;

import dev.cutover.core.Analysis;
import dev.cutover.core.Change;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.driver.DriverEvent;
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
import dev.cutover.core.spi.VSchemaUpdate;
import dev.cutover.inmemory.InMemoryBackend;
import dev.cutover.inmemory.scenario.Scenario;
import dev.cutover.inmemory.scenario.SimulatedCrash;
import dev.cutover.inmemory.scenario.Simulation;
import dev.cutover.inmemory.scenario.Simulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Watches one run of a scenario from between the driver and its store and backend: hands every
 * save, complete command and revert submission to the invariants at the moment it happens (with the
 * backend's true rows), runs the code under test and the invariants' per-tick checks after every
 * tick and their end checks at the end, counts the driver's calls, and kills the driver at the Nth
 * call when asked to.
 *
 * <p>Layers: driver → crash point → the user's backend or store layer → observer → the real backend
 * or store. The user's layers sit below the crash point and above the observer, so the driver sees
 * what they make of the backend and the store, while the invariants still check the true rows and
 * the requests as they reached the store. A layer is made once per run: a driver restarted after a
 * simulated crash, and both drivers of the two-driver run, go through the same one.
 */
final class Observer {

  private final Scenario scenario;
  private final String run;
  private final long crashAt;
  private final List<Invariant> invariants;
  private final UnaryOperator<MigrationBackend> layer;
  private final UnaryOperator<DeployRequestStore> storeLayer;
  private final Simulator.TickHook codeUnderTest;
  private final List<DriverEvent> events = new ArrayList<>();
  private final List<Violation> violations = new ArrayList<>();
  private Moment moment;
  private long calls;
  private boolean crashed;

  /**
   * @param crashAt the call (1-based, counting every call of the driver to its store or backend) before
   *     which the driver dies, or 0 for none
   * @param codeUnderTest called after every tick, or {@code null}
   */
  Observer(Scenario scenario, String run, long crashAt, List<Invariant> invariants,
      UnaryOperator<MigrationBackend> layer, UnaryOperator<DeployRequestStore> storeLayer,
      Simulator.TickHook codeUnderTest) {
    this.scenario = scenario;
    this.run = run;
    this.crashAt = crashAt;
    this.invariants = invariants;
    this.layer = layer;
    this.storeLayer = storeLayer;
    this.codeUnderTest = codeUnderTest;
  }

  /** Installs the observer (and the crash point) on a simulator builder. */
  Simulator.Builder install(Simulator.Builder b) {
    DeployRequestStore[] raw = new DeployRequestStore[1];
    return b.storeWrapper(s -> {
      raw[0] = s;
      DeployRequestStore observed = new ObservingStore(s);
      return new CrashingStore(storeLayer == UnaryOperator.<DeployRequestStore>identity() ? observed
          : YourCode.layer(DeployRequestStore.class, "your storeLayer", storeLayer, observed));
    }).backendWrapper(m -> {
      moment = new Moment(run, scenario, (InMemoryBackend) m, raw[0], events, violations);
      MigrationBackend observed = new ObservingBackend(m);
      return new CrashingBackend(layer == UnaryOperator.<MigrationBackend>identity() ? observed
          : YourCode.layer(MigrationBackend.class, "your backendLayer", layer, observed));
    }).listener(events::add).afterTick(tick -> {
      if (codeUnderTest != null) {
        YourCode.run("your code under test", () -> codeUnderTest.afterTick(tick));
      }
      each(i -> i.afterTick(moment));
    });
  }

  /** The end checks, on a run that ended without the driver throwing. */
  void ended(Simulation simulation) {
    moment.ended(simulation);
    each(i -> i.atEnd(moment));
  }

  /** Runs a hook of every invariant; what one of the user's throws is reported as theirs. */
  private void each(java.util.function.Consumer<Invariant> hook) {
    for (Invariant i : invariants) {
      moment.as(i);
      if (i instanceof BuiltInInvariant) {
        hook.accept(i);
      } else {
        YourCode.run("your invariant '" + i.name() + "'", () -> hook.accept(i));
      }
    }
  }

  List<Violation> violations() {
    return violations;
  }

  /** How many calls the driver made to its store and backend. */
  long calls() {
    return calls;
  }

  private void call(String what) {
    calls++;
    if (!crashed && calls == crashAt) {
      crashed = true;
      throw new SimulatedCrash("killed before call #" + calls + " (" + what + ")");
    }
  }

  private void saved(DeployRequest before, DeployRequest after) {
    each(i -> i.saved(moment, before, after));
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
      saved(null, stored);
      return stored;
    }

    @Override
    public Optional<DeployRequest> compareAndSet(DeployRequest next) {
      DeployRequest before = delegate().get(next.id()).orElse(null);
      Optional<DeployRequest> saved = delegate().compareAndSet(next);
      saved.ifPresent(after -> saved(before, after));
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
      each(i -> i.beforeComplete(moment, migration));
      delegate().complete(keyspace, migration);
    }

    @Override
    public void forceCutover(String keyspace, MigrationHandle migration) throws BackendException {
      each(i -> i.beforeForceCutover(moment, migration));
      delegate().forceCutover(keyspace, migration);
    }

    @Override
    public MigrationHandle revert(RevertSubmission revert) throws BackendException {
      each(i -> i.beforeRevert(moment, revert));
      return delegate().revert(revert);
    }

    @Override
    public Optional<String> applyVSchema(VSchemaUpdate update) throws BackendException {
      for (Invariant i : invariants) {
        moment.as(i);
        i.beforeApplyVSchema(moment, update);
      }
      return delegate().applyVSchema(update);
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

    @Override
    public String vschema(String keyspace) throws BackendException {
      call("vschema " + keyspace);
      return delegate.vschema(keyspace);
    }

    @Override
    public Optional<String> applyVSchema(VSchemaUpdate u) throws BackendException {
      call("applyVSchema " + u.requestId() + "/" + u.keyspace() + (u.revert() ? " revert" : ""));
      return delegate.applyVSchema(u);
    }
  }
}
