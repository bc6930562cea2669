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

/** What the Vitess backend does beyond the contract: quoting end to end, batching, failure typing. */
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
  void keyspaces_and_shards_come_from_vtgate() throws Exception {
    assertThat(backend.keyspaces()).contains("commerce", "customer")
        .doesNotContain("information_schema", "mysql", "sys", "performance_schema");
    assertThat(backend.shards("commerce")).containsExactly("-80", "80-");
    assertThat(backend.shards("customer")).hasSize(1);
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
