package dev.cutover.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.Action;
import dev.cutover.core.ActionResult;
import dev.cutover.core.Change;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.FailureKind;
import dev.cutover.core.driver.Driver;
import dev.cutover.core.driver.DriverEvent;
import dev.cutover.core.driver.DriverLoop;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import dev.cutover.inmemory.BackendOperation;
import dev.cutover.inmemory.Fault;
import dev.cutover.inmemory.InMemoryBackend;
import dev.cutover.inmemory.MigrationTimings;
import dev.cutover.inmemory.VirtualClock;
import dev.cutover.inmemory.scenario.ScenarioFiles;
import dev.cutover.inmemory.scenario.Simulation;
import dev.cutover.inmemory.scenario.Simulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The code of README.md and docs/guide.md, run for real so the documents cannot drift from the API. */
class GuideExamplesTest {

  @Test
  void theGuidesInMemoryExampleDeploysWithAManualApply() throws BackendException {
    VirtualClock clock = VirtualClock.atEpoch();
    InMemoryBackend backend = InMemoryBackend.builder()
        .keyspace("commerce", "-80", "80-")
        .defaults(MigrationTimings.custom().readyAfter(Duration.ofSeconds(10)).build())
        .fault(Fault.of(BackendOperation.READ, FailureKind.TRANSIENT).from(Instant.EPOCH.plusSeconds(5)).times(2))
        .clock(clock)
        .build();
    InMemoryDeployRequestStore store = new InMemoryDeployRequestStore();
    Driver driver = Driver.builder(store, backend).clock(clock).owner("deployer-1").build();

    driver.create("dr-1", "main",
        List.of(new Change("commerce", "ALTER TABLE customer ADD COLUMN email VARCHAR(255)")),
        DeployOptions.custom().autoApply(false).build());
    driver.tick();
    assertThat(driver.act("dr-1", Action.deploy()).accepted()).isTrue();
    for (int i = 0; i < 30; i++) {
      clock.advance(Duration.ofSeconds(1));
      driver.tick();
    }
    assertThat(store.get("dr-1").orElseThrow().state()).isEqualTo(DeployState.PENDING_CUTOVER);
    ActionResult refused = driver.act("dr-1", Action.revert());
    assertThat(((ActionResult.Rejected) refused).reason()).isEqualTo("revert is not allowed in state pending_cutover");
    driver.act("dr-1", Action.apply());
    clock.advance(Duration.ofSeconds(1));
    driver.tick();
    clock.advance(Duration.ofSeconds(1));
    driver.tick();
    assertThat(store.get("dr-1").orElseThrow().state()).isEqualTo(DeployState.COMPLETE_PENDING_REVERT);
  }

  @Test
  void theReadmesMainJobScenarioRunsAndItsExpectationsHold() {
    Simulation simulation = Simulator.run(ScenarioFiles.read(Path.of("scenarios/02-gated-manual-apply.json")));
    assertThat(simulation.expectationFailures()).isEmpty();
  }

  @Test
  void theGuidesDriverLoopTicksOnItsOwnThreadUntilClosed() throws Exception {
    VirtualClock clock = VirtualClock.atEpoch();
    InMemoryBackend backend = InMemoryBackend.builder().keyspace("commerce", "-80", "80-").clock(clock).build();
    InMemoryDeployRequestStore store = new InMemoryDeployRequestStore();
    CountDownLatch ready = new CountDownLatch(1);
    Driver driver = Driver.builder(store, backend).clock(clock).owner("deployer-1")
        .listener(event -> {
          if (event instanceof DriverEvent.StateEntered entered && entered.state() == DeployState.READY) {
            ready.countDown();
          }
        })
        .build();
    DriverLoop loop;
    try (DriverLoop running = DriverLoop.builder(driver).pollInterval(Duration.ofMillis(10)).clock(clock).start()) {
      loop = running;
      driver.create("dr-1", "main",
          List.of(new Change("commerce", "ALTER TABLE customer ADD COLUMN email VARCHAR(255)")),
          DeployOptions.ofDefaults());
      assertThat(ready.await(60, TimeUnit.SECONDS)).as("the loop's tick analysed the request").isTrue();
    }
    assertThat(loop.status().running()).isFalse();
    assertThat(loop.status().failures()).isZero();
    assertThat(loop.lastTickAt()).isPresent();
  }

  /** The guide's "Waiting for a state": the ticking waiter, on the simulator's virtual clock. */
  @Test
  void theGuidesWaiterTicksAVirtualClockUntilTheRequestIsTerminal() throws Exception {
    VirtualClock clock = VirtualClock.atEpoch();
    InMemoryBackend backend = InMemoryBackend.builder().keyspace("commerce", "-80", "80-").clock(clock).build();
    InMemoryDeployRequestStore store = new InMemoryDeployRequestStore();
    Driver driver = Driver.builder(store, backend).listener(dev.cutover.core.driver.LoggingDriverListener.create())
        .build(); // the backend's own clock
    assertThat(driver.clock()).isSameAs(clock);
    driver.create("dr-1", "main",
        List.of(new Change("commerce", "ALTER TABLE customer ADD COLUMN email VARCHAR(255)")),
        DeployOptions.custom().revertWindow(Duration.ofMinutes(5)).build());
    driver.tick();
    driver.act("dr-1", Action.deploy());

    DeployRequest end = dev.cutover.core.driver.RequestAwait.ticking(driver, store, clock::advance)
        .every(Duration.ofSeconds(1))
        .untilTerminal("dr-1", Duration.ofHours(1));
    assertThat(end.state()).isEqualTo(DeployState.COMPLETE);
  }
}
