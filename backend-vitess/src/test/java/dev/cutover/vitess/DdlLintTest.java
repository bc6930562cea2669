package dev.cutover.vitess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.Analysis;
import dev.cutover.core.Analysis.ChangeAnalysis;
import dev.cutover.core.Change;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Analysis (spec section 4, pending step): lint and instant eligibility, without a server. */
class DdlLintTest {

  private static ChangeAnalysis lint(String sql) {
    return DdlLint.analyse(new Change("commerce", sql));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "ALTER TABLE customer ADD COLUMN email VARCHAR(128)",
      "alter table `customer` drop column name;",
      "CREATE TABLE t1 (id BIGINT PRIMARY KEY)",
      "CREATE TABLE IF NOT EXISTS t1 (id BIGINT PRIMARY KEY)",
      "DROP TABLE t1",
      "DROP TABLE IF EXISTS `t1`",
      "CREATE VIEW v AS SELECT id FROM customer",
      "CREATE OR REPLACE ALGORITHM = MERGE DEFINER = `root`@`localhost` SQL SECURITY DEFINER VIEW v AS SELECT 1",
      "ALTER VIEW v AS SELECT id, name FROM customer",
      "DROP VIEW IF EXISTS v",
      "/* why */ ALTER TABLE customer ADD KEY name_idx (name)",
      "-- leading comment\nALTER TABLE commerce.customer ADD COLUMN x INT",
  })
  void supported_ddl_lints_clean(String sql) {
    assertThat(lint(sql).lintError()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT 1",
      "INSERT INTO customer VALUES (1, 'a')",
      "DELETE FROM customer",
      "UPDATE customer SET name = 'x'",
      "SET @@ddl_strategy = 'direct'",
      "TRUNCATE TABLE customer",
      "RENAME TABLE customer TO c2",
      "CREATE DATABASE x",
      "CREATE TEMPORARY TABLE t (id INT)",
      "ALTER VITESS_MIGRATION 'a0638f6b_ec7b_11ea_9bf8_000d3a9b8a9a' COMPLETE",
      "REVERT VITESS_MIGRATION 'a0638f6b_ec7b_11ea_9bf8_000d3a9b8a9a'",
      "USE customer",
      "GRANT ALL ON *.* TO x",
  })
  void anything_but_a_supported_ddl_is_a_lint_error(String sql) {
    assertThat(lint(sql).lintError()).contains("not a supported schema change");
  }

  @Test
  void executable_comments_are_refused() {
    assertThat(lint("ALTER TABLE customer /*!50000 ADD COLUMN x INT */").lintError()).contains("executable comments");
    assertThat(lint("/*+ SET_VAR(x=1) */ ALTER TABLE customer ADD COLUMN x INT").lintError())
        .contains("executable comments");
  }

  @Test
  void a_name_in_another_keyspace_is_refused() {
    assertThat(lint("ALTER TABLE customer.item ADD COLUMN x INT").lintError())
        .contains("names keyspace 'customer'").contains("keyspace 'commerce'");
    assertThat(lint("DROP TABLE `customer`.`item`").lintError()).contains("names keyspace 'customer'");
    assertThat(lint("ALTER TABLE commerce.customer ADD COLUMN x INT").lintError()).isNull();
  }

  @Test
  void a_drop_of_several_tables_is_refused() {
    assertThat(lint("DROP TABLE a, b").lintError()).contains("more than one");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "ALTER TABLE customer ADD COLUMN email VARCHAR(128)",
      "ALTER TABLE customer ADD email VARCHAR(128) NOT NULL DEFAULT ''",
      "ALTER TABLE customer ADD COLUMN a INT, ADD COLUMN b DECIMAL(10, 2) DEFAULT 0",
      "ALTER TABLE customer ADD COLUMN note TEXT COMMENT 'first, after'",
      "ALTER TABLE customer ALTER COLUMN name SET DEFAULT 'x'",
      "ALTER TABLE customer ALTER name DROP DEFAULT",
  })
  void instant_eligible_alters(String sql) {
    ChangeAnalysis a = lint(sql);
    assertThat(a.lintError()).isNull();
    assertThat(a.instantEligible()).as(sql).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "ALTER TABLE customer ADD COLUMN email VARCHAR(128) AFTER id",
      "ALTER TABLE customer ADD COLUMN email VARCHAR(128) FIRST",
      "ALTER TABLE customer ADD COLUMN n BIGINT AUTO_INCREMENT",
      "ALTER TABLE customer ADD COLUMN n BIGINT UNIQUE",
      "ALTER TABLE customer ADD COLUMN n INT AS (id + 1) STORED",
      "ALTER TABLE customer ADD COLUMN n INT GENERATED ALWAYS AS (id + 1) VIRTUAL",
      "ALTER TABLE customer ADD (a INT, b INT)",
      "ALTER TABLE customer ADD INDEX name_idx (name)",
      "ALTER TABLE customer ADD UNIQUE KEY name_idx (name)",
      "ALTER TABLE customer DROP COLUMN name",
      "ALTER TABLE customer MODIFY name VARCHAR(255)",
      "ALTER TABLE customer ADD COLUMN a INT, DROP COLUMN name",
      "ALTER TABLE customer ENGINE=InnoDB",
      "ALTER TABLE customer ADD COLUMN a INT, ALGORITHM=INSTANT",
      "CREATE TABLE t (id INT PRIMARY KEY)",
      "DROP TABLE t",
  })
  void everything_else_is_not_instant_eligible(String sql) {
    ChangeAnalysis a = lint(sql);
    assertThat(a.lintError()).isNull();
    assertThat(a.instantEligible()).as(sql).isFalse();
  }

  @Test
  void object_names_are_read_with_or_without_quotes_and_qualifier() {
    assertThat(DdlLint.objectName(new Change("commerce", "ALTER TABLE `customer` ADD x INT"))).isEqualTo("customer");
    assertThat(DdlLint.objectName(new Change("commerce", "alter table commerce.corder add x int"))).isEqualTo("corder");
    assertThat(DdlLint.objectName(new Change("commerce", "CREATE TABLE IF NOT EXISTS t (id int)"))).isEqualTo("t");
    assertThat(DdlLint.objectName(new Change("commerce", "SELECT 1"))).isNull();
  }

  @Test
  void two_changes_to_one_table_in_one_request_are_refused() {
    DataSource unused = SimpleDataSource.of("jdbc:mysql://127.0.0.1:1/", "nobody", null);
    Analysis a = VitessBackend.using(unused).analyse("r1", List.of(
        new Change("commerce", "ALTER TABLE customer ADD COLUMN a INT"),
        new Change("commerce", "ALTER TABLE corder ADD COLUMN a INT"),
        new Change("commerce", "ALTER TABLE `customer` ADD COLUMN b INT"),
        new Change("customer", "ALTER TABLE customer ADD COLUMN b INT")));
    assertThat(a.changes().get(0).lintError()).isNull();
    assertThat(a.changes().get(1).lintError()).isNull();
    assertThat(a.changes().get(2).lintError()).contains("changes 0 and 2 both change table 'customer'");
    assertThat(a.changes().get(3).lintError()).isNull(); // another keyspace
    assertThat(a.changes().get(0).instantEligible()).isTrue();
  }
}
