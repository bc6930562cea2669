package dev.cutover.core;

/**
 * A user action on a deploy request (spec section 3). Applying one with
 * {@link DeployMachine#apply} returns the new request, or a {@link ActionResult.Rejected} value
 * that leaves the request unchanged.
 */
public sealed interface Action {

  /** The action's name as users and timelines spell it: {@code deploy}, {@code setAutoApply}, ... */
  String name();

  /** Approves the request; required before deploy when the request requires approval. */
  record Approve() implements Action {
    @Override
    public String name() {
      return "approve";
    }
  }

  /** Puts the request at the back of its database's deploy queue. */
  record Deploy() implements Action {
    @Override
    public String name() {
      return "deploy";
    }
  }

  /** Cancels a deploy that has not started its cutover. */
  record Cancel() implements Action {
    @Override
    public String name() {
      return "cancel";
    }
  }

  /** Opens the gate of a request waiting in {@code pending_cutover}. */
  record Apply() implements Action {
    @Override
    public String name() {
      return "apply";
    }
  }

  /** Turns auto-apply on or off. */
  record SetAutoApply(boolean on) implements Action {
    @Override
    public String name() {
      return "setAutoApply";
    }
  }

  /** Throttles this request's migrations; 0 unthrottles. */
  record Throttle(double ratio) implements Action {
    @Override
    public String name() {
      return "throttle";
    }
  }

  /** Reverts a completed deploy while its revert window is open. */
  record Revert() implements Action {
    @Override
    public String name() {
      return "revert";
    }
  }

  /** Closes the revert window at once. */
  record SkipRevert() implements Action {
    @Override
    public String name() {
      return "skipRevert";
    }
  }

  static Action approve() {
    return new Approve();
  }

  static Action deploy() {
    return new Deploy();
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

  static Action revert() {
    return new Revert();
  }

  static Action skipRevert() {
    return new SkipRevert();
  }
}
