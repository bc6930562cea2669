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

  /**
   * Checks the keyspace and that the SQL holds exactly one statement (split as
   * {@link Statements#split} does: comments and whitespace alone are no statement).
   *
   * @param keyspace not null or blank
   * @param sql not null; one statement, a trailing semicolon allowed
   * @throws NullPointerException if either is null
   * @throws IllegalArgumentException if the keyspace is blank, or the SQL holds no statement, more than
   *     one, or a quote, backtick or comment that is never closed
   */
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

  /**
   * The statement without surrounding whitespace or its terminating semicolon.
   *
   * @return the statement, comments inside it kept; computed on each call
   */
  public String statement() {
    return Statements.split(sql).get(0);
  }
}
