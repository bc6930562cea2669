package dev.cutover.inmemory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until it is moved by hand: the virtual time of simulations and
 * tests. Share one instance between the {@link InMemoryBackend} and the driver so both see the same
 * instant. Thread-safe; time may be moved forward or backward (a simulation applies an action at its
 * own time, then moves on to the tick's time).
 */
public final class VirtualClock extends Clock {

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private VirtualClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * A clock standing at {@code start}, in UTC.
   *
   * @param start the instant it reads until moved, not null
   * @return a new clock, sharing its time with no other
   */
  public static VirtualClock at(Instant start) {
    return new VirtualClock(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  /**
   * A clock standing at the epoch, {@code 1970-01-01T00:00:00Z}: elapsed time reads as the instant.
   *
   * @return a new clock at {@link Instant#EPOCH}, in UTC
   */
  public static VirtualClock atEpoch() {
    return at(Instant.EPOCH);
  }

  /**
   * Moves the clock to {@code instant}.
   *
   * @param instant the new time, not null; it may be before the current one
   */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  /**
   * Moves the clock forward by {@code duration} (backward if it is negative) and returns the new time.
   *
   * @param duration how far to move, not null; zero leaves the time as it is
   * @return the time after the move
   */
  public Instant advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    return now.updateAndGet(t -> t.plus(duration));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A view in another zone that shares this clock's time: moving either moves both. */
  @Override
  public VirtualClock withZone(ZoneId zone) {
    return new VirtualClock(now, Objects.requireNonNull(zone, "zone"));
  }

  @Override
  public String toString() {
    return "VirtualClock[" + now.get() + "]";
  }
}
