package dev.cutover.core;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of planning one step: the next request value (to save before acting), the commands
 * to send after it is saved, and whether the step needs the request's rows first.
 *
 * <p>Warnings and states entered are in the request itself ({@link DeployRequest#warnings()},
 * {@link DeployRequest#history()}).
 *
 * @param request the next value; equal to the input when nothing changed
 * @param commands what to ask of the backend, in order, after saving {@code request}
 * @param needsRows the step could not run without the rows; read them and plan again
 */
public record Plan(DeployRequest request, List<Command> commands, boolean needsRows) {
  public Plan {
    Objects.requireNonNull(request, "request");
    commands = List.copyOf(Objects.requireNonNull(commands, "commands"));
  }
}
