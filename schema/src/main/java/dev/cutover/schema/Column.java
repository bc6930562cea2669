package dev.cutover.schema;

import java.util.Objects;
import java.util.Set;

/**
 * A column as MySQL 8.0 holds it after its statement ran: what {@code SHOW CREATE TABLE} prints.
 *
 * @param name the column's name
 * @param type its type
 * @param charset its character set, or null for a type without one
 * @param collation its collation, or null for a type without one
 * @param charsetExplicit whether its definition named its character set or collation ({@code BINARY}
 *     does not count): MySQL 8.0 keeps that, and {@code SHOW CREATE TABLE} then prints both
 * @param nullable whether it takes NULL
 * @param defaultValue its default as {@code SHOW CREATE TABLE} prints it after {@code DEFAULT}
 *     ({@code '0'}, {@code NULL}, {@code CURRENT_TIMESTAMP(3)}, {@code (rand())}), or null when it
 *     prints none (a {@code NOT NULL} column without one, a {@code TEXT} or {@code BLOB} column, a
 *     generated or {@code AUTO_INCREMENT} column, or a column after {@code DROP DEFAULT})
 * @param onUpdate {@code CURRENT_TIMESTAMP} (with its precision) for {@code ON UPDATE}, or null
 * @param autoIncrement whether {@code AUTO_INCREMENT}
 * @param comment its comment, or the empty string
 * @param generated the expression of a generated column as MySQL prints it, or null
 * @param stored whether a generated column is {@code STORED} (else {@code VIRTUAL})
 * @param invisible whether {@code INVISIBLE}
 * @param srid the {@code SRID} of a spatial column, or null
 * @param references the columns of this table the generated expression or default expression reads
 *     (lower case)
 */
public record Column(String name, ColumnType type, String charset, String collation, boolean charsetExplicit,
    boolean nullable,
    String defaultValue, String onUpdate, boolean autoIncrement, String comment, String generated, boolean stored,
    boolean invisible, Integer srid, Set<String> references) {

  /**
   * Validates and copies.
   *
   * @param name see the record
   * @param type see the record
   * @param charset see the record
   * @param collation see the record
   * @param charsetExplicit see the record
   * @param nullable see the record
   * @param defaultValue see the record
   * @param onUpdate see the record
   * @param autoIncrement see the record
   * @param comment see the record
   * @param generated see the record
   * @param stored see the record
   * @param invisible see the record
   * @param srid see the record
   * @param references see the record
   * @throws NullPointerException if name, type, comment or references is null
   */
  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(comment, "comment");
    references = Set.copyOf(references);
  }

  /** This column with another name. */
  Column withName(String newName) {
    return new Column(newName, type, charset, collation, charsetExplicit, nullable, defaultValue, onUpdate, autoIncrement, comment,
        generated, stored, invisible, srid, references);
  }

  /** This column, nullable or not. */
  Column withNullable(boolean n) {
    return new Column(name, type, charset, collation, charsetExplicit, n, defaultValue, onUpdate, autoIncrement, comment, generated,
        stored, invisible, srid, references);
  }

  /** This column with another default. */
  Column withDefault(String d, Set<String> refs) {
    return new Column(name, type, charset, collation, charsetExplicit, nullable, d, onUpdate, autoIncrement, comment, generated,
        stored, invisible, srid, generated == null ? refs : references);
  }

  /** This column, visible or not. */
  Column withInvisible(boolean i) {
    return new Column(name, type, charset, collation, charsetExplicit, nullable, defaultValue, onUpdate, autoIncrement, comment,
        generated, stored, i, srid, references);
  }

  /**
   * The column's line of {@code SHOW CREATE TABLE}, without its indent and comma.
   *
   * @param tableCollation the table's default collation
   * @return for example {@code `a` int NOT NULL DEFAULT '0'}
   */
  public String sql(String tableCollation) {
    return Printer.column(this, tableCollation);
  }
}
