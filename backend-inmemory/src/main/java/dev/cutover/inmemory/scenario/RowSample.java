package dev.cutover.inmemory.scenario;

import dev.cutover.core.MigrationRow;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The rows of one migration as they stood after a tick, recorded by the {@link Simulator} whenever a
 * row appeared, changed status or ready_to_complete, or advanced its progress by a quarter: the
 * per-shard progress of a timeline. Taken from the backend directly, so it neither shows in the call
 * log nor consumes faults.
 *
 * @param t the tick's time from the start
 * @param requestId the request
 * @param change the change index
 * @param revert whether the migration is the change's revert
 * @param rows the visible rows, in shard order
 */
public record RowSample(Duration t, String requestId, int change, boolean revert, List<MigrationRow> rows) {
  /**
   * Checks the fields and copies the rows; the simulator makes these.
   *
   * @param t not null
   * @param requestId not null
   * @param change the change index
   * @param revert any value
   * @param rows not null, no null element; copied
   * @throws NullPointerException if {@code t}, {@code requestId} or {@code rows} is null
   */
  public RowSample {
    Objects.requireNonNull(t, "t");
    Objects.requireNonNull(requestId, "requestId");
    rows = List.copyOf(Objects.requireNonNull(rows, "rows"));
  }
}
