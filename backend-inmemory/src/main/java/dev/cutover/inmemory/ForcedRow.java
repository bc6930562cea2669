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

  /**
   * Checks the fields; {@link #status(Instant, String, int, String, String, boolean) status} and
   * {@link #release} read better.
   *
   * @param from not null
   * @param requestId not null
   * @param change 0 or more
   * @param shard a shard name, or {@code null} for every shard
   * @param status a status (not blank), or {@code null} to hand the row back to the model
   * @param readyToComplete the flag to report; ignored when {@code status} is null
   * @throws NullPointerException if {@code from} or {@code requestId} is null
   * @throws IllegalArgumentException if {@code change} is negative or {@code status} is blank
   */
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

  /**
   * Reports {@code status} for the row (every shard if {@code shard} is null) from {@code from} on.
   *
   * @param from when reads start reporting it, not null
   * @param requestId the deploy request's id, not null
   * @param change the index of the change in the request, 0 or more
   * @param shard the shard, or {@code null} for every shard of the change's keyspace
   * @param status the status to report, not null or blank; any text, such as one the core does not
   *     know
   * @param readyToComplete the ready_to_complete flag to report with it
   * @return the forced row
   * @throws NullPointerException if {@code from}, {@code requestId} or {@code status} is null
   * @throws IllegalArgumentException if {@code change} is negative or {@code status} is blank
   */
  public static ForcedRow status(Instant from, String requestId, int change, @Nullable String shard, String status,
      boolean readyToComplete) {
    return new ForcedRow(from, requestId, change, shard, Objects.requireNonNull(status, "status"), readyToComplete);
  }

  /**
   * Hands the row (every shard if {@code shard} is null) back to the timing model from {@code from} on.
   *
   * @param from when reads go back to the model, not null
   * @param requestId the deploy request's id, not null
   * @param change the index of the change in the request, 0 or more
   * @param shard the shard, or {@code null} for every shard of the change's keyspace
   * @return the forced row, with a {@code null} status
   * @throws NullPointerException if {@code from} or {@code requestId} is null
   * @throws IllegalArgumentException if {@code change} is negative
   */
  public static ForcedRow release(Instant from, String requestId, int change, @Nullable String shard) {
    return new ForcedRow(from, requestId, change, shard, null, false);
  }

  boolean covers(String request, int index, String onShard) {
    return requestId.equals(request) && change == index && (shard == null || shard.equals(onShard));
  }
}
