package dev.cutover.core;

import static dev.cutover.core.DeployState.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Every legal move between {@link DeployState}s, declared once, each edge with the {@link Cause}s
 * that may take it. Nothing in this library changes a request's state except through
 * {@link #check(DeployState, DeployState, Cause)}, so this table is the whole machine. Which user
 * action is allowed where is declared beside it, in {@link ActionTable}.
 */
public final class Transitions {

  /**
   * One edge of the table: {@code from -> to}, taken for {@code cause}.
   *
   * @param from the state the move leaves
   * @param to the state it enters
   * @param cause why the move may be taken
   */
  public record Edge(DeployState from, DeployState to, Cause cause) {
    /**
     * Checks that no part is null; whether the edge is in the table is not checked.
     *
     * @param from not null
     * @param to not null
     * @param cause not null
     * @throws NullPointerException naming the part, if one is null
     */
    public Edge {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(cause, "cause");
    }
  }

  private static final Map<DeployState, Map<DeployState, Set<Cause>>> TABLE = new EnumMap<>(DeployState.class);
  private static final List<Edge> EDGES = new ArrayList<>();

  private static final DeployState[] WATCHING = {IN_PROGRESS, PENDING_CUTOVER, IN_PROGRESS_CUTOVER};

  static {
    edge(PENDING, READY, Cause.ANALYSED);
    edge(PENDING, NO_CHANGES, Cause.ANALYSED);
    edge(PENDING, ERROR, Cause.ANALYSED, Cause.ANALYSIS_REJECTED);
    edge(READY, QUEUED, Cause.DEPLOY);
    edge(QUEUED, SUBMITTING, Cause.ADMITTED);
    edge(QUEUED, COMPLETE_CANCEL, Cause.CANCEL);
    edge(SUBMITTING, IN_PROGRESS, Cause.ALL_SUBMITTED);
    edge(SUBMITTING, IN_PROGRESS_CANCEL, Cause.CANCEL);
    edge(SUBMITTING, ERROR, Cause.SUBMISSION_REJECTED);
    edge(SUBMITTING, IN_PROGRESS_VSCHEMA, Cause.ALL_SUBMITTED); // only VSchema changes (section 8)
    // Derivation from rows (spec section 5) may lead from any watching state to any of its outcomes.
    for (DeployState from : WATCHING) {
      edge(from, COMPLETE_ERROR, Cause.ROW_FAILED);
      edge(from, IN_PROGRESS_CANCEL, Cause.ROW_CANCELLED);
      edge(from, COMPLETE_PENDING_REVERT, Cause.ALL_COMPLETE);
      edge(from, COMPLETE, Cause.ALL_COMPLETE);
      edge(from, IN_PROGRESS_VSCHEMA, Cause.ALL_COMPLETE); // rule 3 with VSchema changes (section 8)
    }
    edge(IN_PROGRESS, PENDING_CUTOVER, Cause.GATE_OPEN);
    edge(IN_PROGRESS, IN_PROGRESS_CUTOVER, Cause.GATE_OPEN);
    edge(IN_PROGRESS, IN_PROGRESS_CANCEL, Cause.CANCEL);
    edge(PENDING_CUTOVER, IN_PROGRESS, Cause.GATE_CLOSED);
    edge(PENDING_CUTOVER, IN_PROGRESS_CUTOVER, Cause.GATE_OPEN, Cause.APPLY);
    edge(PENDING_CUTOVER, IN_PROGRESS_CANCEL, Cause.CANCEL);
    edge(IN_PROGRESS_CUTOVER, COMPLETE_ERROR, Cause.COMPLETION_REFUSED);
    edge(COMPLETE_PENDING_REVERT, COMPLETE, Cause.REVERT_WINDOW_EXPIRED, Cause.SKIP_REVERT);
    edge(COMPLETE_PENDING_REVERT, IN_PROGRESS_REVERT, Cause.REVERT);
    edge(IN_PROGRESS_CANCEL, COMPLETE_CANCEL, Cause.CANCEL_FINISHED);
    edge(IN_PROGRESS_CANCEL, COMPLETE_ERROR, Cause.PARTIALLY_APPLIED, Cause.CANCELLATION_REFUSED);
    edge(IN_PROGRESS_REVERT, COMPLETE_REVERT, Cause.REVERTED);
    edge(IN_PROGRESS_REVERT, COMPLETE_REVERT_ERROR, Cause.REVERT_FAILED);
    // VSchema changes (section 8): applied after the schema changes, put back before they are reverted.
    edge(IN_PROGRESS_VSCHEMA, COMPLETE_PENDING_REVERT, Cause.VSCHEMA_APPLIED);
    edge(IN_PROGRESS_VSCHEMA, COMPLETE, Cause.VSCHEMA_APPLIED);
    edge(IN_PROGRESS_VSCHEMA, COMPLETE_ERROR, Cause.VSCHEMA_FAILED);
    edge(COMPLETE_PENDING_REVERT, IN_PROGRESS_REVERT_VSCHEMA, Cause.REVERT);
    edge(IN_PROGRESS_REVERT_VSCHEMA, IN_PROGRESS_REVERT, Cause.VSCHEMA_RESTORED);
    edge(IN_PROGRESS_REVERT_VSCHEMA, COMPLETE_REVERT, Cause.VSCHEMA_RESTORED);
    edge(IN_PROGRESS_REVERT_VSCHEMA, COMPLETE_REVERT_ERROR, Cause.VSCHEMA_RESTORE_FAILED);
    for (DeployState state : DeployState.values()) {
      TABLE.putIfAbsent(state, new EnumMap<>(DeployState.class));
    }
  }

  private Transitions() {}

  private static void edge(DeployState from, DeployState to, Cause... causes) {
    Set<Cause> set = TABLE.computeIfAbsent(from, k -> new EnumMap<>(DeployState.class))
        .computeIfAbsent(to, k -> EnumSet.noneOf(Cause.class));
    for (Cause cause : causes) {
      if (!set.add(cause)) {
        throw new AssertionError("edge " + from + " -> " + to + " (" + cause + ") declared twice");
      }
      EDGES.add(new Edge(from, to, cause));
    }
  }

  /**
   * Whether {@code from -> to} is an edge of the table, for some cause.
   *
   * @param from the state left, not null
   * @param to the state entered, not null
   * @return true if some cause may take the move; false for staying in a state (no state has an edge
   *     to itself)
   */
  public static boolean isLegal(DeployState from, DeployState to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    return TABLE.get(from).containsKey(to);
  }

  /**
   * Whether {@code from -> to} is an edge of the table for {@code cause}.
   *
   * @param from the state left, not null
   * @param to the state entered, not null
   * @param cause why, not null
   * @return true if the table has that edge for that cause
   */
  public static boolean isLegal(DeployState from, DeployState to, Cause cause) {
    Objects.requireNonNull(cause, "cause");
    return isLegal(from, to) && TABLE.get(from).get(to).contains(cause);
  }

  /**
   * The states reachable from {@code from} in one move, as a new mutable set.
   *
   * @param from the state, not null
   * @return a new set in {@link DeployState} order; empty for a state with no way out (a terminal one)
   */
  public static Set<DeployState> targets(DeployState from) {
    Objects.requireNonNull(from, "from");
    Set<DeployState> targets = TABLE.get(from).keySet();
    return targets.isEmpty() ? EnumSet.noneOf(DeployState.class) : EnumSet.copyOf(targets);
  }

  /**
   * The causes that may take {@code from -> to} (empty if it is no edge), as a new mutable set.
   *
   * @param from the state left, not null
   * @param to the state entered, not null
   * @return a new set in {@link Cause} order, empty if the move is not in the table
   */
  public static Set<Cause> causes(DeployState from, DeployState to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Set<Cause> causes = TABLE.get(from).get(to);
    return causes == null ? EnumSet.noneOf(Cause.class) : EnumSet.copyOf(causes);
  }

  /**
   * Every edge, in the order declared, one per cause.
   *
   * @return an unmodifiable list; a move with two causes is listed twice
   */
  public static List<Edge> edges() {
    return Collections.unmodifiableList(EDGES);
  }

  /**
   * Checks one move, whatever its cause.
   *
   * @param from the state left, not null
   * @param to the state entered, not null
   * @throws IllegalTransitionException naming both states if the move is not in the table
   */
  public static void check(DeployState from, DeployState to) {
    if (!isLegal(from, to)) {
      throw new IllegalTransitionException(from, to, null);
    }
  }

  /**
   * Checks one move and its cause.
   *
   * @param from the state left, not null
   * @param to the state entered, not null
   * @param cause why, not null
   * @throws IllegalTransitionException naming both states (and the cause) if the move is not in the table
   */
  public static void check(DeployState from, DeployState to, Cause cause) {
    if (!isLegal(from, to, cause)) {
      throw new IllegalTransitionException(from, to, isLegal(from, to) ? cause : null);
    }
  }

  /** A move outside the table: a bug in this library, never a user error. */
  public static final class IllegalTransitionException extends IllegalStateException {
    /** The state the move would leave. */
    private final DeployState from;
    /** The state the move would enter. */
    private final DeployState to;

    IllegalTransitionException(DeployState from, DeployState to, @Nullable Cause cause) {
      super("illegal transition " + from + " -> " + to + (cause == null ? "" : " for " + cause.label()));
      this.from = from;
      this.to = to;
    }

    /**
     * The state the move would leave.
     *
     * @return the state, never null
     */
    public DeployState from() {
      return from;
    }

    /**
     * The state the move would enter.
     *
     * @return the state, never null
     */
    public DeployState to() {
      return to;
    }
  }
}
