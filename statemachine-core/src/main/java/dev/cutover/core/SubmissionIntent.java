package dev.cutover.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A submission the driver decided on and saved before calling the backend. While it stands, the
 * migration may or may not exist in the backend: whoever resumes it first looks for the migration
 * by its migration context and adopts it, and submits only if nothing is found.
 *
 * @param kind a change's migration, or the revert of a change
 * @param change the index of the change
 * @param since when the intent was saved
 * @param owner the driver that saved it; another driver resumes it only after the submission lease
 */
public record SubmissionIntent(Kind kind, int change, Instant since, String owner) {

  /** What is being submitted. */
  public enum Kind {
    /** The migration of the change itself. */
    CHANGE,
    /** The revert of the change's completed migration. */
    REVERT
  }

  /**
   * Checks the fields.
   *
   * @param kind not null
   * @param change 0 or more
   * @param since not null
   * @param owner not null
   * @throws NullPointerException naming the field, if one is null
   * @throws IllegalArgumentException if {@code change} is negative
   */
  public SubmissionIntent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(owner, "owner");
    if (change < 0) {
      throw new IllegalArgumentException("change: must not be negative, was " + change);
    }
  }
}
