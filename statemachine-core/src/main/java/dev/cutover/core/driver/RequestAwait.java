package dev.cutover.core.driver;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.Nullable;
import dev.cutover.core.spi.DeployRequestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Waits until a request reaches a state, or any terminal state, and returns it as stored. Two ways
 * to wait, the same questions:
 *
 * <pre>{@code
 * // real time, a DriverLoop ticking the driver: look at the store every 100 ms
 * DeployRequest done = RequestAwait.polling(store)
 *     .until("dr-1", DeployState.COMPLETE_PENDING_REVERT, Duration.ofMinutes(30));
 *
 * // a test on a virtual clock: move the clock one poll interval, tick, look; no thread, no sleep
 * DeployRequest end = RequestAwait.ticking(driver, store, clock::advance)
 *     .every(Duration.ofSeconds(1))
 *     .untilTerminal("dr-1", Duration.ofHours(1));
 * }</pre>
 *
 * <p>The wait ends early, with {@link NotReached}, when the request ends in a terminal state other
 * than those waited for (it will never get there); after the timeout it ends with {@link NotReached}
 * too, naming the state the request is in. Polling measures the timeout on {@link System#nanoTime()};
 * ticking measures it on the driver's clock, so a test waits in virtual time only. Instances are
 * immutable and may be shared.
 */
public final class RequestAwait {

  /** How often {@link #polling} looks and {@link #ticking} ticks unless told otherwise. */
  public static final Duration DEFAULT_POLLING = Duration.ofMillis(100);
  /** How far {@link #ticking} moves the clock between ticks unless told otherwise. */
  public static final Duration DEFAULT_TICK = Duration.ofSeconds(1);

  private final DeployRequestStore store;
  private final @Nullable Driver driver;
  private final @Nullable Consumer<Duration> advance;
  private final Duration every;

  private RequestAwait(DeployRequestStore store, @Nullable Driver driver, @Nullable Consumer<Duration> advance,
      Duration every) {
    this.store = store;
    this.driver = driver;
    this.advance = advance;
    this.every = every;
  }

  /**
   * Waits on real time, reading the request from {@code store} every {@link #DEFAULT_POLLING} while
   * something else (a {@link DriverLoop}, another process) drives it.
   *
   * @param store the store the request is in, not null
   * @return a waiter
   */
  public static RequestAwait polling(DeployRequestStore store) {
    return new RequestAwait(Objects.requireNonNull(store, "store"), null, null, DEFAULT_POLLING);
  }

  /**
   * Waits on a clock a test moves: before each look, moves the clock by the step ({@link
   * #DEFAULT_TICK} unless {@link #every}) with {@code advance} and ticks {@code driver} once.
   *
   * @param driver the driver to tick, not null; its clock measures the timeout
   * @param store the driver's store, not null
   * @param advance moves the clock by the given duration, not null ({@code virtualClock::advance})
   * @return a waiter
   */
  public static RequestAwait ticking(Driver driver, DeployRequestStore store, Consumer<Duration> advance) {
    return new RequestAwait(Objects.requireNonNull(store, "store"), Objects.requireNonNull(driver, "driver"),
        Objects.requireNonNull(advance, "advance"), DEFAULT_TICK);
  }

  /**
   * How often to look: polling, the pause between two reads; ticking, how far the clock moves
   * before each tick (the driver's poll interval, say).
   *
   * @param interval positive
   * @return a waiter like this one with that interval
   * @throws IllegalArgumentException if {@code interval} is zero or negative
   */
  public RequestAwait every(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval: must be positive, was " + interval);
    }
    return new RequestAwait(store, driver, advance, interval);
  }

  /**
   * Waits until the request is in {@code state}.
   *
   * @param requestId the request's id, not null; it may not exist yet when the wait starts
   * @param state the state to wait for, not null
   * @param timeout how long to wait at most, not negative
   * @return the request as stored, in {@code state}
   * @throws NotReached if it ended in another terminal state, or was not in {@code state} by the timeout
   * @throws InterruptedException if the polling thread is interrupted
   */
  public DeployRequest until(String requestId, DeployState state, Duration timeout) throws InterruptedException {
    Objects.requireNonNull(state, "state");
    return untilAny(requestId, EnumSet.of(state), timeout);
  }

  /**
   * Waits until the request is in a terminal state ({@link DeployState#isTerminal()}).
   *
   * @param requestId the request's id, not null
   * @param timeout how long to wait at most, not negative
   * @return the request as stored, in a terminal state
   * @throws NotReached if it was not terminal by the timeout
   * @throws InterruptedException if the polling thread is interrupted
   */
  public DeployRequest untilTerminal(String requestId, Duration timeout) throws InterruptedException {
    return untilAny(requestId, DeployState.terminalStates(), timeout);
  }

  /**
   * Waits until the request is in one of {@code states}.
   *
   * @param requestId the request's id, not null
   * @param states the states to wait for, not null or empty
   * @param timeout how long to wait at most, not negative
   * @return the request as stored, in one of {@code states}
   * @throws NotReached if it ended in a terminal state not among them, or was in none of them by the timeout
   * @throws InterruptedException if the polling thread is interrupted
   * @throws IllegalArgumentException if {@code states} is empty or {@code timeout} negative
   */
  public DeployRequest untilAny(String requestId, Set<DeployState> states, Duration timeout)
      throws InterruptedException {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(states, "states");
    Objects.requireNonNull(timeout, "timeout");
    if (states.isEmpty()) {
      throw new IllegalArgumentException("states: must name at least one state, was empty");
    }
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout: must not be negative, was " + timeout);
    }
    Set<DeployState> wanted = EnumSet.copyOf(states);
    String what = wanted.equals(DeployState.terminalStates()) ? "a terminal state"
        : wanted.size() == 1 ? wanted.iterator().next().wireName() : "one of " + names(wanted);
    long startNanos = System.nanoTime();
    Instant deadline = driver == null ? null : plus(driver.clock().instant(), timeout);
    while (true) {
      Optional<DeployRequest> seen = store.get(requestId);
      if (seen.isPresent()) {
        DeployRequest r = seen.get();
        if (wanted.contains(r.state())) {
          return r;
        }
        if (r.state().isTerminal()) {
          throw new NotReached(requestId + " ended in " + r.state().wireName() + " and will never reach " + what, r);
        }
      }
      boolean late;
      if (driver == null) {
        long left = timeout.toNanos() - (System.nanoTime() - startNanos);
        late = left <= 0;
        if (!late) {
          Thread.sleep(Math.max(1, Math.min(every.toMillis(), (left + 999_999) / 1_000_000)));
          continue;
        }
      } else {
        late = !driver.clock().instant().isBefore(deadline);
        if (!late) {
          advance.accept(every);
          driver.tick();
          continue;
        }
      }
      throw new NotReached(requestId + " did not reach " + what + " within " + timeout + ": " + seen
          .map(r -> "it is in " + r.state().wireName()).orElse("no such request in the store"), seen.orElse(null));
    }
  }

  private static Instant plus(Instant start, Duration timeout) {
    try {
      return start.plus(timeout);
    } catch (ArithmeticException | java.time.DateTimeException e) {
      return Instant.MAX;
    }
  }

  private static String names(Set<DeployState> states) {
    StringBuilder sb = new StringBuilder("[");
    for (DeployState s : states) {
      sb.append(sb.length() > 1 ? ", " : "").append(s.wireName());
    }
    return sb.append(']').toString();
  }

  /** The request did not reach the states waited for: the timeout passed, or it ended elsewhere. */
  public static final class NotReached extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient @Nullable DeployRequest request;

    NotReached(String message, @Nullable DeployRequest request) {
      super(message);
      this.request = request;
    }

    /**
     * The request as last read.
     *
     * @return the request, or empty if the store never had it
     */
    public Optional<DeployRequest> request() {
      return Optional.ofNullable(request);
    }
  }
}
