package dev.cutover.core.spi;

import dev.cutover.core.MigrationRow;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to one batched read: rows per query, and the queries that failed (a backend reads
 * keyspace by keyspace, so one keyspace can fail while the others answer).
 *
 * @param rows the rows of each query that succeeded; a query with no row maps to an empty list
 * @param failures the queries that failed, with why
 */
public record RowsRead(Map<RowQuery, List<MigrationRow>> rows, Map<RowQuery, BackendException> failures) {
  /**
   * Copies the maps.
   *
   * @param rows not null, no null key or value; copied
   * @param failures not null, no null key or value; copied
   * @throws NullPointerException if a map, a key or a value is null
   */
  public RowsRead {
    rows = Map.copyOf(Objects.requireNonNull(rows, "rows"));
    failures = Map.copyOf(Objects.requireNonNull(failures, "failures"));
  }
}
