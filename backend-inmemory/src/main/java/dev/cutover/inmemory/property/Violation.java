package dev.cutover.inmemory.property;

import dev.cutover.core.Nullable;
import java.time.Duration;
import java.util.Objects;

/**
 * One time an {@link Invariant} did not hold.
 *
 * @param invariant which one
 * @param run which run of the scenario showed it ({@code plain}, {@code crash-restart (killed before call #17)},
 *     {@code two-drivers})
 * @param at when, from the start of the simulation, or {@code null} if it concerns the whole run
 * @param requestId the request concerned, or {@code null}
 * @param message what happened
 */
public record Violation(Invariant invariant, String run, @Nullable Duration at, @Nullable String requestId,
    String message) {

  /**
   * Checks the fields; {@link Moment#fail} makes these.
   *
   * @param invariant not null
   * @param run not null
   * @param at a time from the start, or {@code null}
   * @param requestId a request id, or {@code null}
   * @param message not null
   * @throws NullPointerException if {@code invariant}, {@code run} or {@code message} is null
   */
  public Violation {
    Objects.requireNonNull(invariant, "invariant");
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(message, "message");
  }

  /**
   * The kind of run: {@code plain}, {@code variant}, {@code crash-restart} or {@code two-drivers}.
   *
   * @return the run's name up to its first space (the whole name if it has none)
   */
  public String runKind() {
    int space = run.indexOf(' ');
    return space < 0 ? run : run.substring(0, space);
  }

  @Override
  public String toString() {
    return invariant.label() + " in the " + run + " run" + (at == null ? "" : " at " + at)
        + (requestId == null ? "" : ", " + requestId) + ": " + message;
  }
}
