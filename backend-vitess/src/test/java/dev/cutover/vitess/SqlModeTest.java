package dev.cutover.vitess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9, fault 7: what the backend quotes reads the same with and without
 * {@code NO_BACKSLASH_ESCAPES}, on vtgate and on MySQL itself.
 */
class SqlModeTest {

  private static final List<String> TEXTS = List.of("plain", "it's", "back\\slash", "\\'", "x'; DROP TABLE t; --",
      "100%_done", "a\"b", "ü€😀");

  /** Connections of {@code real} with this session {@code sql_mode}. */
  static DataSource withSqlMode(DataSource real, String sqlMode) {
    return (DataSource) Proxy.newProxyInstance(SqlModeTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (result instanceof Connection c) {
            try (Statement st = c.createStatement()) {
              st.execute("SET SESSION sql_mode = '" + sqlMode + "'");
            }
          }
          return result;
        });
  }

  private static String select(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"vtgate", "mysql"})
  void every_literal_the_backend_sends_reads_as_its_text_with_and_without_no_backslash_escapes(String server)
      throws Exception {
    DataSource real = server.equals("vtgate") ? TestCluster.vtgate().dataSource() : TestCluster.mysql().dataSource();
    // vtgate (v24) refuses NO_BACKSLASH_ESCAPES and ANSI_QUOTES in a session (errno 1235); MySQL takes them.
    List<String> modes = server.equals("vtgate") ? List.of("", "STRICT_TRANS_TABLES")
        : List.of("", "NO_BACKSLASH_ESCAPES", "ANSI_QUOTES,NO_BACKSLASH_ESCAPES");
    for (String mode : modes) {
      DataSource ds = withSqlMode(real, mode);
      assertThat(select(ds, "SELECT @@SESSION.sql_mode")).isEqualTo(mode);
      for (String text : TEXTS) {
        List<String> sent = new ArrayList<>(List.of(VitessSql.vitessContext(text), VitessBackend.ONLINE_STRATEGY));
        try {
          VitessSql.literal(text);
          sent.add(text); // a literal of the raw text, where one is made at all, must read back too
        } catch (IllegalArgumentException refused) {
          // refused: it could not read the same under every mode
        }
        for (String t : sent) {
          assertThat(select(ds, "SELECT " + VitessSql.literal(t))).as("%s under sql_mode '%s' on %s", t, mode, server)
              .isEqualTo(t);
        }
      }
    }
  }

  /** So no vtgate session reads the backend's SQL with backslashes as plain characters. */
  @Test
  void vtgate_refuses_no_backslash_escapes_in_a_session() {
    DataSource ds = withSqlMode(TestCluster.vtgate().dataSource(), "NO_BACKSLASH_ESCAPES");
    assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class)
        .hasMessageContaining("NO_BACKSLASH_ESCAPES sql_mode is unsupported");
  }
}
