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

  /** What a real vtgate (Vitess v0.22) kept for each statement: VitessBackendTest reads them back. */
  @Test
  void vitessRewritesOfSynonymsOptionsAndAttributeOrderMatch() {
    assertThat(runs("alter table t add column c3 BIGINT not null default 0, add key c3_idx (c3)",
        "ALTER TABLE t ADD COLUMN c3 BIGINT NOT NULL DEFAULT 0, ADD INDEX c3_idx (c3)")).isTrue();
    assertThat(runs("alter table t add unique key u_idx (note), drop key c3_idx",
        "ALTER TABLE t ADD UNIQUE INDEX u_idx (note), DROP INDEX c3_idx")).isTrue();
    assertThat(runs("alter table t add column c4 INT(11) unsigned not null default 1 after id, add column c5 ENUM('a', 'b') first",
        "ALTER TABLE t ADD c4 INT(11) UNSIGNED DEFAULT 1 NOT NULL AFTER id, ADD c5 ENUM('a','b') FIRST")).isTrue();
    assertThat(runs("alter table t add column c6 TIMESTAMP null default current_timestamp() on update current_timestamp()",
        "ALTER TABLE t ADD c6 TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP")).isTrue();
    assertThat(runs("alter table t modify column note VARCHAR(32) character set utf8mb4 collate utf8mb4_bin null",
        "ALTER TABLE t MODIFY note VARCHAR(32) CHARSET utf8mb4 NULL COLLATE utf8mb4_bin")).isTrue();
    assertThat(runs("alter table t add column c7 DECIMAL(5,2) default 1.50, add column c8 INT default -1",
        "ALTER TABLE t ADD c7 DECIMAL(5, 2) DEFAULT 1.50, ADD c8 INT DEFAULT -1")).isTrue();
    assertThat(runs("alter table t add column c10 INT as (id + 1) stored not null comment 'x'",
        "ALTER TABLE t ADD c10 INT COMMENT 'x' GENERATED ALWAYS AS (id + 1) STORED NOT NULL")).isTrue();
    assertThat(runs("alter table t ENGINE InnoDB, CHARSET utf8mb4, AUTO_INCREMENT 5",
        "ALTER TABLE t ENGINE=InnoDB, DEFAULT CHARSET=utf8mb4, AUTO_INCREMENT = 5")).isTrue();
    assertThat(runs("alter table t ENGINE InnoDB, CHARSET utf8mb4", "ALTER TABLE t ENGINE = InnoDB CHARACTER SET utf8mb4"))
        .isTrue();
    assertThat(runs("alter table commerce.t add column c INT not null default 0, ENGINE InnoDB, CHARSET utf8mb4",
        "ALTER TABLE commerce.t ADD c INT DEFAULT 0 NOT NULL, ENGINE=InnoDB CHARSET=utf8mb4"))
        .as("a qualified table's clauses").isTrue();
    assertThat(runs("create table c (\n\tid BIGINT not null auto_increment,\n\t`name` VARCHAR(10) not null default '',\n"
            + "\tprimary key (id),\n\tkey name_idx (`name`)\n) ENGINE InnoDB,\n  CHARSET utf8mb4",
        "CREATE TABLE c (id BIGINT AUTO_INCREMENT NOT NULL, name VARCHAR(10) DEFAULT '' NOT NULL, "
            + "PRIMARY KEY (id), INDEX name_idx (name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4")).isTrue();
    assertThat(runs("alter table t add column c12 INT not null comment 'x' after id, add fulltext key ft (note)",
        "ALTER TABLE t ADD c12 INT COMMENT 'x' NOT NULL AFTER id, ADD FULLTEXT INDEX ft (note)")).isTrue();
    assertThat(runs("alter table t add column c13 VARCHAR(5) collate utf8mb4_bin not null default 'x'",
        "ALTER TABLE t ADD c13 VARCHAR(5) COLLATE utf8mb4_bin DEFAULT \"x\" NOT NULL")).isTrue();
    assertThat(runs("alter table t add column c14 DATETIME(6) default current_timestamp(6), add column c15 VARBINARY(4) default X'1F'",
        "ALTER TABLE t ADD c14 DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6), ADD c15 VARBINARY(4) DEFAULT X'1F'")).isTrue();
    assertThat(runs("alter table t add column c16 BIT(1) default 0b1, add constraint chk check (id > 0)",
        "ALTER TABLE t ADD c16 BIT(1) DEFAULT b'1', ADD CONSTRAINT chk CHECK (id > 0)")).isTrue();
    assertThat(runs("alter table t drop primary key, add primary key (id, note), COMMENT 'x'",
        "ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (id, note), COMMENT = 'x'")).isTrue();
    assertThat(runs("alter table t convert to character set utf8mb4 collate utf8mb4_0900_ai_ci",
        "ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci")).isTrue();
    assertThat(runs("alter view v as select id as i from customer order by id asc",
        "ALTER VIEW v AS SELECT id AS i FROM customer ORDER BY id")).isTrue();
    assertThat(runs("create view v as select id from customer where id != 1",
        "CREATE VIEW v AS SELECT id FROM customer WHERE id <> 1")).isTrue();
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
  void whatTheRewritesLeaveAloneStillCounts() {
    assertThat(runs("alter table t add column c int, comment 'x'", "ALTER TABLE t ADD c INT COMMENT 'x'"))
        .as("a table's comment is not the column's").isFalse();
    assertThat(runs("alter table t add column a int not null, add column b int", "ALTER TABLE t ADD a INT, ADD b INT NOT NULL"))
        .as("an attribute stays with its column").isFalse();
    assertThat(runs("alter table t add column c int after a", "ALTER TABLE t ADD c INT AFTER b")).isFalse();
    assertThat(runs("alter table t add column c int default 1", "ALTER TABLE t ADD c INT DEFAULT -1")).isFalse();
    assertThat(runs("alter table t add column c int default null", "ALTER TABLE t ADD c INT NULL")).isFalse();
    assertThat(runs("create view v as select id from customer where id <= 1",
        "CREATE VIEW v AS SELECT id FROM customer WHERE id < 1")).isFalse();
    assertThat(runs("alter table t add column c int", "ALTER TABLE t ADD c INT UNSIGNED")).isFalse();
    assertThat(runs("create table c (a int not null, b int)", "CREATE TABLE c (a INT, b INT NOT NULL)")).isFalse();
    assertThat(runs("alter table t order by id desc", "ALTER TABLE t ORDER BY id")).isFalse();
    assertThat(runs("alter table t add column c BIT(3) default 0b101", "ALTER TABLE t ADD c BIT(3) DEFAULT b'100'")).isFalse();
    assertThat(runs("alter table t add column c VARCHAR(3) default 'b'", "ALTER TABLE t ADD c VARCHAR(3) DEFAULT b")).isFalse();
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
