package dev.cutover.vitess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.spi.BackendException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Backend failures are typed transient (retried next tick) or permanent (refused). */
class SqlErrorsTest {

  private static boolean isTransient(SQLException e) {
    return SqlErrors.map("doing", e).isTransient();
  }

  @Test
  void jdbc_transient_and_recoverable_exceptions_are_transient() {
    assertThat(isTransient(new SQLTimeoutException("timeout"))).isTrue();
    assertThat(isTransient(new SQLTransientConnectionException("gone"))).isTrue();
    assertThat(isTransient(new SQLRecoverableException("Communications link failure"))).isTrue();
  }

  @Test
  void connection_failures_are_transient() {
    assertThat(isTransient(new SQLNonTransientConnectionException("Could not create connection", "08001"))).isTrue();
    assertThat(isTransient(new SQLException("wrapped", "HY000", 0, new IOException("Connection refused")))).isTrue();
    assertThat(isTransient(new SQLException("Lost connection to MySQL server during query", "HY000", 2013))).isTrue();
  }

  @Test
  void vtgate_unavailable_answers_are_transient() {
    assertThat(isTransient(new SQLException(
        "target: commerce.-80.primary: vttablet: rpc error: code = Unavailable desc = connection error", "HY000", 1105)))
        .isTrue();
    assertThat(isTransient(new SQLException(
        "no healthy tablet available for 'keyspace:\"commerce\" shard:\"-80\" tablet_type:PRIMARY'", "HY000", 1105)))
        .isTrue();
    assertThat(isTransient(new SQLException("vttablet: rpc error: code = DeadlineExceeded desc = context deadline exceeded",
        "HY000", 1317))).isTrue();
    assertThat(isTransient(new SQLException("Deadlock found", "40001", 1213))).isTrue();
  }

  @Test
  void syntax_errors_and_rejections_are_permanent() {
    assertThat(isTransient(new SQLSyntaxErrorException("syntax error at position 7 near 'ALTR'", "42000", 1149)))
        .isFalse();
    assertThat(isTransient(new SQLException("Unknown column 'timeout' in 'customer'", "42S22", 1054))).isFalse();
    assertThat(isTransient(new SQLException("table corder participates in a FOREIGN KEY constraint", "HY000", 1105)))
        .isFalse();
    assertThat(isTransient(new SQLException("Unknown database 'nope'", "42000", 1049))).isFalse();
    // What a real vtgate answers to ALTER TABLE ... RENAME TO under the vitess strategy.
    assertThat(isTransient(new SQLException("ALTER TABLE ... RENAME is not supported in online DDL", "70100", 1317)))
        .isFalse();
    assertThat(isTransient(new SQLException("foreign key constraints are not supported in online DDL, see "
        + "https://vitess.io/blog/2021-06-15-online-ddl-why-no-fk/", "70100", 1317))).isFalse();
  }

  @Test
  void the_message_says_what_was_being_done() {
    BackendException e = SqlErrors.map("completing x", new SQLException("boom", "HY000", 1105));
    assertThat(e.getMessage()).isEqualTo("completing x: boom (errno 1105, sqlstate HY000)");
    assertThat(e.isTransient()).isFalse();
  }
}
