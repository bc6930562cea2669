package dev.cutover.vitess;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Where the tests' vtgate and MySQL come from, in this order:
 *
 * <ol>
 *   <li>a running server named by a system property or environment variable:
 *       {@code cutover.vtgate.url} / {@code CUTOVER_VTGATE_URL} (with {@code ..._USER},
 *       {@code ..._PASSWORD}) and {@code cutover.mysql.url} / {@code CUTOVER_MYSQL_URL}; the local
 *       cluster prints them: {@code eval "$(bash backend-vitess/src/test/vitess/cluster.sh env)"};
 *   <li>where Docker runs, Testcontainers: {@code vitess/vttestserver} (which cannot run
 *       vitess-strategy Online DDL, so only the tests that need none run there) and {@code mysql:8.0};
 *   <li>otherwise the tests skip, saying so; unless {@code CUTOVER_REQUIRE_VITESS} is set (CI sets it),
 *       in which case they fail.
 * </ol>
 */
final class TestCluster {

  /** A server to test against. */
  record Target(DataSource dataSource, String description, boolean onlineDdl) {}

  private static Target vtgate;
  private static Target mysql;
  private static GenericContainer<?> vttestserver;
  private static GenericContainer<?> mysqlContainer;

  private TestCluster() {}

  /** The vtgate to test against; aborts the calling test (skipped) if there is none. */
  static synchronized Target vtgate() {
    if (vtgate == null) {
      vtgate = configured("vtgate").orElseGet(TestCluster::vttestserver);
    }
    return vtgate;
  }

  /** A vtgate that runs Online DDL; aborts the calling test (skipped) if there is none. */
  static Target vtgateWithOnlineDdl() {
    Target t = vtgate();
    require(t.onlineDdl(), "skipped: " + t.description()
        + " cannot run vitess-strategy Online DDL; start the local cluster "
        + "(bash backend-vitess/src/test/vitess/cluster.sh up) and export CUTOVER_VTGATE_URL");
    return t;
  }

  /** The standalone MySQL 8.0 for the store; aborts the calling test (skipped) if there is none. */
  static synchronized Target mysql() {
    if (mysql == null) {
      mysql = configured("mysql").orElseGet(TestCluster::mysqlContainer);
    }
    return mysql;
  }

  /**
   * The local cluster's vtctld, through the vtctldclient beside its binaries
   * ({@code CUTOVER_VTCTLD_ADDR}, {@code CUTOVER_VITESS_BIN}; or {@code -Dcutover.vtctld.addr},
   * {@code -Dcutover.vitess.bin}); empty when they are not set.
   */
  static Optional<VtctldClient> vtctld() {
    String addr = setting("cutover.vtctld.addr", "CUTOVER_VTCTLD_ADDR");
    String bin = setting("cutover.vitess.bin", "CUTOVER_VITESS_BIN");
    if (addr == null || addr.isBlank() || bin == null || bin.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(VtctldClient.of(java.nio.file.Path.of(bin, "vtctldclient"), addr, VtctldClient.DEFAULT_TIMEOUT));
  }

  /** The cluster's vtctld; skips the calling test without one, or fails it when the Vitess suite is required. */
  static VtctldClient requireVtctld() {
    Optional<VtctldClient> client = vtctld();
    require(client.isPresent(), "skipped: no vtctld configured (CUTOVER_VTCTLD_ADDR and CUTOVER_VITESS_BIN, as "
        + "cluster.sh env prints them)");
    return client.orElseThrow();
  }

  private static Optional<Target> configured(String what) {
    String url = setting("cutover." + what + ".url", "CUTOVER_" + what.toUpperCase(Locale.ROOT) + "_URL");
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    String user = setting("cutover." + what + ".user", "CUTOVER_" + what.toUpperCase(Locale.ROOT) + "_USER");
    String password = setting("cutover." + what + ".password", "CUTOVER_" + what.toUpperCase(Locale.ROOT) + "_PASSWORD");
    DataSource ds = SimpleDataSource.of(url, user == null || user.isBlank() ? "root" : user, password);
    checkReachable(ds, what + " at " + url);
    return Optional.of(new Target(ds, what + " at " + url, true));
  }

  private static String setting(String property, String env) {
    String v = System.getProperty(property);
    return v != null ? v : System.getenv(env);
  }

  /** A configured server that does not answer is a failure, not a skip: CI configured it on purpose. */
  private static void checkReachable(DataSource ds, String description) {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute("SELECT 1");
    } catch (SQLException e) {
      throw new IllegalStateException(description + " is configured but does not answer: " + e.getMessage(), e);
    }
  }

  /** Skips the calling test, or fails it when the Vitess suite is required. */
  private static void require(boolean available, String message) {
    String required = setting("cutover.require.vitess", "CUTOVER_REQUIRE_VITESS");
    if (!available && required != null && !required.isBlank() && !required.equals("0")) {
      throw new IllegalStateException("CUTOVER_REQUIRE_VITESS is set, but " + message);
    }
    if (!available && ANNOUNCED.compareAndSet(false, true)) {
      // Surefire shows a skip only in its reports and counts; say why once, on the console.
      System.out.println("[cutover] the real-Vitess tests are skipped: " + message.replaceFirst("^skipped: ", ""));
    }
    Assumptions.assumeTrue(available, message);
  }

  private static final java.util.concurrent.atomic.AtomicBoolean ANNOUNCED =
      new java.util.concurrent.atomic.AtomicBoolean();

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static Target vttestserver() {
    require(dockerAvailable(), "skipped: no vtgate configured (CUTOVER_VTGATE_URL) and no Docker for "
        + "Testcontainers; start one with: bash backend-vitess/src/test/vitess/cluster.sh up && "
        + "eval \"$(bash backend-vitess/src/test/vitess/cluster.sh env)\"");
    int port = 33577; // vttestserver's vtgate MySQL port is PORT + 3
    vttestserver = new GenericContainer<>(DockerImageName.parse("vitess/vttestserver:mysql80"))
        .withEnv("PORT", "33574")
        .withEnv("KEYSPACES", "commerce,customer")
        .withEnv("NUM_SHARDS", "2,1")
        .withEnv("MYSQL_BIND_HOST", "0.0.0.0")
        .withExposedPorts(port)
        .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(3)));
    vttestserver.start();
    String url = "jdbc:mysql://" + vttestserver.getHost() + ":" + vttestserver.getMappedPort(port) + "/";
    DataSource ds = SimpleDataSource.of(url, "root", null);
    checkReachable(ds, "vttestserver at " + url);
    return new Target(ds, "vttestserver (Testcontainers) at " + url, false);
  }

  private static Target mysqlContainer() {
    require(dockerAvailable(), "skipped: no MySQL configured (CUTOVER_MYSQL_URL) and no Docker for "
        + "Testcontainers; start one with: bash backend-vitess/src/test/vitess/cluster.sh up && "
        + "eval \"$(bash backend-vitess/src/test/vitess/cluster.sh env)\"");
    mysqlContainer = new GenericContainer<>(DockerImageName.parse("mysql:8.0"))
        .withEnv("MYSQL_ALLOW_EMPTY_PASSWORD", "yes")
        .withEnv("MYSQL_DATABASE", "cutover")
        .withExposedPorts(3306)
        .waitingFor(Wait.forLogMessage(".*ready for connections.*port: 3306.*", 1)
            .withStartupTimeout(Duration.ofMinutes(3)));
    mysqlContainer.start();
    String url = "jdbc:mysql://" + mysqlContainer.getHost() + ":" + mysqlContainer.getMappedPort(3306) + "/cutover";
    DataSource ds = SimpleDataSource.of(url, "root", null);
    checkReachable(ds, "mysql:8.0 at " + url);
    return new Target(ds, "mysql:8.0 (Testcontainers) at " + url, true);
  }
}
