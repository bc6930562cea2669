package dev.cutover.core.spi;

import dev.cutover.core.Analysis;
import dev.cutover.core.Change;
import dev.cutover.core.MigrationHandle;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Where migrations run: Vitess through vtgate, or the in-memory simulator. The driver is the only
 * caller. Every method may throw {@link BackendException}, transient or permanent.
 *
 * <p>The contract every implementation must keep is written as tests in this module's test-jar
 * ({@code dev.cutover.core.tck.MigrationBackendContract}); extend it to check a backend.
 *
 * <p>Idempotence: {@link #complete}, {@link #forceCutover}, {@link #cancel} and {@link #throttle} may be repeated with the
 * same effect. {@link #submit} and {@link #revert} may not: the driver saves its intent first and,
 * after a crash, looks migrations up with {@link #findByContext} before submitting again.
 */
public interface MigrationBackend {

  /** What {@link #maxCallDuration()} is when a backend does not say: two minutes. */
  Duration DEFAULT_MAX_CALL_DURATION = Duration.ofMinutes(2);

  /**
   * The longest one call can take before the backend gives up on it (its connect and socket or
   * statement timeouts, added up). A driver's submission lease is at least twice this long, so no
   * driver takes over a submission while the call that made it may still be running. Default:
   * {@link #DEFAULT_MAX_CALL_DURATION}; a backend whose calls are bounded otherwise says so.
   *
   * @return a duration, zero for a backend whose calls do not wait (a simulator)
   */
  default Duration maxCallDuration() {
    return DEFAULT_MAX_CALL_DURATION;
  }

  /** The keyspaces of the database; creation rejects a change whose keyspace is not among them. */
  Set<String> keyspaces() throws BackendException;

  /** The shards of a keyspace, as of now. */
  List<String> shards(String keyspace) throws BackendException;

  /** Lints the changes and tells which may deploy instant; one entry per change, in order. */
  Analysis analyse(String requestId, List<Change> changes) throws BackendException;

  /** Starts one change as an online migration with postponed completion (or instant); returns its handle. */
  MigrationHandle submit(Submission submission) throws BackendException;

  /** Every migration tagged with {@code migrationContext} in {@code keyspace}, oldest first. */
  List<FoundMigration> findByContext(String migrationContext, String keyspace) throws BackendException;

  /**
   * The rows of many requests at once; a backend should answer with as few calls to its database as
   * it can (one per keyspace). A failure of the whole call throws; a failure of some queries is
   * reported in {@link RowsRead#failures()}.
   */
  RowsRead readRows(List<RowQuery> queries) throws BackendException;

  /** Lets the migration cut over on every shard as soon as it is ready. */
  void complete(String keyspace, MigrationHandle migration) throws BackendException;

  /**
   * Forces the cutover of a migration whose completion was requested (spec section 7): on every
   * shard where it has not completed, the backend kills the queries and transactions that hold the
   * table's locks, so that a cutover that keeps failing goes through (Vitess:
   * {@code ALTER VITESS_MIGRATION '<uuid>' FORCE_CUTOVER}). Harmless on a migration that completed,
   * failed or was cancelled.
   */
  void forceCutover(String keyspace, MigrationHandle migration) throws BackendException;

  /** Cancels the migration on every shard where it has not reached a terminal status. */
  void cancel(String keyspace, MigrationHandle migration) throws BackendException;

  /** Throttles the migration to {@code ratio} of its speed budget, in [0, 0.95]; 0 unthrottles. */
  void throttle(String keyspace, MigrationHandle migration, double ratio) throws BackendException;

  /** Starts the revert of a completed migration; returns the revert migration's own handle. */
  MigrationHandle revert(RevertSubmission revert) throws BackendException;
}
