package dev.cutover.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pairs of tables in the style of Vitess schemadiff's own tests (go/vt/schemadiff/table_test.go: the
 * cases, written here; schemadiff's expected statements are not ours to match): for each, our diff,
 * run in a real MySQL 8.0.31 on {@code from}, gives {@code to}, and each ALTER's instant flag is
 * MySQL's answer to {@code ALGORITHM=INSTANT}.
 */
class SchemadiffCasesTest {

  private static RealMySql mysql;

  @BeforeAll
  static void connect() {
    mysql = RealMySql.connect();
  }

  @AfterAll
  static void close() throws SQLException {
    if (mysql != null) {
      mysql.close();
    }
  }

  private static final String[][] CASES = {
      {"create table t (id int primary key)", "create table t (id int, primary key(id))"},
      {"create table t (id int not null, PRIMARY KEY(id))", "create table t (Id int not null, primary key(id))"},
      {"create table t (`id` int primary key)", "create table t (id int primary key, `i` int not null default 0)"},
      {"create table t (id int primary key, `i` int not null default 0)", "create table t (`id` int primary key)"},
      {"create table t (id int primary key, `i` int not null default 0)",
          "create table t (id int primary key, `i` bigint unsigned default null)"},
      {"create table t (id int primary key, `i` int not null default 0, c char(3) default '')",
          "create table t (id int primary key, ts timestamp null, `i` bigint unsigned default null)"},
      {"create table t (id int primary key, i1 int not null, c char(3) default '')",
          "create table t (id int primary key, i2 int not null, c char(3) default '')"},
      {"create table t (id int primary key, a int, b int, c int, d int)",
          "create table t (id int primary key, a int, c int, b int, d int)"},
      {"create table t (id int primary key, a int, b int, c int, d int)",
          "create table t (a int, b int, c int, d int, id int primary key)"},
      {"create table t (id int primary key, a int, b int, c int, d int)",
          "create table t (a int, c int, b int, d int, id int primary key)"},
      {"create table t (id int primary key, a int, b int, c int, d int)",
          "create table t (c int, a int, b int, d int, id int primary key)"},
      {"create table t (id int primary key, a int, b int, c int, d int, e int, f int, g int)",
          "create table t (a int, c int, f int, e int, id int primary key, g int)"},
      {"create table t (id int primary key, a int, b int, c int, d int, e int, f int)",
          "create table t (id int primary key, b int, a int, c int, e int, d int, f int)"},
      {"create table t (id int primary key, a int, b int, c int, d int, e int, f int)",
          "create table t (g int, id int primary key, h int, b int, a int, i int, e int, d int, j int, f int, k int)"},
      {"create table t (id int primary key, a int, b int, c int, d int)",
          "create table t (id int primary key, a int, c bigint, b int, d int)"},
      {"create table t (id int primary key, a int)", "create table t (w int, x int, id int primary key, y int, a int, z int)"},
      {"create table t (id int primary key, a int)", "create table t (x int, a int, id int primary key)"},
      {"create table t (id int primary key, a int, b int, c int, d int)",
          "create table t (id int primary key, a int, b int, x int, d int, c int, y int)"},
      {"create table t (`id` int primary key, i int)", "create table t (id int primary key, `i` int, key `i_idx` (i))"},
      {"create table t (`id` int primary key, i int, key i(i))", "create table t (id int primary key, `i` int, key i(i), key (i))"},
      {"create table t (`id` int primary key)", "create table t (id int primary key, `i` int, key `i_idx` (i))"},
      {"create table t (`id` int)", "create table t (id int primary key)"},
      {"create table t (id int, primary key(id))", "create table t (id int)"},
      {"create table t (id int primary key, i int, key i_idx(i))", "create table t (id int primary key, i int, key i_idx(i, id))"},
      {"create table t (id int primary key, i int, key i_idx(i))",
          "create table t (id int primary key, i int, key i_idx(i) invisible)"},
      {"create table t (id int primary key, v varchar(10), key v_idx(v))",
          "create table t (id int primary key, v varchar(10), key v_idx(v(5)))"},
      {"create table t (id int primary key, e enum('a', 'b'))", "create table t (id int primary key, e enum('a', 'b', 'c'))"},
      {"create table t (id int primary key, e enum('a', 'b', 'c'))", "create table t (id int primary key, e enum('a', 'b'))"},
      {"create table t (id int primary key, i int default 0)", "create table t (id int primary key, i int default 1)"},
      {"create table t (id int primary key, i int)", "create table t (id int primary key, i int invisible)"},
      {"create table t (id int primary key, v varchar(10)) charset latin1",
          "create table t (id int primary key, v varchar(10)) charset utf8mb4"},
      {"create table t (id int primary key, i int, check (i > 0))", "create table t (id int primary key, i int, check (i > 1))"},
      {"create table t (id int primary key, i int, constraint c check (i > 0))",
          "create table t (id int primary key, i int, constraint c check (i > 0) not enforced)"},
      {"create table t (id int primary key) comment 'a'", "create table t (id int primary key) comment 'b'"},
      {"create table t (id int primary key, t text, fulltext key ft(t))",
          "create table t (id int primary key, t text, fulltext key ft(t), i int)"},
      {"create table t (id int primary key, g int as (id + 1) virtual)",
          "create table t (id int primary key, g int as (id + 2) virtual)"},
      {"create table t (id int primary key, g int as (id + 1) stored)", "create table t (id int primary key)"},
  };

  @Test
  void each_pairs_diff_run_in_mysql_gives_the_target() throws SQLException {
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < CASES.length; i++) {
      Schema from = Schemas.parse("from", CASES[i][0]);
      Schema to = Schemas.parse("to", CASES[i][1]);
      mysql.fresh("sd");
      for (Table t : from.tables()) {
        assertThat(mysql.run(t.sql())).as("MySQL creates %s", t.sql()).isZero();
      }
      List<Change> diff = Schemas.diff(from, to);
      for (Change c : diff) {
        if (c.kind() == Change.Kind.ALTER) {
          int instant = mysql.run(c.statement() + ", ALGORITHM=INSTANT");
          if ((instant == 0) != c.instant()) {
            failures.add("case " + i + ": instant " + c.instant() + ", MySQL: "
                + mysql.last());
          }
          if (instant == 0) {
            continue;
          }
        }
        int code = mysql.run(c.statement());
        if (code != 0) {
          failures.add("case " + i + ": MySQL refuses " + mysql.last());
        }
      }
      String ours = Schemas.apply(from, "diff", Schemas.diffText(diff)).text();
      if (!ours.equals(to.text())) {
        failures.add("case " + i + ": the model applying its diff gives\n" + ours + "wanted\n" + to.text());
      }
      String theirs = mysql.schemaText();
      if (!theirs.equals(to.text())) {
        failures.add("case " + i + ": MySQL gives\n" + theirs + "wanted\n" + to.text() + "diff\n"
            + Schemas.diffText(diff));
      }
    }
    assertThat(failures).isEmpty();
  }
}
