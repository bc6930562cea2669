package dev.cutover.core;

/**
 * Why a request moves along an edge of {@link Transitions}: a user action (section 3) or a rule of
 * the tick step (section 4) or of the derivation (section 5). Every edge of the table names the
 * causes that may take it, and every move the machine makes names its cause.
 */
public enum Cause {
  /** The backend analysed the changes (section 4, {@code pending}). */
  ANALYSED("analysed"),
  /** The backend refused to analyse the changes. */
  ANALYSIS_REJECTED("analysis rejected"),
  /** The user's {@code deploy}. */
  DEPLOY(Action.Kind.DEPLOY),
  /** The user's {@code cancel}. */
  CANCEL(Action.Kind.CANCEL),
  /** The user's {@code apply}. */
  APPLY(Action.Kind.APPLY),
  /** The user's {@code revert}. */
  REVERT(Action.Kind.REVERT),
  /** The user's {@code skipRevert}. */
  SKIP_REVERT(Action.Kind.SKIP_REVERT),
  /** The deploy queue admitted the request (section 4, {@code queued}). */
  ADMITTED("admitted"),
  /** Every change was submitted (section 4, {@code submitting}). */
  ALL_SUBMITTED("all submitted"),
  /** The backend rejected a change permanently at submission. */
  SUBMISSION_REJECTED("submission rejected"),
  /** Derivation rule 1: a row failed. */
  ROW_FAILED("rule 1: a row failed"),
  /** Derivation rule 2: a row was cancelled outside this request. */
  ROW_CANCELLED("rule 2: a row cancelled"),
  /** Derivation rule 3: every row complete. */
  ALL_COMPLETE("rule 3: all complete"),
  /** Derivation rule 5: every row ready or complete. */
  GATE_OPEN("rule 5: gate open"),
  /** Derivation rule 6: a row not ready. */
  GATE_CLOSED("rule 6: gate closed"),
  /** The backend refused a completion for good, so the cutover cannot happen. */
  COMPLETION_REFUSED("completion refused"),
  /** Every expected row is terminal and none complete (section 4, {@code in_progress_cancel}). */
  CANCEL_FINISHED("cancel finished"),
  /** The cancellation found a complete row: partially applied. */
  PARTIALLY_APPLIED("partially applied"),
  /** Every migration still running refused its cancellation. */
  CANCELLATION_REFUSED("cancellation refused"),
  /** The revert window closed (section 4, {@code complete_pending_revert}). */
  REVERT_WINDOW_EXPIRED("revert window expired"),
  /** Every change was reverted. */
  REVERTED("reverted"),
  /** A revert row failed or was cancelled, or the backend rejected a revert. */
  REVERT_FAILED("revert failed"),
  /** Every keyspace's VSchema of the request is in place (section 8, {@code in_progress_vschema}). */
  VSCHEMA_APPLIED("vschema applied"),
  /** The backend refused a keyspace's VSchema (or to read the one it had) for good (section 8). */
  VSCHEMA_FAILED("vschema failed"),
  /** Every keyspace's earlier VSchema is back (section 8, {@code in_progress_revert_vschema}). */
  VSCHEMA_RESTORED("vschema restored"),
  /** The backend refused to put a keyspace's earlier VSchema back, for good (section 8). */
  VSCHEMA_RESTORE_FAILED("vschema restore failed");

  private final String label;
  private final @Nullable Action.Kind action;

  Cause(String label) {
    this.label = label;
    this.action = null;
  }

  Cause(Action.Kind action) {
    this.label = action.wireName();
    this.action = action;
  }

  /**
   * A short label: the action's name, or the rule.
   *
   * @return the label, as timelines and the state diagram print it
   */
  public String label() {
    return label;
  }

  /**
   * The user action this cause is, or {@code null} for a step or derivation rule.
   *
   * @return the action's kind, or {@code null}
   */
  public @Nullable Action.Kind action() {
    return action;
  }
}
