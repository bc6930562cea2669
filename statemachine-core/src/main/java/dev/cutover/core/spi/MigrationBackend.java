package dev.cutover.core.spi;

import dev.cutover.core.Analysis;
import dev.cutover.core.Change;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.Nullable;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where migrations run: Vitess through vtgate, or the in-memory simulator. The driver is the only
 * caller. Every method may throw {@link BackendException}, transient or permanent.
 *
 * <p>The contract every implementation must keep is written as tests in this module's test-jar
 * ({@code dev.cutover.core.tck.MigrationBackendContract}); extend it to check a backend.
 *
 * <p>Idempotence: {@link #complete}, {@link #forceCutover}, {@link #cancel}, {@link #throttle} and
 * {@link #applyVSchema} may be repeated with the same effect. {@link #submit} and {@link #revert} may not: the driver saves its intent first and,
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

  /**
   * The clock this backend keeps time by, when it has one of its own: a simulator's virtual clock,
   * which moves only when a test moves it. A {@link dev.cutover.core.driver.Driver} over such a
   * backend takes this clock, and refuses to be built with another, since a driver deciding by one
   * time and a backend moving by another would never agree on when a migration is ready. Default:
   * {@code null}, a backend on real time (Vitess), over which the driver uses the clock it is given.
   *
   * @return the backend's own clock, or {@code null} if it has none
   */
  @Nullable
  default Clock clock() {
    return null;
  }

  /**
   * The keyspaces of the database; creation rejects a change whose keyspace is not among them.
   *
   * @return every keyspace of the database, only real ones; empty rather than null
   * @throws BackendException transient if the backend could not be reached or timed out (the driver
   *     retries on a later tick), permanent if it refused the call
   */
  Set<String> keyspaces() throws BackendException;

  /**
   * The shards of a keyspace, as of now.
   *
   * @param keyspace a keyspace of {@link #keyspaces()}, not null
   * @return at least one shard, each once, named by key range alone ({@code -80}, {@code 80-}, or
   *     {@code -} for one shard), in the same order on every call
   * @throws BackendException permanent if the backend refuses it (an unknown keyspace, say); transient
   *     if it could not be reached
   */
  List<String> shards(String keyspace) throws BackendException;

  /**
   * Lints the changes and tells which may deploy instant; one entry per change, in order.
   *
   * @param requestId the deploy request the changes belong to, not null (a simulator keys its
   *     scripted answers on it)
   * @param changes the request's changes in order, not null
   * @return one analysis per change, in the order of {@code changes}; a valid statement gets no lint
   *     error
   * @throws BackendException transient if the backend could not be reached or timed out (the driver
   *     retries on a later tick), permanent if it refused the call
   */
  Analysis analyse(String requestId, List<Change> changes) throws BackendException;

  /**
   * Starts one change as an online migration with postponed completion (or instant); returns its handle.
   * Not idempotent: each call starts a migration of its own.
   *
   * @param submission the change, its request's context and the strategy; not null
   * @return the new migration's handle, distinct from every other; the migration then shows one row
   *     per shard of its keyspace
   * @throws BackendException permanent if the backend refuses the statement (retrying cannot help);
   *     transient if the call may not have reached it
   */
  MigrationHandle submit(Submission submission) throws BackendException;

  /**
   * Every migration tagged with {@code migrationContext} in {@code keyspace}, oldest first.
   *
   * @param migrationContext a request's context ({@link dev.cutover.core.DeployRequest#migrationContext()}),
   *     not null
   * @param keyspace the keyspace to look in, not null
   * @return the migrations, each once, reverts included (with {@code revertOf} set); empty for a
   *     context with no migration there
   * @throws BackendException transient if the backend could not be reached or timed out (the driver
   *     retries on a later tick), permanent if it refused the call
   */
  List<FoundMigration> findByContext(String migrationContext, String keyspace) throws BackendException;

  /**
   * The rows of many requests at once; a backend should answer with as few calls to its database as
   * it can (one per keyspace). A failure of the whole call throws; a failure of some queries is
   * reported in {@link RowsRead#failures()}.
   *
   * @param queries what to read, not null; may be empty
   * @return every query either in {@link RowsRead#rows()}, with only its own rows (an empty list when
   *     its context has no migration in that keyspace), or in {@link RowsRead#failures()}; for no
   *     query, an empty answer
   * @throws BackendException if the whole call failed
   */
  RowsRead readRows(List<RowQuery> queries) throws BackendException;

  /**
   * Lets the migration cut over on every shard as soon as it is ready. Idempotent; sent before the
   * migration is ready, it holds until it is. A terminal status is final: after a cancellation it
   * leaves the rows cancelled.
   *
   * @param keyspace the migration's keyspace, not null
   * @param migration the handle {@link #submit} returned, not null
   * @throws BackendException permanent if the backend refuses it (an unknown migration, say);
   *     transient if the call may not have reached the backend
   */
  void complete(String keyspace, MigrationHandle migration) throws BackendException;

  /**
   * Forces the cutover of a migration whose completion was requested (spec section 7): on every
   * shard where it has not completed, the backend kills the queries and transactions that hold the
   * table's locks, so that a cutover that keeps failing goes through (Vitess:
   * {@code ALTER VITESS_MIGRATION '<uuid>' FORCE_CUTOVER}). Harmless on a migration that completed,
   * failed or was cancelled. Idempotent.
   *
   * @param keyspace the migration's keyspace, not null
   * @param migration the handle {@link #submit} returned, not null
   * @throws BackendException permanent if the backend refuses it (an unknown migration, say);
   *     transient if the call may not have reached the backend
   */
  void forceCutover(String keyspace, MigrationHandle migration) throws BackendException;

  /**
   * Cancels the migration on every shard where it has not reached a terminal status. Idempotent; on
   * a complete or failed migration it succeeds and changes nothing.
   *
   * @param keyspace the migration's keyspace, not null
   * @param migration the handle {@link #submit} returned, not null
   * @throws BackendException permanent if the backend refuses it (an unknown migration, say);
   *     transient if the call may not have reached the backend
   */
  void cancel(String keyspace, MigrationHandle migration) throws BackendException;

  /**
   * Throttles the migration to {@code ratio} of its speed budget, in [0, 0.95]; 0 unthrottles.
   * Idempotent, and it concerns this migration only.
   *
   * @param keyspace the migration's keyspace, not null
   * @param migration the handle {@link #submit} returned, not null
   * @param ratio 0 (unthrottled) to 0.95 ({@link dev.cutover.core.DeployRequest#MAX_THROTTLE_RATIO})
   * @throws BackendException permanent if the backend refuses it (an unknown migration, say);
   *     transient if the call may not have reached the backend
   */
  void throttle(String keyspace, MigrationHandle migration, double ratio) throws BackendException;

  /**
   * Starts the revert of a completed migration; returns the revert migration's own handle. Not
   * idempotent: each call starts a revert of its own.
   *
   * @param revert the completed migration and the request it belongs to, not null
   * @return the revert's own handle: a migration with one row per shard that completes without
   *     {@link #complete}, found by {@link #findByContext} with {@code revertOf} set
   * @throws BackendException permanent if the backend refuses (the target is not complete, say);
   *     transient if the call may not have reached it
   */
  MigrationHandle revert(RevertSubmission revert) throws BackendException;

  /**
   * The VSchema of a keyspace as it is now (spec section 8): what a request's VSchema change
   * replaces, saved with the request so that a revert puts it back. The default refuses: a backend
   * without VSchemas takes no request with VSchema changes past {@code in_progress_vschema}.
   *
   * @param keyspace a keyspace of {@link #keyspaces()}, not null
   * @return the whole VSchema, JSON text (one object; an unsharded keyspace with none gives {@code {}})
   * @throws BackendException permanent if the backend refuses it (an unknown keyspace, or no VSchema
   *     support); transient if it could not be reached
   */
  default String vschema(String keyspace) throws BackendException {
    throw BackendException.permanentFailure("this backend does not support VSchema changes (keyspace '"
        + keyspace + "')", null);
  }

  /**
   * Puts a whole VSchema in place for one keyspace. Idempotent: sent again with the same VSchema it
   * changes nothing more. A backend may take time to put it in place: until then it answers empty,
   * and the driver sends it again on a later tick. The default refuses, as {@link #vschema} does.
   *
   * @param update the keyspace, the VSchema and the request it belongs to, not null
   * @return empty while it is not in place yet; once in place, the VSchema it replaced (the keyspace's
   *     VSchema as it was right before this one took effect; when the call repeats one in place
   *     already, that may be the VSchema itself)
   * @throws BackendException permanent if the backend refuses the VSchema (retrying cannot help);
   *     transient if the call may not have reached it
   */
  default Optional<String> applyVSchema(VSchemaUpdate update) throws BackendException {
    throw BackendException.permanentFailure("this backend does not support VSchema changes (keyspace '"
        + update.keyspace() + "')", null);
  }
}
