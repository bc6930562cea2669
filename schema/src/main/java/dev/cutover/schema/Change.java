package dev.cutover.schema;

import java.util.Objects;

/**
 * One statement of a diff.
 *
 * @param table the table (or view) it changes
 * @param kind what it does to it
 * @param statement the statement, without a final semicolon
 * @param instant whether MySQL 8.0.31 runs it with {@code ALGORITHM=INSTANT} on the table as it is
 *     (false for a create or a drop)
 * @param dropsData whether it loses data: a dropped table or column, or a column's type changed other
 *     than by widening it
 */
public record Change(String table, Kind kind, String statement, boolean instant, boolean dropsData) {

  /** What a change does to its table. */
  public enum Kind {
    /** {@code CREATE TABLE} or {@code CREATE VIEW}. */
    CREATE,
    /** {@code ALTER TABLE}, or {@code CREATE OR REPLACE VIEW}. */
    ALTER,
    /** {@code DROP TABLE} or {@code DROP VIEW}. */
    DROP,
    /** {@code RENAME TABLE}. */
    RENAME;

    /**
     * The kind's name in lower case, as the CLI's JSON writes it.
     *
     * @return {@code create}, {@code alter}, {@code drop} or {@code rename}
     */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Validates.
   *
   * @param table see the record
   * @param kind see the record
   * @param statement see the record
   * @param instant see the record
   * @param dropsData see the record
   * @throws NullPointerException if table, kind or statement is null
   */
  public Change {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(statement, "statement");
  }
}
