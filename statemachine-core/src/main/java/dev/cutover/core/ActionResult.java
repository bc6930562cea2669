package dev.cutover.core;

import java.util.Objects;

/** What applying a user action gave: the new request, or a rejection that changed nothing. */
public sealed interface ActionResult {

  /** The request after the action (unchanged when rejected). */
  DeployRequest request();

  /** Whether the action was accepted. */
  default boolean accepted() {
    return this instanceof Accepted;
  }

  /** The action was applied; {@code request} is the new value, not yet saved. */
  record Accepted(DeployRequest request) implements ActionResult {
    public Accepted {
      Objects.requireNonNull(request, "request");
    }
  }

  /**
   * The action was refused; {@code request} is the request as it was.
   *
   * @param reason names the action and the state, e.g. {@code "revert is not allowed in state complete"}
   */
  record Rejected(DeployRequest request, Action action, Kind kind, String reason) implements ActionResult {
    public Rejected {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Why an action was rejected. */
  enum Kind {
    /** The action is not allowed in the request's state (or its conditions do not hold). */
    NOT_ALLOWED,
    /** The action's argument is out of range (a throttle ratio outside [0, 0.95]). */
    INVALID_ARGUMENT
  }
}
