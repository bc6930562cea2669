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
    APPROVE("approve"),
    DEPLOY("deploy"),
    CANCEL("cancel"),
    APPLY("apply"),
    SET_AUTO_APPLY("setAutoApply"),
    THROTTLE("throttle"),
    REVERT("revert"),
    SKIP_REVERT("skipRevert"),
    CLOSE("close"),
    FORCE_CUTOVER("forceCutover"),
    UNBLOCK("unblock");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    /** The action's name as users, scenario files and timelines spell it. */
    public String wireName() {
      return wireName;
    }

    @Override
    public String toString() {
      return wireName;
    }
  }

  /** Which action this is. */
  Kind kind();

  /** The action's name as users and timelines spell it: {@code deploy}, {@code setAutoApply}, ... */
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

  /** Turns auto-apply on or off. */
  record SetAutoApply(boolean on) implements Action {
    @Override
    public Kind kind() {
      return Kind.SET_AUTO_APPLY;
    }
  }

  /**
   * Throttles this request's migrations; 0 unthrottles.
   *
   * @param ratio in [0, 0.95]
   * @param keyspace when not {@code null}, the ratio applies to the migrations of that keyspace only
   *     and overrides the request-wide ratio there (section 7)
   */
  record Throttle(double ratio, @Nullable String keyspace) implements Action {
    /** A request-wide throttle. */
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

  static Action approve() {
    return new Approve();
  }

  static Action deploy() {
    return new Deploy();
  }

  /** A deploy that first sets the request's {@code instant} option to {@code instant}. */
  static Action deploy(boolean instant) {
    return new Deploy(instant);
  }

  static Action cancel() {
    return new Cancel();
  }

  static Action apply() {
    return new Apply();
  }

  static Action setAutoApply(boolean on) {
    return new SetAutoApply(on);
  }

  static Action throttle(double ratio) {
    return new Throttle(ratio);
  }

  /** A throttle of one keyspace's migrations of the request. */
  static Action throttle(double ratio, String keyspace) {
    return new Throttle(ratio, Objects.requireNonNull(keyspace, "keyspace"));
  }

  static Action revert() {
    return new Revert();
  }

  static Action skipRevert() {
    return new SkipRevert();
  }

  static Action close() {
    return new Close();
  }

  static Action forceCutover() {
    return new ForceCutover();
  }

  static Action unblock() {
    return new Unblock();
  }
}
