package dev.cutover.core.tck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How the backend contract lets time pass while it waits for a backend to do something: the
 * in-memory backend advances its virtual clock, a real Vitess sleeps. Every wait of the contract is
 * bounded by {@link #timeout()}, measured on {@link #now()}.
 */
public interface Waiter {

  /** The time as the backend sees it. */
  Instant now();

  /** Lets {@code duration} pass: sleeps, or moves a virtual clock forward. */
  void sleep(Duration duration) throws InterruptedException;

  /** How long one wait of the contract may last before its rule fails. */
  Duration timeout();

  /** How long to let pass between two looks at the backend. */
  Duration pollInterval();

  /** A waiter on the system clock that really sleeps: for a real backend. */
  static Waiter ofSystemClock(Duration timeout, Duration pollInterval) {
    return of(Clock.systemUTC()::instant, d -> {
      try {
        Thread.sleep(d.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting", e);
      }
    }, timeout, pollInterval);
  }

  /**
   * A waiter on a virtual clock: {@code advance} moves the clock (and with it the simulated
   * backend) forward, and returns at once.
   */
  static Waiter ofVirtualClock(Supplier<Instant> now, Consumer<Duration> advance, Duration timeout,
      Duration pollInterval) {
    return of(now, advance, timeout, pollInterval);
  }

  private static Waiter of(Supplier<Instant> now, Consumer<Duration> pass, Duration timeout, Duration pollInterval) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(pass, "advance");
    requirePositive(timeout, "timeout");
    requirePositive(pollInterval, "pollInterval");
    return new Waiter() {
      @Override
      public Instant now() {
        return now.get();
      }

      @Override
      public void sleep(Duration duration) {
        pass.accept(duration);
      }

      @Override
      public Duration timeout() {
        return timeout;
      }

      @Override
      public Duration pollInterval() {
        return pollInterval;
      }
    };
  }

  private static void requirePositive(Duration d, String field) {
    Objects.requireNonNull(d, field);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(field + ": must be strictly positive, was " + d);
    }
  }
}
