package dev.cutover.core.driver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Virtual time for actors that run side by side (drivers, say), each on a thread of its own: an
 * actor spends time only in {@link #sleep}, and exactly one actor runs at any moment, the one whose
 * wake-up comes first (ties in the order they were asked). So two drivers whose backend calls take
 * 180 ms interleave exactly as they would on a real clock, deterministically and at once.
 */
final class VirtualTime extends Clock {

  /** What one actor does; it may call {@link #sleep}. */
  interface Actor {
    void run() throws Exception;
  }

  private static final class Wake implements Comparable<Wake> {
    final long at;
    final long seq;
    boolean released;

    Wake(long at, long seq) {
      this.at = at;
      this.seq = seq;
    }

    @Override
    public int compareTo(Wake o) {
      return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
    }
  }

  private final Instant epoch;
  private final PriorityQueue<Wake> waiting = new PriorityQueue<>();
  private final List<Throwable> failures = new ArrayList<>();
  private long nanos;
  private long seq;
  private int running;

  VirtualTime(Instant epoch) {
    this.epoch = epoch;
  }

  @Override
  public synchronized Instant instant() {
    return epoch.plusNanos(nanos);
  }

  /** The time since the epoch. */
  synchronized Duration elapsed() {
    return Duration.ofNanos(nanos);
  }

  /** Spends {@code d} of virtual time; the other actors run meanwhile. Outside {@link #run}, moves the clock. */
  synchronized void sleep(Duration d) {
    if (running == 0) {
      nanos += d.toNanos(); // no actor runs: the test's own thread moves time
      return;
    }
    Wake w = new Wake(nanos + d.toNanos(), seq++);
    waiting.add(w);
    running--;
    dispatch();
    awaitRelease(w);
  }

  /**
   * Runs the actors, each starting at its offset from now, until every one has returned.
   *
   * @throws AssertionError carrying the first failure of an actor
   */
  void run(List<Duration> starts, List<Actor> actors) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    synchronized (this) {
      for (int i = 0; i < actors.size(); i++) {
        Wake w = new Wake(nanos + starts.get(i).toNanos(), seq++);
        waiting.add(w);
        Actor actor = actors.get(i);
        Thread t = new Thread(() -> {
          awaitRelease(w);
          try {
            actor.run();
          } catch (Throwable e) {
            synchronized (this) {
              failures.add(e);
            }
          } finally {
            synchronized (this) {
              running--;
              dispatch();
            }
          }
        }, "actor-" + i);
        t.setDaemon(true);
        threads.add(t);
      }
      threads.forEach(Thread::start);
      dispatch();
    }
    for (Thread t : threads) {
      t.join(60_000);
      if (t.isAlive()) {
        throw new AssertionError(t.getName() + " did not finish");
      }
    }
    if (!failures.isEmpty()) {
      throw new AssertionError("an actor failed", failures.get(0));
    }
  }

  private synchronized void awaitRelease(Wake w) {
    while (!w.released) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private void dispatch() {
    if (running == 0 && !waiting.isEmpty()) {
      Wake next = waiting.poll();
      nanos = Math.max(nanos, next.at);
      next.released = true;
      running++;
      notifyAll();
    }
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
