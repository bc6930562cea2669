package dev.cutover.core;

import java.time.Duration;
import java.util.Objects;

/**
 * One migration on one shard, as the backend reports it (in Vitess, a row of
 * {@code SHOW VITESS_MIGRATIONS}).
 *
 * @param handle the migration
 * @param shard the shard this row is for
 * @param status the backend's status string, kept as read ({@code running}, {@code complete}, ...)
 * @param readyToComplete whether the migration waits only for completion on this shard
 * @param progress percent of rows copied, 0 to 100, or -1 when unknown
 * @param message the backend's message (a failure reason), or empty
 * @param eta the backend's estimate of the time left until ready, or {@code null} when it reports none
 */
public record MigrationRow(
    MigrationHandle handle, String shard, String status, boolean readyToComplete, int progress, String message,
    @Nullable Duration eta) {

  /**
   * Checks the fields.
   *
   * @param handle not null
   * @param shard not null
   * @param status not null; any text (an unknown status counts as pending, with a warning)
   * @param readyToComplete any value
   * @param progress -1, or 0 to 100
   * @param message not null (empty for none)
   * @param eta not negative, or {@code null}
   * @throws NullPointerException naming the field, if one is null
   * @throws IllegalArgumentException if {@code progress} or {@code eta} is out of range
   */
  public MigrationRow {
    Objects.requireNonNull(handle, "handle");
    Objects.requireNonNull(shard, "shard");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
    if (progress < -1 || progress > 100) {
      throw new IllegalArgumentException("progress: must be -1 or within [0, 100], was " + progress);
    }
    if (eta != null && eta.isNegative()) {
      throw new IllegalArgumentException("eta: must not be negative, was " + eta);
    }
  }

  /**
   * A row without an ETA.
   *
   * @param handle not null
   * @param shard not null
   * @param status not null
   * @param readyToComplete any value
   * @param progress -1, or 0 to 100
   * @param message not null (empty for none)
   * @throws NullPointerException naming the field, if one is null
   * @throws IllegalArgumentException if {@code progress} is out of range
   */
  public MigrationRow(
      MigrationHandle handle, String shard, String status, boolean readyToComplete, int progress, String message) {
    this(handle, shard, status, readyToComplete, progress, message, null);
  }

  /**
   * Whether the backend reported the progress percentage ({@code progress} is not -1).
   *
   * @return true if {@link #progress()} is 0 to 100
   */
  public boolean progressKnown() {
    return progress >= 0;
  }

  /**
   * A row with unknown progress and no message.
   *
   * @param handle the migration, not null
   * @param shard the shard, not null
   * @param status the backend's status, not null
   * @param readyToComplete whether it waits only for completion
   * @return a row with progress -1, an empty message and no ETA
   */
  public static MigrationRow of(MigrationHandle handle, String shard, String status, boolean readyToComplete) {
    return new MigrationRow(handle, shard, status, readyToComplete, -1, "", null);
  }
}
