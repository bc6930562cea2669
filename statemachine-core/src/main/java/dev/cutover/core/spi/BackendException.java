package dev.cutover.core.spi;

import dev.cutover.core.FailureKind;
import dev.cutover.core.Nullable;
import java.util.Objects;

/**
 * A backend call that failed, typed as {@link FailureKind#TRANSIENT} (the driver retries it on a
 * later tick) or {@link FailureKind#PERMANENT} (the backend refused it).
 */
public final class BackendException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Whether the failure is transient or permanent. */
  private final FailureKind kind;

  /**
   * A failed call.
   *
   * @param kind transient (retry later) or permanent (refused), not null
   * @param message what failed and why, not null
   * @param cause what the backend threw underneath (a {@code java.sql.SQLException}, say), or
   *     {@code null}
   */
  public BackendException(FailureKind kind, String message, @Nullable Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /**
   * A failed call with no underlying exception.
   *
   * @param kind transient (retry later) or permanent (refused), not null
   * @param message what failed and why, not null
   */
  public BackendException(FailureKind kind, String message) {
    this(kind, message, null);
  }

  /**
   * A failure worth retrying later: connection lost, timeout.
   *
   * @param message what failed and why, not null
   * @param cause the underlying exception, or {@code null}
   * @return a {@link FailureKind#TRANSIENT} exception
   */
  public static BackendException transientFailure(String message, @Nullable Throwable cause) {
    return new BackendException(FailureKind.TRANSIENT, message, cause);
  }

  /**
   * A refusal: syntax error, rejected statement, unknown migration.
   *
   * @param message what was refused and why, not null
   * @param cause the underlying exception, or {@code null}
   * @return a {@link FailureKind#PERMANENT} exception
   */
  public static BackendException permanentFailure(String message, @Nullable Throwable cause) {
    return new BackendException(FailureKind.PERMANENT, message, cause);
  }

  /**
   * Whether the failure is transient or permanent.
   *
   * @return the kind, never null
   */
  public FailureKind kind() {
    return kind;
  }

  /**
   * Whether the driver should retry the call later.
   *
   * @return true for {@link FailureKind#TRANSIENT}
   */
  public boolean isTransient() {
    return kind == FailureKind.TRANSIENT;
  }
}
