package dev.cutover.core;

import java.util.List;
import java.util.Objects;

/**
 * What the backend found when it analysed a request's changes, one entry per change, in order.
 *
 * @param changes one analysis per change of the request
 */
public record Analysis(List<ChangeAnalysis> changes) {

  /**
   * Copies the entries.
   *
   * @param changes not null, no null element; copied, kept in order
   * @throws NullPointerException if {@code changes} or an entry is null
   */
  public Analysis {
    changes = List.copyOf(Objects.requireNonNull(changes, "changes"));
  }

  /**
   * The analysis of one change.
   *
   * @param instantEligible whether the change may deploy with the instant strategy
   * @param lintError why the change cannot deploy, or {@code null} if it can
   */
  public record ChangeAnalysis(boolean instantEligible, @Nullable String lintError) {
    /**
     * A deployable change.
     *
     * @param instantEligible whether it may deploy with the instant strategy
     * @return an analysis with no lint error
     */
    public static ChangeAnalysis ok(boolean instantEligible) {
      return new ChangeAnalysis(instantEligible, null);
    }

    /**
     * A change refused by lint.
     *
     * @param message why it cannot deploy, not null; the request records it as an error
     * @return an analysis with that lint error, not instant-eligible
     */
    public static ChangeAnalysis lintError(String message) {
      return new ChangeAnalysis(false, Objects.requireNonNull(message, "message"));
    }
  }
}
