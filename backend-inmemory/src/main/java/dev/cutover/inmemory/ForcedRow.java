package dev.cutover.inmemory;

import dev.cutover.core.Nullable;
import java.time.Instant;
import java.util.Objects;

/**
 * Forces what reads return for the rows of one change from {@code from} on, until a later forced row
 * for the same row: a status of your choosing (including ones the core does not know), or, with a
 * {@code null} status, the row handed back to the timing model. A forced row is returned once the
 * change is submitted, even before the model would make it visible; it does not change the model
 * (completion and cancellation go on underneath).
 *
 * @param from when the entry takes effect
 * @param requestId the request
 * @param change the index of the change
 * @param shard the shard, or {@code null} for every shard of the change's keyspace
 * @param status the status to report, or {@code null} to hand the row back to the model
 * @param readyToComplete the ready_to_complete flag to report with {@code status}
 */
public record ForcedRow(Instant from, String requestId, int change, @Nullable String shard, @Nullable String status,
    boolean readyToComplete) {

  public ForcedRow {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(requestId, "requestId");
    if (change < 0) {
      throw new IllegalArgumentException("change: must not be negative, was " + change);
    }
    if (status != null && status.isBlank()) {
      throw new IllegalArgumentException("status: must not be blank, was '" + status + "'");
    }
  }

  /** Reports {@code status} for the row (every shard if {@code shard} is null) from {@code from} on. */
  public static ForcedRow status(Instant from, String requestId, int change, @Nullable String shard, String status,
      boolean readyToComplete) {
    return new ForcedRow(from, requestId, change, shard, Objects.requireNonNull(status, "status"), readyToComplete);
  }

  /** Hands the row (every shard if {@code shard} is null) back to the timing model from {@code from} on. */
  public static ForcedRow release(Instant from, String requestId, int change, @Nullable String shard) {
    return new ForcedRow(from, requestId, change, shard, null, false);
  }

  boolean covers(String request, int index, String onShard) {
    return requestId.equals(request) && change == index && (shard == null || shard.equals(onShard));
  }
}
