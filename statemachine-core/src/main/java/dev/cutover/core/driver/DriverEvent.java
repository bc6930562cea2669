package dev.cutover.core.driver;

import dev.cutover.core.Action;
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

  /** When it happened, by the driver's clock (an action: the time it was applied). */
  Instant at();

  /** The request it concerns. */
  String requestId();

  /** The request entered a state. */
  record StateEntered(Instant at, String requestId, DeployState state) implements DriverEvent {
    public StateEntered {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(state, "state");
    }
  }

  /** A user action was applied, or rejected with {@code rejection} as the reason. */
  record ActionApplied(Instant at, String requestId, Action action, @Nullable String rejection)
      implements DriverEvent {
    public ActionApplied {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(action, "action");
    }
  }

  /** A command was sent to the backend; {@code failed} tells how it failed, or is {@code null}. */
  record CommandSent(Instant at, String requestId, Command command, @Nullable FailureKind failed, String message)
      implements DriverEvent {
    public CommandSent {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(message, "message");
    }
  }

  /** A submission was resumed and its migration found by context, so it was adopted instead of resubmitted. */
  record Adopted(Instant at, String requestId, Command command, MigrationHandle handle) implements DriverEvent {
    public Adopted {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(handle, "handle");
    }
  }

  /** Reading the request's migration rows failed; its step changed nothing this tick. */
  record ReadFailed(Instant at, String requestId, FailureKind failed, String message) implements DriverEvent {
    public ReadFailed {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(failed, "failed");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * The request could not be driven in this tick (its stored value cannot be read, or stepping it
   * failed, a time past the end of {@code Instant} say); the other requests went on. It is tried
   * again at the next tick.
   */
  record RequestFailed(Instant at, String requestId, String message) implements DriverEvent {
    public RequestFailed {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(message, "message");
    }
  }

  /** A warning was recorded on the request (an unknown migration status, a refused command). */
  record Warning(Instant at, String requestId, String message) implements DriverEvent {
    public Warning {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(message, "message");
    }
  }
}
