package dev.cutover.benchmarks;

import dev.cutover.core.Action;
import dev.cutover.core.Change;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.driver.Driver;
import dev.cutover.core.spi.BackendException;
import dev.cutover.inmemory.InMemoryBackend;
import dev.cutover.inmemory.MigrationTimings;
import dev.cutover.inmemory.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape every tick benchmark measures: R requests, each on its own database, each with 8 changes
 * on one 4-shard keyspace (32 rows a request), deployed and copying rows.
 */
final class Fleet {

  static final String KEYSPACE = "commerce";
  static final List<String> SHARDS = List.of("-40", "40-80", "80-c0", "c0-");
  static final int CHANGES = 8;

  /** Long enough that no benchmark reaches the gate; progress moves 1 % a day. */
  static final Duration READY_AFTER = Duration.ofDays(100);

  private Fleet() {}

  static List<Change> changes() {
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < CHANGES; i++) {
      changes.add(new Change(KEYSPACE, "ALTER TABLE t" + i + " ADD COLUMN c" + i + " INT"));
    }
    return changes;
  }

  /** The in-memory backend, rows still copying for {@link #READY_AFTER}. */
  static InMemoryBackend inMemory(VirtualClock clock) {
    return InMemoryBackend.builder()
        .keyspace(KEYSPACE, SHARDS)
        .defaults(MigrationTimings.custom().startAfter(Duration.ZERO).readyAfter(READY_AFTER).build())
        .clock(clock)
        .build();
  }

  /** Creates {@code requests} requests, deploys them and ticks until every one is {@code in_progress}. */
  static void deploy(Driver driver, VirtualClock clock, int requests, DeployOptions options)
      throws BackendException {
    List<Change> changes = changes();
    for (int i = 0; i < requests; i++) {
      driver.create("dr-" + i, "db-" + i, changes, options);
    }
    driver.tick(); // pending -> ready
    for (int i = 0; i < requests; i++) {
      driver.act("dr-" + i, Action.deploy());
    }
    clock.advance(Duration.ofSeconds(1));
    driver.tick(); // queued -> submitting -> in_progress
    clock.advance(Duration.ofSeconds(1));
    driver.tick();
  }
}
