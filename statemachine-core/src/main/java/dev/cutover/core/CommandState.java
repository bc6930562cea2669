package dev.cutover.core;

/** Where a completion or cancellation of one change stands: intent first, then the backend's answer. */
public enum CommandState {
  /** Not wanted. */
  NONE,
  /** Wanted and saved; not yet acknowledged by the backend. The driver (re)sends it. */
  REQUESTED,
  /** Acknowledged by the backend. */
  DONE,
  /** Refused permanently by the backend; not sent again. */
  FAILED;

  /**
   * Whether the command was ever wanted.
   *
   * @return true for every state but {@link #NONE}
   */
  public boolean wasRequested() {
    return this != NONE;
  }
}
