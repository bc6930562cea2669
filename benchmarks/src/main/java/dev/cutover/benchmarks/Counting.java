package dev.cutover.benchmarks;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.core.spi.FoundMigration;
import dev.cutover.core.spi.ForwardingDeployRequestStore;
import dev.cutover.core.spi.ForwardingMigrationBackend;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.core.spi.RowQuery;
import dev.cutover.core.spi.RowsRead;
import java.util.List;
import java.util.Optional;

/** Wrappers that count the calls a driver makes to its backend and its store. */
final class Counting {

  private Counting() {}

  /** Counts reads, completions, cancellations and every other call. */
  static final class Backend extends ForwardingMigrationBackend {
    long reads;
    long completes;
    long cancels;
    long others;

    Backend(MigrationBackend delegate) {
      super(delegate);
    }

    long total() {
      return reads + completes + cancels + others;
    }

    void reset() {
      reads = completes = cancels = others = 0;
    }

    @Override
    public RowsRead readRows(List<RowQuery> queries) throws BackendException {
      reads++;
      return super.readRows(queries);
    }

    @Override
    public void complete(String keyspace, MigrationHandle migration) throws BackendException {
      completes++;
      super.complete(keyspace, migration);
    }

    @Override
    public void cancel(String keyspace, MigrationHandle migration) throws BackendException {
      cancels++;
      super.cancel(keyspace, migration);
    }

    @Override
    public List<FoundMigration> findByContext(String migrationContext, String keyspace) throws BackendException {
      others++;
      return super.findByContext(migrationContext, keyspace);
    }

    @Override
    public void throttle(String keyspace, MigrationHandle migration, double ratio) throws BackendException {
      others++;
      super.throttle(keyspace, migration, ratio);
    }
  }

  /** Counts every store call (reads and saves). */
  static final class Store extends ForwardingDeployRequestStore {
    long calls;

    Store(DeployRequestStore delegate) {
      super(delegate);
    }

    @Override
    public Optional<DeployRequest> get(String id) {
      calls++;
      return super.get(id);
    }

    @Override
    public Optional<DeployRequest> compareAndSet(DeployRequest next) {
      calls++;
      return super.compareAndSet(next);
    }

    @Override
    public List<DeployRequest> list() {
      calls++;
      return super.list();
    }

    @Override
    public List<DeployRequest> listActive() {
      calls++;
      return super.listActive();
    }
  }
}
