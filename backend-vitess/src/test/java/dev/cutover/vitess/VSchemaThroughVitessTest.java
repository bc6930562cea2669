package dev.cutover.vitess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.core.Action;
import dev.cutover.core.Change;
import dev.cutover.core.CommandState;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.HistoryEntry;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.SubmittedChange;
import dev.cutover.core.VSchemaChange;
import dev.cutover.core.driver.Driver;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import dev.cutover.core.spi.VSchemaUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Spec section 8's VSchema changes through the {@link Driver} on the real cluster: keyspace
 * {@code customer} (unsharded), its VSchema read and applied with vtctld's {@code GetVSchema} and
 * {@code ApplyVSchema}. Each test makes a table of its own, and puts the keyspace's VSchema back as
 * it found it whatever happens.
 */
class VSchemaThroughVitessTest {

  private static final String KS = "customer";
  private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(120);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Vtgate vtgate;
  private VitessBackend vitess;
  private VtctldClient vtctld;
  private DeployRequestStore store;
  private Driver driver;
  private String before;
  private final List<String> cleanup = new ArrayList<>();
  private final String s = Vtgate.suffix();

  @BeforeEach
  void setUp() throws Exception {
    TestCluster.Target target = TestCluster.vtgateWithOnlineDdl();
    vtctld = TestCluster.requireVtctld();
    vtgate = new Vtgate(target.dataSource());
    vitess = VitessBackend.builder(target.dataSource()).vtctld(vtctld).build();
    store = new InMemoryDeployRequestStore();
    driver = Driver.builder(store, vitess).build();
    before = vitess.vschema(KS);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (vtgate == null) {
      return;
    }
    try {
      if (!vitess.vschema(KS).equals(before)) {
        vitess.applyVSchema(new VSchemaUpdate("cleanup", KS, before, true));
      }
    } finally {
      List<MigrationHandle> handles = new ArrayList<>();
      for (DeployRequest r : store.list()) {
        for (SubmittedChange sc : r.submitted()) {
          handles.add(sc.handle());
        }
      }
      vtgate.cancelQuietly(KS, handles);
      vtgate.quietly(KS, cleanup.toArray(String[]::new));
    }
  }

  private String withTable(String vschema, String table) throws Exception {
    ObjectNode v = (ObjectNode) MAPPER.readTree(vschema);
    (v.get("tables") instanceof ObjectNode o ? o : v.putObject("tables")).putObject(table);
    return MAPPER.writeValueAsString(v);
  }

  private DeployRequest deployAndWait(String id, List<Change> changes, List<VSchemaChange> vschemas,
      DeployState... until) throws Exception {
    driver.create(id, "db-" + s, changes, vschemas, DeployOptions.ofDefaults());
    Ticking.until(driver, store, id, Duration.ofSeconds(30), DeployState.READY);
    assertThat(driver.act(id, Action.deploy()).request().state()).isEqualTo(DeployState.QUEUED);
    return Ticking.until(driver, store, id, DEPLOY_TIMEOUT, until);
  }

  @Test
  void section8_aNewTableAndItsVSchemaGoInAfterTheTable_aRevertPutsTheEarlierVSchemaBackFirst() throws Exception {
    String table = "vs_" + s;
    cleanup.add("DROP TABLE IF EXISTS " + table);
    String vschema = withTable(before, table);
    DeployRequest r = deployAndWait("vs-" + s,
        List.of(new Change(KS, "CREATE TABLE " + table + " (id BIGINT NOT NULL, PRIMARY KEY (id))")),
        List.of(new VSchemaChange(KS, vschema)), DeployState.COMPLETE_PENDING_REVERT, DeployState.COMPLETE_ERROR);
    assertThat(r.state()).as("%s", r.errors()).isEqualTo(DeployState.COMPLETE_PENDING_REVERT);
    assertThat(r.history()).extracting(HistoryEntry::state)
        .containsSubsequence(DeployState.IN_PROGRESS_CUTOVER, DeployState.IN_PROGRESS_VSCHEMA,
            DeployState.COMPLETE_PENDING_REVERT);
    assertThat(r.vschemaApplication(KS).orElseThrow().earlier()).as("saved before it was applied")
        .isEqualTo(before);
    assertThat(vtctld.getVSchema(KS).orElseThrow()).contains("\"" + table + "\"");

    assertThat(driver.act(r.id(), Action.revert()).accepted()).isTrue();
    DeployRequest reverted = Ticking.until(driver, store, r.id(), DEPLOY_TIMEOUT, DeployState.COMPLETE_REVERT,
        DeployState.COMPLETE_REVERT_ERROR);
    assertThat(reverted.state()).as("%s", reverted.errors()).isEqualTo(DeployState.COMPLETE_REVERT);
    assertThat(reverted.history()).extracting(HistoryEntry::state)
        .containsSubsequence(DeployState.IN_PROGRESS_REVERT_VSCHEMA, DeployState.IN_PROGRESS_REVERT,
            DeployState.COMPLETE_REVERT);
    assertThat(reverted.vschemaApplication(KS).orElseThrow().restoration()).isEqualTo(CommandState.DONE);
    assertThat(vitess.vschema(KS)).as("the keyspace's VSchema is as it was").isEqualTo(before);
  }

  @Test
  void section8_aVSchemaVtctldRefusesIsCompleteError_theKeyspacesVSchemaUnchanged() throws Exception {
    String refused = "{\"vindexes\": {\"v\": {\"type\": \"cutover_no_such_vindex_type\"}}}";
    DeployRequest r = deployAndWait("vs-bad-" + s, List.of(), List.of(new VSchemaChange(KS, refused)),
        DeployState.COMPLETE_ERROR, DeployState.COMPLETE_PENDING_REVERT);
    assertThat(r.state()).isEqualTo(DeployState.COMPLETE_ERROR);
    assertThat(r.errors()).singleElement().asString()
        .startsWith("vschema of keyspace customer: rejected: applying the VSchema of keyspace 'customer': ")
        .contains("cutover_no_such_vindex_type");
    assertThat(vitess.vschema(KS)).isEqualTo(before);
  }

  @Test
  void section8_theVSchemaOfAKeyspaceVtgateDoesNotListIsRefusedPermanently() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> vitess.vschema("cutover_no_such_keyspace"))
        .isInstanceOfSatisfying(dev.cutover.core.spi.BackendException.class,
            e -> assertThat(e.isTransient()).isFalse())
        .hasMessageContaining("unknown keyspace");
  }
}
