package dev.cutover.core;

import static dev.cutover.core.DeployState.*;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Every legal move between {@link DeployState}s, declared once. Nothing in this library changes a
 * request's state except through {@link #check}, so this table is the whole machine.
 */
public final class Transitions {

  private static final Map<DeployState, Set<DeployState>> TABLE = new EnumMap<>(DeployState.class);

  static {
    allow(PENDING, READY, NO_CHANGES, ERROR);
    allow(READY, QUEUED);
    allow(QUEUED, SUBMITTING, COMPLETE_CANCEL);
    allow(SUBMITTING, IN_PROGRESS, IN_PROGRESS_CANCEL, ERROR);
    // Derivation from rows (spec section 5) may lead from any watching state to any of its outcomes.
    allow(IN_PROGRESS,
        PENDING_CUTOVER, IN_PROGRESS_CUTOVER, COMPLETE_PENDING_REVERT, COMPLETE, COMPLETE_ERROR, IN_PROGRESS_CANCEL);
    allow(PENDING_CUTOVER,
        IN_PROGRESS, IN_PROGRESS_CUTOVER, COMPLETE_PENDING_REVERT, COMPLETE, COMPLETE_ERROR, IN_PROGRESS_CANCEL);
    allow(IN_PROGRESS_CUTOVER, COMPLETE_PENDING_REVERT, COMPLETE, COMPLETE_ERROR, IN_PROGRESS_CANCEL);
    allow(COMPLETE_PENDING_REVERT, COMPLETE, IN_PROGRESS_REVERT);
    allow(IN_PROGRESS_CANCEL, COMPLETE_CANCEL, COMPLETE_ERROR);
    allow(IN_PROGRESS_REVERT, COMPLETE_REVERT, COMPLETE_REVERT_ERROR);
    for (DeployState state : DeployState.values()) {
      TABLE.putIfAbsent(state, EnumSet.noneOf(DeployState.class));
    }
  }

  private Transitions() {}

  private static void allow(DeployState from, DeployState... to) {
    Set<DeployState> targets = EnumSet.noneOf(DeployState.class);
    Collections.addAll(targets, to);
    if (TABLE.put(from, targets) != null) {
      throw new AssertionError("transitions from " + from + " declared twice");
    }
  }

  /** Whether {@code from -> to} is an edge of the table. */
  public static boolean isLegal(DeployState from, DeployState to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    return TABLE.get(from).contains(to);
  }

  /** The states reachable from {@code from} in one move, as a new mutable set. */
  public static Set<DeployState> targets(DeployState from) {
    Objects.requireNonNull(from, "from");
    Set<DeployState> targets = TABLE.get(from);
    return targets.isEmpty() ? EnumSet.noneOf(DeployState.class) : EnumSet.copyOf(targets);
  }

  /**
   * Checks one move.
   *
   * @throws IllegalTransitionException naming both states if the move is not in the table
   */
  public static void check(DeployState from, DeployState to) {
    if (!isLegal(from, to)) {
      throw new IllegalTransitionException(from, to);
    }
  }

  /** A move outside the table: a bug in this library, never a user error. */
  public static final class IllegalTransitionException extends IllegalStateException {
    private final DeployState from;
    private final DeployState to;

    IllegalTransitionException(DeployState from, DeployState to) {
      super("illegal transition " + from + " -> " + to);
      this.from = from;
      this.to = to;
    }

    public DeployState from() {
      return from;
    }

    public DeployState to() {
      return to;
    }
  }
}
