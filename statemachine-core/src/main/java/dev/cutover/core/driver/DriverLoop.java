package dev.cutover.core.driver;

import dev.cutover.core.Nullable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link Driver} as a long-running service: ticks it on a thread of its own, every poll
 * interval, until {@link #close()}.
 *
 * <pre>{@code
 * try (DriverLoop loop = DriverLoop.builder(driver).pollInterval(Duration.ofSeconds(1)).start()) {
 *   // serve requests: driver.act(...) and driver.create(...) from any thread
 *   // health: loop.status().lastTickAt(), loop.status().consecutiveFailures()
 * }
 * }</pre>
 *
 * <p>A tick that throws (a store outage, a bug) does not end the loop: the failure is logged
 * ({@link System.Logger}, logger {@code dev.cutover.core.driver.DriverLoop}, level WARNING), counted,
 * and the loop goes on after a backoff: the poll interval doubled for each consecutive failure, at
 * most {@link Builder#maxBackoff(Duration) maxBackoff}. The first tick that succeeds again resets
 * the backoff. Nothing is lost by a failed tick: the driver saves every intent before it acts on it,
 * so the next tick resumes where the failed one stopped. An {@link Error} (out of memory, say) is
 * logged at ERROR and ends the loop; {@link #status()} then says so.
 *
 * <p>The delay is measured from the end of one tick to the start of the next (a slow tick is not
 * followed by a burst). {@link #close()} lets the running tick finish, then stops the thread; it
 * does not interrupt the tick (a backend call cut in the middle would only be retried, but waiting
 * is cleaner). All methods are thread-safe.
 */
public final class DriverLoop implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(DriverLoop.class.getName());

  /**
   * What the loop has done so far; a consistent snapshot.
   *
   * @param ticks how many ticks ran, failed ones included
   * @param failures how many ticks failed (an {@link Error} that ended the loop included)
   * @param consecutiveFailures how many ticks failed in a row up to now; 0 after a tick that succeeded
   * @param lastTickAt when the last tick that succeeded started, or {@code null} if none did
   * @param lastFailureAt when the last failed tick started, or {@code null} if none failed
   * @param lastFailure the last failure ({@code toString()} of what was thrown), or {@code null}
   * @param running false once the loop stopped: closed, or ended by an {@link Error}
   */
  public record Status(
      long ticks,
      long failures,
      long consecutiveFailures,
      @Nullable Instant lastTickAt,
      @Nullable Instant lastFailureAt,
      @Nullable String lastFailure,
      boolean running) {

    /**
     * When the last tick that succeeded started, if one did.
     *
     * @return {@link #lastTickAt()}, or empty if no tick succeeded yet
     */
    public Optional<Instant> lastSuccessfulTick() {
      return Optional.ofNullable(lastTickAt);
    }
  }

  /**
   * Told of every tick the loop ran, on the loop's thread, right after it ended: how long it took and
   * how it failed, if it did (metrics: {@code cutover-micrometer} times ticks with one). Must not throw;
   * what it throws is logged at WARNING and the loop goes on.
   */
  @FunctionalInterface
  public interface TickObserver {
    /**
     * Called after each tick.
     *
     * @param took the tick's wall time, measured with {@link System#nanoTime()}
     * @param failure what the tick threw, or {@code null} if it succeeded
     */
    void tickEnded(Duration took, @Nullable Throwable failure);
  }

  /** How the loop waits between ticks; returns true when the loop was asked to stop meanwhile. */
  interface Pause {
    boolean pause(Duration delay, CountDownLatch stop) throws InterruptedException;

    Pause REAL = (delay, stop) -> stop.await(delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  private final Driver driver;
  private final Duration pollInterval;
  private final Duration maxBackoff;
  private final Clock clock;
  private final Pause pause;
  private final @Nullable TickObserver observer;
  private final Thread thread;
  private final CountDownLatch stop = new CountDownLatch(1);

  private final Object lock = new Object();
  private long ticks;
  private long failures;
  private long consecutiveFailures;
  private @Nullable Instant lastTickAt;
  private @Nullable Instant lastFailureAt;
  private @Nullable String lastFailure;
  private boolean running = true;

  private DriverLoop(Builder b) {
    this.driver = b.driver;
    this.pollInterval = b.pollInterval;
    this.maxBackoff = b.maxBackoff;
    this.clock = b.clock != null ? b.clock : b.driver.clock();
    this.pause = b.pause;
    this.observer = b.observer;
    this.thread = new Thread(this::run, b.threadName);
    this.thread.setDaemon(b.daemon);
    if (b.uncaught != null) {
      this.thread.setUncaughtExceptionHandler(b.uncaught);
    }
  }

  /**
   * A builder for a loop over {@code driver}.
   *
   * @param driver the driver to tick, not null; only the loop's thread should tick it
   * @return a new builder with the defaults its setters name
   */
  public static Builder builder(Driver driver) {
    return new Builder(driver);
  }

  /**
   * The clock {@link Status#lastTickAt()} and {@link Status#lastFailureAt()} are read from.
   *
   * @return the clock given to {@link Builder#clock}, else the driver's
   */
  public Clock clock() {
    return clock;
  }

  /**
   * The counts, the last tick's time and the last failure.
   *
   * @return a snapshot taken now; later ticks do not change it
   */
  public Status status() {
    synchronized (lock) {
      return new Status(ticks, failures, consecutiveFailures, lastTickAt, lastFailureAt, lastFailure, running);
    }
  }

  /**
   * When the last tick that succeeded started, if one did.
   *
   * @return the instant by the loop's clock, or empty if no tick succeeded yet
   */
  public Optional<Instant> lastTickAt() {
    return status().lastSuccessfulTick();
  }

  /**
   * How many ticks failed since the loop started.
   *
   * @return the count, 0 or more
   */
  public long failures() {
    return status().failures();
  }

  /**
   * How many ticks failed in a row up to now (0 after a tick that succeeded).
   *
   * @return the count, 0 or more; the backoff doubles the delay for each
   */
  public long consecutiveFailures() {
    return status().consecutiveFailures();
  }

  /**
   * The delay before the next tick after {@code consecutiveFailures} failed ticks in a row: the
   * poll interval, doubled for each failure, at most {@code maxBackoff} (and never less than the
   * poll interval).
   */
  static Duration backoff(Duration pollInterval, Duration maxBackoff, long consecutiveFailures) {
    Duration delay = pollInterval;
    Duration cap = maxBackoff.compareTo(pollInterval) < 0 ? pollInterval : maxBackoff;
    for (long i = 0; i < consecutiveFailures && delay.compareTo(cap) < 0; i++) {
      delay = delay.isZero() ? Duration.ofMillis(1) : delay.multipliedBy(2);
    }
    return delay.compareTo(cap) > 0 ? cap : delay;
  }

  private void run() {
    try {
      while (stop.getCount() > 0) {
        Instant started = clock.instant();
        long failedInARow;
        long startedNanos = System.nanoTime();
        try {
          driver.tick();
          observe(startedNanos, null);
          synchronized (lock) {
            if (consecutiveFailures > 0) {
              LOG.log(System.Logger.Level.INFO, "driver tick succeeded again after {0} failed ticks",
                  consecutiveFailures);
            }
            ticks++;
            consecutiveFailures = 0;
            lastTickAt = started;
            failedInARow = 0;
          }
        } catch (Error e) {
          observe(startedNanos, e);
          throw e;
        } catch (RuntimeException e) {
          observe(startedNanos, e);
          synchronized (lock) {
            ticks++;
            failures++;
            failedInARow = ++consecutiveFailures;
            lastFailureAt = started;
            lastFailure = e.toString();
          }
          LOG.log(System.Logger.Level.WARNING, "driver tick failed (" + failedInARow
              + " in a row); next tick in " + backoff(pollInterval, maxBackoff, failedInARow), e);
        }
        if (pause.pause(backoff(pollInterval, maxBackoff, failedInARow), stop)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Error e) {
      synchronized (lock) {
        failures++;
        lastFailureAt = clock.instant();
        lastFailure = e.toString();
      }
      LOG.log(System.Logger.Level.ERROR, "driver loop stopped by an error", e);
      throw e;
    } finally {
      synchronized (lock) {
        running = false;
      }
    }
  }

  private void observe(long startedNanos, @Nullable Throwable failure) {
    if (observer == null) {
      return;
    }
    try {
      observer.tickEnded(Duration.ofNanos(System.nanoTime() - startedNanos), failure);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "the loop's tick observer threw; the loop goes on", e);
    }
  }

  /**
   * Asks the loop to stop and waits at most {@code timeout} for the running tick to finish.
   *
   * @param timeout how long to wait for the loop's thread
   * @return whether the loop has stopped
   * @throws InterruptedException if this thread is interrupted while waiting
   */
  public boolean stop(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    stop.countDown();
    if (Thread.currentThread() == thread) {
      return false; // called from a tick (a listener, say): the loop ends after this tick
    }
    thread.join(Math.max(1, timeout.toMillis()));
    return !thread.isAlive();
  }

  /**
   * Stops the loop: no tick starts after this call, and the call returns once the running tick (if
   * any) has finished. Idempotent.
   */
  @Override
  public void close() {
    stop.countDown();
    if (Thread.currentThread() == thread) {
      return;
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Builds and starts a {@link DriverLoop}; every setter checks its argument at once. */
  public static final class Builder {
    private final Driver driver;
    private Duration pollInterval = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofMinutes(1);
    private @Nullable Clock clock;
    private String threadName = "cutover-driver";
    private boolean daemon = true;
    private Pause pause = Pause.REAL;
    private @Nullable Thread.UncaughtExceptionHandler uncaught;
    private @Nullable TickObserver observer;

    private Builder(Driver driver) {
      this.driver = Objects.requireNonNull(driver, "driver");
    }

    /**
     * The delay between the end of one tick and the start of the next. Default: one second.
     *
     * @param interval positive
     * @return this builder
     */
    public Builder pollInterval(Duration interval) {
      Objects.requireNonNull(interval, "pollInterval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("pollInterval: must be positive, was " + interval);
      }
      this.pollInterval = interval;
      return this;
    }

    /**
     * The longest delay after failed ticks. Default: one minute.
     *
     * @param max positive; below the poll interval it is the poll interval
     * @return this builder
     */
    public Builder maxBackoff(Duration max) {
      Objects.requireNonNull(max, "maxBackoff");
      if (max.isNegative() || max.isZero()) {
        throw new IllegalArgumentException("maxBackoff: must be positive, was " + max);
      }
      this.maxBackoff = max;
      return this;
    }

    /**
     * The clock that times {@link Status#lastTickAt()}. Default: the driver's ({@link Driver#clock()}).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The name of the loop's thread. Default: {@code cutover-driver}.
     *
     * @param name not blank
     * @return this builder
     */
    public Builder threadName(String name) {
      Objects.requireNonNull(name, "threadName");
      if (name.isBlank()) {
        throw new IllegalArgumentException("threadName: must not be blank, was '" + name + "'");
      }
      this.threadName = name;
      return this;
    }

    /**
     * Whether the loop's thread is a daemon (does not keep the JVM alive). Default: true; the
     * driver is crash-safe, so a JVM that exits in the middle of a tick loses nothing.
     *
     * @param daemon whether the thread is a daemon
     * @return this builder
     */
    public Builder daemon(boolean daemon) {
      this.daemon = daemon;
      return this;
    }

    /**
     * Who is told of every tick: its duration and failure. Default: nobody.
     *
     * @param observer the observer, not null; called on the loop's thread, must not throw
     * @return this builder
     */
    public Builder tickObserver(TickObserver observer) {
      this.observer = Objects.requireNonNull(observer, "tickObserver");
      return this;
    }

    /** For tests: who gets the {@link Error} that ended the loop (the JVM's default handler prints it). */
    Builder uncaught(Thread.UncaughtExceptionHandler handler) {
      this.uncaught = Objects.requireNonNull(handler, "uncaught");
      return this;
    }

    /** For tests: how the loop waits between ticks. */
    Builder pause(Pause pause) {
      this.pause = Objects.requireNonNull(pause, "pause");
      return this;
    }

    /**
     * Starts the loop; its first tick runs at once.
     *
     * @return the running loop; close it to stop it
     */
    public DriverLoop start() {
      DriverLoop loop = new DriverLoop(this);
      loop.thread.start();
      return loop;
    }
  }
}
