package dev.cutover.vitess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.Change;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.HistoryEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store's contract (spec section 6) against a real MySQL 8.0. */
class JdbcDeployRequestStoreTest {

  private final String table = "cutover_store_" + Vtgate.suffix();
  private JdbcDeployRequestStore store;

  @BeforeEach
  void setUp() {
    store = JdbcDeployRequestStore.create(TestCluster.mysql().dataSource(), table);
  }

  @AfterEach
  void tearDown() {
    if (store != null) {
      store.dropTable();
    }
  }

  private static DeployRequest request(String id, Instant at) {
    return DeployRequest.create(id, "db", List.of(new Change("commerce", "ALTER TABLE t ADD COLUMN x INT")),
        DeployOptions.ofDefaults(), at);
  }

  /** The same request with one more warning: a visible, countable change. */
  private static DeployRequest withWarning(DeployRequest r, String warning) {
    List<String> warnings = new ArrayList<>(r.warnings());
    warnings.add(warning);
    return new DeployRequest(r.id(), r.database(), r.changes(), r.options(), r.migrationContext(), r.createdAt(),
        r.version(), r.state(), r.history(), r.approved(), r.instantEligible(), r.errors(), warnings, r.queueTicket(),
        r.submitted(), r.pendingSubmission(), r.throttleRatio(), r.revertExpiresAt());
  }

  /** The same request, terminal. */
  private static DeployRequest cancelled(DeployRequest r) {
    List<HistoryEntry> history = new ArrayList<>(r.history());
    history.add(new HistoryEntry(r.createdAt().plusSeconds(1), DeployState.COMPLETE_CANCEL));
    return new DeployRequest(r.id(), r.database(), r.changes(), r.options(), r.migrationContext(), r.createdAt(),
        r.version(), DeployState.COMPLETE_CANCEL, history, r.approved(), r.instantEligible(), r.errors(),
        r.warnings(), r.queueTicket(), r.submitted(), r.pendingSubmission(), r.throttleRatio(), r.revertExpiresAt());
  }

  @Test
  void insert_stores_version_0_and_get_returns_every_field() {
    DeployRequest full = DeployRequestJsonTest.everyFieldSet();
    DeployRequest stored = store.insert(full);
    assertThat(stored.version()).isZero();
    assertThat(store.get(full.id())).contains(full.withVersion(0));
    assertThat(store.get("nope")).isEmpty();
  }

  @Test
  void insert_rejects_a_duplicate_id_naming_it() {
    store.insert(request("dup-1", Instant.EPOCH));
    assertThatThrownBy(() -> store.insert(request("dup-1", Instant.EPOCH.plusSeconds(5))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'dup-1'");
    assertThat(store.list()).hasSize(1);
  }

  @Test
  void ids_differing_only_in_case_or_trailing_space_are_different_requests() {
    store.insert(request("Case", Instant.EPOCH));
    store.insert(request("case", Instant.EPOCH));
    store.insert(request("case ", Instant.EPOCH));
    assertThat(store.list()).extracting(DeployRequest::id).containsExactly("Case", "case", "case ");
  }

  @Test
  void compare_and_set_saves_on_the_current_version_only() {
    DeployRequest v0 = store.insert(request("cas-1", Instant.EPOCH));
    Optional<DeployRequest> v1 = store.compareAndSet(withWarning(v0, "first"));
    assertThat(v1).isPresent();
    assertThat(v1.get().version()).isEqualTo(1);
    assertThat(v1.get().warnings()).containsExactly("first");
    // A writer still holding version 0 lost the race: nothing is written.
    assertThat(store.compareAndSet(withWarning(v0, "stale"))).isEmpty();
    assertThat(store.get("cas-1").orElseThrow()).isEqualTo(v1.get());
  }

  @Test
  void compare_and_set_of_an_unknown_id_is_an_invalid_argument() {
    assertThatThrownBy(() -> store.compareAndSet(request("ghost", Instant.EPOCH)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ghost'");
  }

  @Test
  void list_is_in_creation_order_and_list_active_holds_what_needs_driving() {
    DeployRequest b = store.insert(request("b", Instant.EPOCH));
    store.insert(request("a", Instant.EPOCH));
    store.insert(request("c", Instant.EPOCH));
    assertThat(store.list()).extracting(DeployRequest::id).containsExactly("b", "a", "c");
    store.compareAndSet(cancelled(b)).orElseThrow();
    assertThat(store.listActive()).extracting(DeployRequest::id).containsExactly("a", "c");
    assertThat(store.list()).extracting(DeployRequest::id).containsExactly("b", "a", "c");
  }

  @Test
  void the_table_is_created_once_and_reused() {
    store.insert(request("kept", Instant.EPOCH));
    JdbcDeployRequestStore again = JdbcDeployRequestStore.create(TestCluster.mysql().dataSource(), table);
    assertThat(again.get("kept")).isPresent();
  }

  @Test
  void two_concurrent_writers_lose_no_update() throws Exception {
    store.insert(request("race", Instant.EPOCH));
    int writers = 4;
    int increments = 25;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> lost = new ArrayList<>();
    try {
      for (int w = 0; w < writers; w++) {
        int writer = w;
        lost.add(pool.submit(() -> {
          start.await();
          int races = 0;
          for (int i = 0; i < increments; i++) {
            while (true) {
              DeployRequest current = store.get("race").orElseThrow();
              if (store.compareAndSet(withWarning(current, "w" + writer + "-" + i)).isPresent()) {
                break;
              }
              races++; // lost a race: retry from the fresh value
            }
          }
          return races;
        }));
      }
      start.countDown();
      int racesLost = 0;
      for (Future<Integer> f : lost) {
        racesLost += f.get(120, TimeUnit.SECONDS);
      }
      DeployRequest end = store.get("race").orElseThrow();
      assertThat(end.version()).isEqualTo((long) writers * increments);
      Set<String> distinct = new HashSet<>(end.warnings());
      assertThat(distinct).hasSize(writers * increments);
      assertThat(end.warnings()).hasSize(writers * increments);
      System.out.println("store race: " + writers + " writers x " + increments + " saves, " + racesLost
          + " lost races retried, no lost update");
    } finally {
      pool.shutdownNow();
    }
  }

  private void sql(String statement, String... args) throws Exception {
    try (java.sql.Connection c = TestCluster.mysql().dataSource().getConnection();
        java.sql.PreparedStatement ps = c.prepareStatement(statement)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }

  /** Issue 9, fault 9: a row holding another request's body is refused, not read as the other request. */
  @Test
  void a_body_whose_id_differs_from_its_rows_id_is_refused_naming_the_row_and_the_field() throws Exception {
    Instant t = Instant.parse("2024-05-01T10:00:00Z");
    store.insert(request("r1", t));
    store.insert(request("r2", t));
    sql("UPDATE `" + table + "` SET body = (SELECT b FROM (SELECT body AS b FROM `" + table
        + "` WHERE id = ?) AS other) WHERE id = ?", "r2", "r1");
    JdbcDeployRequestStore fresh = JdbcDeployRequestStore.create(TestCluster.mysql().dataSource(), table);
    assertThatThrownBy(() -> fresh.get("r1")).isInstanceOf(JdbcDeployRequestStore.StoreException.class)
        .hasMessageContaining("row 'r1'").hasMessageContaining("id: the body says 'r2', the row's column 'r1'");
    assertThatThrownBy(fresh::listActive).hasMessageContaining("row 'r1'");
    assertThat(fresh.get("r2")).isPresent();
    // Issue 9, fault 4: the unreadable row is reported and the others are still read.
    var active = fresh.readActive();
    assertThat(active.requests()).extracting(DeployRequest::id).containsExactly("r2");
    assertThat(active.unreadable()).containsOnlyKeys("r1");
    assertThat(active.unreadable().get("r1")).contains("id: the body says 'r2'");
    // it names the row's version: a driver warns once per row and version, not on every tick (issue 22, 14)
    assertThat(active.unreadable().get("r1")).startsWith("deploy request row 'r1' (version 0) of ");
    var all = fresh.readAll();
    assertThat(all.requests()).extracting(DeployRequest::id).containsExactly("r2");
    assertThat(all.unreadable()).containsOnlyKeys("r1");
  }

  @Test
  void a_body_that_is_not_a_valid_request_is_refused_naming_the_field() throws Exception {
    store.insert(request("r1", Instant.parse("2024-05-01T10:00:00Z")));
    sql("UPDATE `" + table + "` SET body = JSON_SET(body, '$.queueTicket', 'x') WHERE id = ?", "r1");
    JdbcDeployRequestStore fresh = JdbcDeployRequestStore.create(TestCluster.mysql().dataSource(), table);
    assertThatThrownBy(() -> fresh.get("r1")).isInstanceOf(JdbcDeployRequestStore.StoreException.class)
        .hasMessageContaining("row 'r1'").hasMessageContaining("queueTicket: must be an integer");
  }

  /**
   * Issue 9: the next ticket is worked out by the server over every stored body of the database,
   * terminal and unreadable ones included, without reading them all.
   */
  @Test
  void the_highest_queue_ticket_counts_every_body_of_the_database_and_only_integer_tickets() throws Exception {
    Instant t = Instant.parse("2024-05-01T10:00:00Z");
    assertThat(store.highestQueueTicket("db")).isZero();
    store.insert(request("r1", t));
    store.insert(cancelled(request("r2", t)));
    store.insert(request("r3", t));
    store.insert(DeployRequest.create("r4", "other", List.of(new Change("commerce", "ALTER TABLE t ADD COLUMN x INT")),
        DeployOptions.ofDefaults(), t));
    assertThat(store.highestQueueTicket("db")).isZero();
    sql("UPDATE `" + table + "` SET body = JSON_SET(body, '$.queueTicket', 5) WHERE id = ?", "r1");
    sql("UPDATE `" + table + "` SET body = JSON_SET(body, '$.queueTicket', 9) WHERE id = ?", "r2");
    sql("UPDATE `" + table + "` SET body = JSON_SET(body, '$.queueTicket', 'x') WHERE id = ?", "r3");
    sql("UPDATE `" + table + "` SET body = JSON_SET(body, '$.queueTicket', 12) WHERE id = ?", "r4");
    assertThat(store.highestQueueTicket("db")).as("a finished request's ticket counts").isEqualTo(9);
    assertThat(store.highestQueueTicket("other")).isEqualTo(12);
    assertThat(store.highestQueueTicket("none")).isZero();
    assertThat(store.highestQueueTicket("DB")).as("database names are exact").isZero();
    // A body that cannot be read as a request still holds the ticket it took.
    sql("UPDATE `" + table + "` SET body = JSON_SET(body, '$.id', 'elsewhere') WHERE id = ?", "r2");
    JdbcDeployRequestStore fresh = JdbcDeployRequestStore.create(TestCluster.mysql().dataSource(), table);
    assertThat(fresh.readAll().unreadable()).containsOnlyKeys("r2", "r3");
    assertThat(store.highestQueueTicket("db")).isEqualTo(9);
    // Tickets outside [0, Long.MAX_VALUE] or not integers are none.
    sql("UPDATE `" + table + "` SET body = JSON_SET(body, '$.queueTicket', CAST('18446744073709551615' AS UNSIGNED))"
        + " WHERE id = ?", "r3");
    assertThat(store.highestQueueTicket("db")).isEqualTo(9);
    sql("UPDATE `" + table + "` SET body = JSON_SET(body, '$.queueTicket', 99.5) WHERE id = ?", "r3");
    assertThat(store.highestQueueTicket("db")).isEqualTo(9);
    sql("UPDATE `" + table + "` SET body = JSON_SET(body, '$.queueTicket', -100) WHERE id = ?", "r1");
    assertThat(store.highestQueueTicket("db")).isEqualTo(9);
    sql("UPDATE `" + table + "` SET body = JSON_SET(body, '$.queueTicket', 9223372036854775807) WHERE id = ?", "r3");
    assertThat(store.highestQueueTicket("db")).isEqualTo(Long.MAX_VALUE);
  }

  /** Issue 11: a tick's listActive parses only the bodies another writer changed since the last one. */
  @Test
  void list_active_parses_only_the_bodies_whose_version_changed() {
    Instant t = Instant.parse("2024-05-01T10:00:00Z");
    List<DeployRequest> inserted = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      inserted.add(store.insert(request("p" + i, t.plusSeconds(i))));
    }
    JdbcDeployRequestStore reader = JdbcDeployRequestStore.create(TestCluster.mysql().dataSource(), table);
    assertThat(reader.listActive()).extracting(DeployRequest::id).containsExactly("p0", "p1", "p2");
    assertThat(reader.bodiesParsed()).isEqualTo(3);
    assertThat(reader.listActive()).hasSize(3);
    assertThat(reader.bodiesParsed()).isEqualTo(3);

    store.compareAndSet(withWarning(inserted.get(1), "seen by the reader")).orElseThrow();
    List<DeployRequest> active = reader.listActive();
    assertThat(reader.bodiesParsed()).isEqualTo(4);
    assertThat(active.get(1).warnings()).containsExactly("seen by the reader");
    assertThat(active.get(1).version()).isEqualTo(1);

    store.compareAndSet(cancelled(active.get(2))).orElseThrow();
    assertThat(reader.listActive()).extracting(DeployRequest::id).containsExactly("p0", "p1");
    assertThat(reader.bodiesParsed()).isEqualTo(4);
  }
}
