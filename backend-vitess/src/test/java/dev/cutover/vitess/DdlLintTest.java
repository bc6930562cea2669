package dev.cutover.vitess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.Analysis;
import dev.cutover.core.Analysis.ChangeAnalysis;
import dev.cutover.core.Change;
import dev.cutover.core.spi.DdlLint;
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

  /**
   * Issue 9, fault 8: MySQL's {@code --} comment needs a space or control character after it;
   * vtgate's needs a space, tab, newline or carriage return. Where they differ the change is
   * refused, so nothing the lint does not see is sent.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "ALTER TABLE customer ADD COLUMN x INT --\u000b/*! , DROP COLUMN name */",
      "ALTER TABLE customer ADD COLUMN x INT --\f/*! , DROP COLUMN name */",
      "ALTER TABLE customer ADD COLUMN x INT --\u0001 hidden",
      "ALTER TABLE customer ADD COLUMN x INT --\u007f hidden"})
  void a_double_dash_that_only_mysql_reads_as_a_comment_is_refused(String sql) {
    assertThat(lint(sql).lintError()).contains("starts a comment for MySQL but not for vtgate");
  }

  @Test
  void a_double_dash_before_u3000_is_not_a_comment_so_what_follows_is_linted() {
    assertThat(lint("ALTER TABLE customer ADD COLUMN x INT --\u3000/*! , DROP COLUMN name */").lintError())
        .contains("executable comments");
    assertThat(lint("ALTER TABLE customer ADD COLUMN x INT --\u3000").lintError()).isNull();
  }

  @Test
  void comments_both_servers_read_the_same_are_dropped() {
    assertThat(lint("ALTER TABLE customer ADD COLUMN x INT -- /*! DROP TABLE customer */").lintError()).isNull();
    assertThat(lint("ALTER TABLE customer ADD COLUMN x INT --\t/*! DROP TABLE customer */").lintError()).isNull();
    assertThat(lint("ALTER TABLE customer ADD COLUMN x INT # /*! DROP */").lintError()).isNull();
    assertThat(lint("ALTER TABLE customer ADD COLUMN x INT --").lintError()).isNull();
  }

  @Test
  void vertical_tab_form_feed_and_control_characters_outside_strings_are_refused() {
    assertThat(lint("ALTER TABLE customer\u000bADD COLUMN x INT").lintError()).contains("U+000B")
        .contains("whitespace to MySQL but not to vtgate");
    assertThat(lint("ALTER TABLE customer\fADD COLUMN x INT").lintError()).contains("U+000C");
    assertThat(lint("ALTER TABLE customer ADD COLUMN x\u0002 INT").lintError()).contains("U+0002 at offset");
    assertThat(lint("ALTER TABLE customer ADD COLUMN x VARCHAR(8) DEFAULT 'a\u000bb'").lintError()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"_vt", "mysql", "MySQL", "sys", "performance_schema", "information_schema", "_vt_extra"})
  void a_system_schema_is_not_a_keyspace(String keyspace) {
    assertThat(DdlLint.analyse(new Change(keyspace, "ALTER TABLE t ADD COLUMN x INT")).lintError())
        .isEqualTo("keyspace: '" + keyspace + "' is a system schema, not a keyspace");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "CREATE TABLE t2 AS SELECT * FROM customer.item",
      "CREATE TABLE t2 SELECT id FROM commerce.customer c, `customer`.`item` i",
      "CREATE TABLE t2 LIKE customer.item",
      "CREATE VIEW v AS SELECT id FROM customer.item",
      "CREATE VIEW v AS SELECT c.id FROM customer AS c JOIN customer.item i ON i.id = c.id",
      "CREATE VIEW v AS SELECT id FROM customer WHERE id IN (SELECT id FROM customer.item)",
      "CREATE VIEW v AS SELECT customer.item.id FROM customer",
      "ALTER VIEW v AS SELECT id FROM customer.item",
      "ALTER TABLE customer RENAME TO customer.moved",
      "ALTER TABLE customer RENAME AS customer.moved",
      "ALTER TABLE customer RENAME customer.moved",
      "ALTER TABLE corder ADD CONSTRAINT fk FOREIGN KEY (cid) REFERENCES customer.item (id)"})
  void a_reference_to_a_table_of_another_keyspace_is_refused(String sql) {
    assertThat(lint(sql).lintError()).contains("in keyspace 'customer', but the change is for keyspace 'commerce'");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "CREATE VIEW v AS SELECT user FROM mysql.user",
      "CREATE VIEW v AS SELECT * FROM information_schema.tables",
      "CREATE TABLE t2 AS SELECT * FROM _vt.schema_migrations"})
  void a_reference_to_a_system_schema_is_refused(String sql) {
    assertThat(lint(sql).lintError()).contains("in system schema");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "CREATE TABLE t2 AS SELECT * FROM commerce.customer",
      "CREATE VIEW v AS SELECT c.id, c.name FROM customer c, corder o WHERE o.customer_id = c.id",
      "CREATE VIEW v AS SELECT commerce.customer.id FROM customer",
      "ALTER TABLE customer RENAME COLUMN name TO full_name",
      "ALTER TABLE customer RENAME KEY a TO b, RENAME INDEX c TO d",
      "ALTER TABLE corder ADD CONSTRAINT fk FOREIGN KEY (cid) REFERENCES commerce.customer (id) ON UPDATE CASCADE"})
  void references_within_the_changes_keyspace_pass(String sql) {
    assertThat(lint(sql).lintError()).isNull();
  }

  /** Vitess answers a table rename under the vitess strategy with errno 1317, as if interrupted. */
  @ParameterizedTest
  @ValueSource(strings = {
      "ALTER TABLE customer RENAME TO customer2",
      "ALTER TABLE customer RENAME AS customer2",
      "ALTER TABLE customer RENAME customer2",
      "ALTER TABLE customer ADD COLUMN x INT, RENAME TO customer2",
      "alter table `customer` rename to `customer2`"})
  void a_table_rename_is_refused_naming_why(String sql) {
    assertThat(lint(sql).lintError()).contains("renames the table, which Vitess does not run as an online migration");
  }
}
