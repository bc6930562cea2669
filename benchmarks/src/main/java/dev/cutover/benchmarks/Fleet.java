package dev.cutover.benchmarks;

import dev.cutover.core.Action;
import dev.cutover.core.ActionResult;
import dev.cutover.core.Analysis;
import dev.cutover.core.Change;
import dev.cutover.core.DeployMachine;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.driver.Driver;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.inmemory.InMemoryBackend;
import dev.cutover.inmemory.MigrationTimings;
import dev.cutover.inmemory.VirtualClock;
import java.time.Duration;
import java.time.Instant;
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

  /**
   * Stores {@code requests} requests already deployed (queued, each first in its database's queue) and
   * ticks until every one is {@code in_progress}. The requests are stored directly rather than created
   * and deployed through the driver, whose ticket numbering reads every stored request on every
   * deploy: that would make the setup of 100,000 requests quadratic.
   */
  static void deploy(Driver driver, DeployRequestStore store, VirtualClock clock, int requests,
      DeployOptions options) {
    List<Change> changes = changes();
    Instant now = clock.instant();
    for (int i = 0; i < requests; i++) {
      DeployRequest r = DeployRequest.create("dr-" + i, "db-" + i, changes, options, now);
      List<Analysis.ChangeAnalysis> ok = new ArrayList<>();
      changes.forEach(c -> ok.add(Analysis.ChangeAnalysis.ok(false)));
      r = DeployMachine.analysed(r, new Analysis(ok), now);
      ActionResult deployed = DeployMachine.apply(r, Action.deploy(), now, 1);
      if (!(deployed instanceof ActionResult.Accepted)) {
        throw new IllegalStateException("setup: deploy of " + r.id() + " was rejected: " + deployed);
      }
      store.insert(deployed.request());
    }
    clock.advance(Duration.ofSeconds(1));
    driver.tick(); // queued -> submitting -> in_progress
    clock.advance(Duration.ofSeconds(1));
    driver.tick();
    for (DeployRequest r : store.listActive()) {
      if (r.state() != DeployState.IN_PROGRESS) {
        throw new IllegalStateException("setup: " + r.id() + " is " + r.state() + ", not in_progress");
      }
    }
  }
}
