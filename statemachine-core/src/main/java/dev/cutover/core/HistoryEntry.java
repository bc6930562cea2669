package dev.cutover.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A state a request entered, and when.
 *
 * @param at when it entered the state
 * @param state the state
 */
public record HistoryEntry(Instant at, DeployState state) {
  /**
   * Checks that no part is null.
   *
   * @param at not null
   * @param state not null
   * @throws NullPointerException naming the part, if one is null
   */
  public HistoryEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(state, "state");
  }
}
