package dev.cutover.core.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.ScriptedBackend;
import dev.cutover.core.spi.ForwardingDeployRequestStore;
import dev.cutover.core.spi.StoredRequests;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, item 14: an unreadable stored row is logged at WARNING once per row and version (its
 * problem, which names the version), not on every tick: at one tick a second, 86,400 lines a day.
 * The event is still reported on every tick (the request is skipped on every tick).
 */
class DriverSkippedRequestLogTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-08T09:00:00Z"));

  /** A store whose listing reports one unreadable row with the problem set last, or none. */
  static final class Unreadable extends ForwardingDeployRequestStore {
    String problem;

    Unreadable() {
      super(new InterceptingStore());
    }

    @Override
    public StoredRequests readActive() {
      return new StoredRequests(delegate().listActive(), problem == null ? Map.of() : Map.of("dr-once", problem));
    }
  }

  private List<RecordingLoggerFinder.Entry> driverLog() {
    return RecordingLoggerFinder.loggedBy(Thread.currentThread().getName()).stream()
        .filter(e -> e.logger().equals(Driver.class.getName()) && e.message().contains("dr-once")).toList();
  }

  @Test
  void anUnreadableRowIsWarnedOncePerVersion_andAgainWhenItBreaksAfterBeingRead() {
    Unreadable store = new Unreadable();
    int[] events = new int[1];
    Driver d = Driver.builder(store, new ScriptedBackend()).clock(clock)
        .listener(e -> events[0] += e instanceof DriverEvent.RequestFailed ? 1 : 0).build();
    store.problem = "deploy request row 'dr-once' (version 3) is not a valid request: format: 9";
    for (int i = 0; i < 5; i++) {
      tick(d);
    }
    store.problem = "deploy request row 'dr-once' (version 4) is not a valid request: format: 9";
    tick(d);
    tick(d);
    store.problem = null; // read again (fixed by hand)
    tick(d);
    store.problem = "deploy request row 'dr-once' (version 4) is not a valid request: format: 9";
    tick(d);
    assertThat(driverLog()).extracting(RecordingLoggerFinder.Entry::level).containsExactly(
        Level.WARNING, Level.DEBUG, Level.DEBUG, Level.DEBUG, Level.DEBUG, // version 3, five ticks
        Level.WARNING, Level.DEBUG,                                         // version 4, two ticks
        Level.WARNING);                                                     // broken again after a good read
    assertThat(driverLog().get(0).message()).isEqualTo("request dr-once skipped in this tick: the stored request"
        + " cannot be read: deploy request row 'dr-once' (version 3) is not a valid request: format: 9");
    assertThat(events[0]).as("an event on every tick it was skipped").isEqualTo(8);
  }

  private void tick(Driver d) {
    clock.advance(Duration.ofSeconds(1));
    d.tick();
  }
}
