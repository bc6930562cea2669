package dev.cutover.core.spi;

import dev.cutover.core.Analysis;
import dev.cutover.core.Change;
import dev.cutover.core.MigrationHandle;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A backend that forwards every call to another one: extend it and override only the calls you
 * watch or change (metrics, logging, fault injection, recording what was sent in tests).
 */
public abstract class ForwardingMigrationBackend implements MigrationBackend {

  private final MigrationBackend delegate;

  /**
   * Forwards to {@code delegate}.
   *
   * @param delegate the backend to call, not null
   */
  protected ForwardingMigrationBackend(MigrationBackend delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * The backend calls are forwarded to.
   *
   * @return the backend given to the constructor
   */
  protected final MigrationBackend delegate() {
    return delegate;
  }

  @Override
  @dev.cutover.core.Nullable
  public java.time.Clock clock() {
    return delegate.clock();
  }

  @Override
  public java.time.Duration maxCallDuration() {
    return delegate.maxCallDuration();
  }

  @Override
  public Set<String> keyspaces() throws BackendException {
    return delegate.keyspaces();
  }

  @Override
  public List<String> shards(String keyspace) throws BackendException {
    return delegate.shards(keyspace);
  }

  @Override
  public Analysis analyse(String requestId, List<Change> changes) throws BackendException {
    return delegate.analyse(requestId, changes);
  }

  @Override
  public MigrationHandle submit(Submission submission) throws BackendException {
    return delegate.submit(submission);
  }

  @Override
  public List<FoundMigration> findByContext(String migrationContext, String keyspace) throws BackendException {
    return delegate.findByContext(migrationContext, keyspace);
  }

  @Override
  public RowsRead readRows(List<RowQuery> queries) throws BackendException {
    return delegate.readRows(queries);
  }

  @Override
  public void complete(String keyspace, MigrationHandle migration) throws BackendException {
    delegate.complete(keyspace, migration);
  }

  @Override
  public void forceCutover(String keyspace, MigrationHandle migration) throws BackendException {
    delegate.forceCutover(keyspace, migration);
  }

  @Override
  public void cancel(String keyspace, MigrationHandle migration) throws BackendException {
    delegate.cancel(keyspace, migration);
  }

  @Override
  public void throttle(String keyspace, MigrationHandle migration, double ratio) throws BackendException {
    delegate.throttle(keyspace, migration, ratio);
  }

  @Override
  public MigrationHandle revert(RevertSubmission revert) throws BackendException {
    return delegate.revert(revert);
  }

  @Override
  public String vschema(String keyspace) throws BackendException {
    return delegate.vschema(keyspace);
  }

  @Override
  public Optional<String> applyVSchema(VSchemaUpdate update) throws BackendException {
    return delegate.applyVSchema(update);
  }
}
