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

  private final FailureKind kind;

  public BackendException(FailureKind kind, String message, @Nullable Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public BackendException(FailureKind kind, String message) {
    this(kind, message, null);
  }

  /** A failure worth retrying later: connection lost, timeout. */
  public static BackendException transientFailure(String message, @Nullable Throwable cause) {
    return new BackendException(FailureKind.TRANSIENT, message, cause);
  }

  /** A refusal: syntax error, rejected statement, unknown migration. */
  public static BackendException permanentFailure(String message, @Nullable Throwable cause) {
    return new BackendException(FailureKind.PERMANENT, message, cause);
  }

  public FailureKind kind() {
    return kind;
  }

  public boolean isTransient() {
    return kind == FailureKind.TRANSIENT;
  }
}
