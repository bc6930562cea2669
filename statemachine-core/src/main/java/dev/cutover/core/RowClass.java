package dev.cutover.core;

/**
 * How one expected migration row counts towards the gate (spec section 5). A row that is expected
 * but not visible is {@link #PENDING}: never done.
 */
public enum RowClass {
  PENDING,
  RUNNING,
  READY,
  COMPLETE,
  FAILED,
  CANCELLED;

  /** Whether the row can no longer change: complete, failed or cancelled. */
  public boolean isTerminal() {
    return this == COMPLETE || this == FAILED || this == CANCELLED;
  }

  /** Whether the row lets the gate open: ready to complete, or already complete. */
  public boolean opensGate() {
    return this == READY || this == COMPLETE;
  }

  /**
   * Classifies one row; {@code null} means the row is expected but not visible.
   *
   * @see #isKnownStatus(String)
   */
  public static RowClass of(@Nullable MigrationRow row) {
    if (row == null) {
      return PENDING;
    }
    String status = row.status();
    // the statuses of a polling loop's steady state first: each test is a reference comparison
    // when the backend hands over the literal (as Cutover's backends do), else a string comparison
    if ("running".equals(status)) {
      return row.readyToComplete() ? READY : RUNNING;
    }
    if ("complete".equals(status)) {
      return COMPLETE;
    }
    switch (status) {
      case "failed":
        return FAILED;
      case "cancelled":
        return CANCELLED;
      case "queued":
      case "ready":
      case "requested":
        return row.readyToComplete() ? READY : PENDING;
      default:
        return PENDING;
    }
  }

  /** Whether a status string is one the derivation knows; any other counts as pending, with a warning. */
  public static boolean isKnownStatus(String status) {
    switch (status) {
      case "complete":
      case "failed":
      case "cancelled":
      case "running":
      case "queued":
      case "ready":
      case "requested":
        return true;
      default:
        return false;
    }
  }
}
