package dev.cutover.inmemory;

import dev.cutover.core.FailureKind;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.Nullable;
import java.time.Instant;
import java.util.Objects;

/**
 * One call the {@link InMemoryBackend} received, as its {@link InMemoryBackend#calls() log} keeps it,
 * so tests can check what was asked (say, that no change was submitted twice).
 *
 * @param at the backend clock's time of the call
 * @param operation what was called
 * @param requestId the request the call concerns, or {@code null} (keyspaces, shards, findByContext, read)
 * @param change the change index the call concerns, or -1
 * @param keyspace the keyspace the call concerns, or {@code null}
 * @param handle the migration: the one submitted, or the one acted on; {@code null} if none
 * @param failure how the call failed, or {@code null} if it succeeded
 * @param detail more about the call, for people: the queries of a read, the ratio of a throttle, a
 *     failure's message
 */
public record BackendCall(Instant at, BackendOperation operation, @Nullable String requestId, int change,
    @Nullable String keyspace, @Nullable MigrationHandle handle, @Nullable FailureKind failure, String detail) {

  /**
   * Checks the fields; the backend makes these, tests read them.
   *
   * @param at not null
   * @param operation not null
   * @param requestId a request id, or {@code null}
   * @param change a change index, or -1 for none
   * @param keyspace a keyspace, or {@code null}
   * @param handle a migration handle, or {@code null}
   * @param failure the failure's kind, or {@code null}
   * @param detail not null (may be empty)
   * @throws NullPointerException if {@code at}, {@code operation} or {@code detail} is null
   */
  public BackendCall {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(detail, "detail");
  }

  /**
   * Whether the call succeeded.
   *
   * @return true if {@link #failure()} is null: neither faulted nor refused
   */
  public boolean succeeded() {
    return failure == null;
  }
}
