package dev.cutover.inmemory.property;

import java.util.List;

/**
 * Cutover's own invariants, each checked by its own class; a harness checks them all unless told
 * otherwise ({@link PropertyHarness.Builder#without}).
 */
public final class Invariants {

  /** 0: the driver never throws. */
  public static final BuiltInInvariant RUNS_TO_THE_END = new RunsToTheEnd();
  /** 1: every state change is an edge of the transition table. */
  public static final BuiltInInvariant LEGAL_TRANSITIONS = new LegalTransitions();
  /** 2: completion only behind an open gate, on the true rows. */
  public static final BuiltInInvariant GATED_COMPLETION = new GatedCompletion();
  /** 3: {@code complete_cancel} means nothing applied. */
  public static final BuiltInInvariant CANCEL_APPLIES_NOTHING = new CancelAppliesNothing();
  /** 4: complete means every row complete. */
  public static final BuiltInInvariant COMPLETE_MEANS_APPLIED = new CompleteMeansApplied();
  /** 5: reverts inside the window, last change first, one at a time. */
  public static final BuiltInInvariant REVERT_RULES = new RevertRules();
  /** 6: one occupant per database, admitted in deploy order. */
  public static final BuiltInInvariant DEPLOY_QUEUE = new DeployQueue();
  /** 7: no double submission. */
  public static final BuiltInInvariant NO_DOUBLE_SUBMISSION = new NoDoubleSubmission();
  /** 8: liveness. */
  public static final BuiltInInvariant LIVENESS = new Liveness();
  /** 9: a crashed and restarted driver reaches the same final states. */
  public static final BuiltInInvariant CRASH_RESTART = new CrashRestart();
  /** 10: two drivers reach the same final states as one. */
  public static final BuiltInInvariant TWO_DRIVERS = new TwoDrivers();
  /** 11: a closed request is never stepped. */
  public static final BuiltInInvariant CLOSED_NEVER_STEPPED = new ClosedNeverStepped();
  /** 12: no forced cutover outside {@code in_progress_cutover}. */
  public static final BuiltInInvariant FORCED_CUTOVER_ONLY_IN_CUTOVER = new ForcedCutoverOnlyInCutover();
  /** 13: a held database admits nobody until {@code unblock}. */
  public static final BuiltInInvariant HELD_QUEUE_ADMITS_NOBODY = new HeldQueueAdmitsNobody();
  /** 14: a VSchema is applied after every change is complete, its earlier one saved first. */
  public static final BuiltInInvariant VSCHEMA_AFTER_SCHEMA = new VSchemaAfterSchema();
  /** 15: {@code complete_revert} means every applied VSchema is back. */
  public static final BuiltInInvariant VSCHEMA_RESTORED = new VSchemaRestored();

  private static final List<BuiltInInvariant> ALL = List.of(RUNS_TO_THE_END, LEGAL_TRANSITIONS, GATED_COMPLETION,
      CANCEL_APPLIES_NOTHING, COMPLETE_MEANS_APPLIED, REVERT_RULES, DEPLOY_QUEUE, NO_DOUBLE_SUBMISSION, LIVENESS,
      CRASH_RESTART, TWO_DRIVERS, CLOSED_NEVER_STEPPED, FORCED_CUTOVER_ONLY_IN_CUTOVER, HELD_QUEUE_ADMITS_NOBODY,
      VSCHEMA_AFTER_SCHEMA, VSCHEMA_RESTORED);

  private Invariants() {}

  /**
   * Every built-in invariant, by number.
   *
   * @return an unmodifiable list of the 14, from 0 ({@link #RUNS_TO_THE_END}) up
   */
  public static List<BuiltInInvariant> all() {
    return ALL;
  }

  /**
   * The built-in invariant of this name ({@code GATED_COMPLETION}) or number ({@code 2}).
   *
   * @param nameOrNumber a name, in any case, or a number in decimal
   * @return the invariant
   * @throws IllegalArgumentException listing the known names, if none matches
   */
  public static BuiltInInvariant named(String nameOrNumber) {
    for (BuiltInInvariant i : ALL) {
      if (i.name().equalsIgnoreCase(nameOrNumber) || Integer.toString(i.number()).equals(nameOrNumber)) {
        return i;
      }
    }
    throw new IllegalArgumentException("invariant: no built-in invariant '" + nameOrNumber + "' (known: "
        + ALL.stream().map(BuiltInInvariant::name).toList() + ")");
  }
}
