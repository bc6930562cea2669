package dev.cutover.inmemory.property;

/**
 * The properties every generated timeline must have, numbered as in the harness's report. Each
 * names the rule of {@code shared/spec/deploy-requests.md} it checks.
 */
public enum Invariant {
  /** Not a spec rule: the driver must not throw (an exception is a bug in the library). */
  RUNS_TO_THE_END(0, "the driver never throws"),
  LEGAL_TRANSITIONS(1, "every state change is an edge of the transition table (Transitions.isLegal)"),
  GATED_COMPLETION(2, "completion is requested only when every expected row of every change of the request is"
      + " READY or COMPLETE (spec 5, the gate)"),
  CANCEL_APPLIES_NOTHING(3, "complete_cancel implies no completion was ever requested and no row is complete"),
  COMPLETE_MEANS_APPLIED(4, "complete_pending_revert, and complete reached without a revert, imply every expected"
      + " row complete"),
  REVERT_RULES(5, "a revert is accepted only before revertExpiresAt (never for instant); reverts run one at a time,"
      + " last change first"),
  DEPLOY_QUEUE(6, "at most one request occupies a database at any time; admission follows deploy order"),
  NO_DOUBLE_SUBMISSION(7, "no change (nor its revert) is submitted twice"),
  LIVENESS(8, "with no failure, fault or forced row and auto-apply on, a deployed request reaches"
      + " complete_pending_revert by admission + slowest row + 3 poll intervals"),
  CRASH_RESTART(9, "a driver killed between two backend or store calls and restarted from the store reaches the"
      + " same final states, with no double submission"),
  TWO_DRIVERS(10, "two drivers over one store reach the same final states as one");

  private final int number;
  private final String rule;

  Invariant(int number, String rule) {
    this.number = number;
    this.rule = rule;
  }

  /** The invariant's number in reports. */
  public int number() {
    return number;
  }

  /** What must hold, in words. */
  public String rule() {
    return rule;
  }

  /** "invariant 2 (GATED_COMPLETION)". */
  public String label() {
    return "invariant " + number + " (" + name() + ")";
  }
}
