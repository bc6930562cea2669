package dev.cutover.schema;

import java.util.List;

/**
 * What a caller (the CLI, a backend) does with schemas: read SQL into a {@link Schema}, apply DDL,
 * diff and merge. Every method is pure. Bad SQL or a statement MySQL would refuse is a
 * {@link SchemaException} naming the file, the statement's number and the reason.
 */
public final class Schemas {

  private Schemas() {}

  /**
   * The schema that the statements of {@code sql} make from nothing, in order.
   *
   * @param file the name of the SQL's file, for errors
   * @param sql the statements
   * @return the schema
   * @throws SchemaException if a statement cannot be read or MySQL would refuse it
   */
  public static Schema parse(String file, String sql) {
    return apply(Schema.EMPTY, file, sql);
  }

  /**
   * The schema after the statements of {@code sql}, in order.
   *
   * @param schema the schema they run on
   * @param file the name of the SQL's file, for errors
   * @param sql the statements
   * @return the new schema
   * @throws SchemaException if a statement cannot be read or MySQL would refuse it
   */
  public static Schema apply(Schema schema, String file, String sql) {
    List<Parser.Parsed> parsed;
    try {
      parsed = Parser.parse(sql);
    } catch (SchemaException e) {
      throw e.inFile(file);
    }
    Schema s = schema;
    for (Parser.Parsed p : parsed) {
      try {
        s = Apply.apply(s, p.ddl());
      } catch (SchemaException e) {
        throw e.at(p.number(), p.line(), p.column()).inFile(file);
      }
    }
    return s;
  }

  /**
   * The canonical schema text of {@code sql}'s statements: see {@link Schema#text()}.
   *
   * @param file the name of the SQL's file, for errors
   * @param sql the statements
   * @return the canonical text
   * @throws SchemaException if a statement cannot be read or MySQL would refuse it
   */
  public static String normalize(String file, String sql) {
    return parse(file, sql).text();
  }

  /**
   * The statements that turn {@code from} into {@code to}, in an order in which they apply: one per
   * table, except that a foreign key changed under its own name is dropped by an ALTER of its own
   * first (MySQL refuses to drop and add one name in one statement).
   *
   * @param from the schema as it is
   * @param to the schema wanted
   * @return the changes; empty when the schemas are equal
   * @throws SchemaException for a change this module does not model (partitioning)
   */
  public static List<Change> diff(Schema from, Schema to) {
    return Diff.diff(from, to);
  }

  /**
   * The diff as the CLI prints it: one statement per line, each ending in {@code ;}.
   *
   * @param changes a diff
   * @return the text; empty for no change
   */
  public static String diffText(List<Change> changes) {
    StringBuilder b = new StringBuilder();
    for (Change c : changes) {
      oneLine(c.statement(), b);
      b.append(";\n");
    }
    return b.toString();
  }

  /**
   * Appends {@code statement} on one line: a line break outside a quoted string or name, with the
   * indentation after it, becomes one space, or nothing after {@code (} and before {@code )}; what is
   * inside quotes is kept byte for byte (a default of {@code '(  x )'} stays as it is).
   */
  static void oneLine(String statement, StringBuilder b) {
    char quote = 0;
    int n = statement.length();
    for (int i = 0; i < n; i++) {
      char ch = statement.charAt(i);
      if (quote != 0) {
        b.append(ch);
        if (ch == '\\' && quote != '`' && i + 1 < n) {
          b.append(statement.charAt(++i)); // an escaped character, the quote among them
        } else if (ch == quote) {
          if (i + 1 < n && statement.charAt(i + 1) == quote) {
            b.append(statement.charAt(++i)); // a doubled quote stands for itself
          } else {
            quote = 0;
          }
        }
      } else if (ch == '\n') {
        int j = i + 1;
        while (j < n && statement.charAt(j) == ' ') {
          j++;
        }
        boolean afterOpen = b.length() > 0 && b.charAt(b.length() - 1) == '(';
        boolean beforeClose = j < n && statement.charAt(j) == ')';
        if (!afterOpen && !beforeClose) {
          b.append(' ');
        }
        i = j - 1;
      } else {
        if (ch == '\'' || ch == '"' || ch == '`') {
          quote = ch;
        }
        b.append(ch);
      }
    }
  }

  /**
   * The diff as a JSON array of {@code {"table", "kind", "statement", "instant", "dropsData"}}.
   *
   * @param changes a diff
   * @return the JSON text
   */
  public static String diffJson(List<Change> changes) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < changes.size(); i++) {
      Change c = changes.get(i);
      b.append(i == 0 ? "" : ",").append("{\"table\":").append(json(c.table()))
          .append(",\"kind\":").append(json(c.kind().label()))
          .append(",\"statement\":").append(json(c.statement()))
          .append(",\"instant\":").append(c.instant())
          .append(",\"dropsData\":").append(c.dropsData()).append('}');
    }
    return b.append("]").toString();
  }

  private static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /**
   * The three-way merge: whether diff(base → a) and diff(base → b), run on {@code base} in either
   * order, both apply and give the same schema.
   *
   * @param base the schema both changed
   * @param a one changed schema
   * @param b the other
   * @return the merged schema, or the conflict's table and reason
   * @throws SchemaException for a change this module does not model
   */
  public static MergeResult merge(Schema base, Schema a, Schema b) {
    List<Change> da = diff(base, a);
    List<Change> db = diff(base, b);
    Schema ab;
    Schema ba;
    try {
      ab = run(run(base, da, "a"), db, "b");
    } catch (Conflict c) {
      return MergeResult.conflict(c.table, c.reason + " (a's change, then b's)");
    }
    try {
      ba = run(run(base, db, "b"), da, "a");
    } catch (Conflict c) {
      return MergeResult.conflict(c.table, c.reason + " (b's change, then a's)");
    }
    if (!ab.text().equals(ba.text())) {
      for (Table t : ab.tables()) {
        if (!ba.table(t.name()).map(x -> x.sql().equals(t.sql())).orElse(false)) {
          return MergeResult.conflict(t.name(), "the two orders give different tables");
        }
      }
      for (Table t : ba.tables()) {
        if (ab.table(t.name()).isEmpty()) {
          return MergeResult.conflict(t.name(), "the two orders give different tables");
        }
      }
      for (View v : ab.views()) {
        if (!ba.view(v.name()).map(v::equals).orElse(false)) {
          return MergeResult.conflict(v.name(), "the two orders give different views");
        }
      }
      return MergeResult.conflict(ab.views().isEmpty() ? "?" : ab.views().get(0).name(),
          "the two orders give different schemas");
    }
    return new MergeResult(ab, null, null);
  }

  private static final class Conflict extends Exception {
    private static final long serialVersionUID = 1L;
    final String table;
    final String reason;

    Conflict(String table, String reason) {
      super(reason, null, false, false);
      this.table = table;
      this.reason = reason;
    }
  }

  private static Schema run(Schema s, List<Change> changes, String who) throws Conflict {
    Schema out = s;
    for (Change c : changes) {
      try {
        out = apply(out, who, c.statement());
      } catch (SchemaException e) {
        throw new Conflict(c.table(), who + "'s " + c.kind().label() + " of " + c.table() + " fails: " + e.reason());
      }
    }
    return out;
  }
}
