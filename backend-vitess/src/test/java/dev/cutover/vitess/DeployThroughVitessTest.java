package dev.cutover.vitess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.Action;
import dev.cutover.core.Change;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.RowClass;
import dev.cutover.core.SubmittedChange;
import dev.cutover.core.driver.Driver;
import dev.cutover.core.driver.DriverEvent;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.core.spi.FoundMigration;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deploy requests through the {@link Driver} against a real Vitess cluster: keyspace
 * {@code commerce}, shards {@code -80} and {@code 80-}, tables {@code customer} and {@code corder}.
 * Each test adds columns or keys with names of its own and removes them afterwards.
 */
class DeployThroughVitessTest {

  private static final String KS = "commerce";
  private static final List<String> SHARDS = List.of("-80", "80-");
  private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(120);

  private TestCluster.Target target;
  private Vtgate vtgate;
  private VitessBackend vitess;
  private RecordingBackend backend;
  private DeployRequestStore store;
  private Driver driver;
  private final List<DriverEvent> events = new CopyOnWriteArrayList<>();
  private final List<String> cleanup = new ArrayList<>();
  private final String s = Vtgate.suffix();

  @BeforeEach
  void setUp() {
    target = TestCluster.vtgateWithOnlineDdl();
    vtgate = new Vtgate(target.dataSource());
    vitess = VitessBackend.using(target.dataSource());
    backend = new RecordingBackend(vitess);
    store = new InMemoryDeployRequestStore();
    driver = Driver.builder(store, backend).listener(events::add).build();
  }

  @AfterEach
  void tearDown() {
    if (vtgate == null) {
      return;
    }
    List<MigrationHandle> handles = new ArrayList<>();
    for (DeployRequest r : store.list()) {
      for (SubmittedChange sc : r.submitted()) {
        handles.add(sc.handle());
        if (sc.revert() != null) {
          handles.add(sc.revert());
        }
      }
    }
    vtgate.cancelQuietly(KS, handles);
    vtgate.quietly(KS, cleanup.toArray(String[]::new));
  }

  private DeployRequest deployAndWait(String id, String database, List<Change> changes, DeployOptions options,
      DeployState... until) throws Exception {
    driver.create(id, database, changes, options);
    Ticking.until(driver, store, id, Duration.ofSeconds(30), DeployState.READY);
    assertThat(driver.act(id, Action.deploy()).request().state()).isEqualTo(DeployState.QUEUED);
    return Ticking.until(driver, store, id, DEPLOY_TIMEOUT, until);
  }

  private List<MigrationRow> rowsOf(DeployRequest r) throws Exception {
    var q = new dev.cutover.core.spi.RowQuery(r.id(), r.migrationContext(), KS);
    var read = vitess.readRows(List.of(q));
    assertThat(read.failures()).isEmpty();
    return read.rows().get(q);
  }

  @Test
  void rule5_no_change_completes_until_every_change_is_ready_on_every_shard_then_all_cut_over() throws Exception {
    String c1 = "gate_a_" + s;
    String c2 = "gate_b_" + s;
    cleanup.add("ALTER TABLE customer DROP COLUMN " + c1);
    cleanup.add("ALTER TABLE corder DROP COLUMN " + c2);

    DeployRequest r = deployAndWait("gate-" + s, "db-" + s, List.of(
            new Change(KS, "ALTER TABLE customer ADD COLUMN " + c1 + " INT"),
            new Change(KS, "ALTER TABLE corder ADD COLUMN " + c2 + " VARCHAR(16) DEFAULT 'x'")),
        DeployOptions.ofDefaults(), DeployState.COMPLETE_PENDING_REVERT);

    assertThat(r.submitted()).hasSize(2);
    assertThat(r.submitted()).allSatisfy(sc -> assertThat(sc.shards()).isEqualTo(SHARDS));
    List<RecordingBackend.Sent> completes = backend.sent("complete");
    assertThat(completes).extracting(RecordingBackend.Sent::handle)
        .containsExactly(r.submitted().get(0).handle(), r.submitted().get(1).handle());
    // At the first COMPLETE, Vitess already reported every change ready on every shard.
    List<MigrationRow> seen = completes.get(0).rowsBefore();
    for (SubmittedChange sc : r.submitted()) {
      for (String shard : SHARDS) {
        MigrationRow row = seen.stream()
            .filter(m -> m.handle().equals(sc.handle()) && m.shard().equals(shard)).findFirst().orElse(null);
        assertThat(RowClass.of(row).opensGate())
            .as("change %d on shard %s at the first COMPLETE: %s", sc.change(), shard, row).isTrue();
      }
    }
    // Every submit happened before the first complete.
    List<RecordingBackend.Sent> all = backend.sent();
    assertThat(all.indexOf(completes.get(0))).isGreaterThan(all.indexOf(backend.sent("submit").get(1)));

    // The new schema is on both shards.
    for (String shard : SHARDS) {
      assertThat(vtgate.showCreateTable(KS, shard, "customer")).contains("`" + c1 + "`");
      assertThat(vtgate.showCreateTable(KS, shard, "corder")).contains("`" + c2 + "`");
    }
    assertThat(rowsOf(r)).hasSize(4).allSatisfy(m -> assertThat(m.status()).isEqualTo("complete"));

    driver.act(r.id(), Action.skipRevert());
    assertThat(store.get(r.id()).orElseThrow().state()).isEqualTo(DeployState.COMPLETE);
  }

  @Test
  void cancel_before_the_gate_leaves_the_schema_unchanged() throws Exception {
    String c1 = "cancel_a_" + s;
    String c2 = "cancel_b_" + s;
    cleanup.add("ALTER TABLE customer DROP COLUMN " + c1);
    cleanup.add("ALTER TABLE corder DROP COLUMN " + c2);
    Map<String, String> customerBefore = vtgate.schemaByShard(KS, SHARDS, "customer");
    Map<String, String> corderBefore = vtgate.schemaByShard(KS, SHARDS, "corder");

    DeployRequest r = deployAndWait("cancel-" + s, "db-" + s, List.of(
            new Change(KS, "ALTER TABLE customer ADD COLUMN " + c1 + " INT"),
            new Change(KS, "ALTER TABLE corder ADD COLUMN " + c2 + " INT")),
        DeployOptions.custom().autoApply(false).build(), DeployState.PENDING_CUTOVER);

    assertThat(driver.act(r.id(), Action.cancel()).request().state()).isEqualTo(DeployState.IN_PROGRESS_CANCEL);
    r = Ticking.until(driver, store, r.id(), DEPLOY_TIMEOUT, DeployState.COMPLETE_CANCEL);

    assertThat(backend.sent("complete")).isEmpty();
    assertThat(rowsOf(r)).hasSize(4).allSatisfy(m -> assertThat(m.status()).isEqualTo("cancelled"));
    assertThat(vtgate.schemaByShard(KS, SHARDS, "customer")).isEqualTo(customerBefore);
    assertThat(vtgate.schemaByShard(KS, SHARDS, "corder")).isEqualTo(corderBefore);
  }

  @Test
  void a_revert_within_the_window_restores_the_old_schema_and_keeps_rows_written_meanwhile() throws Exception {
    String c1 = "revert_a_" + s;
    cleanup.add("ALTER TABLE customer DROP COLUMN " + c1);
    long id = 9_000_000_000L + (Math.abs(s.hashCode()) % 1_000_000L) * 10;
    cleanup.add("DELETE FROM customer WHERE id IN (" + id + ", " + (id + 1) + ")");
    Map<String, String> before = vtgate.schemaByShard(KS, SHARDS, "customer");

    DeployRequest r = deployAndWait("revert-" + s, "db-" + s, List.of(
            new Change(KS, "ALTER TABLE customer ADD COLUMN " + c1 + " INT NOT NULL DEFAULT 7")),
        DeployOptions.ofDefaults(), DeployState.COMPLETE_PENDING_REVERT);
    assertThat(vtgate.showCreateTable(KS, "-80", "customer")).contains(c1);

    // Written inside the revert window, on the new schema.
    vtgate.direct(KS, "INSERT INTO customer (id, name, " + c1 + ") VALUES (" + id + ", 'during-" + s + "', 8), ("
        + (id + 1) + ", 'during2-" + s + "', 9)");

    assertThat(driver.act(r.id(), Action.revert()).request().state()).isEqualTo(DeployState.IN_PROGRESS_REVERT);
    r = Ticking.until(driver, store, r.id(), DEPLOY_TIMEOUT, DeployState.COMPLETE_REVERT);

    assertThat(r.submitted().get(0).revert()).isNotNull();
    assertThat(backend.sent("revert")).hasSize(1);
    assertThat(vtgate.schemaByShard(KS, SHARDS, "customer")).isEqualTo(before);
    assertThat(vtgate.queryOne(KS, "SELECT name FROM customer WHERE id = " + id)).isEqualTo("during-" + s);
    assertThat(vtgate.queryOne(KS, "SELECT name FROM customer WHERE id = " + (id + 1))).isEqualTo("during2-" + s);
    // The revert is found by the request's context, and knows what it reverts.
    List<FoundMigration> found = vitess.findByContext(r.migrationContext(), KS);
    assertThat(found).extracting(FoundMigration::handle)
        .containsExactly(r.submitted().get(0).handle(), r.submitted().get(0).revert());
    assertThat(found.get(1).revertOf()).isEqualTo(r.submitted().get(0).handle());
  }

  @Test
  void rule1_a_failing_change_ends_complete_error_and_its_sibling_is_cancelled() throws Exception {
    String c1 = "sibling_" + s;
    String key = "dup_" + s;
    cleanup.add("ALTER TABLE corder DROP COLUMN " + c1);
    cleanup.add("ALTER TABLE customer DROP KEY " + key);
    long id = 8_000_000_000L + (Math.abs(s.hashCode()) % 1_000_000L) * 100;
    StringBuilder insert = new StringBuilder("INSERT INTO customer (id, name) VALUES ");
    for (int i = 0; i < 16; i++) {
      insert.append(i == 0 ? "" : ", ").append("(").append(id + i).append(", 'dup-").append(s).append("')");
    }
    vtgate.direct(KS, insert.toString());
    cleanup.add("DELETE FROM customer WHERE id BETWEEN " + id + " AND " + (id + 15));

    DeployRequest r = deployAndWait("fail-" + s, "db-" + s, List.of(
            new Change(KS, "ALTER TABLE corder ADD COLUMN " + c1 + " INT"),
            new Change(KS, "ALTER TABLE customer ADD UNIQUE KEY " + key + " (name)")),
        DeployOptions.ofDefaults(), DeployState.COMPLETE_ERROR);

    assertThat(r.errors()).anySatisfy(e -> assertThat(e).contains("change 1").contains("failed")
        .contains("Duplicate entry 'dup-" + s + "'"));
    assertThat(backend.sent("complete")).isEmpty();
    MigrationHandle sibling = r.submitted().get(0).handle();
    assertThat(backend.sent("cancel")).extracting(RecordingBackend.Sent::handle).contains(sibling);
    vtgate.awaitMigration(KS, sibling, Duration.ofSeconds(60),
        rows -> rows.size() == 2 && rows.stream().allMatch(m -> "cancelled".equals(m.get("migration_status"))),
        "the sibling cancelled on both shards");
    assertThat(vtgate.showCreateTable(KS, "-80", "corder")).doesNotContain(c1);
    assertThat(vtgate.showCreateTable(KS, "80-", "corder")).doesNotContain(c1);
  }

  @Test
  void throttle_applies_to_this_requests_migrations_only() throws Exception {
    String c1 = "thr_a_" + s;
    String c2 = "thr_b_" + s;
    cleanup.add("ALTER TABLE customer DROP COLUMN " + c1);
    cleanup.add("ALTER TABLE corder DROP COLUMN " + c2);
    DeployOptions held = DeployOptions.custom().autoApply(false).build();
    // Two databases, so both requests run at once.
    DeployRequest a = deployAndWait("thr-a-" + s, "db-a-" + s,
        List.of(new Change(KS, "ALTER TABLE customer ADD COLUMN " + c1 + " INT")), held,
        DeployState.IN_PROGRESS, DeployState.PENDING_CUTOVER);
    DeployRequest b = deployAndWait("thr-b-" + s, "db-b-" + s,
        List.of(new Change(KS, "ALTER TABLE corder ADD COLUMN " + c2 + " INT")), held,
        DeployState.IN_PROGRESS, DeployState.PENDING_CUTOVER);

    driver.act(a.id(), Action.throttle(0.5));
    Ticking.ticks(driver, 2);
    MigrationHandle ha = a.submitted().get(0).handle();
    MigrationHandle hb = b.submitted().get(0).handle();
    assertThat(backend.sent("throttle 0.5")).extracting(RecordingBackend.Sent::handle).containsExactly(ha);
    assertThat(store.get(a.id()).orElseThrow().submitted().get(0).throttle()).isEqualTo(0.5);

    vtgate.awaitMigration(KS, ha, Duration.ofSeconds(60),
        rows -> rows.size() == 2 && rows.stream().allMatch(m -> ratio(m) == 0.5), "user_throttle_ratio 0.5");
    assertThat(vtgate.migration(KS, hb)).hasSize(2).allSatisfy(m -> assertThat(ratio(m)).isEqualTo(0.0));

    driver.act(a.id(), Action.throttle(0));
    Ticking.ticks(driver, 2);
    vtgate.awaitMigration(KS, ha, Duration.ofSeconds(60),
        rows -> rows.size() == 2 && rows.stream().allMatch(m -> ratio(m) == 0.0), "user_throttle_ratio back to 0");

    driver.act(a.id(), Action.cancel());
    driver.act(b.id(), Action.cancel());
    Ticking.until(driver, store, a.id(), DEPLOY_TIMEOUT, DeployState.COMPLETE_CANCEL);
    Ticking.until(driver, store, b.id(), DEPLOY_TIMEOUT, DeployState.COMPLETE_CANCEL);
  }

  private static double ratio(Map<String, String> row) {
    String v = row.get("user_throttle_ratio");
    return v == null ? -1 : Double.parseDouble(v);
  }

  @Test
  void a_driver_killed_right_after_a_submit_adopts_the_migration_when_restarted() throws Exception {
    TestCluster.Target mysql = TestCluster.mysql();
    JdbcDeployRequestStore durable = JdbcDeployRequestStore.create(mysql.dataSource(), "cutover_crash_" + s);
    try {
      String c1 = "crash_a_" + s;
      String c2 = "crash_b_" + s;
      cleanup.add("ALTER TABLE customer DROP COLUMN " + c1);
      cleanup.add("ALTER TABLE corder DROP COLUMN " + c2);
      RecordingBackend crashing = new RecordingBackend(vitess);
      crashing.afterSubmit((submission, handle) -> {
        throw new KilledDriver("killed right after submitting change " + submission.change() + " as " + handle);
      });
      Driver first = Driver.builder(durable, crashing).identity("driver-1").build();
      String id = "crash-" + s;
      first.create(id, "db-" + s, List.of(
              new Change(KS, "ALTER TABLE customer ADD COLUMN " + c1 + " INT"),
              new Change(KS, "ALTER TABLE corder ADD COLUMN " + c2 + " INT")),
          DeployOptions.ofDefaults());
      Ticking.until(first, durable, id, Duration.ofSeconds(30), DeployState.READY);
      first.act(id, Action.deploy());
      KilledDriver killed = null;
      try {
        first.tick();
      } catch (KilledDriver e) {
        killed = e;
      }
      assertThat(killed).as("the first driver died in its submit").isNotNull();
      MigrationHandle sentBeforeDying = crashing.sent("submit").get(0).handle();
      DeployRequest afterCrash = durable.get(id).orElseThrow();
      assertThat(afterCrash.state()).isEqualTo(DeployState.SUBMITTING);
      assertThat(afterCrash.submitted()).isEmpty();
      assertThat(afterCrash.pendingSubmission()).isNotNull();

      // A new driver (same name: it resumes its own submissions at once) over the same store.
      List<DriverEvent> restartedEvents = new CopyOnWriteArrayList<>();
      RecordingBackend plain = new RecordingBackend(vitess);
      Driver second = Driver.builder(durable, plain).identity("driver-1").listener(restartedEvents::add).build();
      DeployRequest r = Ticking.until(second, durable, id, DEPLOY_TIMEOUT, DeployState.COMPLETE_PENDING_REVERT);

      assertThat(r.submitted().get(0).handle()).isEqualTo(sentBeforeDying);
      assertThat(restartedEvents).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(DriverEvent.Adopted.class,
          adopted -> assertThat(adopted.handle()).isEqualTo(sentBeforeDying)));
      assertThat(plain.sent("submit")).hasSize(1); // change 1 only
      List<FoundMigration> found = vitess.findByContext(r.migrationContext(), KS);
      assertThat(found).extracting(FoundMigration::handle)
          .containsExactly(r.submitted().get(0).handle(), r.submitted().get(1).handle());
      for (String shard : SHARDS) {
        assertThat(vtgate.showCreateTable(KS, shard, "customer")).contains(c1);
        assertThat(vtgate.showCreateTable(KS, shard, "corder")).contains(c2);
      }
    } finally {
      List<MigrationHandle> left = new ArrayList<>();
      durable.list().forEach(r -> r.submitted().forEach(sc -> left.add(sc.handle())));
      vtgate.cancelQuietly(KS, left);
      durable.dropTable();
    }
  }

  /**
   * Issue 9, fault 3, on a real cluster: a driver that takes over a submission finds, under its
   * request's context, a migration that runs another change (as colliding contexts once made
   * happen); it does not adopt it, and submits its own change.
   */
  @Test
  void a_restarted_driver_adopts_only_a_migration_that_runs_the_change() throws Exception {
    JdbcDeployRequestStore durable = JdbcDeployRequestStore.create(TestCluster.mysql().dataSource(), "cutover_adopt_" + s);
    String other = "adopt_other_" + s;
    vtgate.direct(KS, "CREATE TABLE " + other + " (id BIGINT NOT NULL PRIMARY KEY)");
    List<MigrationHandle> injected = new ArrayList<>();
    try {
      String c1 = "adopt_a_" + s;
      cleanup.add("ALTER TABLE customer DROP COLUMN " + c1);
      Change change = new Change(KS, "ALTER TABLE customer ADD COLUMN " + c1 + " INT");
      RecordingBackend dying = new RecordingBackend(new dev.cutover.core.spi.ForwardingMigrationBackend(vitess) {
        @Override
        public MigrationHandle submit(dev.cutover.core.spi.Submission submission)
            throws dev.cutover.core.spi.BackendException {
          // Another change's migration exists under the context; this change's is never sent.
          injected.add(vitess.submit(new dev.cutover.core.spi.Submission("someone-else", 0,
              submission.migrationContext(), KS, "ALTER TABLE " + other + " ADD COLUMN " + c1 + " INT", false)));
          throw new KilledDriver("killed before sending change " + submission.change());
        }
      });
      Driver first = Driver.builder(durable, dying).identity("driver-1").build();
      String id = "adopt-" + s;
      first.create(id, "db-" + s, List.of(change), DeployOptions.ofDefaults());
      Ticking.until(first, durable, id, Duration.ofSeconds(30), DeployState.READY);
      first.act(id, Action.deploy());
      try {
        first.tick();
      } catch (KilledDriver expected) {
        // the first driver is gone
      }
      assertThat(injected).hasSize(1);
      assertThat(vitess.findByContext(durable.get(id).orElseThrow().migrationContext(), KS))
          .singleElement().satisfies(f -> {
            assertThat(f.statement()).contains(other);
            assertThat(f.runs(change.sql())).isFalse();
          });

      List<DriverEvent> restartedEvents = new CopyOnWriteArrayList<>();
      RecordingBackend plain = new RecordingBackend(vitess);
      Driver second = Driver.builder(durable, plain).identity("driver-1").listener(restartedEvents::add).build();
      DeployRequest r = Ticking.until(second, durable, id, DEPLOY_TIMEOUT, DeployState.COMPLETE_PENDING_REVERT);

      assertThat(restartedEvents).noneMatch(DriverEvent.Adopted.class::isInstance);
      assertThat(plain.sent("submit")).extracting(RecordingBackend.Sent::handle)
          .containsExactly(r.submitted().get(0).handle());
      assertThat(r.submitted().get(0).handle()).isNotEqualTo(injected.get(0));
      assertThat(plain.sent("complete")).extracting(RecordingBackend.Sent::handle).doesNotContain(injected.get(0));
      for (String shard : SHARDS) {
        assertThat(vtgate.showCreateTable(KS, shard, "customer")).contains(c1);
        assertThat(vtgate.showCreateTable(KS, shard, other)).doesNotContain(c1);
      }
    } finally {
      List<MigrationHandle> left = new ArrayList<>(injected);
      durable.list().forEach(r -> r.submitted().forEach(sc -> left.add(sc.handle())));
      vtgate.cancelQuietly(KS, left);
      durable.dropTable();
      vtgate.quietly(KS, "DROP TABLE IF EXISTS " + other);
    }
  }

  /** Thrown from a backend wrapper to kill the driver mid-tick. */
  static final class KilledDriver extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KilledDriver(String message) {
      super(message);
    }
  }
}
