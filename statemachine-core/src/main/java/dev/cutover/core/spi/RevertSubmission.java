package dev.cutover.core.spi;

import dev.cutover.core.MigrationHandle;
import java.util.Objects;

/**
 * The revert of a completed migration; the revert is itself a migration, tagged with the same context.
 *
 * @param requestId the deploy request
 * @param change the index of the reverted change
 * @param migrationContext the request's tag
 * @param keyspace where the migration ran
 * @param target the completed migration to revert
 */
public record RevertSubmission(String requestId, int change, String migrationContext, String keyspace,
    MigrationHandle target) {
  /**
   * Checks the fields.
   *
   * @param requestId not null
   * @param change 0 or more
   * @param migrationContext not null
   * @param keyspace not null
   * @param target not null
   * @throws NullPointerException naming the field, if one is null
   * @throws IllegalArgumentException if {@code change} is negative
   */
  public RevertSubmission {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(migrationContext, "migrationContext");
    Objects.requireNonNull(keyspace, "keyspace");
    Objects.requireNonNull(target, "target");
    if (change < 0) {
      throw new IllegalArgumentException("change: must not be negative, was " + change);
    }
  }
}
