package dev.cutover.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.Action;
import dev.cutover.core.Change;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployState;
import dev.cutover.core.driver.Driver;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator has no clock of its own: a backend frozen while its driver's time runs would never progress. */
class InMemoryBackendClockTest {

  @Test
  void aBackendWithoutAClockIsRefusedAtBuild_neverASilentFreeze() {
    InMemoryBackend.Builder builder = InMemoryBackend.builder().keyspace("commerce", "-");
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("clock: required; pass the driver's clock");
  }

  @Test
  void aBackendOnTheDriversRealTimeClockProgresses() throws BackendException {
    // A clock that ticks forward by ten minutes at every read, like a real clock between polls.
    Clock running = new Clock() {
      private Instant now = Instant.parse("2026-01-01T00:00:00Z");

      @Override
      public synchronized Instant instant() {
        now = now.plus(Duration.ofMinutes(10));
        return now;
      }

      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    };
    InMemoryBackend backend = InMemoryBackend.builder().keyspace("commerce", "-").clock(running).build();
    InMemoryDeployRequestStore store = new InMemoryDeployRequestStore();
    Driver driver = Driver.builder(store, backend).clock(running).build();
    driver.create("dr-1", "main", List.of(new Change("commerce", "ALTER TABLE t ADD COLUMN c INT")),
        DeployOptions.ofDefaults());
    driver.tick();
    driver.act("dr-1", Action.deploy());
    for (int i = 0; i < 5; i++) {
      driver.tick();
    }
    assertThat(store.get("dr-1").orElseThrow().state()).isIn(DeployState.COMPLETE_PENDING_REVERT, DeployState.COMPLETE);
  }
}
