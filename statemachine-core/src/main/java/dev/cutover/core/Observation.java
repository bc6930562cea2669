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
 * @param maxCallDuration the backend's longest call ({@code MigrationBackend.maxCallDuration()}): how
 *     long a submission whose call failed with an unknown outcome is left alone, by its owner too,
 *     before it is looked up and sent again ({@link SubmissionIntent#inDoubt()})
 */
public record Observation(Instant now, boolean admissible, @Nullable List<MigrationRow> rows, String owner,
    Duration submissionLease, Duration maxCallDuration) {

  /**
   * An observation over a backend whose calls do not wait ({@code maxCallDuration} zero): a
   * submission in doubt is resumed by its owner at once.
   *
   * @param now not null
   * @param admissible any value
   * @param rows the rows, or {@code null}; copied (no null element)
   * @param owner not null
   * @param submissionLease not null
   */
  public Observation(Instant now, boolean admissible, @Nullable List<MigrationRow> rows, String owner,
      Duration submissionLease) {
    this(now, admissible, rows, owner, submissionLease, Duration.ZERO);
  }

  /**
   * Checks the fields and copies the rows.
   *
   * @param now not null
   * @param admissible any value
   * @param rows the rows, or {@code null}; copied (no null element)
   * @param owner not null
   * @param submissionLease not null
   * @param maxCallDuration not null, not negative
   * @throws NullPointerException naming the field, if a required one or a row is null
   * @throws IllegalArgumentException if {@code maxCallDuration} is negative
   */
  public Observation {
    Objects.requireNonNull(now, "now");
    if (rows != null) {
      rows = List.copyOf(rows);
    }
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(submissionLease, "submissionLease");
    Objects.requireNonNull(maxCallDuration, "maxCallDuration");
    if (maxCallDuration.isNegative()) {
      throw new IllegalArgumentException("maxCallDuration: must not be negative, was " + maxCallDuration);
    }
  }
}
