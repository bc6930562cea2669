package dev.cutover.planetscale;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;

/**
 * What a deploy operation (one change) shows: its state, progress percentage and ETA. The state
 * follows the request's deployment state, per change: {@code pending} until the change is
 * submitted, then the request's state ({@code in_progress}, {@code pending_cutover}, ...).
 */
class Progress {

  /** One change's view. */
  record OfChange(String state, long percentage, long etaSeconds) {}

  /** Progress known from the request alone: 100 once complete, else 0; no ETA. */
  static Progress fromState() {
    return new Progress();
  }

  OfChange ofChange(DeployRequest r, int change) {
    String state = stateOf(r, change);
    long pct = complete(r.state()) ? 100 : 0;
    return new OfChange(state, pct, 0);
  }

  static String stateOf(DeployRequest r, int change) {
    if (r.submittedChange(change).isEmpty()) {
      return switch (r.state()) {
        case ERROR -> "error";
        case IN_PROGRESS_CANCEL, COMPLETE_CANCEL -> "complete_cancel";
        case COMPLETE_ERROR -> "complete_error";
        default -> "pending";
      };
    }
    return switch (r.state()) {
      case SUBMITTING -> "in_progress";
      default -> r.state().wireName();
    };
  }

  /** Whether every change of a request in this state has completed. */
  static boolean complete(DeployState s) {
    return s == DeployState.COMPLETE_PENDING_REVERT || s == DeployState.COMPLETE
        || s == DeployState.IN_PROGRESS_REVERT || s == DeployState.COMPLETE_REVERT
        || s == DeployState.COMPLETE_REVERT_ERROR;
  }
}
