package dev.cutover.planetscale;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.Nullable;
import dev.cutover.core.Progress;
import java.time.Duration;

/**
 * What a deploy operation (one change) shows: its state, progress percentage and ETA. The state is
 * {@code pending} until the change is submitted, then the request's deployment state. Progress and
 * ETA come from the driver's last read of the rows ({@link Progress}): the mean of the change's rows
 * (a complete row counts 100, one not visible yet 0) and the largest ETA reported. A request the
 * driver no longer watches shows 100 once its changes completed, else the last known 0.
 */
final class OperationView {

  /** One change's view. */
  record OfChange(String state, long percentage, long etaSeconds) {}

  private final @Nullable Progress progress;

  private OperationView(@Nullable Progress progress) {
    this.progress = progress;
  }

  /** The view from the driver's last read of the request's rows, or from its state alone ({@code null}). */
  static OperationView of(@Nullable Progress progress) {
    return new OperationView(progress);
  }

  OfChange ofChange(DeployRequest r, int change) {
    String state = stateOf(r, change);
    if (complete(r.state()) && r.state() != DeployState.IN_PROGRESS_REVERT) {
      return new OfChange(state, 100, 0);
    }
    if (progress == null || progress.state() != r.state()) {
      return new OfChange(state, 0, 0);
    }
    long sum = 0;
    int rows = 0;
    long eta = 0;
    for (Progress.Row row : progress.rows()) {
      if (row.change() != change) {
        continue;
      }
      rows++;
      sum += row.weight();
      Duration d = row.eta();
      if (d != null) {
        eta = Math.max(eta, (d.toMillis() + 999) / 1000);
      }
    }
    return new OfChange(state, rows == 0 ? 0 : Math.round((double) sum / rows), eta);
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
    return r.state() == DeployState.SUBMITTING ? "in_progress" : r.state().wireName();
  }

  /** Whether every change of a request in this state has completed. */
  static boolean complete(DeployState s) {
    return s == DeployState.COMPLETE_PENDING_REVERT || s == DeployState.COMPLETE
        || s == DeployState.IN_PROGRESS_REVERT || s == DeployState.COMPLETE_REVERT
        || s == DeployState.COMPLETE_REVERT_ERROR;
  }
}
