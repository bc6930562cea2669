package dev.cutover.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.Action;
import dev.cutover.core.Change;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.FailureKind;
import dev.cutover.core.HistoryEntry;
import dev.cutover.core.driver.Driver;
import dev.cutover.core.driver.DriverLoop;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.ForwardingDeployRequestStore;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import dev.cutover.core.spi.StoredRequests;
import dev.cutover.inmemory.BackendCall;
import dev.cutover.inmemory.BackendOperation;
import dev.cutover.inmemory.Fault;
import dev.cutover.inmemory.InMemoryBackend;
import dev.cutover.inmemory.VirtualClock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Every meter of {@link CutoverMetrics}, its name, tags and value, against a {@link SimpleMeterRegistry}. */
class CutoverMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final VirtualClock clock = VirtualClock.atEpoch();
  private final InMemoryBackend backend = InMemoryBackend.builder().keyspace("commerce", "-80", "80-")
      .fault(Fault.of(BackendOperation.READ, FailureKind.TRANSIENT).from(clock.instant().plusSeconds(4)).times(2))
      .clock(clock).build();
  private final InMemoryDeployRequestStore store = new InMemoryDeployRequestStore();
  private final CutoverMetrics metrics = CutoverMetrics.builder(registry).store(store).refresh(Duration.ZERO)
      .tags(io.micrometer.core.instrument.Tags.of("app", "test")).build();
  private final Driver driver = Driver.builder(store, metrics.timed(backend)).listener(metrics.listener()).build();

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  private double gauge(String name, String... tags) {
    return registry.get(name).tags(tags).gauge().value();
  }

  @Test
  void aDeployThroughTheSimulator_isCountedStateByStateActionByActionCallByCall() throws BackendException {
    driver.create("dr-1", "main", List.of(new Change("commerce", "ALTER TABLE t ADD COLUMN c INT")),
        DeployOptions.ofDefaults());
    assertThat(gauge(CutoverMetrics.REQUESTS, "state", "pending")).isEqualTo(1);
    int ticks = 0;
    metrics.tick(driver);
    ticks++;
    assertThat(driver.act("dr-1", Action.revert()).accepted()).isFalse();
    assertThat(driver.act("dr-1", Action.deploy()).accepted()).isTrue();
    assertThat(gauge(CutoverMetrics.REQUESTS, "state", "queued")).isEqualTo(1);
    assertThat(gauge(CutoverMetrics.REQUESTS, "state", "pending")).isZero();
    while (store.get("dr-1").orElseThrow().state() != DeployState.COMPLETE_PENDING_REVERT) {
      assertThat(ticks).as("the deploy finishes").isLessThan(120);
      clock.advance(Duration.ofSeconds(1));
      metrics.tick(driver);
      ticks++;
    }
    DeployRequest done = store.get("dr-1").orElseThrow();

    // transitions: one per state the request's history entered, by the state entered
    Map<String, Double> expected = new TreeMap<>();
    for (HistoryEntry h : done.history()) {
      expected.merge(h.state().wireName(), 1.0, Double::sum);
    }
    Map<String, Double> counted = new TreeMap<>();
    registry.find(CutoverMetrics.TRANSITIONS).counters()
        .forEach(c -> counted.put(c.getId().getTag("state"), c.count()));
    assertThat(counted).isEqualTo(expected).containsEntry("pending", 1.0).containsEntry("complete_pending_revert", 1.0);

    assertThat(count(CutoverMetrics.ACTIONS, "action", "deploy", "outcome", "accepted")).isEqualTo(1);
    assertThat(count(CutoverMetrics.ACTIONS, "action", "revert", "outcome", "rejected")).isEqualTo(1);
    assertThat(count(CutoverMetrics.COMMANDS, "command", "submit", "outcome", "sent")).isEqualTo(1);
    assertThat(count(CutoverMetrics.COMMANDS, "command", "complete", "outcome", "sent")).isEqualTo(1);
    assertThat(count(CutoverMetrics.READ_FAILURES, "kind", "transient")).isEqualTo(2);

    // backend calls: each timer counts exactly the calls the simulator received, by operation and outcome
    Map<String, Long> received = new TreeMap<>();
    for (BackendCall call : backend.calls()) {
      String op = call.operation() == BackendOperation.READ ? "readRows" : call.operation().wireName();
      String outcome = call.failure() == null ? "success" : call.failure().wireName();
      received.merge(op + " " + outcome, 1L, Long::sum);
    }
    Map<String, Long> timed = new TreeMap<>();
    for (Timer t : registry.find(CutoverMetrics.BACKEND_CALLS).timers()) {
      timed.put(t.getId().getTag("operation") + " " + t.getId().getTag("outcome"), t.count());
    }
    assertThat(timed).isEqualTo(received).containsEntry("readRows transient", 2L).containsEntry("submit success", 1L)
        .containsKey("keyspaces success");

    assertThat(registry.get(CutoverMetrics.TICKS).tags("outcome", "success").timer().count()).isEqualTo(ticks);
    assertThat(gauge(CutoverMetrics.REQUESTS, "state", "complete_pending_revert")).isEqualTo(1);
    assertThat(gauge(CutoverMetrics.UNREADABLE)).isZero();
    assertThat(registry.getMeters()).as("every meter carries the common tags")
        .allMatch(m -> "test".equals(m.getId().getTag("app")));
  }

  @Test
  void aFailingCallIsTimedWithItsOutcome_andTheFailurePassesThrough() {
    InMemoryBackend refusing = InMemoryBackend.builder().keyspace("commerce", "-")
        .fault(Fault.of(BackendOperation.KEYSPACES, FailureKind.PERMANENT)).clock(clock).build();
    TimedMigrationBackend timed = metrics.timed(refusing);
    assertThatThrownBy(timed::keyspaces).isInstanceOf(BackendException.class);
    assertThat(registry.get(CutoverMetrics.BACKEND_CALLS).tags("operation", "keyspaces", "outcome", "permanent")
        .timer().count()).isEqualTo(1);
    assertThat(timed.clock()).as("the wrapped backend's own clock").isSameAs(clock);
  }

  @Test
  void theRequestGaugesReadTheStoreAtMostOncePerRefresh() {
    AtomicInteger reads = new AtomicInteger();
    ForwardingDeployRequestStore counting = new ForwardingDeployRequestStore(store) {
      @Override
      public StoredRequests readActive() {
        reads.incrementAndGet();
        return new StoredRequests(List.of(), Map.of("dr-x", "unreadable"));
      }
    };
    SimpleMeterRegistry own = new SimpleMeterRegistry();
    CutoverMetrics.builder(own).store(counting).refresh(Duration.ofHours(1)).build();
    for (Meter m : own.find(CutoverMetrics.REQUESTS).meters()) {
      m.measure().forEach(x -> { });
    }
    assertThat(own.get(CutoverMetrics.UNREADABLE).gauge().value()).isEqualTo(1);
    assertThat(reads.get()).isEqualTo(1);
    assertThatThrownBy(() -> CutoverMetrics.builder(own).refresh(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("refresh: must not be negative, was PT-1S");
  }

  @Test
  void aLoopsTicksAndHealthAreMeasured() throws Exception {
    AtomicInteger failuresLeft = new AtomicInteger(2);
    ForwardingDeployRequestStore flaky = new ForwardingDeployRequestStore(store) {
      @Override
      public StoredRequests readActive() {
        if (failuresLeft.getAndDecrement() > 0) {
          throw new IllegalStateException("store outage (scripted)");
        }
        return super.readActive();
      }
    };
    Driver d = Driver.builder(flaky, backend).build();
    DriverLoop loop = DriverLoop.builder(d).pollInterval(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2))
        .tickObserver(metrics.tickObserver()).start();
    metrics.bind(loop);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (loop.status().ticks() < 4) {
      assertThat(System.nanoTime()).as("the loop ticked").isLessThan(deadline);
      Thread.sleep(1);
    }
    assertThat(gauge(CutoverMetrics.LOOP_RUNNING)).isEqualTo(1);
    assertThat(gauge(CutoverMetrics.LOOP_CONSECUTIVE_FAILURES)).isZero();
    assertThat(registry.get(CutoverMetrics.LOOP_FAILURES).functionCounter().count()).isEqualTo(2);
    loop.close();
    assertThat(gauge(CutoverMetrics.LOOP_RUNNING)).isZero();
    assertThat(registry.get(CutoverMetrics.LOOP_SINCE_LAST_TICK).timeGauge().value(TimeUnit.SECONDS))
        .as("by the loop's clock: the backend's virtual clock, which has not moved").isZero();
    clock.advance(Duration.ofSeconds(5));
    assertThat(registry.get(CutoverMetrics.LOOP_SINCE_LAST_TICK).timeGauge().value(TimeUnit.SECONDS)).isEqualTo(5.0);
    assertThat(registry.get(CutoverMetrics.TICKS).tags("outcome", "failure").timer().count()).isEqualTo(2);
    assertThat(registry.get(CutoverMetrics.TICKS).tags("outcome", "success").timer().count()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void everyMeterNameIsDocumentedInDocsMetricsMd() throws Exception {
    String page = Files.readString(Path.of("..", "docs", "metrics.md"), StandardCharsets.UTF_8);
    List<String> names = new ArrayList<>();
    for (Field f : CutoverMetrics.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        names.add((String) f.get(null));
      }
    }
    assertThat(names).hasSize(14);
    for (String name : names) {
      assertThat(page).as("docs/metrics.md names %s", name).contains("`" + name + "`");
    }
  }
}
