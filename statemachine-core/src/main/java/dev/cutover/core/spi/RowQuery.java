package dev.cutover.core.spi;

import java.util.Objects;

/**
 * Asks for every migration row of one request in one keyspace: its changes' migrations and their reverts.
 *
 * @param requestId the deploy request
 * @param migrationContext the request's tag
 * @param keyspace the keyspace to read
 */
public record RowQuery(String requestId, String migrationContext, String keyspace) {
  /**
   * Checks that no part is null.
   *
   * @param requestId not null
   * @param migrationContext not null
   * @param keyspace not null
   * @throws NullPointerException naming the part, if one is null
   */
  public RowQuery {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(migrationContext, "migrationContext");
    Objects.requireNonNull(keyspace, "keyspace");
  }
}
