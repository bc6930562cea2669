package dev.cutover.vitess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.spi.FoundMigration;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.core.tck.MigrationBackendContract;
import dev.cutover.core.tck.Waiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/**
 * The backend contract against a real vtgate: keyspace {@code commerce} (shards {@code -80} and
 * {@code 80-}), second keyspace {@code customer}. Real time: every wait is bounded by 90 seconds.
 * Tables are made with direct DDL (faster than a migration); after each rule its migrations are
 * cancelled and its tables dropped, so rules leave nothing running behind. The VSchema rules (26 to
 * 29) need the cluster's vtctld ({@link TestCluster#vtctld}); they add a table entry to the VSchema
 * of {@code customer} and put the keyspace's VSchema back as it was.
 */
class VitessBackendContractTest extends MigrationBackendContract {

  private static final String KS = "commerce";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TestCluster.Target target;
  private final List<String> contexts = new ArrayList<>();
  private final List<String> tables = new ArrayList<>();

  @Override
  protected MigrationBackend createBackend() {
    target = TestCluster.vtgateWithOnlineDdl();
    VitessBackend.Builder b = VitessBackend.builder(target.dataSource());
    TestCluster.vtctld().ifPresent(b::vtctld);
    return b.build();
  }

  /** The VSchema rules change the unsharded keyspace, adding a table entry no query uses, and put it back. */
  @Override
  protected String vschemaKeyspace() {
    return "customer";
  }

  @Override
  protected Optional<String> vschemaWithTable(String current, String marker) {
    TestCluster.requireVtctld(); // skips the VSchema rules without one, fails them when Vitess is required
    try {
      ObjectNode v = (ObjectNode) MAPPER.readTree(current);
      JsonNode tables = v.get("tables");
      (tables instanceof ObjectNode o ? o : v.putObject("tables")).putObject(marker);
      return Optional.of(MAPPER.writeValueAsString(v));
    } catch (Exception e) {
      throw new IllegalStateException("the VSchema of customer is not a JSON object: " + current, e);
    }
  }

  @Override
  protected Optional<String> vschemaThatIsRefused() {
    return Optional.of("{\"vindexes\": {\"v\": {\"type\": \"tck_no_such_vindex_type\"}}}");
  }

  @Override
  protected Waiter waiter() {
    return Waiter.ofSystemClock(Duration.ofSeconds(90), Duration.ofMillis(500));
  }

  @Override
  protected String keyspace() {
    return KS;
  }

  @Override
  protected Optional<String> secondKeyspace() {
    return Optional.of("customer");
  }

  @Override
  protected boolean supportsInstant() {
    return true;
  }

  @Override
  protected Duration quietPeriod() {
    return Duration.ofSeconds(5);
  }

  @Override
  protected String newMigrationContext() {
    String context = super.newMigrationContext();
    contexts.add(context);
    return context;
  }

  @Override
  protected String newTableName() {
    String table = super.newTableName();
    tables.add(table);
    return table;
  }

  @Override
  protected void prepareTable(MigrationBackend backend, String table) {
    new Vtgate(target.dataSource()).direct(KS, createTable(table));
  }

  @AfterEach
  void cleanUp() {
    if (target == null) {
      return;
    }
    Vtgate vtgate = new Vtgate(target.dataSource());
    VitessBackend backend = VitessBackend.using(target.dataSource());
    List<MigrationHandle> handles = new ArrayList<>();
    for (String context : contexts) {
      try {
        backend.findByContext(context, KS).stream().map(FoundMigration::handle).forEach(handles::add);
      } catch (Exception e) {
        // best effort
      }
    }
    vtgate.cancelQuietly(KS, handles);
    for (String table : tables) {
      vtgate.quietly(KS, "DROP TABLE IF EXISTS `" + table + "`");
    }
  }
}
