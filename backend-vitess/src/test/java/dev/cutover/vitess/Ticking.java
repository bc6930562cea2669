package dev.cutover.vitess;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.driver.Driver;
import dev.cutover.core.spi.DeployRequestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** The test's own tick loop: real time, a tick every 500 ms, bounded by a timeout. */
final class Ticking {

  static final Duration TICK = Duration.ofMillis(500);

  private Ticking() {}

  /**
   * Ticks until the request is in one of {@code states}; fails when the timeout passes or the
   * request ends in another terminal state.
   */
  static DeployRequest until(Driver driver, DeployRequestStore store, String id, Duration timeout, DeployState... states)
      throws InterruptedException {
    Set<DeployState> wanted = Set.of(states);
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      driver.tick();
      DeployRequest r = store.get(id).orElseThrow();
      if (wanted.contains(r.state())) {
        return r;
      }
      if (r.state().isTerminal()) {
        throw new AssertionError("request " + id + " ended " + r.state() + " while waiting for " + wanted
            + "; errors " + r.errors() + "; warnings " + r.warnings() + "; history " + r.history());
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("request " + id + " still " + r.state() + " after " + timeout + " waiting for "
            + wanted + "; errors " + r.errors() + "; warnings " + r.warnings() + "; submitted " + r.submitted());
      }
      Thread.sleep(TICK.toMillis());
    }
  }

  /** Ticks {@code n} times, {@link #TICK} apart. */
  static void ticks(Driver driver, int n) throws InterruptedException {
    for (int i = 0; i < n; i++) {
      driver.tick();
      Thread.sleep(TICK.toMillis());
    }
  }
}
