package dev.cutover.inmemory;

import dev.cutover.core.Nullable;
import java.time.Duration;
import java.util.Objects;

/**
 * How one simulated migration behaves on one shard, every time measured from its submission
 * {@code s} (or, for a revert, from the revert's submission {@code r}). The rules are those of
 * {@code shared/spec/scenarios.md}:
 *
 * <ul>
 *   <li>the row is invisible before {@code s + visibleAfter}; it is {@code queued} from {@code s},
 *       {@code running} from {@code s + startAfter}, and {@code running} with ready_to_complete from
 *       {@code s + readyAfter};
 *   <li>with {@code failAfter}, it is {@code failed} (with {@code failMessage}) from {@code s + failAfter};
 *   <li>completion requested at {@code c} makes it {@code complete} from
 *       {@code max(c, s + readyAfter) + completeAfter}; an instant migration is {@code complete} from
 *       {@code s + completeAfter};
 *   <li>with {@code cutoverStuck}, completion alone never completes it (the cutover keeps failing): a
 *       forced cutover requested at {@code f} makes it {@code complete} from
 *       {@code max(c, f, s + readyAfter) + completeAfter}; without it a forced cutover changes nothing;
 *       an instant migration is never stuck;
 *   <li>cancellation requested at {@code k} makes it {@code cancelled} from {@code k + cancelAfter} unless
 *       it reached a terminal status first;
 *   <li>a revert is {@code running} from {@code r} and {@code complete} from {@code r + revertAfter}, or
 *       {@code failed} from {@code r + revertFailAfter}.
 * </ul>
 *
 * <p>Build with {@link #custom()}, start from {@link #ofDefaults()}, or copy with {@link #from}.
 *
 * @param startAfter when the migration starts copying rows
 * @param readyAfter when it is ready to complete
 * @param visibleAfter when its row appears in reads at all
 * @param completeAfter how long a cut-over takes once requested and ready
 * @param cancelAfter how long a cancellation takes
 * @param revertAfter how long a revert of this migration takes
 * @param failAfter when the migration fails, or {@code null} if it does not
 * @param failMessage the failure's message (the row's {@code message})
 * @param revertFailAfter when a revert of this migration fails, or {@code null} if it does not
 * @param cutoverStuck whether the cutover keeps failing until it is forced
 */
public record MigrationTimings(
    Duration startAfter,
    Duration readyAfter,
    Duration visibleAfter,
    Duration completeAfter,
    Duration cancelAfter,
    Duration revertAfter,
    @Nullable Duration failAfter,
    String failMessage,
    @Nullable Duration revertFailAfter,
    boolean cutoverStuck) {

  private static final MigrationTimings DEFAULTS = new MigrationTimings(Duration.ZERO, Duration.ofSeconds(10),
      Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10), null, "", null, false);

  /**
   * Checks the durations; the builder ({@link #custom()}, {@link #from}) is the easier way in. The
   * times are not checked against each other: a {@code readyAfter} before {@code startAfter} makes a
   * row ready as soon as it starts.
   *
   * @param startAfter not null and not negative
   * @param readyAfter not null and not negative
   * @param visibleAfter not null and not negative
   * @param completeAfter not null and not negative
   * @param cancelAfter not null and not negative
   * @param revertAfter not null and not negative
   * @param failAfter not negative, or {@code null}
   * @param failMessage not null (may be empty)
   * @param revertFailAfter not negative, or {@code null}
   * @param cutoverStuck any value
   * @throws NullPointerException naming the field, if a required duration or the message is null
   * @throws IllegalArgumentException naming the field, if a duration is negative
   */
  public MigrationTimings {
    requireNotNegative(startAfter, "startAfter");
    requireNotNegative(readyAfter, "readyAfter");
    requireNotNegative(visibleAfter, "visibleAfter");
    requireNotNegative(completeAfter, "completeAfter");
    requireNotNegative(cancelAfter, "cancelAfter");
    requireNotNegative(revertAfter, "revertAfter");
    if (failAfter != null) {
      requireNotNegative(failAfter, "failAfter");
    }
    Objects.requireNonNull(failMessage, "failMessage");
    if (revertFailAfter != null) {
      requireNotNegative(revertFailAfter, "revertFailAfter");
    }
  }

  private static Duration requireNotNegative(Duration d, String field) {
    Objects.requireNonNull(d, field);
    if (d.isNegative()) {
      throw new IllegalArgumentException(field + ": must not be negative, was " + d);
    }
    return d;
  }

  /**
   * The defaults of scenario files: starts at once, ready after 10 seconds, visible at once, completes
   * and cancels at once, reverts in 10 seconds, never fails.
   *
   * @return the defaults (always the same instance)
   */
  public static MigrationTimings ofDefaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder holding {@link #ofDefaults()}'s values
   */
  public static Builder custom() {
    return new Builder(DEFAULTS);
  }

  /**
   * A builder starting from {@code base}.
   *
   * @param base the timings to copy, not null
   * @return a new builder holding {@code base}'s values
   */
  public static Builder from(MigrationTimings base) {
    return new Builder(Objects.requireNonNull(base, "base"));
  }

  /** Builds {@link MigrationTimings}; every setter checks its argument at once and names it when it is wrong. */
  public static final class Builder {
    private Duration startAfter;
    private Duration readyAfter;
    private Duration visibleAfter;
    private Duration completeAfter;
    private Duration cancelAfter;
    private Duration revertAfter;
    private Duration failAfter;
    private String failMessage;
    private Duration revertFailAfter;
    private boolean cutoverStuck;

    private Builder(MigrationTimings base) {
      startAfter = base.startAfter;
      readyAfter = base.readyAfter;
      visibleAfter = base.visibleAfter;
      completeAfter = base.completeAfter;
      cancelAfter = base.cancelAfter;
      revertAfter = base.revertAfter;
      failAfter = base.failAfter;
      failMessage = base.failMessage;
      revertFailAfter = base.revertFailAfter;
      cutoverStuck = base.cutoverStuck;
    }

    /**
     * The migration starts copying rows {@code d} after its submission (queued until then).
     *
     * @param d not null and not negative
     * @return this builder
     * @throws NullPointerException if {@code d} is null
     * @throws IllegalArgumentException if {@code d} is negative
     */
    public Builder startAfter(Duration d) {
      startAfter = requireNotNegative(d, "startAfter");
      return this;
    }

    /**
     * The migration is ready to complete {@code d} after its submission.
     *
     * @param d not null and not negative
     * @return this builder
     * @throws NullPointerException if {@code d} is null
     * @throws IllegalArgumentException if {@code d} is negative
     */
    public Builder readyAfter(Duration d) {
      readyAfter = requireNotNegative(d, "readyAfter");
      return this;
    }

    /**
     * The migration's row appears in reads {@code d} after its submission (invisible until then).
     *
     * @param d not null and not negative
     * @return this builder
     * @throws NullPointerException if {@code d} is null
     * @throws IllegalArgumentException if {@code d} is negative
     */
    public Builder visibleAfter(Duration d) {
      visibleAfter = requireNotNegative(d, "visibleAfter");
      return this;
    }

    /**
     * A cut-over takes {@code d} once it is requested and the migration is ready (an instant
     * migration completes {@code d} after its submission).
     *
     * @param d not null and not negative
     * @return this builder
     * @throws NullPointerException if {@code d} is null
     * @throws IllegalArgumentException if {@code d} is negative
     */
    public Builder completeAfter(Duration d) {
      completeAfter = requireNotNegative(d, "completeAfter");
      return this;
    }

    /**
     * A cancellation takes {@code d} once it is requested.
     *
     * @param d not null and not negative
     * @return this builder
     * @throws NullPointerException if {@code d} is null
     * @throws IllegalArgumentException if {@code d} is negative
     */
    public Builder cancelAfter(Duration d) {
      cancelAfter = requireNotNegative(d, "cancelAfter");
      return this;
    }

    /**
     * A revert of the migration completes {@code d} after the revert's submission.
     *
     * @param d not null and not negative
     * @return this builder
     * @throws NullPointerException if {@code d} is null
     * @throws IllegalArgumentException if {@code d} is negative
     */
    public Builder revertAfter(Duration d) {
      revertAfter = requireNotNegative(d, "revertAfter");
      return this;
    }

    /**
     * The migration fails {@code d} after its submission; {@code null} means it does not fail.
     *
     * @param d not negative, or {@code null}
     * @return this builder
     * @throws IllegalArgumentException if {@code d} is negative
     */
    public Builder failAfter(@Nullable Duration d) {
      failAfter = d == null ? null : requireNotNegative(d, "failAfter");
      return this;
    }

    /**
     * The message of the failed row.
     *
     * @param message the row's {@code message} once failed, not null (may be empty)
     * @return this builder
     * @throws NullPointerException if {@code message} is null
     */
    public Builder failMessage(String message) {
      failMessage = Objects.requireNonNull(message, "failMessage");
      return this;
    }

    /**
     * A revert of the migration fails {@code d} after the revert's submission; {@code null}: it does not.
     *
     * @param d not negative, or {@code null}
     * @return this builder
     * @throws IllegalArgumentException if {@code d} is negative
     */
    public Builder revertFailAfter(@Nullable Duration d) {
      revertFailAfter = d == null ? null : requireNotNegative(d, "revertFailAfter");
      return this;
    }

    /**
     * Whether completion alone never completes the migration, until its cutover is forced.
     *
     * @param stuck true for a cutover that keeps failing until forced; ignored by instant migrations
     * @return this builder
     */
    public Builder cutoverStuck(boolean stuck) {
      cutoverStuck = stuck;
      return this;
    }

    /**
     * Makes the timings (every value was checked when it was set).
     *
     * @return new timings; the builder can go on being used
     */
    public MigrationTimings build() {
      return new MigrationTimings(startAfter, readyAfter, visibleAfter, completeAfter, cancelAfter, revertAfter,
          failAfter, failMessage, revertFailAfter, cutoverStuck);
    }
  }
}
