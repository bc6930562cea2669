package dev.cutover.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.MigrationHandle;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, fault 3: a found migration is adopted only for the change it runs, recognised in the
 * form Vitess keeps its statement in (the forms below were read back from a real vtgate's
 * {@code migration_statement}).
 */
class FoundMigrationTest {

  private static boolean runs(String stored, String sql) {
    return new FoundMigration(new MigrationHandle("m"), "commerce", null, stored).runs(sql);
  }

  @Test
  void vitessFormsOfTheSameStatementMatch() {
    assertThat(runs("alter table wt12_probe add column c INT", "ALTER TABLE wt12_probe ADD COLUMN c INT")).isTrue();
    assertThat(runs("alter table wt12_probe add column c VARCHAR(3) default 'AbC' comment 'Hi'",
        "alter TABLE `wt12_probe` ADD c VARCHAR(3) DEFAULT 'AbC' COMMENT \"Hi\";")).isTrue();
    assertThat(runs("alter table t add column c int", "ALTER TABLE t ADD c INT ; ; -- done")).isTrue();
    assertThat(runs("alter table t drop column c", "ALTER TABLE t DROP c")).isTrue();
    assertThat(runs("alter table t modify column c bigint", "ALTER TABLE t MODIFY c BIGINT")).isTrue();
    assertThat(runs("alter table t change column c d int", "ALTER TABLE t CHANGE c d INT")).isTrue();
    assertThat(runs("alter table t add column c int", "ALTER /* why */ TABLE t\n\tADD\r\nc INT")).isTrue();
    assertThat(runs("alter table t add column c varchar(3) default 'it\\'s'",
        "ALTER TABLE t ADD c VARCHAR(3) DEFAULT \"it's\"")).isTrue();
    assertThat(runs("alter table t add column c varchar(3) default 'it\\'s'",
        "ALTER TABLE t ADD c VARCHAR(3) DEFAULT 'it''s'")).isTrue();
    assertThat(runs("alter table t add column c varchar(3) default 'a\"b'",
        "ALTER TABLE t ADD c VARCHAR(3) DEFAULT \"a\"\"b\"")).isTrue();
    assertThat(runs("alter table `order` add column `select` int", "ALTER TABLE `ORDER` ADD `select` INT")).isTrue();
  }

  @Test
  void anotherChangeDoesNotMatch() {
    assertThat(runs("alter table t add column c int", "ALTER TABLE t ADD COLUMN d INT")).isFalse();
    assertThat(runs("alter table t add column c int", "ALTER TABLE u ADD COLUMN c INT")).isFalse();
    assertThat(runs("alter table t add column c int", "ALTER TABLE t ADD COLUMN c BIGINT")).isFalse();
    assertThat(runs("alter table t add column c int", "ALTER TABLE t DROP COLUMN c")).isFalse();
    assertThat(runs("alter table t add index c (c)", "ALTER TABLE t ADD COLUMN c INT")).isFalse();
  }

  @Test
  void stringsKeepTheirValueExactly() {
    assertThat(runs("alter table t add column c varchar(3) default 'AbC'", "ALTER TABLE t ADD c VARCHAR(3) DEFAULT 'abc'"))
        .as("case inside a string counts").isFalse();
    assertThat(runs("alter table t add column c varchar(3) default 'a b'", "ALTER TABLE t ADD c VARCHAR(3) DEFAULT 'a  b'"))
        .as("whitespace inside a string counts").isFalse();
    assertThat(runs("alter table t add column c varchar(3) default 'a\\%'", "ALTER TABLE t ADD c VARCHAR(3) DEFAULT 'a\\\\%'"))
        .as("MySQL keeps the backslash of \\%: '\\%' and '\\\\%' are one value").isTrue();
    assertThat(runs("alter table t add column c varchar(3) default 'a\\%'", "ALTER TABLE t ADD c VARCHAR(3) DEFAULT 'a%'"))
        .isFalse();
    assertThat(runs("alter table t add column c varchar(3) default '\\n'", "ALTER TABLE t ADD c VARCHAR(3) DEFAULT 'n'"))
        .isFalse();
    assertThat(runs("alter table t add column c varchar(3) default 'x'", "ALTER TABLE t ADD c VARCHAR(3) DEFAULT x"))
        .as("a string is not a word").isFalse();
  }

  @Test
  void aQuotedColumnNamedColumnIsNotTheOptionalKeyword() {
    assertThat(runs("alter table t add column `column` int", "ALTER TABLE t ADD `column` INT")).isTrue();
    assertThat(runs("alter table t add column `column` int", "ALTER TABLE t ADD COLUMN INT")).isFalse();
    assertThat(runs("alter table t add column `a b` int", "ALTER TABLE t ADD a b INT")).isFalse();
  }

  @Test
  void textThatDoesNotLexIsComparedAsItIs() {
    assertThat(runs("alter table t comment 'x", "alter table t comment 'x")).isTrue();
    assertThat(runs("alter table t comment 'x", "ALTER TABLE t COMMENT 'x")).isFalse();
  }

  @Test
  void aBackendThatReportsNoStatementMatchesAny() {
    assertThat(new FoundMigration(new MigrationHandle("m"), "commerce", null).runs("anything")).isTrue();
  }

  @Test
  void theNormalFormIsOneSpaceBetweenCanonicalTokens() {
    assertThat(FoundMigration.normalised("ALTER TABLE `T` ADD c VARCHAR(3) DEFAULT \"it's\" ;"))
        .isEqualTo("alter table t add c varchar ( 3 ) default 'it\\'s'");
  }
}
