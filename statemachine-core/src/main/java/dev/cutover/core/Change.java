package dev.cutover.core;

import java.util.List;
import java.util.Objects;

/**
 * One proposed schema change: a single DDL statement against one keyspace.
 *
 * @param keyspace the keyspace the statement runs in
 * @param sql exactly one SQL statement; a trailing semicolon is allowed, a second statement is not
 */
public record Change(String keyspace, String sql) {

  public Change {
    Objects.requireNonNull(keyspace, "keyspace");
    Objects.requireNonNull(sql, "sql");
    if (keyspace.isBlank()) {
      throw new IllegalArgumentException("keyspace: must not be blank, was '" + keyspace + "'");
    }
    List<String> statements;
    try {
      statements = Statements.split(sql);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " in '" + sql + "'", e);
    }
    if (statements.isEmpty()) {
      throw new IllegalArgumentException("sql: must hold one statement, was '" + sql + "'");
    }
    if (statements.size() > 1) {
      throw new IllegalArgumentException(
          "sql: must hold exactly one statement, found " + statements.size() + " in '" + sql + "'");
    }
  }

  /** The statement without surrounding whitespace or its terminating semicolon. */
  public String statement() {
    return Statements.split(sql).get(0);
  }
}
