package dev.cutover.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the driver knows when it plans a request's step: the time, whether the deploy queue admits
 * the request, and the migration rows it read for the request in this tick.
 *
 * @param now the tick's time
 * @param admissible whether the request is the oldest queued one of its database and nothing occupies it
 * @param rows the request's migration rows read in this tick, or {@code null} if not read
 * @param owner the driver's name, recorded on the submissions it saves
 * @param submissionLease how long another driver's unfinished submission is left alone before being resumed
 */
public record Observation(
    Instant now, boolean admissible, @Nullable List<MigrationRow> rows, String owner, Duration submissionLease) {

  /**
   * Checks the fields and copies the rows.
   *
   * @param now not null
   * @param admissible any value
   * @param rows the rows, or {@code null}; copied (no null element)
   * @param owner not null
   * @param submissionLease not null
   * @throws NullPointerException naming the field, if a required one or a row is null
   */
  public Observation {
    Objects.requireNonNull(now, "now");
    if (rows != null) {
      rows = List.copyOf(rows);
    }
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(submissionLease, "submissionLease");
  }
}
