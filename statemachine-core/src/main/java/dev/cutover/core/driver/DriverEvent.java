package dev.cutover.core.driver;

import dev.cutover.core.Action;
import dev.cutover.core.Cause;
import dev.cutover.core.Command;
import dev.cutover.core.DeployState;
import dev.cutover.core.FailureKind;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.Nullable;
import java.time.Instant;
import java.util.Objects;

/**
 * Something a {@link Driver} did or saw, in the order it happened: the raw material of timelines,
 * logs and metrics. Events are reported after the store saved what they describe.
 */
public sealed interface DriverEvent {

  /**
   * When it happened, by the driver's clock (an action: the time it was applied).
   *
   * @return the instant, never null
   */
  Instant at();

  /**
   * The request it concerns.
   *
   * @return the request's id, never null
   */
  String requestId();

  /**
   * The request entered a state, along the edge of the transition table {@code cause} names: the
   * same cause its history entry keeps ({@link dev.cutover.core.HistoryEntry#cause()}).
   *
   * @param at when, by the driver's clock
   * @param requestId the request
   * @param state the state entered
   * @param cause why it entered it, or {@code null} when the request was created in it
   */
  record StateEntered(Instant at, String requestId, DeployState state, @Nullable Cause cause) implements DriverEvent {
    /**
     * Checks that no required field is null.
     *
     * @param at not null
     * @param requestId not null
     * @param state not null
     * @param cause the cause, or {@code null} for the state a request was created in
     * @throws NullPointerException naming the field, if a required one is null
     */
    public StateEntered {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(state, "state");
    }

    /**
     * A request entering the state it was created in: no cause.
     *
     * @param at not null
     * @param requestId not null
     * @param state not null
     * @throws NullPointerException naming the field, if one is null
     */
    public StateEntered(Instant at, String requestId, DeployState state) {
      this(at, requestId, state, null);
    }

    /** "dr-1 entered queued at 2026-01-01T00:00:00Z". */
    @Override
    public String toString() {
      return requestId + " entered " + state.wireName() + " at " + at;
    }
  }

  /**
   * A user action was applied, or rejected with {@code rejection} as the reason.
   *
   * @param at when it was applied
   * @param requestId the request
   * @param action the action
   * @param rejection why it was rejected, or {@code null} if it was accepted
   */
  record ActionApplied(Instant at, String requestId, Action action, @Nullable String rejection)
      implements DriverEvent {
    /**
     * Checks that no required field is null.
     *
     * @param at not null
     * @param requestId not null
     * @param action not null
     * @param rejection the reason, or {@code null} for an accepted action
     * @throws NullPointerException naming the field, if a required one is null
     */
    public ActionApplied {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(action, "action");
    }

    /** "dr-1 deploy accepted at …", or "dr-1 revert rejected at …: the reason". */
    @Override
    public String toString() {
      return requestId + " " + EventText.action(action) + (rejection == null ? " accepted at " + at
          : " rejected at " + at + ": " + rejection);
    }
  }

  /**
   * A command was sent to the backend; {@code failed} tells how it failed, or is {@code null}.
   *
   * @param at when it was sent
   * @param requestId the request
   * @param command the command
   * @param failed how the backend failed it, or {@code null} if it succeeded
   * @param message the backend's message when it failed, empty when it succeeded
   */
  record CommandSent(Instant at, String requestId, Command command, @Nullable FailureKind failed, String message)
      implements DriverEvent {
    /**
     * Checks that no required field is null.
     *
     * @param at not null
     * @param requestId not null
     * @param command not null
     * @param failed a failure kind, or {@code null} for a success
     * @param message not null
     * @throws NullPointerException naming the field, if a required one is null
     */
    public CommandSent {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(message, "message");
    }

    /** "dr-1 sent submit of change 0 (ks) at …", or "… failed (transient) at …: the message". */
    @Override
    public String toString() {
      return requestId + " " + EventText.command(command) + (failed == null ? " sent at " + at
          : " failed (" + failed.wireName() + ") at " + at + ": " + message);
    }
  }

  /**
   * A submission was resumed and its migration found by context, so it was adopted instead of resubmitted.
   *
   * @param at when, by the driver's clock
   * @param requestId the request
   * @param command the resumed submission ({@code submit} or {@code revert})
   * @param handle the migration found and adopted
   */
  record Adopted(Instant at, String requestId, Command command, MigrationHandle handle) implements DriverEvent {
    /**
     * Checks that no required field is null.
     *
     * @param at not null
     * @param requestId not null
     * @param command not null
     * @param handle not null
     * @throws NullPointerException naming the field, if a required one is null
     */
    public Adopted {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(handle, "handle");
    }

    /** "dr-1 adopted migration m-1 for submit of change 0 (ks) at …". */
    @Override
    public String toString() {
      return requestId + " adopted migration " + handle + " for " + EventText.command(command) + " at " + at;
    }
  }

  /**
   * Reading the request's migration rows failed; its step changed nothing this tick.
   *
   * @param at when, by the driver's clock
   * @param requestId the request
   * @param failed transient or permanent
   * @param message the backend's message
   */
  record ReadFailed(Instant at, String requestId, FailureKind failed, String message) implements DriverEvent {
    /**
     * Checks that no required field is null.
     *
     * @param at not null
     * @param requestId not null
     * @param failed not null
     * @param message not null
     * @throws NullPointerException naming the field, if a required one is null
     */
    public ReadFailed {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(failed, "failed");
      Objects.requireNonNull(message, "message");
    }

    /** "dr-1 reading its migration rows failed (transient) at …: the message". */
    @Override
    public String toString() {
      return requestId + " reading its migration rows failed (" + failed.wireName() + ") at " + at + ": " + message;
    }
  }

  /**
   * The request could not be driven in this tick (its stored value cannot be read, or stepping it
   * failed, a time past the end of {@code Instant} say); the other requests went on. It is tried
   * again at the next tick.
   *
   * @param at when, by the driver's clock
   * @param requestId the request
   * @param message what went wrong
   */
  record RequestFailed(Instant at, String requestId, String message) implements DriverEvent {
    /**
     * Checks that no required field is null.
     *
     * @param at not null
     * @param requestId not null
     * @param message not null
     * @throws NullPointerException naming the field, if a required one is null
     */
    public RequestFailed {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(message, "message");
    }

    /** "dr-1 skipped in the tick at …: the message". */
    @Override
    public String toString() {
      return requestId + " skipped in the tick at " + at + ": " + message;
    }
  }

  /**
   * A warning was recorded on the request (an unknown migration status, a refused command).
   *
   * @param at when, by the driver's clock
   * @param requestId the request
   * @param message the warning as the request records it
   */
  record Warning(Instant at, String requestId, String message) implements DriverEvent {
    /**
     * Checks that no required field is null.
     *
     * @param at not null
     * @param requestId not null
     * @param message not null
     * @throws NullPointerException naming the field, if a required one is null
     */
    public Warning {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(message, "message");
    }

    /** "dr-1 warning at …: the message". */
    @Override
    public String toString() {
      return requestId + " warning at " + at + ": " + message;
    }
  }

  /**
   * Reading the request's migration rows succeeded again after {@code failures} failed reads in a row
   * ({@link ReadFailed}); its step went on in this tick.
   *
   * @param at when, by the driver's clock
   * @param requestId the request
   * @param failures how many reads failed in a row before this one, 1 or more
   */
  record ReadRecovered(Instant at, String requestId, long failures) implements DriverEvent {
    /**
     * Checks the fields.
     *
     * @param at not null
     * @param requestId not null
     * @param failures 1 or more
     * @throws NullPointerException naming the field, if a required one is null
     * @throws IllegalArgumentException if {@code failures} is less than 1
     */
    public ReadRecovered {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(requestId, "requestId");
      if (failures < 1) {
        throw new IllegalArgumentException("failures: must be at least 1, was " + failures);
      }
    }

    /** "dr-1 reads its migration rows again at … after 3 failed reads". */
    @Override
    public String toString() {
      return requestId + " reads its migration rows again at " + at + " after " + failures + " failed read"
          + (failures == 1 ? "" : "s");
    }
  }

}
