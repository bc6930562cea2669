package dev.cutover.core;

import java.time.Instant;
import java.util.Objects;

/** A state a request entered, and when. */
public record HistoryEntry(Instant at, DeployState state) {
  public HistoryEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(state, "state");
  }
}
