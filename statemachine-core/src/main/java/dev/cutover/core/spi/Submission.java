package dev.cutover.core.spi;

import java.util.Objects;

/**
 * One change to submit as an online migration on every shard of its keyspace.
 *
 * @param requestId the deploy request (for backends that key behaviour on it, like the simulator)
 * @param change the index of the change in its request
 * @param migrationContext the request's tag; {@link MigrationBackend#findByContext} finds the migration by it
 * @param keyspace where the statement runs
 * @param sql exactly one DDL statement
 * @param instant submit with the instant strategy (no postponed completion) instead of the online one
 */
public record Submission(String requestId, int change, String migrationContext, String keyspace, String sql,
    boolean instant) {
  /**
   * Checks the fields; whether {@code sql} is one statement is {@link dev.cutover.core.Change}'s check.
   *
   * @param requestId not null
   * @param change 0 or more
   * @param migrationContext not null
   * @param keyspace not null
   * @param sql not null
   * @param instant any value
   * @throws NullPointerException naming the field, if one is null
   * @throws IllegalArgumentException if {@code change} is negative
   */
  public Submission {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(migrationContext, "migrationContext");
    Objects.requireNonNull(keyspace, "keyspace");
    Objects.requireNonNull(sql, "sql");
    if (change < 0) {
      throw new IllegalArgumentException("change: must not be negative, was " + change);
    }
  }
}
