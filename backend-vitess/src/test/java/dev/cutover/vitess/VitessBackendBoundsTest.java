package dev.cutover.vitess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.MigrationHandle;
import dev.cutover.core.driver.Driver;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import dev.cutover.core.spi.Submission;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, fault 2: the backend's longest call follows from its timeouts, and every call keeps to
 * it, so the driver's submission lease (at least twice it) is consistent with them by construction.
 * No cluster: the connections here are fakes that record what the backend does with them, and time
 * moves by hand.
 */
class VitessBackendBoundsTest {

  private static final String UUID = "6ec1e4ee_3b2a_11ef_9f2c_0242ac120002";

  /** A data source of fake connections: borrowing and every statement take {@code step} of fake time. */
  private static final class FakeVtgate {
    final AtomicLong nanos = new AtomicLong();
    final List<String> log = new ArrayList<>();
    Duration borrow = Duration.ZERO;
    Duration step = Duration.ofSeconds(1);
    int ownNetworkTimeout;

    DataSource dataSource() {
      return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
          (proxy, method, args) -> {
            if (method.getName().equals("getConnection")) {
              nanos.addAndGet(borrow.toNanos());
              log.add("borrow");
              return connection();
            }
            throw new UnsupportedOperationException(method.getName());
          });
    }

    private Connection connection() {
      return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
          (proxy, method, args) -> switch (method.getName()) {
            case "getNetworkTimeout" -> ownNetworkTimeout;
            case "setNetworkTimeout" -> {
              log.add("timeout " + args[1]);
              yield null;
            }
            case "createStatement" -> statement();
            case "close" -> {
              log.add("close");
              yield null;
            }
            default -> throw new UnsupportedOperationException(method.getName());
          });
    }

    private Statement statement() {
      return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
          (proxy, method, args) -> switch (method.getName()) {
            case "execute" -> {
              nanos.addAndGet(step.toNanos());
              log.add(String.valueOf(args[0]));
              yield false;
            }
            case "close" -> null;
            default -> throw new UnsupportedOperationException(method.getName());
          });
    }
  }

  @Test
  void the_longest_call_is_the_pools_wait_and_four_statement_timeouts() {
    try (VitessBackend backend = VitessBackend.connect("jdbc:mysql://127.0.0.1:1/", "root", "")) {
      // HikariCP's connection timeout (10 s) and validation timeout (5 s), then USE, two SETs and the DDL
      assertThat(backend.maxCallDuration()).isEqualTo(Duration.ofSeconds(10 + 5 + 4 * 60));
    }
    VitessBackend custom = VitessBackend.builder(new FakeVtgate().dataSource())
        .connectionWait(Duration.ofSeconds(3)).statementTimeout(Duration.ofSeconds(7)).build();
    assertThat(custom.maxCallDuration()).isEqualTo(Duration.ofSeconds(3 + 4 * 7));
    assertThat(VitessBackend.using(new FakeVtgate().dataSource()).maxCallDuration())
        .isEqualTo(VitessBackend.DEFAULT_CONNECTION_WAIT.plus(VitessBackend.DEFAULT_STATEMENT_TIMEOUT.multipliedBy(4)));
  }

  @Test
  void the_drivers_lease_follows_the_backends_timeouts() {
    try (VitessBackend backend = VitessBackend.connect("jdbc:mysql://127.0.0.1:1/", "root", "")) {
      Driver driver = Driver.builder(new InMemoryDeployRequestStore(), backend).build();
      assertThat(driver.submissionLease()).isEqualTo(Duration.ofSeconds(2 * 255));
      assertThatThrownBy(() -> Driver.builder(new InMemoryDeployRequestStore(), backend)
          .submissionLease(Duration.ofMinutes(5)).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("submissionLease")
          .hasMessageContaining("PT4M15S");
    }
  }

  @Test
  void every_statement_runs_with_a_network_timeout_within_the_statement_timeout() throws Exception {
    FakeVtgate vtgate = new FakeVtgate();
    VitessBackend backend = VitessBackend.builder(vtgate.dataSource()).statementTimeout(Duration.ofSeconds(7))
        .ticker(vtgate.nanos::get).build();
    backend.complete("commerce", new MigrationHandle(UUID));
    assertThat(vtgate.log).containsExactly("borrow", "timeout 7000", "USE `commerce`",
        "ALTER VITESS_MIGRATION '" + UUID + "' COMPLETE", "close");
  }

  @Test
  void a_shorter_socket_timeout_of_the_connection_is_kept() throws Exception {
    FakeVtgate vtgate = new FakeVtgate();
    vtgate.ownNetworkTimeout = 2000;
    VitessBackend backend = VitessBackend.builder(vtgate.dataSource()).statementTimeout(Duration.ofSeconds(7))
        .ticker(vtgate.nanos::get).build();
    backend.cancel("commerce", new MigrationHandle(UUID));
    assertThat(vtgate.log).noneMatch(line -> line.startsWith("timeout"));
  }

  @Test
  void a_connection_borrowed_too_late_is_given_back_before_anything_is_sent() {
    FakeVtgate vtgate = new FakeVtgate();
    vtgate.borrow = Duration.ofSeconds(16);
    VitessBackend backend = VitessBackend.builder(vtgate.dataSource()).connectionWait(Duration.ofSeconds(15))
        .ticker(vtgate.nanos::get).build();
    assertThatThrownBy(() -> backend.submit(new Submission("r", 0, "ctx", "commerce",
        "ALTER TABLE t ADD COLUMN c INT", false)))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.isTransient()).isTrue())
        .hasMessageContaining("connection wait");
    assertThat(vtgate.log).containsExactly("borrow", "close");
  }

  @Test
  void a_statement_due_past_the_calls_deadline_is_not_sent() {
    FakeVtgate vtgate = new FakeVtgate();
    vtgate.step = Duration.ofSeconds(25); // statements that outlast their timeout (a fake ignores it)
    VitessBackend backend = VitessBackend.builder(vtgate.dataSource()).connectionWait(Duration.ofSeconds(1))
        .statementTimeout(Duration.ofSeconds(10)).ticker(vtgate.nanos::get).build(); // bound: 41 s
    assertThatThrownBy(() -> backend.submit(new Submission("r", 0, "ctx", "commerce",
        "ALTER TABLE t ADD COLUMN c INT", false)))
        .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.isTransient()).isTrue())
        .hasMessageContaining("maxCallDuration");
    // USE at 0 s, SET @@ddl_strategy at 25 s with 16 s left, then 50 s > 41 s: the DDL is never sent
    assertThat(vtgate.log).containsExactly("borrow", "timeout 10000", "USE `commerce`", "SET @@ddl_strategy = '"
        + VitessBackend.ONLINE_STRATEGY + "'", "close");
  }

  @Test
  void timeouts_out_of_range_are_refused_naming_the_field() {
    DataSource ds = new FakeVtgate().dataSource();
    assertThatThrownBy(() -> VitessBackend.builder(ds).statementTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("statementTimeout").hasMessageContaining("PT0S");
    assertThatThrownBy(() -> VitessBackend.builder(ds).statementTimeout(Duration.ofDays(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("statementTimeout").hasMessageContaining("PT48H");
    assertThatThrownBy(() -> VitessBackend.builder(ds).connectionWait(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectionWait");
    assertThatThrownBy(() -> VitessBackend.builder(ds).connectionWait(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("connectionWait");
  }
}
