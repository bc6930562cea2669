package dev.cutover.vitess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 9, fault 6: one call sends one statement, whatever the url says; pooling is HikariCP. */
class SimpleDataSourceTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "jdbc:mysql://address=(host=127.0.0.1)(port=15306)(allowMultiQueries=yes)/",
      "jdbc:mysql://(host=127.0.0.1,allowMultiQueries=yes)/",
      "jdbc:mysql://(host=127.0.0.1,port=15306,allowMultiQueries=true)/db",
      "jdbc:mysql:replication://127.0.0.1:15306,(host=127.0.0.2,allowMultiQueries=TRUE)/db",
      "jdbc:mysql://127.0.0.1:15306/db?ALLOWMULTIQUERIES=true",
      "jdbc:mysql://127.0.0.1:15306/db?allowmultiqueries=Yes"})
  void a_url_that_turns_multi_statements_on_in_any_spelling_is_refused(String url) {
    assertThatThrownBy(() -> SimpleDataSource.of(url, "root", null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("url: allowMultiQueries must stay off");
    assertThatThrownBy(() -> SimpleDataSource.pooled(url, "root", null, 2))
        .hasMessageStartingWith("url: allowMultiQueries must stay off");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "jdbc:mysql://127.0.0.1:15306/",
      "jdbc:mysql://127.0.0.1:15306/db?allowMultiQueries=false",
      "jdbc:mysql://address=(host=127.0.0.1)(port=15306)(allowMultiQueries=no)/",
      // the query string is overridden by the connection properties, which say false
      "jdbc:mysql://127.0.0.1:15306/db?allowMultiQueries=true"})
  void a_url_that_leaves_multi_statements_off_is_accepted(String url) {
    assertThat(SimpleDataSource.of(url, "root", null).url()).isEqualTo(url);
  }

  @Test
  void a_url_connector_j_cannot_read_is_refused_naming_the_url() {
    assertThatThrownBy(() -> SimpleDataSource.of("jdbc:mysql://h:notaport/", "root", null))
        .hasMessageStartingWith("url:");
    assertThatThrownBy(() -> SimpleDataSource.pooled("jdbc:mysql://h/", "root", null, 0))
        .hasMessageStartingWith("maximumPoolSize:");
  }

  @Test
  void a_pooled_connection_runs_one_statement_per_call_and_is_reused() throws Exception {
    String url = System.getenv().getOrDefault("CUTOVER_MYSQL_URL", System.getProperty("cutover.mysql.url", ""));
    TestCluster.mysql(); // skips (or fails when required) without a MySQL
    org.junit.jupiter.api.Assumptions.assumeFalse(url.isBlank(), "skipped: CUTOVER_MYSQL_URL is not set");
    String withHostForm = url.replace("jdbc:mysql://127.0.0.1:", "jdbc:mysql://address=(host=127.0.0.1)(port=")
        .replaceFirst("\\(port=(\\d+)/", "(port=$1)(allowMultiQueries=no)/");
    try (HikariDataSource pool = SimpleDataSource.pooled(withHostForm, "root", null, 2)) {
      long first;
      try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
        assertThatThrownBy(() -> st.execute("SELECT 1; SELECT 2")).isInstanceOf(SQLException.class);
        first = connectionId(st);
      }
      try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
        assertThat(connectionId(st)).as("the pool hands out the same server connection").isEqualTo(first);
      }
    }
  }

  private static long connectionId(Statement st) throws SQLException {
    try (ResultSet rs = st.executeQuery("SELECT CONNECTION_ID()")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
