package dev.cutover.schema;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A table as MySQL 8.0 holds it: its columns in order, its indexes in the order
 * {@code SHOW CREATE TABLE} prints them, its foreign keys and checks by name, its options and its
 * partitioning.
 *
 * @param name the table's name
 * @param columns its columns, in order
 * @param indexes its indexes, in MySQL's order (primary key, unique keys, plain keys, full-text keys)
 * @param foreignKeys its foreign keys, by name
 * @param checks its checks, by name
 * @param options its options
 * @param partitioning its {@code PARTITION BY} clause as normalized tokens (kept and compared whole),
 *     or null
 */
public record Table(String name, List<Column> columns, List<Index> indexes, List<ForeignKey> foreignKeys,
    List<Check> checks, TableOptions options, String partitioning) {

  /**
   * Validates and copies.
   *
   * @param name see the record
   * @param columns see the record
   * @param indexes see the record
   * @param foreignKeys see the record
   * @param checks see the record
   * @param options see the record
   * @param partitioning see the record
   * @throws NullPointerException if a component other than partitioning is null
   */
  public Table {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(options, "options");
    columns = List.copyOf(columns);
    indexes = List.copyOf(indexes);
    foreignKeys = List.copyOf(foreignKeys);
    checks = List.copyOf(checks);
  }

  /**
   * The column of that name (MySQL's column names are case-insensitive).
   *
   * @param column a column name
   * @return the column, or empty
   */
  public Optional<Column> column(String column) {
    return columns.stream().filter(c -> c.name().equalsIgnoreCase(column)).findFirst();
  }

  /**
   * The index of that name (case-insensitive).
   *
   * @param index an index name
   * @return the index, or empty
   */
  public Optional<Index> index(String index) {
    String k = index.toLowerCase(Locale.ROOT);
    return indexes.stream().filter(i -> i.key().equals(k)).findFirst();
  }

  /**
   * The table as MySQL 8.0's {@code SHOW CREATE TABLE} prints it, without {@code AUTO_INCREMENT=N}.
   *
   * @return the {@code CREATE TABLE} statement, without a final semicolon
   */
  public String sql() {
    return Printer.table(this);
  }
}
