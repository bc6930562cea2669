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
    switch (row.status()) {
      case "complete":
        return COMPLETE;
      case "failed":
        return FAILED;
      case "cancelled":
        return CANCELLED;
      case "running":
        return row.readyToComplete() ? READY : RUNNING;
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
