package dev.cutover.core.driver;

import static dev.cutover.core.DeployState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.Action;
import dev.cutover.core.Change;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.ScriptedBackend;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.ForwardingMigrationBackend;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import dev.cutover.core.spi.RowQuery;
import dev.cutover.core.spi.RowsRead;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The driver skips a request whose last plan was quiet while its value and rows are unchanged and the
 * core's window holds (decision 97); these pin what it keeps meanwhile.
 */
class DriverQuietPlanTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ScriptedBackend scripted = new ScriptedBackend();
  private final InMemoryDeployRequestStore store = new InMemoryDeployRequestStore();

  /** Answers every read with the same list instance per query, refilled in place. */
  private static final class InPlace extends ForwardingMigrationBackend {
    private final Map<RowQuery, List<MigrationRow>> lists = new HashMap<>();

    InPlace(ScriptedBackend delegate) {
      super(delegate);
    }

    @Override
    public RowsRead readRows(List<RowQuery> queries) throws BackendException {
      RowsRead read = delegate().readRows(queries);
      Map<RowQuery, List<MigrationRow>> rows = new HashMap<>();
      read.rows().forEach((q, got) -> {
        List<MigrationRow> list = lists.computeIfAbsent(q, k -> new ArrayList<>());
        list.clear();
        list.addAll(got);
        rows.put(q, list);
      });
      return new RowsRead(rows, read.failures());
    }
  }

  private void tick(Driver driver) {
    clock.advance(Duration.ofSeconds(1));
    driver.tick();
  }

  @Test
  void rowsTheBackendChangesInPlaceAreNeverTakenForTheRowsSeenBefore() throws BackendException {
    Driver driver = Driver.builder(store, new InPlace(scripted)).clock(clock).owner("d").build();
    driver.create("two", "main", List.of(new Change("commerce", "ALTER TABLE a ADD COLUMN x INT"),
        new Change("customer", "ALTER TABLE b ADD COLUMN y INT")), DeployOptions.ofDefaults());
    driver.create("one", "other", List.of(new Change("commerce", "ALTER TABLE c ADD COLUMN z INT")),
        DeployOptions.ofDefaults());
    tick(driver);
    assertThat(driver.act("two", Action.deploy()).accepted()).isTrue();
    assertThat(driver.act("one", Action.deploy()).accepted()).isTrue();
    for (int i = 0; i < 4; i++) {
      tick(driver); // submitted, then quiet: every row queued
    }
    assertThat(store.get("two").orElseThrow().state()).isEqualTo(IN_PROGRESS);
    assertThat(store.get("one").orElseThrow().state()).isEqualTo(IN_PROGRESS);
    scripted.setAll("running", true);
    tick(driver);
    assertThat(store.get("two").orElseThrow().state()).isEqualTo(IN_PROGRESS_CUTOVER);
    assertThat(store.get("one").orElseThrow().state()).isEqualTo(IN_PROGRESS_CUTOVER);
  }

  @Test
  void theProgressOfASkippedRequestIsOfTheLatestTick() throws BackendException {
    Driver driver = Driver.builder(store, scripted).clock(clock).owner("d").build();
    driver.create("dr", "main", List.of(new Change("commerce", "ALTER TABLE a ADD COLUMN x INT")),
        DeployOptions.ofDefaults());
    tick(driver);
    assertThat(driver.act("dr", Action.deploy()).accepted()).isTrue();
    tick(driver);
    tick(driver);
    var version = store.get("dr").orElseThrow().version();
    for (int i = 0; i < 3; i++) {
      tick(driver);
      assertThat(driver.progress("dr").orElseThrow().observedAt()).isEqualTo(clock.instant());
      assertThat(driver.progress()).singleElement().extracting(p -> p.observedAt()).isEqualTo(clock.instant());
    }
    assertThat(store.get("dr").orElseThrow().version()).as("nothing saved while quiet").isEqualTo(version);
  }

  @Test
  void aQuietRequestIsPlannedAgainWhenItsRevertWindowEnds() throws BackendException {
    Driver driver = Driver.builder(store, scripted).clock(clock).owner("d").build();
    driver.create("dr", "main", List.of(new Change("commerce", "ALTER TABLE a ADD COLUMN x INT")),
        DeployOptions.custom().revertWindow(Duration.ofSeconds(10)).build());
    tick(driver);
    assertThat(driver.act("dr", Action.deploy()).accepted()).isTrue();
    tick(driver);
    scripted.setAll("running", true);
    tick(driver);
    tick(driver);
    assertThat(store.get("dr").orElseThrow().state()).isEqualTo(COMPLETE_PENDING_REVERT);
    Instant expires = store.get("dr").orElseThrow().revertExpiresAt();
    while (clock.instant().plusSeconds(1).isBefore(expires)) {
      tick(driver);
      assertThat(store.get("dr").orElseThrow().state()).isEqualTo(COMPLETE_PENDING_REVERT);
    }
    tick(driver); // at the window's end exactly
    assertThat(clock.instant()).isEqualTo(expires);
    assertThat(store.get("dr").orElseThrow().state()).isEqualTo(COMPLETE);
  }
}
