package dev.cutover.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The module without a server: the errors it gives, and outputs first printed by MySQL 8.0.31 (the
 * harness, {@link RealMySqlHarnessTest}, checks the same behaviours against a running server).
 */
class SchemasTest {

  @Test
  void bad_sql_names_the_file_the_statement_its_line_and_column_and_the_token() {
    String sql = "CREATE TABLE a (id int);\n\nCREATE TABLE b (\n  id int,\n  x frobnicate\n);";
    assertThatThrownBy(() -> Schemas.parse("schema.sql", sql))
        .isInstanceOfSatisfying(SchemaException.class, e -> {
          assertThat(e.file()).isEqualTo("schema.sql");
          assertThat(e.statement()).isEqualTo(2);
          assertThat(e.line()).isEqualTo(5);
          assertThat(e.column()).isEqualTo(5);
          assertThat(e.token()).isEqualTo("frobnicate");
          assertThat(e.mysqlError()).isZero();
        })
        .hasMessage("schema.sql: statement 2 (line 5, column 5): a column type this module does not model "
            + "(at 'frobnicate')");
  }

  @Test
  void a_statement_mysql_refuses_is_refused_with_mysqls_error_number() {
    assertThatThrownBy(() -> Schemas.parse("s.sql", "CREATE TABLE t (a int, a int)"))
        .isInstanceOfSatisfying(SchemaException.class, e -> {
          assertThat(e.mysqlError()).isEqualTo(1060);
          assertThat(e.statement()).isEqualTo(1);
        });
  }

  @Test
  void a_table_prints_as_mysql_8_0_31_prints_it() {
    Schema s = Schemas.parse("s.sql", "CREATE TABLE p (id int primary key);\n"
        + "CREATE TABLE t (a int(11) not null auto_increment, b bool default true, c decimal(5) default 1.5,"
        + " g bit(5) default 5, n set('x','y') default 'y,x', s int invisible, pid int,"
        + " primary key (a), unique (b), key (c), foreign key (pid) references p (id) on delete set null,"
        + " check (s > 0))");
    assertThat(s.table("t").orElseThrow().sql()).isEqualTo("""
        CREATE TABLE `t` (
          `a` int NOT NULL AUTO_INCREMENT,
          `b` tinyint(1) DEFAULT '1',
          `c` decimal(5,0) DEFAULT '2',
          `g` bit(5) DEFAULT b'101',
          `n` set('x','y') DEFAULT 'x,y',
          `s` int DEFAULT NULL /*!80023 INVISIBLE */,
          `pid` int DEFAULT NULL,
          PRIMARY KEY (`a`),
          UNIQUE KEY `b` (`b`),
          KEY `c` (`c`),
          KEY `pid` (`pid`),
          CONSTRAINT `t_ibfk_1` FOREIGN KEY (`pid`) REFERENCES `p` (`id`) ON DELETE SET NULL,
          CONSTRAINT `t_chk_1` CHECK ((`s` > 0))
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci""");
  }

  @Test
  void the_canonical_text_is_tables_by_name_each_ending_in_a_semicolon_and_a_blank_line() {
    String text = Schemas.normalize("s.sql", "create table b (x int); create table a (y int);");
    assertThat(text).startsWith("CREATE TABLE `a` (").contains(";\n\nCREATE TABLE `b` (").endsWith(";\n\n");
  }

  @Test
  void a_diff_is_one_alter_per_table_and_never_guesses_a_rename() {
    Schema from = Schemas.parse("from.sql", "create table t (id int primary key, old_name int)");
    Schema to = Schemas.parse("to.sql", "create table t (id int primary key, new_name int)");
    List<Change> diff = Schemas.diff(from, to);
    assertThat(diff).hasSize(1);
    Change c = diff.get(0);
    assertThat(c.kind()).isEqualTo(Change.Kind.ALTER);
    assertThat(c.statement()).isEqualTo("ALTER TABLE `t` DROP COLUMN `old_name`, "
        + "ADD COLUMN `new_name` int DEFAULT NULL AFTER `id`");
    assertThat(c.dropsData()).isTrue();
    assertThat(c.instant()).isTrue();
    assertThat(Schemas.diffJson(diff)).isEqualTo("[{\"table\":\"t\",\"kind\":\"alter\",\"statement\":"
        + "\"ALTER TABLE `t` DROP COLUMN `old_name`, ADD COLUMN `new_name` int DEFAULT NULL AFTER `id`\","
        + "\"instant\":true,\"dropsData\":true}]");
    assertThat(Schemas.diff(to, to)).isEmpty();
  }

  @Test
  void two_changes_that_do_not_commute_are_a_conflict_naming_the_table() {
    Schema base = Schemas.parse("base.sql", "create table t (id int primary key, a int)");
    Schema a = Schemas.parse("a.sql", "create table t (id int primary key, a bigint)");
    Schema b = Schemas.parse("b.sql", "create table t (id int primary key, a varchar(10))");
    MergeResult m = Schemas.merge(base, a, b);
    assertThat(m.conflict()).isTrue();
    assertThat(m.table()).isEqualTo("t");
    Schema c = Schemas.parse("c.sql", "create table t (id int primary key, a int, b int)");
    Schema d = Schemas.parse("d.sql", "create table t (id int primary key, a int); create table u (x int)");
    MergeResult ok = Schemas.merge(base, c, d);
    assertThat(ok.conflict()).isFalse();
    assertThat(ok.merged().tables()).extracting(Table::name).containsExactly("t", "u");
  }
}
