package dev.cutover.core;

import java.util.Objects;

/**
 * A user action on a deploy request (spec sections 3 and 7). Applying one with
 * {@link DeployMachine#apply} returns the new request, or a {@link ActionResult.Rejected} value
 * that leaves the request unchanged.
 *
 * <p>Where each action is allowed, and why it is refused elsewhere, is declared once in
 * {@link ActionTable}. Every action names its {@link Kind}; the table and the machine switch over
 * the kinds exhaustively, so a new action does not compile until both handle it.
 */
public sealed interface Action {

  /** The kinds of action, one per record below, as users and timelines spell them. */
  enum Kind {
    /** {@code approve}: {@link Approve}. */
    APPROVE("approve"),
    /** {@code deploy}: {@link Deploy}. */
    DEPLOY("deploy"),
    /** {@code cancel}: {@link Cancel}. */
    CANCEL("cancel"),
    /** {@code apply}: {@link Apply}. */
    APPLY("apply"),
    /** {@code setAutoApply}: {@link SetAutoApply}. */
    SET_AUTO_APPLY("setAutoApply"),
    /** {@code throttle}: {@link Throttle}. */
    THROTTLE("throttle"),
    /** {@code revert}: {@link Revert}. */
    REVERT("revert"),
    /** {@code skipRevert}: {@link SkipRevert}. */
    SKIP_REVERT("skipRevert"),
    /** {@code close}: {@link Close}. */
    CLOSE("close"),
    /** {@code forceCutover}: {@link ForceCutover}. */
    FORCE_CUTOVER("forceCutover"),
    /** {@code unblock}: {@link Unblock}. */
    UNBLOCK("unblock");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    /**
     * The action's name as users, scenario files and timelines spell it.
     *
     * @return the name, such as {@code setAutoApply}; never null
     */
    public String wireName() {
      return wireName;
    }

    @Override
    public String toString() {
      return wireName;
    }
  }

  /**
   * Which action this is.
   *
   * @return the kind, never null; one per record type
   */
  Kind kind();

  /**
   * The action's name as users and timelines spell it: {@code deploy}, {@code setAutoApply}, ...
   *
   * @return {@code kind().wireName()}
   */
  default String name() {
    return kind().wireName();
  }

  /** Approves the request; required before deploy when the request requires approval. */
  record Approve() implements Action {
    @Override
    public Kind kind() {
      return Kind.APPROVE;
    }
  }

  /**
   * Puts the request at the back of its database's deploy queue.
   *
   * @param instant when not {@code null}, replaces the request's {@code instant} option before the
   *     rules of deploy are checked (section 7); a rejected deploy leaves the option as it was
   */
  record Deploy(@Nullable Boolean instant) implements Action {
    /** A deploy that keeps the request's {@code instant} option. */
    public Deploy() {
      this(null);
    }

    @Override
    public Kind kind() {
      return Kind.DEPLOY;
    }
  }

  /** Cancels a deploy that has not started its cutover. */
  record Cancel() implements Action {
    @Override
    public Kind kind() {
      return Kind.CANCEL;
    }
  }

  /** Opens the gate of a request waiting in {@code pending_cutover}. */
  record Apply() implements Action {
    @Override
    public Kind kind() {
      return Kind.APPLY;
    }
  }

  /**
   * Turns auto-apply on or off.
   *
   * @param on true to let the request complete by itself once ready, false to wait for {@code apply}
   */
  record SetAutoApply(boolean on) implements Action {
    @Override
    public Kind kind() {
      return Kind.SET_AUTO_APPLY;
    }
  }

  /**
   * Throttles this request's migrations; 0 unthrottles.
   *
   * @param ratio in [0, 0.95]; another value is rejected when the action is applied
   *     ({@link ActionResult.Kind#INVALID_ARGUMENT}), not here
   * @param keyspace when not {@code null}, the ratio applies to the migrations of that keyspace only
   *     and overrides the request-wide ratio there (section 7)
   */
  record Throttle(double ratio, @Nullable String keyspace) implements Action {
    /**
     * A request-wide throttle.
     *
     * @param ratio in [0, 0.95]; another value is rejected when the action is applied
     */
    public Throttle(double ratio) {
      this(ratio, null);
    }

    @Override
    public Kind kind() {
      return Kind.THROTTLE;
    }
  }

  /** Reverts a completed deploy while its revert window is open. */
  record Revert() implements Action {
    @Override
    public Kind kind() {
      return Kind.REVERT;
    }
  }

  /** Closes the revert window at once. */
  record SkipRevert() implements Action {
    @Override
    public Kind kind() {
      return Kind.SKIP_REVERT;
    }
  }

  /** Closes the request (PlanetScale's {@code state: closed}); its deployment state is unchanged. */
  record Close() implements Action {
    @Override
    public Kind kind() {
      return Kind.CLOSE;
    }
  }

  /** Forces the cutover of the changes whose completion was sent and that have not completed yet. */
  record ForceCutover() implements Action {
    @Override
    public Kind kind() {
      return Kind.FORCE_CUTOVER;
    }
  }

  /** Releases the database a failed request holds ({@code holdQueueOnFailure}); its state is unchanged. */
  record Unblock() implements Action {
    @Override
    public Kind kind() {
      return Kind.UNBLOCK;
    }
  }

  /**
   * Approves the request; required before deploy when the request requires approval.
   *
   * @return an {@link Approve}
   */
  static Action approve() {
    return new Approve();
  }

  /**
   * A deploy that keeps the request's {@code instant} option.
   *
   * @return a {@link Deploy}
   */
  static Action deploy() {
    return new Deploy();
  }

  /**
   * A deploy that first sets the request's {@code instant} option to {@code instant}.
   *
   * @param instant the option to deploy with; a rejected deploy leaves the request's option unchanged
   * @return a {@link Deploy} with that option
   */
  static Action deploy(boolean instant) {
    return new Deploy(instant);
  }

  /**
   * Cancels a deploy that has not started its cutover.
   *
   * @return a {@link Cancel}
   */
  static Action cancel() {
    return new Cancel();
  }

  /**
   * Opens the gate of a request waiting in {@code pending_cutover}.
   *
   * @return an {@link Apply}
   */
  static Action apply() {
    return new Apply();
  }

  /**
   * Turns auto-apply on or off.
   *
   * @param on the new auto-apply option
   * @return a {@link SetAutoApply}
   */
  static Action setAutoApply(boolean on) {
    return new SetAutoApply(on);
  }

  /**
   * A request-wide throttle; 0 unthrottles.
   *
   * @param ratio in [0, 0.95]; another value is rejected when the action is applied
   * @return a {@link Throttle} with no keyspace
   */
  static Action throttle(double ratio) {
    return new Throttle(ratio);
  }

  /**
   * A throttle of one keyspace's migrations of the request.
   *
   * @param ratio in [0, 0.95]; another value is rejected when the action is applied
   * @param keyspace a keyspace one of the request's changes uses, not null; another is rejected when
   *     the action is applied
   * @return a {@link Throttle} of that keyspace
   */
  static Action throttle(double ratio, String keyspace) {
    return new Throttle(ratio, Objects.requireNonNull(keyspace, "keyspace"));
  }

  /**
   * Reverts a completed deploy while its revert window is open.
   *
   * @return a {@link Revert}
   */
  static Action revert() {
    return new Revert();
  }

  /**
   * Closes the revert window at once.
   *
   * @return a {@link SkipRevert}
   */
  static Action skipRevert() {
    return new SkipRevert();
  }

  /**
   * Closes the request; its deployment state is unchanged.
   *
   * @return a {@link Close}
   */
  static Action close() {
    return new Close();
  }

  /**
   * Forces the cutover of the changes whose completion was sent and that have not completed yet.
   *
   * @return a {@link ForceCutover}
   */
  static Action forceCutover() {
    return new ForceCutover();
  }

  /**
   * Releases the database a failed request holds; its state is unchanged.
   *
   * @return an {@link Unblock}
   */
  static Action unblock() {
    return new Unblock();
  }
}
