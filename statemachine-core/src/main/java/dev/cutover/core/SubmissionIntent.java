package dev.cutover.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A submission the driver decided on and saved before calling the backend. While it stands, the
 * migration may or may not exist in the backend: whoever resumes it first looks for the migration
 * by its migration context and adopts it, and submits only if nothing is found.
 *
 * <p>The submission lease counts from {@code since}: the driver renews it (saves it again with a
 * later {@code since}) before a call that would end past the lease, so that no other driver takes
 * the intent over while a call made for it may still be running (decision 117).
 *
 * @param kind a change's migration, or the revert of a change
 * @param change the index of the change
 * @param since when the intent was saved or last renewed; when {@code inDoubt}, when the outcome of
 *     its last call became unknown
 * @param owner the driver that saved it; another driver resumes it only after the submission lease
 * @param inDoubt whether a call made for it failed with an unknown outcome (a timeout, a lost
 *     connection): the backend may still record that submission, so even its owner resumes it only
 *     once the backend's longest call ({@link Observation#maxCallDuration()}) has passed since
 *     {@code since}, and then looks the migration up before submitting again
 */
public record SubmissionIntent(Kind kind, int change, Instant since, String owner, boolean inDoubt) {

  /**
   * An intent no call has failed for yet.
   *
   * @param kind not null
   * @param change 0 or more
   * @param since not null
   * @param owner not null
   */
  public SubmissionIntent(Kind kind, int change, Instant since, String owner) {
    this(kind, change, since, owner, false);
  }

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
   * @param inDoubt any value
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

  /**
   * This intent stamped at {@code at}, its owner and doubt unchanged.
   *
   * @param at the new {@code since}, not null
   * @return the renewed intent
   */
  public SubmissionIntent renewedAt(Instant at) {
    return new SubmissionIntent(kind, change, at, owner, inDoubt);
  }
}
