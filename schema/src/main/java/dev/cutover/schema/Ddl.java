package dev.cutover.schema;

import java.util.List;

/** A parsed DDL statement, as written (before it meets a schema). */
sealed interface Ddl {

  /** {@code CREATE TABLE}. */
  record CreateTable(String name, boolean ifNotExists, List<Object> elements, Options options, String partitioning)
      implements Ddl {}

  /** {@code CREATE [OR REPLACE] VIEW}. */
  record CreateView(String name, boolean orReplace, String definition) implements Ddl {}

  /** {@code ALTER TABLE} with its clauses. */
  record AlterTable(String name, List<Clause> clauses) implements Ddl {}

  /** {@code DROP TABLE}. */
  record DropTable(List<String> names, boolean ifExists) implements Ddl {}

  /** {@code DROP VIEW}. */
  record DropView(List<String> names, boolean ifExists) implements Ddl {}

  /** {@code RENAME TABLE a TO b, ...}. */
  record RenameTable(List<String> from, List<String> to) implements Ddl {}

  /** {@code CREATE INDEX}: an {@code ALTER TABLE ... ADD INDEX}. */
  record CreateIndex(String table, IndexDef index) implements Ddl {}

  /** {@code DROP INDEX}. */
  record DropIndex(String table, String name) implements Ddl {}

  /** A default as written. */
  sealed interface DefaultDef {}

  /** {@code DEFAULT NULL}. */
  record NullDefault() implements DefaultDef {}

  /** A literal: a string's value, or a number's text, or a bit value; {@code text} as written. */
  record Literal(LiteralKind kind, String value) implements DefaultDef {}

  /** What kind of literal. */
  enum LiteralKind { STRING, NUMBER, BITS, HEX, BOOLEAN }

  /** {@code CURRENT_TIMESTAMP} or a synonym, with its precision. */
  record Now(int fsp) implements DefaultDef {}

  /** {@code DEFAULT (expr)}. */
  record ExprDefault(Expr expr) implements DefaultDef {}

  /** Where {@code FIRST} or {@code AFTER} puts a column; null after for FIRST. */
  record Position(String after) {}

  /** A column's definition as written. */
  record ColumnDef(String name, ColumnType type, String charset, String collation, boolean binary, Boolean nullable,
      DefaultDef defaultValue, Integer onUpdateFsp, boolean autoIncrement, String comment, Expr generated,
      boolean stored, boolean invisible, Integer srid, Index.Kind inlineKey, List<CheckDef> checks) {}

  /** An index's definition as written; name null if none. */
  record IndexDef(Index.Kind kind, String name, List<PartDef> parts, String using, String comment, boolean visible) {}

  /** A key part as written. */
  record PartDef(String column, Expr expression, Integer length, boolean descending) {}

  /** A foreign key as written. */
  record ForeignKeyDef(String constraint, String indexName, List<String> columns, String refTable,
      List<String> refColumns, String onDelete, String onUpdate) {}

  /** A check as written. */
  record CheckDef(String name, Expr expr, boolean enforced) {}

  /** Table options as written, each null when not given. */
  record Options(String engine, String charset, String collation, String comment, String rowFormat,
      Integer keyBlockSize) {
    static final Options NONE = new Options(null, null, null, null, null, null);
  }

  /** One clause of an {@code ALTER TABLE}. */
  sealed interface Clause {}

  /** {@code ADD [COLUMN]}. */
  record AddColumn(ColumnDef column, Position position) implements Clause {}

  /** {@code ADD} an index. */
  record AddIndex(IndexDef index) implements Clause {}

  /** {@code ADD} a foreign key. */
  record AddForeignKey(ForeignKeyDef fk) implements Clause {}

  /** {@code ADD} a check. */
  record AddCheck(CheckDef check) implements Clause {}

  /** {@code DROP [COLUMN]}. */
  record DropColumn(String name) implements Clause {}

  /** {@code DROP INDEX}, {@code DROP KEY}. */
  record DropIndexClause(String name) implements Clause {}

  /** {@code DROP PRIMARY KEY}. */
  record DropPrimaryKey() implements Clause {}

  /** {@code DROP FOREIGN KEY}. */
  record DropForeignKey(String name) implements Clause {}

  /** {@code DROP CHECK}. */
  record DropCheck(String name) implements Clause {}

  /** {@code DROP CONSTRAINT}: a foreign key, a check or a unique key of that name. */
  record DropConstraint(String name) implements Clause {}

  /** {@code MODIFY [COLUMN]}, or {@code CHANGE [COLUMN] old new ...} (old is the name before). */
  record ChangeColumn(String old, ColumnDef column, Position position) implements Clause {}

  /** {@code RENAME COLUMN a TO b}. */
  record RenameColumn(String from, String to) implements Clause {}

  /** {@code ALTER [COLUMN] c SET DEFAULT ...} or {@code DROP DEFAULT} (value null). */
  record AlterDefault(String column, DefaultDef value) implements Clause {}

  /** {@code ALTER [COLUMN] c SET VISIBLE|INVISIBLE}. */
  record AlterColumnVisibility(String column, boolean invisible) implements Clause {}

  /** {@code RENAME INDEX|KEY a TO b}. */
  record RenameIndex(String from, String to) implements Clause {}

  /** {@code ALTER INDEX i VISIBLE|INVISIBLE}. */
  record AlterIndexVisibility(String name, boolean visible) implements Clause {}

  /** {@code ALTER CHECK|CONSTRAINT c [NOT] ENFORCED}. */
  record AlterCheck(String name, boolean enforced) implements Clause {}

  /** Table options. */
  record SetOptions(Options options) implements Clause {}

  /** {@code RENAME [TO|AS] name}. */
  record RenameTo(String name) implements Clause {}

  /** {@code ALGORITHM=...} or {@code LOCK=...}: how, not what; the schema does not change. */
  record How(String option, String value) implements Clause {}
}
