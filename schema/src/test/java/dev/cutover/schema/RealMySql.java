package dev.cutover.schema;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * The real MySQL 8.0 the harness checks against: {@code cutover.mysql.url} / {@code CUTOVER_MYSQL_URL}
 * (with {@code _USER} and {@code _PASSWORD}); the local cluster prints them:
 * {@code eval "$(bash backend-vitess/src/test/vitess/cluster.sh env)"}. Without one the tests skip,
 * saying so, unless {@code CUTOVER_REQUIRE_VITESS} is set (CI), when they fail. Each run works in
 * scratch databases of its own, dropped after.
 */
final class RealMySql implements AutoCloseable {

  private static boolean announced;

  private final Connection connection;
  private final String prefix;
  private final List<String> databases = new ArrayList<>();

  private RealMySql(Connection connection) {
    this.connection = connection;
    this.prefix = "cutover_schema_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL) + "_";
  }

  /** The configured MySQL, or the calling test is skipped (or failed, when required). */
  static RealMySql connect() {
    String url = setting("cutover.mysql.url", "CUTOVER_MYSQL_URL");
    if (url == null || url.isBlank()) {
      String required = setting("cutover.require.vitess", "CUTOVER_REQUIRE_VITESS");
      String message = "no MySQL configured (CUTOVER_MYSQL_URL); start one with: bash "
          + "backend-vitess/src/test/vitess/cluster.sh up && eval \"$(bash backend-vitess/src/test/vitess/cluster.sh env)\"";
      if (required != null && !required.isBlank() && !required.equals("0")) {
        throw new IllegalStateException("CUTOVER_REQUIRE_VITESS is set, but " + message);
      }
      synchronized (RealMySql.class) {
        if (!announced) {
          announced = true;
          System.out.println("[cutover] the schema module's real-MySQL checks are skipped: " + message);
        }
      }
      Assumptions.assumeTrue(false, "skipped: " + message);
    }
    String user = setting("cutover.mysql.user", "CUTOVER_MYSQL_USER");
    String password = setting("cutover.mysql.password", "CUTOVER_MYSQL_PASSWORD");
    try {
      Connection c = DriverManager.getConnection(url, user == null || user.isBlank() ? "root" : user,
          password == null ? "" : password);
      return new RealMySql(c);
    } catch (SQLException e) {
      throw new IllegalStateException("MySQL at " + url + " is configured but does not answer: " + e.getMessage(), e);
    }
  }

  private static String setting(String property, String env) {
    String v = System.getProperty(property);
    return v != null ? v : System.getenv(env);
  }

  /** A fresh scratch database (dropped first if it exists), now the connection's current one. */
  String fresh(String name) throws SQLException {
    String db = prefix + name;
    try (Statement st = connection.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS `" + db + "`");
      st.execute("CREATE DATABASE `" + db + "`");
      st.execute("USE `" + db + "`");
    }
    if (!databases.contains(db)) {
      databases.add(db);
    }
    return db;
  }

  /** Makes {@code db} the current database. */
  void use(String db) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute("USE `" + db + "`");
    }
  }

  private String last = "ok";

  /** Runs one statement: 0 if it ran, else MySQL's error number. */
  int run(String sql) {
    try (Statement st = connection.createStatement()) {
      st.execute(sql);
      last = "ok";
      return 0;
    } catch (SQLException e) {
      last = e.getErrorCode() + ": " + e.getMessage();
      return e.getErrorCode() == 0 ? -1 : e.getErrorCode();
    }
  }

  /** What MySQL answered to the last statement run ({@code ok}, or the error), for reports. */
  String last() {
    return last;
  }

  /**
   * The current database's canonical text as MySQL prints it: each table's SHOW CREATE TABLE
   * (without AUTO_INCREMENT=N), tables by name, each followed by ";" and a blank line.
   */
  String schemaText() throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = "
            + "DATABASE() AND table_type = 'BASE TABLE'")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    tables.sort(null);
    StringBuilder b = new StringBuilder();
    for (String t : tables) {
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery("SHOW CREATE TABLE `" + t.replace("`", "``") + "`")) {
        rs.next();
        b.append(rs.getString(2).replaceAll(" AUTO_INCREMENT=\\d+", "")).append(";\n\n");
      }
    }
    return b.toString();
  }

  @Override
  public void close() throws SQLException {
    try (Statement st = connection.createStatement()) {
      for (String db : databases) {
        st.execute("DROP DATABASE IF EXISTS `" + db + "`");
      }
    } finally {
      connection.close();
    }
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
