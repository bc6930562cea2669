package dev.cutover.vitess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.MigrationHandle;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.FoundMigration;
import dev.cutover.core.spi.RowQuery;
import dev.cutover.core.spi.RowsRead;
import dev.cutover.core.spi.Submission;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the Vitess backend does beyond the contract: quoting end to end, batching, failure typing. */
@ExtendWith(VitessClusterExtension.class)
class VitessBackendTest {

  private static final String KS = "commerce";

  private TestCluster.Target target;
  private CountingDataSource counting;
  private VitessBackend backend;
  private Vtgate vtgate;
  private final List<String> tables = new ArrayList<>();
  private final List<MigrationHandle> handles = new ArrayList<>();
  private final String s = Vtgate.suffix();

  @BeforeEach
  void setUp() {
    target = TestCluster.vtgate();
    counting = new CountingDataSource(target.dataSource());
    backend = VitessBackend.using(counting.dataSource());
    vtgate = new Vtgate(target.dataSource());
  }

  @AfterEach
  void tearDown() {
    if (vtgate != null) {
      vtgate.cancelQuietly(KS, handles);
      tables.forEach(t -> vtgate.quietly(KS, "DROP TABLE IF EXISTS `" + t + "`"));
    }
  }

  private String table() {
    String t = "vb_" + tables.size() + "_" + s;
    vtgate.direct(KS, "CREATE TABLE `" + t + "` (id BIGINT NOT NULL PRIMARY KEY, note VARCHAR(16))");
    tables.add(t);
    return t;
  }

  @Test
  void keyspaces_and_shards_come_from_vtgate(VitessCluster cluster) throws Exception {
    assertThat(backend.keyspaces()).contains("commerce", "customer")
        .doesNotContain("information_schema", "mysql", "sys", "performance_schema");
    assertThat(backend.shards("commerce")).containsExactly("-80", "80-");
    assertThat(backend.shards("customer")).hasSize(1);
    // the cluster the test kit hands users is this one, topology included
    assertThat(cluster.topology()).containsEntry("commerce", List.of("-80", "80-"))
        .containsEntry("customer", backend.shards("customer"));
    assertThat(cluster.topology().keySet()).containsExactlyInAnyOrderElementsOf(backend.keyspaces());
  }

  @Test
  void shards_of_an_unknown_keyspace_is_a_failure_never_an_empty_list() {
    assertThatThrownBy(() -> backend.shards("no_such_keyspace_" + s)).isInstanceOf(BackendException.class);
    assertThatThrownBy(() -> backend.shards("bad`name")).isInstanceOf(BackendException.class)
        .hasMessageContaining("keyspace:");
  }

  @Test
  void contexts_with_quotes_backslashes_and_like_wildcards_are_matched_exactly() throws Exception {
    TestCluster.vtgateWithOnlineDdl();
    String tricky = "cutover:it's \\ \"db\" 100%_done:" + s;
    String lookalike = "cutover:it's \\ \"db\" 100%Xdone:" + s; // '_' would match 'X' under LIKE
    MigrationHandle h = backend.submit(new Submission("r", 0, tricky, KS,
        "ALTER TABLE `" + table() + "` ADD COLUMN c INT", false));
    handles.add(h);
    MigrationHandle other = backend.submit(new Submission("r2", 0, lookalike, KS,
        "ALTER TABLE `" + table() + "` ADD COLUMN c INT", false));
    handles.add(other);

    assertThat(backend.findByContext(tricky, KS)).extracting(FoundMigration::handle).containsExactly(h);
    assertThat(backend.findByContext(lookalike, KS)).extracting(FoundMigration::handle).containsExactly(other);
    assertThat(backend.findByContext("cutover:it's \\ \"db\" 100%%:" + s, KS)).isEmpty();
    assertThat(vtgate.migration(KS, h))
        .allSatisfy(row -> assertThat(row.get("migration_context")).isEqualTo(VitessSql.vitessContext(tricky)));

    RowQuery q = new RowQuery("r", tricky, KS);
    RowsRead read = backend.readRows(List.of(q));
    assertThat(read.rows().get(q)).extracting(MigrationRow::handle).containsOnly(h);
  }

  /**
   * Issue 9, fault 3: a found migration carries its statement as Vitess re-wrote it, and each of
   * these spellings of a change is recognised as that change and as no other.
   */
  @Test
  void found_migrations_carry_their_statement_and_each_runs_only_its_own_change() throws Exception {
    TestCluster.vtgateWithOnlineDdl();
    String t = table();
    String u = table();
    String context = "cutover:statements:" + s;
    String v = "vbv_" + s;
    List<String> changes = List.of(
        "ALTER TABLE " + t + " ADD COLUMN c1 INT",
        "alter TABLE `" + t + "` ADD c2 VARCHAR(3) DEFAULT 'AbC' COMMENT \"it's \\\"quoted\\\"\";",
        "ALTER TABLE " + t + " ADD COLUMN c3 BIGINT NOT NULL DEFAULT 0, ADD INDEX c3_idx (c3)",
        "ALTER TABLE `" + t + "` MODIFY note VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL",
        "ALTER TABLE " + t + " /* a comment */ CHANGE note note2 VARCHAR(16)",
        "ALTER TABLE " + t + " DROP note",
        "ALTER TABLE " + t + " ADD KEY note_idx (note), COMMENT 'table''s note'",
        "ALTER TABLE " + t + " ADD UNIQUE INDEX u_idx (note), DROP INDEX c3_idx",
        "ALTER TABLE " + t + " RENAME COLUMN note TO note3, ALTER COLUMN id SET DEFAULT 5",
        "ALTER TABLE " + t + " ADD c4 INT(11) UNSIGNED DEFAULT 1 NOT NULL AFTER id, ADD c5 ENUM('a','b') FIRST",
        "ALTER TABLE " + t + " ADD c6 TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP",
        "ALTER TABLE " + t + " ADD c7 DECIMAL(5,2) DEFAULT 1.50, ADD c8 INT DEFAULT -1, ADD c9 BOOL DEFAULT TRUE",
        "ALTER TABLE " + t + " ADD c10 INT AS (id + 1) STORED, ADD c11 JSON",
        "ALTER TABLE " + t + " ENGINE=InnoDB, DEFAULT CHARSET=utf8mb4, AUTO_INCREMENT = 5",
        "ALTER TABLE " + t + " ADD c12 INT COMMENT 'x' NOT NULL AFTER id, ADD FULLTEXT INDEX ft (note)",
        "ALTER TABLE " + t + " ADD c13 VARCHAR(5) COLLATE utf8mb4_bin DEFAULT \"x\" NOT NULL",
        "ALTER TABLE " + t + " ADD c14 DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6), ADD c15 VARBINARY(4) DEFAULT X'1F'",
        "ALTER TABLE " + t + " ADD c16 BIT(1) DEFAULT b'1', ADD CONSTRAINT chk CHECK (id > 0)",
        "ALTER TABLE " + t + " DROP PRIMARY KEY, ADD PRIMARY KEY (id, note), COMMENT = 'x'",
        "ALTER TABLE " + t + " CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci",
        "ALTER TABLE " + u + " ADD COLUMN c1 INT",
        "ALTER TABLE " + u + " ENGINE=InnoDB",
        "CREATE TABLE vbc_" + s + " (id BIGINT NOT NULL AUTO_INCREMENT, name VARCHAR(10) NOT NULL DEFAULT '', "
            + "PRIMARY KEY (id), KEY name_idx (name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
        "CREATE TABLE IF NOT EXISTS `vbd_" + s + "` (`id` INT PRIMARY KEY, note TEXT)",
        "DROP TABLE IF EXISTS " + u,
        "CREATE VIEW " + v + " AS SELECT id, name FROM customer WHERE id > 1",
        "CREATE OR REPLACE VIEW " + v + " AS SELECT * FROM customer",
        "ALTER VIEW " + v + " AS SELECT id AS i FROM customer ORDER BY id");
    List<MigrationHandle> submitted = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      MigrationHandle h = backend.submit(new Submission("r", i, context, KS, changes.get(i), false));
      handles.add(h);
      submitted.add(h);
    }
    List<FoundMigration> found = backend.findByContext(context, KS);
    assertThat(found).extracting(FoundMigration::handle).containsExactlyElementsOf(submitted);
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      FoundMigration f = found.get(i);
      System.out.println("stored statement " + i + ": " + f.statement());
      assertThat(f.statement()).as("the statement of change %d", i).isNotBlank();
      for (int j = 0; j < changes.size(); j++) {
        if (f.runs(changes.get(j)) != (i == j)) {
          wrong.add("stored [" + f.statement() + "] " + (i == j ? "does not run" : "runs") + " change " + j + " ["
              + changes.get(j) + "]");
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void read_rows_sends_one_show_per_keyspace_for_the_whole_batch() throws Exception {
    List<RowQuery> queries = List.of(
        new RowQuery("a", "ctx-a-" + s, "commerce"),
        new RowQuery("b", "ctx-b-" + s, "commerce"),
        new RowQuery("c", "ctx-c-" + s, "customer"),
        new RowQuery("d", "ctx-d-" + s, "commerce"));
    counting.reset();
    RowsRead read = backend.readRows(queries);
    assertThat(read.failures()).isEmpty();
    assertThat(read.rows().keySet()).containsExactlyInAnyOrderElementsOf(queries);
    assertThat(counting.statements()).hasSize(2)
        .allSatisfy(sql -> assertThat(sql).startsWith("SHOW VITESS_MIGRATIONS FROM"));
    assertThat(counting.statements().get(0)).contains("`commerce`").contains("ctx-a-").contains("ctx-b-")
        .contains("ctx-d-");
    assertThat(counting.connections()).isEqualTo(1);
  }

  @Test
  void a_keyspace_that_fails_is_reported_per_query_and_the_others_still_answer() throws Exception {
    RowQuery good = new RowQuery("a", "ctx-a-" + s, "commerce");
    RowQuery bad = new RowQuery("b", "ctx-b-" + s, "no_such_keyspace_" + s);
    RowQuery invalid = new RowQuery("c", "ctx-c-" + s, "bad`keyspace");
    RowsRead read = backend.readRows(List.of(good, bad, invalid));
    assertThat(read.rows()).containsOnlyKeys(good);
    assertThat(read.failures()).containsOnlyKeys(bad, invalid);
    assertThat(read.failures().get(invalid).isTransient()).isFalse();
  }

  @Test
  void a_statement_that_is_not_a_supported_ddl_never_reaches_vtgate() {
    counting.reset();
    assertThatThrownBy(() -> backend.submit(new Submission("r", 0, "ctx-" + s, KS, "DELETE FROM customer", false)))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.isTransient()).isFalse())
        .hasMessageContaining("not a supported schema change");
    assertThatThrownBy(() -> backend.submit(new Submission("r", 0, "ctx-" + s, KS,
        "ALTER TABLE customer ADD COLUMN x INT; DROP TABLE customer", false)))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.isTransient()).isFalse());
    assertThatThrownBy(() -> backend.submit(new Submission("r", 0, "ctx-" + s, "customer`; DROP TABLE x; --",
        "ALTER TABLE customer ADD COLUMN x INT", false)))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.isTransient()).isFalse());
    assertThat(counting.connections()).isZero();
  }

  @Test
  void commands_on_a_handle_that_is_not_a_uuid_are_refused_permanently_before_vtgate() {
    counting.reset();
    MigrationHandle evil = new MigrationHandle("x' OR '1'='1");
    assertThatThrownBy(() -> backend.complete(KS, evil))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.isTransient()).isFalse());
    assertThatThrownBy(() -> backend.cancel(KS, evil))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.isTransient()).isFalse());
    assertThat(counting.connections()).isZero();
  }

  @Test
  void an_unreachable_vtgate_is_a_transient_failure() {
    VitessBackend nowhere = VitessBackend.connect("jdbc:mysql://127.0.0.1:1/?connectTimeout=2000", "root", "");
    assertThatThrownBy(nowhere::keyspaces)
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.isTransient()).isTrue());
    assertThatThrownBy(() -> nowhere.readRows(List.of(new RowQuery("r", "c", KS))))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.isTransient()).isTrue());
  }

  @Test
  void a_syntax_error_from_vtgate_is_permanent() throws Exception {
    TestCluster.vtgateWithOnlineDdl();
    assertThatThrownBy(() -> backend.submit(new Submission("r", 0, "ctx-syntax-" + s, KS,
        "ALTER TABLE customer ADD COLUMN", false)))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.isTransient()).isFalse());
    assertThat(backend.findByContext("ctx-syntax-" + s, KS)).isEmpty();
  }
}
