package dev.cutover.schema;

import java.util.Set;

/**
 * An expression as MySQL 8.0 prints it in {@code SHOW CREATE TABLE} (generated columns, default
 * expressions, checks, functional key parts), with the columns it reads (lower case).
 */
record Expr(String sql, Set<String> columns) {
  Expr {
    columns = Set.copyOf(columns);
  }
}
