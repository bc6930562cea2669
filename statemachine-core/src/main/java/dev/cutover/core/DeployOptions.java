package dev.cutover.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The options of a deploy request (spec section 2). Build with {@link #custom()}, start from
 * {@link #ofDefaults()}, or copy with {@link #from(DeployOptions)}.
 *
 * @param autoApply when off, the request stops in {@code pending_cutover} until {@code apply}
 * @param instant deploy with the instant strategy: no gate, no revert window
 * @param revertWindow how long a completed deploy stays revertible; strictly positive
 * @param requiresApproval deploy is rejected until {@code approve}
 * @param holdQueueOnFailure a request that ends in {@code complete_error} or
 *     {@code complete_revert_error} keeps occupying its database until {@code unblock} (section 7)
 */
public record DeployOptions(
    boolean autoApply, boolean instant, Duration revertWindow, boolean requiresApproval, boolean holdQueueOnFailure) {

  /** Thirty minutes, as on PlanetScale. */
  public static final Duration DEFAULT_REVERT_WINDOW = Duration.ofMinutes(30);

  /**
   * The longest revert window: seven days. A request keeps its database until its window closes, so
   * a longer one would hold every later deploy of the database for longer than a week.
   */
  public static final Duration MAX_REVERT_WINDOW = Duration.ofDays(7);

  private static final DeployOptions DEFAULTS = new DeployOptions(true, false, DEFAULT_REVERT_WINDOW, false, false);

  /**
   * Checks the revert window.
   *
   * @param autoApply any value
   * @param instant any value
   * @param revertWindow not null, positive, at most {@link #MAX_REVERT_WINDOW}
   * @param requiresApproval any value
   * @param holdQueueOnFailure any value
   * @throws NullPointerException if {@code revertWindow} is null
   * @throws IllegalArgumentException if {@code revertWindow} is zero, negative or longer than 7 days
   */
  public DeployOptions {
    Objects.requireNonNull(revertWindow, "revertWindow");
    if (revertWindow.isZero() || revertWindow.isNegative()) {
      throw new IllegalArgumentException("revertWindow: must be strictly positive, was " + revertWindow);
    }
    if (revertWindow.compareTo(MAX_REVERT_WINDOW) > 0) {
      throw new IllegalArgumentException("revertWindow: must be at most " + MAX_REVERT_WINDOW + " (7 days), was "
          + revertWindow);
    }
  }

  /**
   * Options without {@code holdQueueOnFailure} (off), as stored before section 7.
   *
   * @param autoApply any value
   * @param instant any value
   * @param revertWindow not null, positive, at most {@link #MAX_REVERT_WINDOW}
   * @param requiresApproval any value
   * @throws NullPointerException if {@code revertWindow} is null
   * @throws IllegalArgumentException if {@code revertWindow} is zero, negative or longer than 7 days
   */
  public DeployOptions(boolean autoApply, boolean instant, Duration revertWindow, boolean requiresApproval) {
    this(autoApply, instant, revertWindow, requiresApproval, false);
  }

  /**
   * Auto-apply on, not instant, a 30-minute revert window, no approval required, the queue not held.
   *
   * @return the defaults (always the same instance)
   */
  public static DeployOptions ofDefaults() {
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
   * @param base the options to copy, not null
   * @return a new builder holding {@code base}'s values
   */
  public static Builder from(DeployOptions base) {
    return new Builder(Objects.requireNonNull(base, "base"));
  }

  /**
   * A copy with {@code autoApply} set.
   *
   * @param on the new auto-apply option
   * @return new options, the rest unchanged
   */
  public DeployOptions withAutoApply(boolean on) {
    return new DeployOptions(on, instant, revertWindow, requiresApproval, holdQueueOnFailure);
  }

  /**
   * A copy with {@code instant} set.
   *
   * @param on the new instant option
   * @return new options, the rest unchanged
   */
  public DeployOptions withInstant(boolean on) {
    return new DeployOptions(autoApply, on, revertWindow, requiresApproval, holdQueueOnFailure);
  }

  /** Builds {@link DeployOptions}; each setter validates its argument at once. */
  public static final class Builder {
    private boolean autoApply;
    private boolean instant;
    private Duration revertWindow;
    private boolean requiresApproval;
    private boolean holdQueueOnFailure;

    private Builder(DeployOptions base) {
      this.autoApply = base.autoApply;
      this.instant = base.instant;
      this.revertWindow = base.revertWindow;
      this.requiresApproval = base.requiresApproval;
      this.holdQueueOnFailure = base.holdQueueOnFailure;
    }

    /**
     * Whether the request completes by itself once ready. Default on.
     *
     * @param autoApply false to stop in {@code pending_cutover} until {@code apply}
     * @return this builder
     */
    public Builder autoApply(boolean autoApply) {
      this.autoApply = autoApply;
      return this;
    }

    /**
     * Whether to deploy with the instant strategy. Default off.
     *
     * @param instant true for no gate and no revert window
     * @return this builder
     */
    public Builder instant(boolean instant) {
      this.instant = instant;
      return this;
    }

    /**
     * How long a completed deploy stays revertible. Default {@link #DEFAULT_REVERT_WINDOW}.
     *
     * @param revertWindow not null, positive; at most {@link #MAX_REVERT_WINDOW}, which {@link #build()}
     *     checks
     * @return this builder
     * @throws IllegalArgumentException naming the value if it is zero or negative
     */
    public Builder revertWindow(Duration revertWindow) {
      Objects.requireNonNull(revertWindow, "revertWindow");
      if (revertWindow.isZero() || revertWindow.isNegative()) {
        throw new IllegalArgumentException("revertWindow: must be strictly positive, was " + revertWindow);
      }
      this.revertWindow = revertWindow;
      return this;
    }

    /**
     * Whether deploy waits for {@code approve}. Default off.
     *
     * @param requiresApproval true to reject deploy until the request is approved
     * @return this builder
     */
    public Builder requiresApproval(boolean requiresApproval) {
      this.requiresApproval = requiresApproval;
      return this;
    }

    /**
     * Whether a failed request keeps its database until {@code unblock} (PlanetScale behaves as if on).
     * Default off.
     *
     * @param hold true to hold the queue after {@code complete_error} or {@code complete_revert_error}
     * @return this builder
     */
    public Builder holdQueueOnFailure(boolean hold) {
      this.holdQueueOnFailure = hold;
      return this;
    }

    /**
     * Makes the options.
     *
     * @return new options; the builder can go on being used
     * @throws IllegalArgumentException if the revert window is longer than {@link #MAX_REVERT_WINDOW}
     */
    public DeployOptions build() {
      return new DeployOptions(autoApply, instant, revertWindow, requiresApproval, holdQueueOnFailure);
    }
  }
}
