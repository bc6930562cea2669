package dev.cutover.vitess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.Action;
import dev.cutover.core.Change;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.SubmittedChange;
import dev.cutover.core.driver.Driver;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Spec section 7 on a real Vitess cluster: a cutover that a lock holder keeps failing goes through
 * when forced, and a database held by a failed request admits the next one after {@code unblock}.
 */
class Section7ThroughVitessTest {

  private static final String KS = "commerce";
  private static final List<String> SHARDS = List.of("-80", "80-");

  private TestCluster.Target target;
  private Vtgate vtgate;
  private RecordingBackend backend;
  private DeployRequestStore store;
  private Driver driver;
  private final List<String> cleanup = new ArrayList<>();
  private final String s = Vtgate.suffix();
  private Connection holder;

  @BeforeEach
  void setUp() {
    target = TestCluster.vtgateWithOnlineDdl();
    vtgate = new Vtgate(target.dataSource());
    backend = new RecordingBackend(VitessBackend.using(target.dataSource()));
    store = new InMemoryDeployRequestStore();
    driver = Driver.builder(store, backend).build();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (holder != null) {
      try {
        holder.close();
      } catch (SQLException e) {
        // killed by Vitess, as the test expects
      }
    }
    if (vtgate == null) {
      return;
    }
    List<MigrationHandle> handles = new ArrayList<>();
    for (DeployRequest r : store.list()) {
      r.submitted().stream().map(SubmittedChange::handle).forEach(handles::add);
    }
    vtgate.cancelQuietly(KS, handles);
    vtgate.quietly(KS, cleanup.toArray(String[]::new));
  }

  private static int attempts(Map<String, String> row) {
    String v = row.get("cutover_attempts");
    return v == null ? 0 : Integer.parseInt(v);
  }

  /**
   * Section 7, forceCutover: a transaction on another connection holds a lock on the table through
   * the whole COMPLETE, so every cutover attempt of Vitess times out waiting for it and the request
   * stays {@code in_progress_cutover}; FORCE_CUTOVER makes Vitess kill the lock holder and cut over.
   */
  @Test
  void rule_force_cutover_a_cutover_stalled_by_a_lock_holder_completes_when_forced_and_the_holder_is_killed()
      throws Exception {
    String column = "stall_" + s;
    cleanup.add("ALTER TABLE customer DROP COLUMN " + column);
    String id = "stall-" + s;
    driver.create(id, "db-" + s, List.of(new Change(KS, "ALTER TABLE customer ADD COLUMN " + column + " INT")),
        DeployOptions.custom().autoApply(false).build());
    Ticking.until(driver, store, id, Duration.ofSeconds(30), DeployState.READY);
    driver.act(id, Action.deploy());
    DeployRequest r = Ticking.until(driver, store, id, Duration.ofSeconds(120), DeployState.PENDING_CUTOVER);
    MigrationHandle handle = r.submitted().get(0).handle();

    // The lock holder: a transaction that read the table FOR UPDATE on every shard and stays open.
    holder = target.dataSource().getConnection();
    Statement hold = holder.createStatement();
    hold.execute("USE `" + KS + "`");
    holder.setAutoCommit(false);
    try (ResultSet rs = hold.executeQuery("SELECT id FROM customer FOR UPDATE")) {
      while (rs.next()) {
        // locks every row it reads, and the table's metadata lock, until the transaction ends
      }
    }

    driver.act(id, Action.apply());
    Ticking.until(driver, store, id, Duration.ofSeconds(30), DeployState.IN_PROGRESS_CUTOVER);
    assertThat(backend.sent("complete")).extracting(RecordingBackend.Sent::handle).containsExactly(handle);

    // Vitess keeps failing the cutover: at least two attempts on every shard (v24 backs off 1 minute
    // after the first), the migration still running, the request still in_progress_cutover.
    Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
    List<Map<String, String>> rows = vtgate.migration(KS, handle);
    while (!(rows.size() == SHARDS.size() && rows.stream().allMatch(m -> attempts(m) >= 2))) {
      assertThat(Instant.now()).as("cutover attempts still below 2 on some shard: %s", Vtgate.summary(rows))
          .isBefore(deadline);
      driver.tick();
      DeployRequest now = store.get(id).orElseThrow();
      List<Map<String, String>> seen = vtgate.migration(KS, handle);
      assertThat(now.state()).as("errors %s, rows %s", now.errors(), Vtgate.summary(seen))
          .isEqualTo(DeployState.IN_PROGRESS_CUTOVER);
      Thread.sleep(Ticking.TICK.toMillis());
      rows = vtgate.migration(KS, handle);
    }
    assertThat(rows).allSatisfy(m -> assertThat(m.get("migration_status")).isEqualTo("running"));
    int attemptsBeforeForcing = rows.stream().mapToInt(Section7ThroughVitessTest::attempts).min().orElseThrow();

    Instant forcedAt = Instant.now();
    driver.act(id, Action.forceCutover());
    DeployRequest done = Ticking.until(driver, store, id, Duration.ofSeconds(90), DeployState.COMPLETE_PENDING_REVERT);
    Duration forceToComplete = Duration.between(backend.sent("forceCutover").get(0).at(), Instant.now());
    assertThat(backend.sent("forceCutover")).extracting(RecordingBackend.Sent::handle).containsExactly(handle);
    assertThat(vtgate.migration(KS, handle)).hasSize(2).allSatisfy(m -> {
      assertThat(m.get("migration_status")).isEqualTo("complete");
      assertThat(m.get("force_cutover")).isEqualTo("1");
    });
    for (String shard : SHARDS) {
      assertThat(vtgate.showCreateTable(KS, shard, "customer")).contains("`" + column + "`");
    }
    assertThat(done.submitted().get(0).forcedCutover().wasRequested()).isTrue();
    // Vitess killed the lock holder's connection: its transaction is gone.
    assertThatThrownBy(() -> {
      try (ResultSet rs = hold.executeQuery("SELECT id FROM customer LIMIT 1")) {
        rs.next();
      }
      holder.commit();
    }).isInstanceOf(SQLException.class);
    System.out.println("[cutover] forced cutover on Vitess: cutover_attempts before forcing " + attemptsBeforeForcing
        + " (per shard " + rows.stream().map(m -> m.get("shard") + "=" + m.get("cutover_attempts")).toList()
        + "), stalled for " + Duration.between(r.history().get(r.history().size() - 1).at(), forcedAt).toSeconds()
        + " s, FORCE_CUTOVER to complete " + forceToComplete.toMillis() + " ms");
  }

  /**
   * Section 7, holdQueueOnFailure and unblock: a request that fails with the option keeps its
   * database; the next request of the database waits queued until {@code unblock}, then deploys.
   */
  @Test
  void rule_unblock_a_database_held_by_a_failed_request_admits_the_next_request_only_after_unblock()
      throws Exception {
    String key = "hold_" + s;
    String column = "after_" + s;
    cleanup.add("ALTER TABLE customer DROP KEY " + key);
    cleanup.add("ALTER TABLE corder DROP COLUMN " + column);
    long base = 9_000_000_000L + (Math.abs(s.hashCode()) % 1_000_000L) * 100;
    StringBuilder insert = new StringBuilder("INSERT INTO customer (id, name) VALUES ");
    for (int i = 0; i < 16; i++) {
      insert.append(i == 0 ? "" : ", ").append("(").append(base + i).append(", 'held-").append(s).append("')");
    }
    vtgate.direct(KS, insert.toString());
    cleanup.add("DELETE FROM customer WHERE id BETWEEN " + base + " AND " + (base + 15));
    String database = "db-" + s;

    String failing = "held-" + s;
    driver.create(failing, database, List.of(new Change(KS, "ALTER TABLE customer ADD UNIQUE KEY " + key + " (name)")),
        DeployOptions.custom().holdQueueOnFailure(true).build());
    Ticking.until(driver, store, failing, Duration.ofSeconds(30), DeployState.READY);
    driver.act(failing, Action.deploy());
    DeployRequest failed = Ticking.until(driver, store, failing, Duration.ofSeconds(120), DeployState.COMPLETE_ERROR);
    assertThat(failed.holdsDatabase()).isTrue();

    String next = "next-" + s;
    driver.create(next, database, List.of(new Change(KS, "ALTER TABLE corder ADD COLUMN " + column + " INT")),
        DeployOptions.ofDefaults());
    Ticking.until(driver, store, next, Duration.ofSeconds(30), DeployState.READY);
    assertThat(driver.act(next, Action.deploy()).request().state()).isEqualTo(DeployState.QUEUED);
    Ticking.ticks(driver, 6);
    DeployRequest waiting = store.get(next).orElseThrow();
    assertThat(waiting.state()).isEqualTo(DeployState.QUEUED);
    assertThat(waiting.submitted()).isEmpty();
    assertThat(backend.sent("submit")).hasSize(1);

    assertThat(driver.act(failing, Action.unblock()).request().unblocked()).isTrue();
    DeployRequest deployed = Ticking.until(driver, store, next, Duration.ofSeconds(120),
        DeployState.COMPLETE_PENDING_REVERT);
    for (String shard : SHARDS) {
      assertThat(vtgate.showCreateTable(KS, shard, "corder")).contains("`" + column + "`");
    }
    assertThat(deployed.submitted()).hasSize(1);
    assertThat(store.get(failing).orElseThrow().holdsDatabase()).isFalse();
  }
}
