package dev.cutover.core;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The states of a deploy request, named byte for byte as PlanetScale's {@code deployment_state}
 * strings, so that a fake PlanetScale API built on this library needs no mapping.
 *
 * <p>The legal moves between states are declared once, in {@link Transitions}.
 */
public enum DeployState {
  /** Created; the changes are being analysed. */
  PENDING("pending"),
  /** Analysed and deployable. */
  READY("ready"),
  /** Nothing to deploy. Terminal. */
  NO_CHANGES("no_changes"),
  /** Analysis or submission failed. Terminal. */
  ERROR("error"),
  /** Deployed by the user; waiting in the database's deploy queue. */
  QUEUED("queued"),
  /** The changes are being submitted to the backend. */
  SUBMITTING("submitting"),
  /** Migrations are running (copying rows, or waiting to start). */
  IN_PROGRESS("in_progress"),
  /** Every change on every shard is ready to complete; waiting for the user to apply. */
  PENDING_CUTOVER("pending_cutover"),
  /** Completion was requested for every change; waiting for them to complete. */
  IN_PROGRESS_CUTOVER("in_progress_cutover"),
  /** All changes complete; the revert window is open. */
  COMPLETE_PENDING_REVERT("complete_pending_revert"),
  /** Done; no longer revertible. Terminal. */
  COMPLETE("complete"),
  /** A migration failed. Terminal. */
  COMPLETE_ERROR("complete_error"),
  /** Cancelling the migrations. */
  IN_PROGRESS_CANCEL("in_progress_cancel"),
  /** Cancelled; no change was applied. Terminal. */
  COMPLETE_CANCEL("complete_cancel"),
  /** Reverting the changes, last change first. */
  IN_PROGRESS_REVERT("in_progress_revert"),
  /** Reverted. Terminal. */
  COMPLETE_REVERT("complete_revert"),
  /** A revert migration failed or was cancelled. Terminal. */
  COMPLETE_REVERT_ERROR("complete_revert_error"),
  /** Every schema change complete; the request's VSchema changes are being applied (section 8). */
  IN_PROGRESS_VSCHEMA("in_progress_vschema"),
  /** Reverting: each keyspace's earlier VSchema is being put back, before the schema changes (section 8). */
  IN_PROGRESS_REVERT_VSCHEMA("in_progress_revert_vschema"),
  /** PlanetScale has it; this library never produces it. */
  CANCELLED("cancelled");

  private static final Map<String, DeployState> BY_WIRE_NAME =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(s -> s.wireName, Function.identity()));

  private static final Set<DeployState> TERMINAL =
      EnumSet.of(NO_CHANGES, ERROR, COMPLETE, COMPLETE_ERROR, COMPLETE_CANCEL, COMPLETE_REVERT, COMPLETE_REVERT_ERROR);

  /** From {@code submitting} until a terminal state, the VSchema states included. */
  private static final Set<DeployState> OCCUPYING =
      EnumSet.of(SUBMITTING, IN_PROGRESS, PENDING_CUTOVER, IN_PROGRESS_CUTOVER, COMPLETE_PENDING_REVERT,
          IN_PROGRESS_CANCEL, IN_PROGRESS_REVERT, IN_PROGRESS_VSCHEMA, IN_PROGRESS_REVERT_VSCHEMA);

  private final String wireName;

  DeployState(String wireName) {
    this.wireName = wireName;
  }

  /**
   * PlanetScale's {@code deployment_state} string, e.g. {@code "pending_cutover"}.
   *
   * @return the name, lower case with underscores; never null
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Whether no step moves a request out of this state.
   *
   * @return true for the states of {@link #terminalStates()}
   */
  public boolean isTerminal() {
    return TERMINAL.contains(this);
  }

  /**
   * Whether a request in this state holds its database, keeping the next deploy in the queue.
   *
   * @return true for the states of {@link #occupyingStates()}
   */
  public boolean occupiesDatabase() {
    return OCCUPYING.contains(this);
  }

  /**
   * The terminal states, as a new mutable set.
   *
   * @return {@code no_changes}, {@code error}, {@code complete}, {@code complete_error},
   *     {@code complete_cancel}, {@code complete_revert} and {@code complete_revert_error}
   */
  public static Set<DeployState> terminalStates() {
    return EnumSet.copyOf(TERMINAL);
  }

  /**
   * The states that occupy a database, as a new mutable set.
   *
   * @return the states from {@code submitting} until a terminal one, the VSchema states included
   */
  public static Set<DeployState> occupyingStates() {
    return EnumSet.copyOf(OCCUPYING);
  }

  /**
   * The state named by a PlanetScale {@code deployment_state} string.
   *
   * @param wireName the string, exactly as {@link #wireName()} gives it (letter case counts)
   * @return the state
   * @throws IllegalArgumentException naming the value if it is not one of the 20 states
   */
  public static DeployState fromWireName(String wireName) {
    DeployState state = BY_WIRE_NAME.get(wireName);
    if (state == null) {
      throw new IllegalArgumentException("state: unknown deployment_state '" + wireName + "'");
    }
    return state;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
