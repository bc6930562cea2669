package dev.cutover.inmemory;

import dev.cutover.core.MigrationHandle;
import dev.cutover.core.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of one migration the {@link InMemoryBackend} holds: a change's own migration, or the
 * revert of one ({@code revertOf} set).
 *
 * @param handle the migration's handle
 * @param requestId the request that submitted it
 * @param change the index of the change (reverted change, for a revert)
 * @param migrationContext the context it was tagged with
 * @param keyspace where it runs
 * @param sql the statement (for a revert, {@code REVERT VITESS_MIGRATION '<target>'})
 * @param instant whether it was submitted with the instant strategy
 * @param submittedAt when it was submitted
 * @param shards its shards, one row each
 * @param revertOf the migration it reverts, or {@code null}
 * @param completionRequestedAt the first time completion was requested, or {@code null}
 * @param cancellationRequestedAt the first time cancellation was requested, or {@code null}
 * @param throttleRatio the last throttle ratio set (0: unthrottled)
 * @param forcedCutoverAt the first time a forced cutover was requested, or {@code null}
 */
public record SimulatedMigration(MigrationHandle handle, String requestId, int change, String migrationContext,
    String keyspace, String sql, boolean instant, Instant submittedAt, List<String> shards,
    @Nullable MigrationHandle revertOf, @Nullable Instant completionRequestedAt,
    @Nullable Instant cancellationRequestedAt, double throttleRatio, @Nullable Instant forcedCutoverAt) {

  /**
   * Checks the fields and copies the shards; the backend makes these, tests rarely need to.
   *
   * @param handle not null
   * @param requestId not null
   * @param change the change index (any value; the backend's are 0 or more)
   * @param migrationContext not null
   * @param keyspace not null
   * @param sql not null
   * @param instant any value
   * @param submittedAt not null
   * @param shards not null; copied
   * @param revertOf a handle, or {@code null}
   * @param completionRequestedAt an instant, or {@code null}
   * @param cancellationRequestedAt an instant, or {@code null}
   * @param throttleRatio any value
   * @param forcedCutoverAt an instant, or {@code null}
   * @throws NullPointerException naming the field, if a required one is null
   */
  public SimulatedMigration {
    Objects.requireNonNull(handle, "handle");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(migrationContext, "migrationContext");
    Objects.requireNonNull(keyspace, "keyspace");
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(submittedAt, "submittedAt");
    shards = List.copyOf(Objects.requireNonNull(shards, "shards"));
  }

  /**
   * Whether this migration is the revert of another.
   *
   * @return true if {@link #revertOf()} is set
   */
  public boolean isRevert() {
    return revertOf != null;
  }
}
