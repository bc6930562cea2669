package dev.cutover.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A state a request entered, when, and why: the edge of {@link Transitions} it took names its
 * {@link Cause}, so that a client tells why a request failed or moved on from the history alone,
 * without reading its messages.
 *
 * @param at when it entered the state
 * @param state the state
 * @param cause why it entered it, or {@code null} for the state it was created in ({@code pending})
 *     and for an entry stored before causes were kept
 */
public record HistoryEntry(Instant at, DeployState state, @Nullable Cause cause) {
  /**
   * Checks that no required part is null.
   *
   * @param at not null
   * @param state not null
   * @param cause the cause of the move, or {@code null} (see the record's description)
   * @throws NullPointerException naming the part, if a required one is null
   */
  public HistoryEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(state, "state");
  }

  /**
   * An entry without a cause: the state a request was created in, or one stored before causes were
   * kept.
   *
   * @param at not null
   * @param state not null
   * @throws NullPointerException naming the part, if one is null
   */
  public HistoryEntry(Instant at, DeployState state) {
    this(at, state, null);
  }
}
