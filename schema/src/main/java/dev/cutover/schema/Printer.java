package dev.cutover.schema;

import java.util.List;
import java.util.stream.Collectors;

/** Prints the model as MySQL 8.0.31's {@code SHOW CREATE TABLE} does. */
final class Printer {

  private Printer() {}

  /** A name in backticks, a backtick inside doubled. */
  static String name(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** A string in single quotes as {@code SHOW CREATE TABLE} escapes it. */
  static String quote(String value) {
    StringBuilder b = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\'' -> b.append("''");
        case '\\' -> b.append("\\\\");
        case '\0' -> b.append("\\0");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\u001a' -> b.append("\\Z");
        default -> b.append(c);
      }
    }
    return b.append('\'').toString();
  }

  static String table(Table t) {
    return table(t, false);
  }

  /**
   * A table's statement; with {@code toCreate}, a column that takes the table's charset and collation
   * without naming them is printed without them, so that MySQL creates it as it is (naming them would
   * make MySQL remember them as named).
   */
  static String table(Table t, boolean toCreate) {
    StringBuilder b = new StringBuilder("CREATE TABLE ").append(name(t.name())).append(" (\n");
    List<String> lines = new java.util.ArrayList<>();
    for (Column c : t.columns()) {
      boolean inherits = toCreate && c.charset() != null && !c.charsetExplicit()
          && c.collation().equals(t.options().collation());
      lines.add(column(c, t.options().collation(), !inherits));
    }
    for (Index i : t.indexes()) {
      lines.add(index(i));
    }
    for (ForeignKey f : t.foreignKeys()) {
      lines.add(foreignKey(f));
    }
    for (Check c : t.checks()) {
      lines.add(c.sql());
    }
    b.append(lines.stream().map(l -> "  " + l).collect(Collectors.joining(",\n")));
    b.append("\n) ").append(options(t.options()));
    if (t.partitioning() != null) {
      b.append("\n/*!50100 ").append(t.partitioning()).append(" */");
    }
    return b.toString();
  }

  static String column(Column c, String tableCollation) {
    return column(c, tableCollation, true);
  }

  /** A column's line; without its character set and collation when {@code withCharset} is false. */
  static String column(Column c, String tableCollation, boolean withCharset) {
    StringBuilder b = new StringBuilder(name(c.name())).append(' ').append(c.type().sql());
    if (c.charset() != null && withCharset) {
      // MySQL compares collations here (its "charset" objects are collations).
      if (!c.collation().equals(tableCollation) || c.charsetExplicit()) {
        b.append(" CHARACTER SET ").append(c.charset());
      }
      if (!Charsets.isPrimary(c.collation()) || c.charsetExplicit()
          || (c.collation().equals("utf8mb4_0900_ai_ci") && !tableCollation.equals("utf8mb4_0900_ai_ci"))) {
        b.append(" COLLATE ").append(c.collation());
      }
    }
    if (c.generated() != null) {
      b.append(" GENERATED ALWAYS AS (").append(c.generated()).append(')').append(c.stored() ? " STORED" : " VIRTUAL");
    }
    if (!c.nullable()) {
      b.append(" NOT NULL");
    } else if (c.type().name().equals("timestamp")) {
      b.append(" NULL");
    }
    if (c.srid() != null) {
      b.append(" /*!80003 SRID ").append(c.srid()).append(" */");
    }
    if (c.defaultValue() != null) {
      b.append(" DEFAULT ").append(c.defaultValue());
    }
    if (c.onUpdate() != null) {
      b.append(" ON UPDATE ").append(c.onUpdate());
    }
    if (c.autoIncrement()) {
      b.append(" AUTO_INCREMENT");
    }
    if (c.invisible()) {
      b.append(" /*!80023 INVISIBLE */");
    }
    if (!c.comment().isEmpty()) {
      b.append(" COMMENT ").append(quote(c.comment()));
    }
    return b.toString();
  }

  static String index(Index i) {
    StringBuilder b = new StringBuilder();
    switch (i.kind()) {
      case PRIMARY -> b.append("PRIMARY KEY ");
      case UNIQUE -> b.append("UNIQUE KEY ").append(name(i.name())).append(' ');
      case INDEX -> b.append("KEY ").append(name(i.name())).append(' ');
      case FULLTEXT -> b.append("FULLTEXT KEY ").append(name(i.name())).append(' ');
      case SPATIAL -> b.append("SPATIAL KEY ").append(name(i.name())).append(' ');
      default -> throw new AssertionError(i.kind());
    }
    b.append('(').append(i.parts().stream().map(KeyPart::sql).collect(Collectors.joining(","))).append(')');
    if (i.using() != null) {
      b.append(" USING ").append(i.using());
    }
    if (!i.comment().isEmpty()) {
      b.append(" COMMENT ").append(quote(i.comment()));
    }
    if (!i.visible()) {
      b.append(" /*!80000 INVISIBLE */");
    }
    return b.toString();
  }

  static String foreignKey(ForeignKey f) {
    StringBuilder b = new StringBuilder("CONSTRAINT ").append(name(f.name())).append(" FOREIGN KEY (")
        .append(f.columns().stream().map(Printer::name).collect(Collectors.joining(",")))
        .append(") REFERENCES ").append(name(f.referencedTable())).append(" (")
        .append(f.referencedColumns().stream().map(Printer::name).collect(Collectors.joining(","))).append(')');
    if (f.onDelete() != null) {
      b.append(" ON DELETE ").append(f.onDelete());
    }
    if (f.onUpdate() != null) {
      b.append(" ON UPDATE ").append(f.onUpdate());
    }
    return b.toString();
  }

  static String options(TableOptions o) {
    StringBuilder b = new StringBuilder("ENGINE=").append(o.engine());
    b.append(" DEFAULT CHARSET=").append(o.charset());
    if (!Charsets.isPrimary(o.collation()) || o.collation().equals("utf8mb4_0900_ai_ci")) {
      b.append(" COLLATE=").append(o.collation());
    }
    if (o.rowFormat() != null) {
      b.append(" ROW_FORMAT=").append(o.rowFormat());
    }
    if (o.keyBlockSize() != null) {
      b.append(" KEY_BLOCK_SIZE=").append(o.keyBlockSize());
    }
    if (!o.comment().isEmpty()) {
      b.append(" COMMENT=").append(quote(o.comment()));
    }
    return b.toString();
  }
}
