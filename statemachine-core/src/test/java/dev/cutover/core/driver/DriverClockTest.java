package dev.cutover.core.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.ScriptedBackend;
import dev.cutover.core.spi.ForwardingMigrationBackend;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import dev.cutover.core.spi.MigrationBackend;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Issue 23: a driver over a backend that keeps time by its own clock (a simulator's virtual clock)
 * takes that clock, and refuses another, instead of deciding silently by the system clock.
 */
class DriverClockTest {

  private final MutableClock own = new MutableClock(Instant.parse("2026-12-08T09:00:00Z"));

  /** A backend with a clock of its own, told through a forwarding layer as well. */
  private final MigrationBackend timed = new ForwardingMigrationBackend(new ScriptedBackend()) {
    @Override
    public Clock clock() {
      return own;
    }
  };

  @Test
  void overABackendWithItsOwnClock_theDriverTakesIt() {
    Driver d = Driver.builder(new InMemoryDeployRequestStore(), timed).build();
    assertThat(d.clock()).isSameAs(own);
  }

  @Test
  void aForwardingLayerTellsTheClockOfTheBackendItWraps() {
    MigrationBackend layer = new ForwardingMigrationBackend(timed) {};
    assertThat(layer.clock()).isSameAs(own);
    assertThat(Driver.builder(new InMemoryDeployRequestStore(), layer).build().clock()).isSameAs(own);
  }

  @Test
  void theBackendsOwnClockGivenAgainIsAccepted() {
    Driver d = Driver.builder(new InMemoryDeployRequestStore(), timed).clock(own).build();
    assertThat(d.clock()).isSameAs(own);
  }

  @Test
  void anotherClockOverABackendWithItsOwnIsRefused_namingBoth() {
    Clock system = Clock.systemUTC();
    assertThatThrownBy(() -> Driver.builder(new InMemoryDeployRequestStore(), timed).clock(system).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clock: the backend keeps time by a clock of its own (" + own + ", MigrationBackend.clock())"
            + " and the driver must decide by the same one, was " + system
            + "; pass the backend's clock, or none to take it");
  }

  @Test
  void overABackendOnRealTime_theDriverTakesTheGivenClockOrTheSystemOne() {
    ScriptedBackend real = new ScriptedBackend();
    assertThat(real.clock()).isNull();
    assertThat(Driver.builder(new InMemoryDeployRequestStore(), real).build().clock()).isEqualTo(Clock.systemUTC());
    assertThat(Driver.builder(new InMemoryDeployRequestStore(), real).clock(own).build().clock()).isSameAs(own);
  }
}
