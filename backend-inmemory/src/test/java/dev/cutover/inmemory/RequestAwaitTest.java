package dev.cutover.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.Action;
import dev.cutover.core.Change;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.driver.Driver;
import dev.cutover.core.driver.DriverLoop;
import dev.cutover.core.driver.RequestAwait;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 23: waiting for a request's state, on a virtual clock ticked by hand and on real time under a loop. */
class RequestAwaitTest {

  private static final List<Change> ONE_CHANGE = List.of(new Change("commerce", "ALTER TABLE t ADD COLUMN c INT"));

  private final VirtualClock clock = VirtualClock.atEpoch();
  private final InMemoryDeployRequestStore store = new InMemoryDeployRequestStore();
  private final InMemoryBackend backend = InMemoryBackend.builder().keyspace("commerce", "-80", "80-")
      .defaults(MigrationTimings.custom().readyAfter(Duration.ofSeconds(30)).build()).clock(clock).build();
  private final Driver driver = Driver.builder(store, backend).build(); // the backend's virtual clock

  private void deployed(Driver d, String id) throws BackendException {
    d.create(id, "main", ONE_CHANGE, DeployOptions.ofDefaults());
    d.tick();
    assertThat(d.act(id, Action.deploy()).accepted()).isTrue();
  }

  @Test
  void onAVirtualClock_theWaitTicksTheDriverAndReturnsTheRequestInTheState() throws Exception {
    deployed(driver, "dr-1");
    Instant start = clock.instant();
    DeployRequest done = RequestAwait.ticking(driver, store, clock::advance)
        .until("dr-1", DeployState.COMPLETE_PENDING_REVERT, Duration.ofMinutes(10));
    assertThat(done.state()).isEqualTo(DeployState.COMPLETE_PENDING_REVERT);
    assertThat(done).isEqualTo(store.get("dr-1").orElseThrow());
    Duration took = Duration.between(start, clock.instant());
    assertThat(took).as("ready after 30 s, one tick a second: no tick more than needed")
        .isBetween(Duration.ofSeconds(30), Duration.ofSeconds(33));
  }

  @Test
  void onAVirtualClock_aTimeoutIsVirtualTime_andNamesTheStateTheRequestIsIn() throws Exception {
    deployed(driver, "dr-1");
    Instant start = clock.instant();
    assertThatThrownBy(() -> RequestAwait.ticking(driver, store, clock::advance).every(Duration.ofSeconds(2))
        .until("dr-1", DeployState.COMPLETE_PENDING_REVERT, Duration.ofSeconds(10)))
        .isInstanceOf(RequestAwait.NotReached.class)
        .hasMessage("dr-1 did not reach complete_pending_revert within PT10S: it is in in_progress")
        .satisfies(e -> assertThat(((RequestAwait.NotReached) e).request()).get()
            .extracting(DeployRequest::state).isEqualTo(DeployState.IN_PROGRESS));
    assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aRequestThatEndsInAnotherTerminalStateEndsTheWaitAtOnce() throws Exception {
    deployed(driver, "dr-1");
    driver.act("dr-1", Action.cancel());
    assertThatThrownBy(() -> RequestAwait.ticking(driver, store, clock::advance)
        .until("dr-1", DeployState.COMPLETE_PENDING_REVERT, Duration.ofHours(1)))
        .isInstanceOf(RequestAwait.NotReached.class)
        .hasMessage("dr-1 ended in complete_cancel and will never reach complete_pending_revert");
    assertThat(clock.instant()).as("not an hour of ticks").isBefore(Instant.EPOCH.plusSeconds(60));
  }

  @Test
  void anyTerminalState_orOneOfSeveral() throws Exception {
    deployed(driver, "dr-1");
    RequestAwait await = RequestAwait.ticking(driver, store, clock::advance);
    assertThat(await.untilAny("dr-1", Set.of(DeployState.IN_PROGRESS, DeployState.PENDING_CUTOVER), Duration.ofMinutes(1))
        .state()).isIn(DeployState.IN_PROGRESS, DeployState.PENDING_CUTOVER);
    driver.act("dr-1", Action.cancel());
    assertThat(await.untilTerminal("dr-1", Duration.ofMinutes(1)).state()).isEqualTo(DeployState.COMPLETE_CANCEL);
  }

  @Test
  void onRealTime_underADriverLoop_thePollingWaitReturnsOnceTheLoopGotThere() throws Exception {
    Clock real = Clock.systemUTC();
    InMemoryBackend quick = InMemoryBackend.builder().keyspace("commerce", "-")
        .defaults(MigrationTimings.custom().readyAfter(Duration.ofMillis(200)).build()).clock(real).build();
    InMemoryDeployRequestStore own = new InMemoryDeployRequestStore();
    Driver d = Driver.builder(own, quick).build();
    deployed(d, "dr-1");
    try (DriverLoop loop = DriverLoop.builder(d).pollInterval(Duration.ofMillis(20)).start()) {
      DeployRequest done = RequestAwait.polling(own).every(Duration.ofMillis(10))
          .until("dr-1", DeployState.COMPLETE_PENDING_REVERT, Duration.ofSeconds(30));
      assertThat(done.state()).isEqualTo(DeployState.COMPLETE_PENDING_REVERT);
    }
    long start = System.nanoTime();
    assertThatThrownBy(() -> RequestAwait.polling(own).until("dr-none", DeployState.COMPLETE, Duration.ofMillis(50)))
        .isInstanceOf(RequestAwait.NotReached.class)
        .hasMessage("dr-none did not reach complete within PT0.05S: no such request in the store");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
  }

  @Test
  void badArgumentsAreRefusedNamingThem() {
    RequestAwait await = RequestAwait.polling(store);
    assertThatThrownBy(() -> await.every(Duration.ZERO)).hasMessage("interval: must be positive, was PT0S");
    assertThatThrownBy(() -> await.untilAny("dr-1", Set.of(), Duration.ofSeconds(1)))
        .hasMessage("states: must name at least one state, was empty");
    assertThatThrownBy(() -> await.until("dr-1", DeployState.COMPLETE, Duration.ofSeconds(-1)))
        .hasMessage("timeout: must not be negative, was PT-1S");
  }
}
