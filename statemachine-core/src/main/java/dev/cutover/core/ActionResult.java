package dev.cutover.core;

import java.util.Objects;

/** What applying a user action gave: the new request, or a rejection that changed nothing. */
public sealed interface ActionResult {

  /**
   * The request after the action (unchanged when rejected).
   *
   * @return the new value when accepted, the value the action was applied to when rejected
   */
  DeployRequest request();

  /**
   * Whether the action was accepted.
   *
   * @return true for {@link Accepted}
   */
  default boolean accepted() {
    return this instanceof Accepted;
  }

  /**
   * The action was applied; {@code request} is the new value, not yet saved.
   *
   * @param request the request after the action (a driver's {@code act} returns it as saved)
   */
  record Accepted(DeployRequest request) implements ActionResult {
    /**
     * Checks the request.
     *
     * @param request not null
     * @throws NullPointerException if {@code request} is null
     */
    public Accepted {
      Objects.requireNonNull(request, "request");
    }
  }

  /**
   * The action was refused; {@code request} is the request as it was.
   *
   * @param request the request, unchanged
   * @param action the action that was refused
   * @param kind whether the state refused it or its argument is out of range
   * @param reason names the action and the state, e.g. {@code "revert is not allowed in state complete"}
   */
  record Rejected(DeployRequest request, Action action, Kind kind, String reason) implements ActionResult {
    /**
     * Checks that no part is null.
     *
     * @param request not null
     * @param action not null
     * @param kind not null
     * @param reason not null
     * @throws NullPointerException naming the part, if one is null
     */
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
