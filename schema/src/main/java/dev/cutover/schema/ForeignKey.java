package dev.cutover.schema;

import java.util.List;
import java.util.Objects;

/**
 * A foreign key.
 *
 * @param name its constraint name
 * @param columns its columns, in order
 * @param referencedTable the parent table
 * @param referencedColumns the parent's columns, in order
 * @param onDelete the {@code ON DELETE} action as written ({@code CASCADE}, {@code SET NULL},
 *     {@code RESTRICT}, {@code NO ACTION}, {@code SET DEFAULT}), or null when none was given
 * @param onUpdate the {@code ON UPDATE} action, or null
 */
public record ForeignKey(String name, List<String> columns, String referencedTable, List<String> referencedColumns,
    String onDelete, String onUpdate) {

  /**
   * Validates and copies.
   *
   * @param name see the record
   * @param columns see the record
   * @param referencedTable see the record
   * @param referencedColumns see the record
   * @param onDelete see the record
   * @param onUpdate see the record
   * @throws NullPointerException if a name or list is null
   */
  public ForeignKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(referencedTable, "referencedTable");
    columns = List.copyOf(columns);
    referencedColumns = List.copyOf(referencedColumns);
  }

  /**
   * The foreign key's line of {@code SHOW CREATE TABLE}, without its indent and comma.
   *
   * @return for example {@code CONSTRAINT `c_ibfk_1` FOREIGN KEY (`p`) REFERENCES `p` (`id`)}
   */
  public String sql() {
    return Printer.foreignKey(this);
  }
}
