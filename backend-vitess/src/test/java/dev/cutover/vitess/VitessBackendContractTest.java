package dev.cutover.vitess;

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
 * cancelled and its tables dropped, so rules leave nothing running behind.
 */
class VitessBackendContractTest extends MigrationBackendContract {

  private static final String KS = "commerce";

  private TestCluster.Target target;
  private final List<String> contexts = new ArrayList<>();
  private final List<String> tables = new ArrayList<>();

  @Override
  protected MigrationBackend createBackend() {
    target = TestCluster.vtgateWithOnlineDdl();
    return VitessBackend.using(target.dataSource());
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
