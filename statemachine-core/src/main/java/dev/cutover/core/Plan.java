package dev.cutover.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of planning one step: the next request value (to save before acting), the commands
 * to send after it is saved, the reads the step needs before it can go on, and, for a step that
 * does nothing, for how long it will go on doing nothing.
 *
 * <p>Warnings and states entered are in the request itself ({@link DeployRequest#warnings()},
 * {@link DeployRequest#history()}).
 *
 * @param request the next value; the very request planned (same reference) when nothing changed
 * @param commands what to ask of the backend, in order, after saving {@code request}
 * @param reads empty when the step is planned; else the keyspaces whose rows of this request the
 *     step needs (its last change was just submitted, say): read them and plan again with them,
 *     and nothing else of this plan applies ({@code request} is the input, {@code commands} empty)
 * @param holdsUntil {@code null} unless the plan is quiet: the very request planned, no command, no
 *     read. For a quiet plan, the instant before which the step stays quiet: planning the same
 *     request value with an equal observation but for its time, at any time from the observation's
 *     {@link Observation#now() now} up to (not including) this instant, gives a quiet plan again.
 *     {@link Instant#MAX} when time alone never ends it (only a new request value or new rows do).
 *     A driver may skip planning a request inside that window (decision 97)
 */
public record Plan(DeployRequest request, List<Command> commands, List<String> reads, @Nullable Instant holdsUntil) {
  /**
   * Checks the parts and copies the lists.
   *
   * @param request not null
   * @param commands not null, no null element; copied; empty when {@code reads} is not
   * @param reads not null, no null element; copied
   * @param holdsUntil {@code null}, or, for a plan with no command and no read, an instant
   * @throws NullPointerException if a part or an element is null
   * @throws IllegalArgumentException if the plan both asks for reads and holds commands, or says it
   *     holds while it has commands or reads
   */
  public Plan {
    Objects.requireNonNull(request, "request");
    commands = List.copyOf(Objects.requireNonNull(commands, "commands"));
    reads = List.copyOf(Objects.requireNonNull(reads, "reads"));
    if (!reads.isEmpty() && !commands.isEmpty()) {
      throw new IllegalArgumentException("commands: must be empty when the plan asks for reads, was " + commands);
    }
    if (holdsUntil != null && !(commands.isEmpty() && reads.isEmpty())) {
      throw new IllegalArgumentException("holdsUntil: must be null for a plan with commands or reads, was "
          + holdsUntil);
    }
  }

  /**
   * A plan that says nothing of how long it holds ({@code holdsUntil} null).
   *
   * @param request not null
   * @param commands not null, no null element; copied; empty when {@code reads} is not
   * @param reads not null, no null element; copied
   * @throws NullPointerException if a part or an element is null
   * @throws IllegalArgumentException if the plan both asks for reads and holds commands
   */
  public Plan(DeployRequest request, List<Command> commands, List<String> reads) {
    this(request, commands, reads, null);
  }

  /**
   * Whether the step could not run without rows it was not given ({@link #reads()} names them).
   *
   * @return {@code !reads().isEmpty()}
   */
  public boolean needsRows() {
    return !reads.isEmpty();
  }
}
