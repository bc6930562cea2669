package dev.cutover.core.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.Change;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.ScriptedBackend;
import dev.cutover.core.spi.ForwardingDeployRequestStore;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link DriverLoop}: a failed tick is counted and the loop goes on with backoff; close waits for the
 * running tick. The loop's pause between ticks is replaced by one that records the delay asked for
 * and never sleeps; threads meet at latches.
 */
class DriverLoopTest {
  private static final long HANG_GUARD_SECONDS = 60;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final FlakyStore store = new FlakyStore();
  private final Driver driver = Driver.builder(store, new ScriptedBackend()).clock(clock).owner("loop").build();

  @Test
  void aFailedTickIsCountedAndTheLoopGoesOnWithBackoff_aTickThatSucceedsResetsIt() throws Exception {
    driver.create("dr-1", "main", List.of(new Change("commerce", "ALTER TABLE t ADD COLUMN c INT")),
        DeployOptions.ofDefaults());
    store.failNextLists(3);
    ConcurrentLinkedQueue<Duration> delays = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<DriverLoop.Status> seen = new ConcurrentLinkedQueue<>();
    CountDownLatch fiveTicks = new CountDownLatch(1);
    DriverLoop[] holder = new DriverLoop[1];
    CountDownLatch started = new CountDownLatch(1);
    DriverLoop.Pause recording = (delay, stop) -> {
      delays.add(delay);
      started.await();
      seen.add(holder[0].status());
      if (delays.size() == 5) {
        fiveTicks.countDown();
        stop.await(); // no further tick until the test closes the loop
        return true;
      }
      return false;
    };
    try (DriverLoop loop = DriverLoop.builder(driver).pollInterval(Duration.ofSeconds(1))
        .maxBackoff(Duration.ofSeconds(5)).clock(clock).pause(recording).start()) {
      holder[0] = loop;
      started.countDown();
      assertThat(fiveTicks.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();

      assertThat(delays).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5),
          Duration.ofSeconds(1), Duration.ofSeconds(1));
      assertThat(seen).extracting(DriverLoop.Status::consecutiveFailures).containsExactly(1L, 2L, 3L, 0L, 0L);
      DriverLoop.Status status = loop.status();
      assertThat(status.ticks()).isEqualTo(5);
      assertThat(status.failures()).isEqualTo(3);
      assertThat(status.consecutiveFailures()).isZero();
      assertThat(status.lastTickAt()).isEqualTo(clock.instant());
      assertThat(status.lastFailure()).contains("store outage (scripted)");
      assertThat(status.running()).isTrue();
      assertThat(store.get("dr-1").map(DeployRequest::state)).as("the tick after the outage did its work")
          .contains(DeployState.READY);
    }
  }

  @Test
  void closeWaitsForTheRunningTickAndNoTickStartsAfterIt() throws Exception {
    store.blockNextList();
    AtomicInteger pauses = new AtomicInteger();
    DriverLoop loop = DriverLoop.builder(driver).clock(clock)
        .pause((delay, stop) -> {
          pauses.incrementAndGet();
          return stop.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        }).start();
    assertThat(store.listEntered.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();

    Thread closer = new Thread(loop::close, "closer");
    closer.start();
    awaitParked(closer);
    assertThat(store.listReturned).as("the tick is still running while close waits").isFalse();
    store.releaseList.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(HANG_GUARD_SECONDS));

    assertThat(closer.isAlive()).isFalse();
    assertThat(store.listReturned).as("close returned after the tick").isTrue();
    DriverLoop.Status status = loop.status();
    assertThat(status.running()).isFalse();
    assertThat(status.ticks()).isEqualTo(1);
    assertThat(pauses.get()).as("the loop did not wait for another tick").isLessThanOrEqualTo(1);
    loop.close(); // idempotent
  }

  @Test
  void theBackoffDoublesThePollIntervalUpToTheMaximum() {
    Duration poll = Duration.ofMillis(500);
    Duration max = Duration.ofSeconds(3);
    assertThat(DriverLoop.backoff(poll, max, 0)).isEqualTo(poll);
    assertThat(DriverLoop.backoff(poll, max, 1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(DriverLoop.backoff(poll, max, 2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(DriverLoop.backoff(poll, max, 3)).isEqualTo(max);
    assertThat(DriverLoop.backoff(poll, max, Long.MAX_VALUE)).isEqualTo(max);
    assertThat(DriverLoop.backoff(poll, Duration.ofMillis(100), 5)).as("never below the poll interval").isEqualTo(poll);
  }

  @Test
  void theBuilderNamesTheFieldAndTheValue() {
    DriverLoop.Builder b = DriverLoop.builder(driver);
    assertThatThrownBy(() -> b.pollInterval(Duration.ZERO)).hasMessage("pollInterval: must be positive, was PT0S");
    assertThatThrownBy(() -> b.maxBackoff(Duration.ofSeconds(-1))).hasMessage("maxBackoff: must be positive, was PT-1S");
    assertThatThrownBy(() -> b.threadName(" ")).hasMessage("threadName: must not be blank, was ' '");
  }

  @Test
  void aFailedTickIsLoggedAtWarningWithItsCause_theTickThatSucceedsAgainIsLoggedAtInfo() throws Exception {
    store.failNextLists(2);
    AtomicInteger pauses = new AtomicInteger();
    CountDownLatch threeTicks = new CountDownLatch(1);
    DriverLoop.Pause recording = (delay, stop) -> {
      if (pauses.incrementAndGet() == 3) {
        threeTicks.countDown();
        stop.await();
        return true;
      }
      return false;
    };
    String thread = "loop-logging-test";
    try (DriverLoop loop = DriverLoop.builder(driver).pollInterval(Duration.ofSeconds(1)).clock(clock)
        .threadName(thread).pause(recording).start()) {
      assertThat(threeTicks.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
    }
    List<RecordingLoggerFinder.Entry> logged = loopLog(thread);
    assertThat(logged).extracting(RecordingLoggerFinder.Entry::level).containsExactly(
        System.Logger.Level.WARNING, System.Logger.Level.WARNING, System.Logger.Level.INFO);
    assertThat(logged).extracting(RecordingLoggerFinder.Entry::message).containsExactly(
        "driver tick failed (1 in a row); next tick in PT2S",
        "driver tick failed (2 in a row); next tick in PT4S",
        "driver tick succeeded again after 2 failed ticks");
    assertThat(logged.get(0).thrown()).as("the cause is logged with the warning")
        .isInstanceOf(IllegalStateException.class).hasMessage("store outage (scripted)");
    assertThat(logged.get(2).thrown()).isNull();
  }

  @Test
  void anErrorInATickIsLoggedAtErrorAndEndsTheLoop_theStatusSaysSo() throws Exception {
    Error error = new ScriptedError();
    store.throwOnNextList(error);
    AtomicInteger pauses = new AtomicInteger();
    String thread = "loop-error-test";
    java.util.concurrent.atomic.AtomicReference<Throwable> uncaught = new java.util.concurrent.atomic.AtomicReference<>();
    DriverLoop loop = DriverLoop.builder(driver).pollInterval(Duration.ofSeconds(1)).clock(clock)
        .threadName(thread).uncaught((t, e) -> uncaught.set(e)).pause((delay, stop) -> {
          pauses.incrementAndGet();
          return false;
        }).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_GUARD_SECONDS);
    while (loop.status().running()) { // the loop ends by itself (stop() is not called)
      assertThat(System.nanoTime()).as("the loop ended").isLessThan(deadline);
      Thread.onSpinWait();
    }

    DriverLoop.Status status = loop.status();
    assertThat(status.running()).isFalse();
    assertThat(status.failures()).isEqualTo(1);
    assertThat(status.lastFailure()).isEqualTo(error.toString());
    assertThat(status.lastFailureAt()).isEqualTo(clock.instant());
    assertThat(status.lastTickAt()).isNull();
    assertThat(pauses.get()).as("no tick was scheduled after the error").isZero();
    List<RecordingLoggerFinder.Entry> logged = loopLog(thread);
    assertThat(logged).extracting(RecordingLoggerFinder.Entry::level).containsExactly(System.Logger.Level.ERROR);
    assertThat(logged.get(0).message()).isEqualTo("driver loop stopped by an error");
    assertThat(logged.get(0).thrown()).isSameAs(error);
    loop.close();
    assertThat(uncaught.get()).as("the error ends the loop's thread, not swallowed").isSameAs(error);
  }

  private static List<RecordingLoggerFinder.Entry> loopLog(String thread) {
    return RecordingLoggerFinder.loggedBy(thread).stream()
        .filter(e -> e.logger().equals(DriverLoop.class.getName())).toList();
  }

  /** An {@link Error} a tick throws; its stack trace is not filled in (the loop's thread prints it). */
  static final class ScriptedError extends Error {
    ScriptedError() {
      super("scripted error", null, false, false);
    }
  }

  private static void awaitParked(Thread t) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_GUARD_SECONDS);
    while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
      assertThat(t.isAlive()).as("%s still waiting", t.getName()).isTrue();
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  /** A store whose listing fails (or blocks) when told to. */
  static final class FlakyStore extends ForwardingDeployRequestStore {
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicBoolean block = new AtomicBoolean();
    private final AtomicReference<Error> error = new AtomicReference<>();
    final CountDownLatch listEntered = new CountDownLatch(1);
    final CountDownLatch releaseList = new CountDownLatch(1);
    volatile boolean listReturned;

    FlakyStore() {
      super(new InMemoryDeployRequestStore());
    }

    void failNextLists(int n) {
      failures.set(n);
    }

    void throwOnNextList(Error e) {
      error.set(e);
    }

    void blockNextList() {
      block.set(true);
    }

    @Override
    public List<DeployRequest> listActive() {
      Error scripted = error.getAndSet(null);
      if (scripted != null) {
        throw scripted;
      }
      if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("store outage (scripted)");
      }
      if (block.compareAndSet(true, false)) {
        listEntered.countDown();
        try {
          releaseList.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        List<DeployRequest> list = super.listActive();
        listReturned = true;
        return list;
      }
      return super.listActive();
    }
  }
}
