package dev.cutover.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module judged by a real MySQL 8.0.31, over seeded generated cases. For each case:
 * <ol>
 *   <li>normalize: each CREATE TABLE gives, in the model, exactly what MySQL's SHOW CREATE TABLE
 *       prints, or both refuse;
 *   <li>apply: each following statement (ALTER TABLE of several clauses, CREATE/DROP INDEX, CREATE and
 *       DROP TABLE) gives what MySQL gives, or both refuse;
 *   <li>diff: the diff from the first schema to the result, run in MySQL on the first, gives the
 *       result; each ALTER's instant flag is whether MySQL accepts it with ALGORITHM=INSTANT;
 *   <li>merge: with a second branch made by other statements, the verdict is MySQL's (both orders
 *       apply and give the same tables), and the merged schema is what MySQL holds.
 * </ol>
 * 500 cases by default (seed {@code cutover.schema.seed}, 1); {@code -Dcutover.schema.cases=10000} for
 * the long run. A failing case prints its seed and is shrunk: the same seed generated smaller, down to
 * the smallest size that still fails.
 */
class RealMySqlHarnessTest {

  private static RealMySql mysql;
  private final Map<String, Integer> stats = new TreeMap<>();

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

  /** A case MySQL and the model disagree on. */
  static final class Disagreement extends Exception {
    private static final long serialVersionUID = 1L;

    Disagreement(String message) {
      super(message, null, false, false);
    }
  }

  @Test
  void every_generated_case_agrees_with_mysql() throws SQLException {
    int cases = Integer.getInteger("cutover.schema.cases", 500);
    long seed = Long.getLong("cutover.schema.seed", 1L);
    int size = 6;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < cases && failures.size() < 3; i++) {
      long s = seed * 1_000_003L + i;
      try {
        check(SchemaGenerator.generate(s, size));
      } catch (Disagreement d) {
        failures.add(shrink(s, size, d));
      }
    }
    System.out.println("[cutover] schema harness: " + cases + " cases, " + stats);
    assertThat(failures).as("disagreements with MySQL 8.0.31").isEmpty();
  }

  private String shrink(long seed, int size, Disagreement first) throws SQLException {
    for (int smaller = 1; smaller < size; smaller++) {
      SchemaGenerator.Case c = SchemaGenerator.generate(seed, smaller);
      try {
        check(c);
      } catch (Disagreement d) {
        return "seed " + seed + " fails; shrunk to size " + smaller + ": " + d.getMessage() + "\n" + c.describe();
      }
    }
    return "seed " + seed + " fails (size " + size + "): " + first.getMessage() + "\n"
        + SchemaGenerator.generate(seed, size).describe();
  }

  private void count(String what) {
    stats.merge(what, 1, Integer::sum);
  }

  /** The outcome of one statement in the model: the schema, or the refusal. */
  private record Outcome(Schema schema, SchemaException error) {}

  private static Outcome model(Schema s, String sql) {
    try {
      return new Outcome(Schemas.apply(s, "case", sql), null);
    } catch (SchemaException e) {
      return new Outcome(null, e);
    }
  }

  /** Runs statements on both; the schema both agree on, or null when the model does not model one. */
  private Schema both(Schema start, List<String> statements, String phase) throws SQLException, Disagreement {
    Schema s = start;
    for (String sql : statements) {
      Outcome o = model(s, sql);
      if (o.error() != null && o.error().mysqlError() == 0) {
        count(phase + " not modelled");
        return null; // the model does not read it: MySQL's state would run ahead of the model's
      }
      int code = mysql.run(sql);
      if (o.error() == null && code != 0) {
        throw new Disagreement(phase + ": MySQL refuses (" + mysql.last() + ") what the model applies: "
            + sql);
      }
      if (o.error() != null && code == 0) {
        throw new Disagreement(phase + ": MySQL runs what the model refuses (" + o.error().getMessage() + "): " + sql);
      }
      if (o.error() != null) {
        count(phase + " refused by both");
        if (o.error().mysqlError() != code) {
          count(phase + " refused with another error number");
          if (Boolean.getBoolean("cutover.schema.verbose")) {
            System.out.println("[cutover] " + phase + ": MySQL " + code + ", model " + o.error().mysqlError() + ": "
                + sql);
          }
        }
        continue;
      }
      s = o.schema();
      String theirs = mysql.schemaText();
      if (!theirs.equals(s.text())) {
        throw new Disagreement(phase + ": after " + sql + "\nMySQL:\n" + theirs + "model:\n" + s.text());
      }
      count(phase + " agreed");
    }
    return s;
  }

  /**
   * Loads the model's text of {@code s} into MySQL's current database and returns what the model reads
   * that text as: SHOW CREATE TABLE's text is not always its own fixpoint (a column whose collation is
   * printed is, reloaded, a column that names it), so the model must agree with MySQL on that too.
   */
  private Schema load(Schema s) throws SQLException, Disagreement {
    mysql.run("SET foreign_key_checks = 0");
    try {
      for (Table t : s.tables()) {
        if (mysql.run(t.sql()) != 0) {
          throw new Disagreement("MySQL refuses the model's own table: " + mysql.last());
        }
      }
    } finally {
      mysql.run("SET foreign_key_checks = 1");
    }
    Schema loaded;
    try {
      loaded = Schemas.apply(Schema.EMPTY, "loaded", reorder(s));
    } catch (SchemaException e) {
      throw new Disagreement("reload: the model cannot read its own text: " + e.getMessage() + "\n" + s.text());
    }
    String theirs = mysql.schemaText();
    if (!theirs.equals(loaded.text())) {
      throw new Disagreement("reload: MySQL holds\n" + theirs + "the model reads its own text as\n" + loaded.text());
    }
    return loaded;
  }

  /** The tables' statements with each parent before its children (the model checks foreign keys always). */
  private static String reorder(Schema s) {
    List<Table> left = new ArrayList<>(s.tables());
    List<Table> out = new ArrayList<>();
    while (!left.isEmpty()) {
      Table next = left.stream().filter(t -> t.foreignKeys().stream().allMatch(f -> f.referencedTable().equals(t.name())
          || out.stream().anyMatch(o -> o.name().equals(f.referencedTable())))).findFirst().orElse(left.get(0));
      left.remove(next);
      out.add(next);
    }
    StringBuilder b = new StringBuilder();
    out.forEach(t -> b.append(t.sql()).append(";\n"));
    return b.toString();
  }

  void check(SchemaGenerator.Case c) throws SQLException, Disagreement {
    mysql.fresh("a");
    Schema from = both(Schema.EMPTY, c.creates(), "normalize");
    if (from == null) {
      return;
    }
    Schema to = both(from, c.alters(), "apply");
    if (to == null) {
      return;
    }
    // Diff: run in MySQL on `from`, it gives `to`; the instant flags are MySQL's.
    mysql.fresh("d");
    Schema start = load(from);
    List<Change> diff = Schemas.diff(start, to);
    for (Change ch : diff) {
      if (ch.kind() == Change.Kind.ALTER) {
        int instant = mysql.run(ch.statement() + ", ALGORITHM=INSTANT");
        if ((instant == 0) != ch.instant()) {
          throw new Disagreement("diff: instant " + ch.instant() + " but MySQL says "
              + mysql.last() + ": " + ch.statement());
        }
        if (instant == 0) {
          count("diff instant");
          continue;
        }
      }
      int code = mysql.run(ch.statement());
      if (code != 0) {
        throw new Disagreement("diff: MySQL refuses " + mysql.last() + "\nfrom:\n" + from.text()
            + "to:\n" + to.text());
      }
    }
    from = start;
    String theirs = mysql.schemaText();
    if (!theirs.equals(to.text())) {
      throw new Disagreement("diff: MySQL gives\n" + theirs + "the diff was\n" + Schemas.diffText(diff) + "to:\n"
          + to.text());
    }
    Schema again = Schemas.apply(start, "diff", Schemas.diffText(diff));
    if (!again.text().equals(to.text())) {
      throw new Disagreement("diff: the model applying its own diff gives\n" + again.text() + "to:\n" + to.text());
    }
    count(diff.isEmpty() ? "diff empty" : "diff agreed");
    // Merge: a second branch from `from`; MySQL runs both orders.
    mysql.fresh("b");
    from = load(from);
    Schema other = both(from, c.otherAlters(), "branch");
    if (other == null) {
      return;
    }
    MergeResult ours = Schemas.merge(from, to, other);
    List<Change> da = Schemas.diff(from, to);
    List<Change> db = Schemas.diff(from, other);
    mysqlMerge.clear();
    mysql.fresh("m1");
    load(from);
    boolean ok1 = runAll(da) && runAll(db);
    String t1 = mysql.schemaText();
    mysql.fresh("m2");
    load(from);
    boolean ok2 = runAll(db) && runAll(da);
    String t2 = mysql.schemaText();
    boolean conflict = !ok1 || !ok2 || !t1.equals(t2);
    if (conflict != ours.conflict()) {
      throw new Disagreement("merge: MySQL says " + (conflict ? "conflict " + mysqlMerge + (t1.equals(t2) ? ""
          : " (two schemas:\n" + t1 + "and\n" + t2 + ")") : "merged") + ", the model says "
          + (ours.conflict() ? "conflict: " + ours.table() + ": " + ours.reason() : "merged") + "\nbase:\n"
          + from.text() + "a:\n" + to.text() + "b:\n" + other.text());
    }
    if (!conflict && !t1.equals(ours.merged().text())) {
      throw new Disagreement("merge: MySQL merged\n" + t1 + "the model merged\n" + ours.merged().text());
    }
    count(conflict ? "merge conflict" : "merge merged");
  }

  private final List<String> mysqlMerge = new ArrayList<>();

  private boolean runAll(List<Change> changes) {
    for (Change ch : changes) {
      if (mysql.run(ch.statement()) != 0) {
        mysqlMerge.add(mysql.last() + ": " + ch.statement());
        return false;
      }
    }
    return true;
  }
}
