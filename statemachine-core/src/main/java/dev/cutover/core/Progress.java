package dev.cutover.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How far a request's migrations are, from the rows a driver read last (spec section 7): per
 * change and shard the row observed (or none yet), and a request-level percentage. It is a read
 * of the last tick, never persisted.
 *
 * @param requestId the request
 * @param observedAt the time of the tick whose read this is
 * @param state the request's state when the rows were read
 * @param rows one entry per expected row, in change order then shard order
 * @param percent the mean over {@code rows}: a complete row counts 100, a row not visible yet 0,
 *     any other row its reported progress (0 when the backend reports none)
 */
public record Progress(String requestId, Instant observedAt, DeployState state, List<Row> rows, double percent) {

  /**
   * Checks the fields and copies the rows; {@link #of} computes them from a read.
   *
   * @param requestId not null
   * @param observedAt not null
   * @param state not null
   * @param rows not null, no null element; copied
   * @param percent 0 to 100
   * @throws NullPointerException naming the field, if one is null
   * @throws IllegalArgumentException if {@code percent} is out of range (or NaN)
   */
  public Progress {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(observedAt, "observedAt");
    Objects.requireNonNull(state, "state");
    rows = List.copyOf(Objects.requireNonNull(rows, "rows"));
    if (!(percent >= 0 && percent <= 100)) {
      throw new IllegalArgumentException("percent: must be within [0, 100], was " + percent);
    }
  }

  /**
   * One expected row.
   *
   * @param change the change's index
   * @param revert whether this is the row of the change's revert migration
   * @param shard the shard
   * @param observed the row as read, or {@code null} if it was not visible
   */
  public record Row(int change, boolean revert, String shard, @Nullable MigrationRow observed) {
    /**
     * Checks the shard.
     *
     * @param change the change's index
     * @param revert any value
     * @param shard not null
     * @param observed a row, or {@code null}
     * @throws NullPointerException if {@code shard} is null
     */
    public Row {
      Objects.requireNonNull(shard, "shard");
    }

    /**
     * The backend's status, or {@code null} when the row is not visible yet.
     *
     * @return the observed row's status as read, or {@code null}
     */
    public @Nullable String status() {
      return observed == null ? null : observed.status();
    }

    /**
     * Whether the row is ready to complete.
     *
     * @return the observed row's flag; false when the row is not visible
     */
    public boolean readyToComplete() {
      return observed != null && observed.readyToComplete();
    }

    /**
     * The reported progress percentage, or -1 when not visible or not reported.
     *
     * @return 0 to 100, or -1
     */
    public int progress() {
      return observed == null ? -1 : observed.progress();
    }

    /**
     * The reported ETA, or {@code null}.
     *
     * @return the observed row's estimate of the time left until ready; {@code null} when the row is not
     *     visible or reports none
     */
    public @Nullable Duration eta() {
      return observed == null ? null : observed.eta();
    }

    /**
     * What this row adds to the request's mean: complete 100, not visible 0, else its progress (or 0).
     *
     * @return 0 to 100
     */
    public int weight() {
      if (observed == null) {
        return 0;
      }
      if (RowClass.of(observed) == RowClass.COMPLETE) {
        return 100;
      }
      return Math.max(observed.progress(), 0);
    }
  }

  /**
   * The progress of {@code request} from the rows read for it at {@code at}. The expected rows are
   * those its step derives from: the submitted changes' rows, or in {@code in_progress_revert} the
   * rows of the reverts (a revert not submitted yet has its change's shards, not visible).
   *
   * @param request the request as stored, not null
   * @param read the rows read for it, not null; rows of other migrations are ignored, and of two rows
   *     for one migration and shard the later counts
   * @param at the time of the tick whose read this is, not null
   * @return the progress; with no expected row (nothing submitted), no row and 0 percent
   */
  public static Progress of(DeployRequest request, List<MigrationRow> read, Instant at) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(read, "read");
    Objects.requireNonNull(at, "at");
    Map<MigrationHandle, Map<String, MigrationRow>> byHandle = new HashMap<>();
    for (MigrationRow row : read) {
      byHandle.computeIfAbsent(row.handle(), h -> new HashMap<>()).put(row.shard(), row);
    }
    boolean reverting = request.state() == DeployState.IN_PROGRESS_REVERT;
    List<Row> rows = new ArrayList<>();
    long sum = 0;
    for (SubmittedChange sc : request.submitted()) {
      MigrationHandle handle = reverting ? sc.revert() : sc.handle();
      List<String> shards = reverting && sc.revert() != null ? sc.revertShards() : sc.shards();
      Map<String, MigrationRow> observed = handle == null ? Map.of() : byHandle.getOrDefault(handle, Map.of());
      for (String shard : shards) {
        Row row = new Row(sc.change(), reverting, shard, observed.get(shard));
        rows.add(row);
        sum += row.weight();
      }
    }
    double percent = rows.isEmpty() ? 0 : (double) sum / rows.size();
    return new Progress(request.id(), at, request.state(), rows, percent);
  }
}
