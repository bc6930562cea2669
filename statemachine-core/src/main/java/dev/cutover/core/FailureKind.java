package dev.cutover.core;

/** Whether a backend failure is worth retrying on a later tick. */
public enum FailureKind {
  /** Connection lost, timeout, overload: the same call may succeed later. */
  TRANSIENT,
  /** The backend refused the call (syntax, rejected statement): retrying will not help. */
  PERMANENT;

  /**
   * The lower-case name used in timelines: {@code transient} or {@code permanent}.
   *
   * @return the name in lower case
   */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
