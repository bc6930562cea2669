package dev.cutover.vitess;

import dev.cutover.core.spi.BackendException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Locale;
import java.util.Set;

/**
 * Types a failed JDBC call to vtgate as transient (retry on a later tick) or permanent (Vitess
 * refused it). Transient: the connection failed or was lost, a timeout, a deadlock or lock wait, an
 * interrupted query, too many connections, and vtgate's own "try again" answers (a shard with no
 * serving primary, an rpc {@code Unavailable}, {@code DeadlineExceeded}, {@code ResourceExhausted}
 * or {@code Aborted}). Everything else is permanent: syntax errors, rejected statements, unknown
 * keyspaces or migrations.
 */
final class SqlErrors {

  /** MySQL (and Vitess-mapped) error numbers worth a retry. */
  private static final Set<Integer> TRANSIENT_ERRNOS = Set.of(
      1040, // ER_CON_COUNT_ERROR: too many connections
      1053, // ER_SERVER_SHUTDOWN
      1203, // ER_TOO_MANY_USER_CONNECTIONS (Vitess: RESOURCE_EXHAUSTED)
      1205, // ER_LOCK_WAIT_TIMEOUT
      1213, // ER_LOCK_DEADLOCK
      1317, // ER_QUERY_INTERRUPTED (Vitess: CANCELED, DEADLINE_EXCEEDED, ABORTED)
      1290, // ER_OPTION_PREVENTS_STATEMENT: read-only during a reparent
      2002, 2003, 2006, 2013, // client: cannot connect, server gone away, lost connection
      3024); // ER_QUERY_TIMEOUT

  /** Fragments of vtgate/vttablet messages that mean "try again later". */
  private static final String[] TRANSIENT_MESSAGES = {
      "code = unavailable",
      "code = deadlineexceeded",
      "code = resourceexhausted",
      "code = aborted",
      "code = canceled",
      "no healthy tablet",
      "no valid tablet",
      "not serving",
      "context deadline exceeded",
      "connection refused",
      "connection reset",
      "broken pipe",
      "communications link failure",
      "lost connection",
      "server has gone away",
      "is read-only",
      "i/o timeout",
      "read timed out",
      "query timeout",
      "deadline exceeded",
  };

  /**
   * Fragments of messages that mean "never": Vitess answers some refusals with a code it otherwise
   * uses for interrupted queries (errno 1317), which a retry would repeat forever.
   */
  private static final String[] PERMANENT_MESSAGES = {
      "not supported in online ddl",
  };

  private SqlErrors() {}

  /** Whether retrying the same call later may succeed. */
  static boolean isTransient(SQLException e) {
    String topState = e.getSQLState();
    if (topState != null && topState.startsWith("42")) {
      return false; // syntax error or access rule violation: never better on a retry
    }
    String topMessage = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    for (String fragment : PERMANENT_MESSAGES) {
      if (topMessage.contains(fragment)) {
        return false;
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof java.io.IOException) {
        return true; // a socket failure under the driver
      }
      if (t instanceof SQLException s) {
        String state = s.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("40"))) {
          return true; // connection exception; transaction rollback (deadlock)
        }
        if (TRANSIENT_ERRNOS.contains(s.getErrorCode())) {
          return true;
        }
      }
      String message = t.getMessage();
      if (message != null) {
        String lower = message.toLowerCase(Locale.ROOT);
        for (String fragment : TRANSIENT_MESSAGES) {
          if (lower.contains(fragment)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The failure as a {@link BackendException} of the right kind, saying what was being done. */
  static BackendException map(String doing, SQLException e) {
    String message = doing + ": " + describe(e);
    return isTransient(e) ? BackendException.transientFailure(message, e) : BackendException.permanentFailure(message, e);
  }

  /** The message, error number and SQL state of a failure. */
  static String describe(SQLException e) {
    return e.getMessage() + " (errno " + e.getErrorCode() + ", sqlstate " + e.getSQLState() + ")";
  }
}
