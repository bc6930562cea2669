package dev.cutover.core;

/**
 * How one expected migration row counts towards the gate (spec section 5). A row that is expected
 * but not visible is {@link #PENDING}: never done.
 */
public enum RowClass {
  /**
   * Not visible yet, {@code queued}, {@code ready} or {@code requested} and not ready to complete, or
   * a status the derivation does not know.
   */
  PENDING,
  /** {@code running}, not ready to complete yet. */
  RUNNING,
  /**
   * Ready to complete: {@code running} (or {@code queued}, {@code ready}, {@code requested}) with
   * ready_to_complete.
   */
  READY,
  /** {@code complete}: the change is applied on this shard. */
  COMPLETE,
  /** {@code failed}. */
  FAILED,
  /** {@code cancelled}. */
  CANCELLED;

  /**
   * Whether the row can no longer change: complete, failed or cancelled.
   *
   * @return true for {@link #COMPLETE}, {@link #FAILED} and {@link #CANCELLED}
   */
  public boolean isTerminal() {
    return this == COMPLETE || this == FAILED || this == CANCELLED;
  }

  /**
   * Whether the row lets the gate open: ready to complete, or already complete.
   *
   * @return true for {@link #READY} and {@link #COMPLETE}
   */
  public boolean opensGate() {
    return this == READY || this == COMPLETE;
  }

  /**
   * Classifies one row; {@code null} means the row is expected but not visible.
   *
   * @param row the row as read, or {@code null} if the backend did not report it
   * @return its class; {@link #PENDING} for {@code null} and for an unknown status
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

  /**
   * Whether a status string is one the derivation knows; any other counts as pending, with a warning.
   *
   * @param status a row's status, not null; compared exactly (letter case counts)
   * @return true for {@code complete}, {@code failed}, {@code cancelled}, {@code running}, {@code queued},
   *     {@code ready} and {@code requested}
   */
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
