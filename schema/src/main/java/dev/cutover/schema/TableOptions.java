package dev.cutover.schema;

import java.util.Objects;

/**
 * A table's options.
 *
 * @param engine the storage engine as MySQL names it ({@code InnoDB})
 * @param charset the default character set
 * @param collation the default collation
 * @param comment the comment, or the empty string
 * @param rowFormat the {@code ROW_FORMAT} as given ({@code DYNAMIC}, {@code COMPRESSED}, ...), or null
 * @param keyBlockSize the {@code KEY_BLOCK_SIZE}, or null
 */
public record TableOptions(String engine, String charset, String collation, String comment, String rowFormat,
    Integer keyBlockSize) {

  /** MySQL 8.0's defaults. */
  static final TableOptions DEFAULTS = new TableOptions("InnoDB", "utf8mb4", "utf8mb4_0900_ai_ci", "", null, null);

  /**
   * Validates.
   *
   * @param engine see the record
   * @param charset see the record
   * @param collation see the record
   * @param comment see the record
   * @param rowFormat see the record
   * @param keyBlockSize see the record
   * @throws NullPointerException if engine, charset, collation or comment is null
   */
  public TableOptions {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(charset, "charset");
    Objects.requireNonNull(collation, "collation");
    Objects.requireNonNull(comment, "comment");
  }

  /**
   * The options as {@code SHOW CREATE TABLE} prints them after the closing parenthesis.
   *
   * @return for example {@code ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci}
   */
  public String sql() {
    return Printer.options(this);
  }
}
