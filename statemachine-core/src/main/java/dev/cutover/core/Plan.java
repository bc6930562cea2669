package dev.cutover.core;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of planning one step: the next request value (to save before acting), the commands
 * to send after it is saved, and the reads the step needs before it can go on.
 *
 * <p>Warnings and states entered are in the request itself ({@link DeployRequest#warnings()},
 * {@link DeployRequest#history()}).
 *
 * @param request the next value; the very request planned (same reference) when nothing changed
 * @param commands what to ask of the backend, in order, after saving {@code request}
 * @param reads empty when the step is planned; else the keyspaces whose rows of this request the
 *     step needs (its last change was just submitted, say): read them and plan again with them,
 *     and nothing else of this plan applies ({@code request} is the input, {@code commands} empty)
 */
public record Plan(DeployRequest request, List<Command> commands, List<String> reads) {
  /**
   * Checks the parts and copies the lists.
   *
   * @param request not null
   * @param commands not null, no null element; copied; empty when {@code reads} is not
   * @param reads not null, no null element; copied
   * @throws NullPointerException if a part or an element is null
   * @throws IllegalArgumentException if the plan both asks for reads and holds commands
   */
  public Plan {
    Objects.requireNonNull(request, "request");
    commands = List.copyOf(Objects.requireNonNull(commands, "commands"));
    reads = List.copyOf(Objects.requireNonNull(reads, "reads"));
    if (!reads.isEmpty() && !commands.isEmpty()) {
      throw new IllegalArgumentException("commands: must be empty when the plan asks for reads, was " + commands);
    }
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
