package dev.cutover.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The statements that turn one schema into another. Names are identities: a table or column of a new
 * name is new and one of an old name that is gone is dropped; a rename is never guessed from a drop
 * and an add (the data would be lost on a wrong guess, and a right one is a user's to state).
 */
final class Diff {

  private Diff() {}

  static List<Change> diff(Schema from, Schema to) {
    List<Change> out = new ArrayList<>();
    // Views that go or change go first, as they may read a table that changes.
    for (View v : from.views()) {
      View t = to.view(v.name()).orElse(null);
      if (t == null) {
        out.add(new Change(v.name(), Change.Kind.DROP, "DROP VIEW " + Printer.name(v.name()), false, false));
      }
    }
    List<Change> tables = new ArrayList<>();
    Map<Change, String> tableOf = new HashMap<>();
    for (Table t : from.tables()) {
      if (to.table(t.name()).isEmpty()) {
        Change c = new Change(t.name(), Change.Kind.DROP, "DROP TABLE " + Printer.name(t.name()), false, true);
        tables.add(c);
      }
    }
    for (Table t : to.tables()) {
      Table f = from.table(t.name()).orElse(null);
      if (f == null) {
        tables.add(new Change(t.name(), Change.Kind.CREATE, Printer.table(t, true), false, false));
      } else {
        List<Change> alter = alter(f, t, false);
        if (!alter.isEmpty() && !appliesTo(from, f, alter, t)) {
          alter = alter(f, t, true); // the key order ADD gives is not t's: add the keys again, in t's order
        }
        tables.addAll(alter);
      }
    }
    out.addAll(order(tables, from, to));
    for (View v : to.views()) {
      View f = from.view(v.name()).orElse(null);
      if (f == null) {
        out.add(new Change(v.name(), Change.Kind.CREATE, v.sql(), false, false));
      } else if (!f.equals(v)) {
        out.add(new Change(v.name(), Change.Kind.ALTER, "CREATE OR REPLACE VIEW " + Printer.name(v.name()) + " AS "
            + v.definition(), false, false));
      }
    }
    return out;
  }

  /**
   * Orders table changes so each applies: a parent created or altered before a child that adds a
   * foreign key to it, and a child's foreign key dropped before its parent is dropped or altered.
   */
  private static List<Change> order(List<Change> changes, Schema from, Schema to) {
    int n = changes.size();
    List<Set<Integer>> before = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      before.add(new HashSet<>());
    }
    for (int y = 0; y < n; y++) {
      Change cy = changes.get(y);
      Table ty = to.table(cy.table()).orElse(null);
      Table fy = from.table(cy.table()).orElse(null);
      for (int x = 0; x < n; x++) {
        if (x == y) {
          continue;
        }
        Change cx = changes.get(x);
        if (cx.table().equals(cy.table())) {
          if (x < y) {
            before.get(y).add(x);
          }
          continue;
        }
        // Parent first: y adds a foreign key to cx's table, which cx creates or alters.
        if (ty != null && cy.kind() != Change.Kind.DROP && cx.kind() != Change.Kind.DROP) {
          for (ForeignKey f : ty.foreignKeys()) {
            boolean added = fy == null || !fy.foreignKeys().contains(f);
            if (added && f.referencedTable().equals(cx.table())) {
              before.get(y).add(x);
            }
          }
        }
        // Child first: cx drops (or changes) a foreign key to y's table, which y drops or alters.
        Table fx = from.table(cx.table()).orElse(null);
        Table tx = to.table(cx.table()).orElse(null);
        if (fx != null && cy.kind() != Change.Kind.CREATE) {
          for (ForeignKey f : fx.foreignKeys()) {
            boolean dropped = tx == null || !tx.foreignKeys().contains(f);
            if (dropped && f.referencedTable().equals(cy.table())) {
              before.get(y).add(x);
            }
          }
        }
      }
    }
    List<Change> out = new ArrayList<>();
    boolean[] done = new boolean[n];
    for (int round = 0; round < n; round++) {
      int pick = -1;
      for (int i = 0; i < n && pick < 0; i++) {
        if (!done[i] && before.get(i).stream().allMatch(j -> done[j])) {
          pick = i;
        }
      }
      if (pick < 0) {
        for (int i = 0; i < n && pick < 0; i++) {
          if (!done[i]) {
            pick = i; // a cycle of foreign keys: no order applies; keep the rest as they are
          }
        }
      }
      done[pick] = true;
      out.add(changes.get(pick));
    }
    return out;
  }

  /** Whether the model, running {@code alter} on {@code f}, prints {@code t}. */
  private static boolean appliesTo(Schema from, Table f, List<Change> alter, Table t) {
    try {
      Schema s = from;
      for (Change c : alter) {
        s = Schemas.apply(s, "diff", c.statement());
      }
      return s.table(t.name()).map(x -> x.sql().equals(t.sql())).orElse(false);
    } catch (SchemaException e) {
      return true; // another table's change comes first; the order of keys is not what fails here
    }
  }

  /**
   * The ALTER (or two, see below) that turns table {@code f} into {@code t}; with {@code rekey}, every
   * key but the primary key is dropped and added again in t's order.
   */
  static List<Change> alter(Table f, Table t, boolean rekey) {
    if (!Objects.equals(f.partitioning(), t.partitioning())) {
      throw new SchemaException(0, 0, 0, t.name(), "a change of partitioning is not modelled");
    }
    List<String> clauses = new ArrayList<>();
    List<String> first = new ArrayList<>(); // foreign keys dropped and added again under their name
    List<String> last = new ArrayList<>(); // DROP DEFAULT of a column the main ALTER defines
    boolean instant = true;
    boolean dropsData = false;
    String cs = t.options().charset();
    // Checks (one on dropped columns only goes with them).
    Set<String> droppedNames = new HashSet<>();
    for (Column c : f.columns()) {
      if (t.column(c.name()).isEmpty()) {
        droppedNames.add(c.name().toLowerCase(Locale.ROOT));
      }
    }
    for (Check c : f.checks()) {
      if (!c.references().isEmpty() && droppedNames.containsAll(c.references())) {
        continue;
      }
      Check n = t.checks().stream().filter(x -> x.name().equalsIgnoreCase(c.name())).findFirst().orElse(null);
      if (n == null) {
        clauses.add("DROP CHECK " + Printer.name(c.name()));
        instant = false;
      } else if (!n.expression().equals(c.expression())) {
        clauses.add("DROP CHECK " + Printer.name(c.name()));
        instant = false;
      }
    }
    // Foreign keys.
    Map<String, ForeignKey> oldFks = new LinkedHashMap<>();
    f.foreignKeys().forEach(x -> oldFks.put(x.name().toLowerCase(Locale.ROOT), x));
    for (ForeignKey x : f.foreignKeys()) {
      ForeignKey n = t.foreignKeys().stream().filter(y -> y.name().equalsIgnoreCase(x.name())).findFirst()
          .orElse(null);
      if (n == null) {
        clauses.add("DROP FOREIGN KEY " + Printer.name(x.name()));
        instant = false;
      } else if (!n.equals(x)) {
        first.add("DROP FOREIGN KEY " + Printer.name(x.name()));
        instant = false;
      }
    }
    // Indexes (one only narrowed by a dropped column narrows with it).
    Set<String> goneColumns = new HashSet<>();
    for (Column c : f.columns()) {
      if (t.column(c.name()).isEmpty()) {
        goneColumns.add(c.name().toLowerCase(Locale.ROOT));
      }
    }
    Set<String> keep = new HashSet<>();
    for (Index x : f.indexes()) {
      Index n = t.index(x.name()).orElse(null);
      if (n != null && (!rekey || x.kind() == Index.Kind.PRIMARY) && sameIndex(narrowed(x, goneColumns), n)) {
        keep.add(x.key());
      }
    }
    for (Index x : f.indexes()) {
      if (!keep.contains(x.key())) {
        clauses.add(x.kind() == Index.Kind.PRIMARY ? "DROP PRIMARY KEY" : "DROP INDEX " + Printer.name(x.name()));
        instant = false;
      }
    }
    // Columns.
    Set<String> toNames = t.columns().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    Set<String> fromNames = f.columns().stream().map(c -> c.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
    boolean fulltext = f.indexes().stream().anyMatch(x -> x.kind() == Index.Kind.FULLTEXT);
    boolean compressed = "COMPRESSED".equals(f.options().rowFormat());
    for (Column c : f.columns()) {
      if (!toNames.contains(c.name().toLowerCase(Locale.ROOT))) {
        clauses.add("DROP COLUMN " + Printer.name(c.name()));
        dropsData = true;
        boolean indexed = f.indexes().stream().anyMatch(x -> x.covers(c.name()));
        instant &= !indexed && !fulltext && !compressed;
      }
    }
    List<String> common = new ArrayList<>(); // in from's order
    for (Column c : f.columns()) {
      if (toNames.contains(c.name().toLowerCase(Locale.ROOT))) {
        common.add(c.name().toLowerCase(Locale.ROOT));
      }
    }
    List<String> commonTo = new ArrayList<>();
    for (Column c : t.columns()) {
      if (fromNames.contains(c.name().toLowerCase(Locale.ROOT))) {
        commonTo.add(c.name().toLowerCase(Locale.ROOT));
      }
    }
    Set<String> stay = longestInOrder(commonTo, common);
    boolean addsOrDrops = common.size() < f.columns().size() || commonTo.size() < t.columns().size();
    for (int i = 0; i < t.columns().size(); i++) {
      Column c = t.columns().get(i);
      String k = c.name().toLowerCase(Locale.ROOT);
      String position = i == 0 ? " FIRST" : " AFTER " + Printer.name(t.columns().get(i - 1).name());
      if (!fromNames.contains(k)) {
        clauses.add("ADD COLUMN " + definition(c, t.options()) + position);
        if (noDefault(c)) {
          last.add("ALTER COLUMN " + Printer.name(c.name()) + " DROP DEFAULT");
        }
        instant &= !fulltext && !compressed && !c.autoIncrement() && !(c.generated() != null && c.stored())
            && !(c.type().isSpatial() && !c.nullable())
            && (c.defaultValue() == null || !c.defaultValue().startsWith("("));
      } else {
        Column old = f.column(c.name()).orElseThrow();
        boolean moved = !stay.contains(k);
        if (!moved && !old.equals(c) && sameButDefaultOrVisibility(old, c)) {
          if (!Objects.equals(old.defaultValue(), c.defaultValue())) {
            clauses.add("ALTER COLUMN " + Printer.name(c.name())
                + (c.defaultValue() == null ? " DROP DEFAULT" : " SET DEFAULT " + c.defaultValue()));
          }
          if (old.invisible() != c.invisible()) {
            clauses.add("ALTER COLUMN " + Printer.name(c.name()) + (c.invisible() ? " SET INVISIBLE" : " SET VISIBLE"));
          }
        } else if (moved || !old.equals(c)) {
          clauses.add("MODIFY COLUMN " + definition(c, t.options()) + (moved ? position : ""));
          // MySQL 8.0.31 renames a column and appends ENUM/SET members instantly; it moves one instantly
          // only along with an instant ADD or DROP COLUMN in the same statement.
          instant &= instantModify(old, c) && (!moved || addsOrDrops && !fulltext && !compressed);
          dropsData |= narrows(old, c);
          if (noDefault(c)) {
            last.add("ALTER COLUMN " + Printer.name(c.name()) + " DROP DEFAULT");
          }
        }
      }
    }
    // Indexes added, visibility.
    for (Index x : t.indexes()) {
      Index o = f.index(x.name()).orElse(null);
      if (o == null || !keep.contains(o.key())) {
        clauses.add("ADD " + addIndex(x));
        instant = false;
      } else if (o.visible() != x.visible()) {
        clauses.add("ALTER INDEX " + Printer.name(x.name()) + (x.visible() ? " VISIBLE" : " INVISIBLE"));
        instant = false;
      }
    }
    for (ForeignKey x : t.foreignKeys()) {
      ForeignKey o = oldFks.get(x.name().toLowerCase(Locale.ROOT));
      if (o == null || !o.equals(x)) {
        clauses.add("ADD " + x.sql());
        instant = false;
      }
    }
    for (Check c : t.checks()) {
      Check o = f.checks().stream().filter(x -> x.name().equalsIgnoreCase(c.name())).findFirst().orElse(null);
      if (o == null || !o.expression().equals(c.expression())) {
        clauses.add("ADD " + c.sql().replace(" /*!80016 NOT ENFORCED */", " NOT ENFORCED"));
        instant = false;
      } else if (o.enforced() != c.enforced()) {
        clauses.add("ALTER CHECK " + Printer.name(c.name()) + (c.enforced() ? " ENFORCED" : " NOT ENFORCED"));
      }
    }
    TableOptions a = f.options();
    TableOptions b = t.options();
    if (!a.charset().equals(b.charset()) || !a.collation().equals(b.collation())) {
      clauses.add("DEFAULT CHARSET=" + b.charset() + " COLLATE=" + b.collation());
      instant = false;
    }
    if (!a.comment().equals(b.comment())) {
      clauses.add("COMMENT=" + Printer.quote(b.comment()));
      instant = false;
    }
    if (!Objects.equals(a.rowFormat(), b.rowFormat())) {
      clauses.add("ROW_FORMAT=" + (b.rowFormat() == null ? "DEFAULT" : b.rowFormat()));
      instant = false;
    }
    if (!Objects.equals(a.keyBlockSize(), b.keyBlockSize())) {
      clauses.add("KEY_BLOCK_SIZE=" + (b.keyBlockSize() == null ? 0 : b.keyBlockSize()));
      instant = false;
    }
    List<Change> out = new ArrayList<>();
    String head = "ALTER TABLE " + Printer.name(t.name()) + " ";
    if (!first.isEmpty()) {
      out.add(new Change(t.name(), Change.Kind.ALTER, head + String.join(", ", first), false, false));
    }
    if (!clauses.isEmpty()) {
      out.add(new Change(t.name(), Change.Kind.ALTER, head + String.join(", ", clauses), instant && first.isEmpty(),
          dropsData));
    }
    if (!last.isEmpty()) {
      out.add(new Change(t.name(), Change.Kind.ALTER, head + String.join(", ", last), true, false));
    }
    return out;
  }

  /**
   * A column's definition for an ALTER, as SHOW CREATE TABLE prints it: a column whose character set
   * was never named takes the table's, as in the table's own statement.
   */
  static String definition(Column c, TableOptions table) {
    boolean inherits = c.charset() != null && !c.charsetExplicit() && c.charset().equals(table.charset())
        && c.collation().equals(table.collation());
    return Printer.column(c, table.collation(), !inherits);
  }

  private static String addIndex(Index x) {
    String s = x.sql();
    return s.replace(" /*!80000 INVISIBLE */", " INVISIBLE");
  }

  private static List<KeyPart> lower(List<KeyPart> parts) {
    return parts.stream().map(p -> p.column() == null ? p
        : new KeyPart(p.column().toLowerCase(Locale.ROOT), null, p.length(), p.descending())).toList();
  }

  private static Index narrowed(Index x, Set<String> gone) {
    List<KeyPart> parts = x.parts().stream()
        .filter(p -> p.column() == null || !gone.contains(p.column().toLowerCase(Locale.ROOT))).toList();
    return parts.isEmpty() ? x : new Index(x.name(), x.kind(), parts, x.using(), x.comment(), x.visible());
  }

  private static boolean sameIndex(Index a, Index b) {
    return a.kind() == b.kind() && lower(a.parts()).equals(lower(b.parts())) && Objects.equals(a.using(), b.using())
        && a.comment().equals(b.comment()) && a.name().equals(b.name());
  }

  /** A nullable column that MySQL prints without DEFAULT NULL: one whose default was dropped. */
  static boolean noDefault(Column c) {
    return c.nullable() && c.defaultValue() == null && c.generated() == null && !c.autoIncrement()
        && !c.type().name().endsWith("text") && !c.type().name().endsWith("blob");
  }

  /** Whether two columns differ in their default (not its kind: literal or expression) or visibility only. */
  private static boolean sameButDefaultOrVisibility(Column a, Column b) {
    boolean literal = (a.defaultValue() == null || !a.defaultValue().startsWith("("))
        && (b.defaultValue() == null || !b.defaultValue().startsWith("("));
    Column a2 = new Column(a.name(), a.type(), a.charset(), a.collation(), a.charsetExplicit(), a.nullable(),
        b.defaultValue(), a.onUpdate(), a.autoIncrement(), a.comment(), a.generated(), a.stored(), b.invisible(),
        a.srid(), b.references());
    return literal && a2.equals(b) && !(b.defaultValue() != null && b.defaultValue().startsWith("CURRENT_TIMESTAMP"));
  }

  private static boolean instantModify(Column a, Column b) {
    ColumnType type = a.type();
    ColumnType to = b.type();
    if ((type.name().equals("enum") || type.name().equals("set")) && to.name().equals(type.name())
        && to.values().size() >= type.values().size()
        && to.values().subList(0, type.values().size()).equals(type.values())
        && storage(type) == storage(to)) {
      type = to;
    }
    Column a2 = new Column(b.name(), type, a.charset(), a.collation(), b.charsetExplicit(), a.nullable(),
        b.defaultValue(), a.onUpdate(), a.autoIncrement(), a.comment(), a.generated(), a.stored(), b.invisible(),
        a.srid(), b.references());
    if (!a2.equals(b)) {
      return false;
    }
    return b.defaultValue() == null || !b.defaultValue().startsWith("(");
  }

  /** The bytes an ENUM or SET value takes. */
  private static int storage(ColumnType t) {
    int n = t.values().size();
    return t.name().equals("enum") ? (n <= 255 ? 1 : 2) : (n + 7) / 8 == 3 ? 4 : Math.min(8, (n + 7) / 8);
  }

  /** Whether a column's new type may lose values of the old one. */
  static boolean narrows(Column a, Column b) {
    ColumnType x = a.type();
    ColumnType y = b.type();
    if (x.equals(y) && Objects.equals(a.charset(), b.charset())) {
      return false;
    }
    if (x.isInteger() && y.isInteger() && x.unsigned() == y.unsigned()) {
      return ColumnType.INTEGERS.indexOf(y.name()) < ColumnType.INTEGERS.indexOf(x.name());
    }
    if ((x.name().equals("varchar") || x.name().equals("char")) && y.name().equals("varchar")
        && Objects.equals(a.charset(), b.charset())) {
      return y.length() < x.length();
    }
    if ((x.name().equals("enum") || x.name().equals("set")) && x.name().equals(y.name())) {
      return !y.values().subList(0, Math.min(y.values().size(), x.values().size())).equals(x.values())
          || y.values().size() < x.values().size();
    }
    if (x.name().equals("decimal") && y.name().equals("decimal") && x.unsigned() == y.unsigned()) {
      return y.scale() < x.scale() || y.length() - y.scale() < x.length() - x.scale();
    }
    return true;
  }

  /** The longest subsequence of {@code toOrder} that is in {@code fromOrder}'s order. */
  private static Set<String> longestInOrder(List<String> toOrder, List<String> fromOrder) {
    int n = toOrder.size();
    int[] rank = new int[n];
    for (int i = 0; i < n; i++) {
      rank[i] = fromOrder.indexOf(toOrder.get(i));
    }
    int[] len = new int[n];
    int[] prev = new int[n];
    int best = -1;
    for (int i = 0; i < n; i++) {
      len[i] = 1;
      prev[i] = -1;
      for (int j = 0; j < i; j++) {
        if (rank[j] < rank[i] && len[j] + 1 > len[i]) {
          len[i] = len[j] + 1;
          prev[i] = j;
        }
      }
      if (best < 0 || len[i] > len[best]) {
        best = i;
      }
    }
    Set<String> out = new HashSet<>();
    for (int i = best; i >= 0; i = prev[i]) {
      out.add(toOrder.get(i));
    }
    return out;
  }
}
