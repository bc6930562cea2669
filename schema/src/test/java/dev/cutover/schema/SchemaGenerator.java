package dev.cutover.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded schemas and DDL for the real-MySQL harness: tables with every column type this module
 * models, defaults (some invalid on purpose), charsets and collations, keys, foreign keys, checks,
 * generated and invisible columns; then ALTER statements of several clauses (some MySQL refuses).
 * {@code size} bounds how much one case holds, so a failing case can be shrunk by generating the
 * same seed smaller.
 */
final class SchemaGenerator {

  /** A generated case: the CREATE statements, then the DDL to apply, then another branch's DDL. */
  record Case(long seed, int size, List<String> creates, List<String> alters, List<String> otherAlters) {
    String describe() {
      return "seed " + seed + ", size " + size + "\n-- creates\n" + String.join(";\n", creates) + ";\n-- alters\n"
          + String.join(";\n", alters) + ";\n-- other branch\n" + String.join(";\n", otherAlters) + ";";
    }
  }

  private final Random r;
  private final int size;

  /** A column the generator knows: its name and the family of its type. */
  private record Col(String name, String family, boolean notNull, int length) {}

  private final List<String> tableNames = new ArrayList<>();
  private final java.util.Map<String, List<Col>> columns = new java.util.HashMap<>();
  private int counter;

  private SchemaGenerator(long seed, int size) {
    this.r = new Random(seed);
    this.size = size;
  }

  static Case generate(long seed, int size) {
    SchemaGenerator g = new SchemaGenerator(seed, size);
    List<String> creates = new ArrayList<>();
    int tables = 1 + g.r.nextInt(Math.max(1, Math.min(3, size)));
    for (int i = 0; i < tables; i++) {
      creates.add(g.createTable("t" + i, i > 0 && g.r.nextInt(3) == 0 ? "t0" : null));
    }
    List<String> alters = g.alters();
    List<String> other = g.alters();
    return new Case(seed, size, creates, alters, other);
  }

  private boolean chance(int percent) {
    return r.nextInt(100) < percent;
  }

  private <T> T pick(List<T> items) {
    return items.get(r.nextInt(items.size()));
  }

  private static final List<String> CHARSETS = List.of("", "", "", " CHARACTER SET latin1",
      " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", " COLLATE utf8mb4_general_ci", " CHARSET ascii",
      " COLLATE latin1_bin", " CHARACTER SET utf8mb3", " COLLATE utf8mb4_unicode_ci");

  private static final List<String> TABLE_OPTIONS = List.of("", "", "", " DEFAULT CHARSET=latin1",
      " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci", " COLLATE utf8mb4_bin",
      " COMMENT 'the table''s comment'", " ROW_FORMAT=DYNAMIC", " CHARSET=utf8mb4 COLLATE utf8mb4_general_ci",
      " DEFAULT CHARACTER SET latin1 COLLATE latin1_general_ci", " ROW_FORMAT=COMPRESSED KEY_BLOCK_SIZE=8");

  /** One column definition; records the column. */
  private String column(String table, String name, boolean forAlter) {
    List<Col> cols = columns.get(table);
    int kind = r.nextInt(20);
    StringBuilder b = new StringBuilder("`" + name + "` ");
    String family;
    int length = 0;
    boolean blobby = false;
    String def = null;
    boolean temporal = false;
    int fsp = 0;
    switch (kind) {
      case 0, 1, 2 -> {
        family = "int";
        String t = pick(List.of("int", "INT(11)", "tinyint", "smallint", "mediumint", "bigint", "INTEGER", "int"));
        b.append(t);
        if (chance(25)) {
          b.append(" unsigned");
          family = "uint";
        }
        if (chance(5)) {
          b.append(" zerofill");
          family = "uint";
        }
        def = pick(List.of("0", "'7'", "-3", "100", "TRUE", "'x'", "NULL", "(1 + 2)", "300"));
      }
      case 3 -> {
        family = "bool";
        b.append(pick(List.of("bool", "boolean", "tinyint(1)")));
        def = pick(List.of("0", "1", "TRUE", "FALSE"));
      }
      case 4 -> {
        family = "num";
        b.append(pick(List.of("decimal(10,2)", "DECIMAL", "numeric(5,1)", "float", "double", "float(7,3)", "real",
            "DOUBLE PRECISION", "decimal(4)")));
        def = pick(List.of("0", "1.5", "'2.25'", "-7", "12345678901"));
      }
      case 5 -> {
        family = "bit";
        int m = 1 + r.nextInt(16);
        b.append(pick(List.of("bit", "bit(" + m + ")")));
        def = pick(List.of("b'1'", "0", "b'101'", "1", "b'0'"));
      }
      case 6, 7, 8 -> {
        family = "str";
        length = 1 + r.nextInt(60);
        b.append(pick(List.of("varchar(" + length + ")", "char(" + Math.min(length, 30) + ")", "VARCHAR(" + length
            + ")")));
        if (b.toString().contains("char(") && !b.toString().contains("varchar")) {
          length = Math.min(length, 30);
        }
        b.append(pick(CHARSETS));
        if (chance(10)) {
          b.append(" BINARY");
        }
        def = pick(List.of("''", "'abc'", "'it''s'", "\"dq\"", "'a\\\\b'", "'toolongforthecolumnsurely!"
            + "toolongforthecolumnsurely!toolongforthecolumnsurely!toolong'", "NULL"));
      }
      case 9 -> {
        family = "bin";
        length = 1 + r.nextInt(20);
        b.append(pick(List.of("binary(" + length + ")", "varbinary(" + length + ")")));
        def = pick(List.of("'ab'", "''"));
      }
      case 10 -> {
        family = "text";
        blobby = true;
        b.append(pick(List.of("text", "tinytext", "mediumtext", "longtext", "TEXT(100)", "text(70000)")));
        b.append(pick(CHARSETS));
        def = pick(List.of("'x'", "('expr')", "NULL"));
      }
      case 11 -> {
        family = "blob";
        blobby = true;
        b.append(pick(List.of("blob", "tinyblob", "mediumblob", "longblob", "blob(300)")));
        def = pick(List.of("'x'", "NULL"));
      }
      case 12 -> {
        family = "enum";
        b.append(pick(List.of("enum('a','b','c')", "ENUM('x','y')", "set('a','b','c')", "SET('red','green')")));
        b.append(pick(CHARSETS));
        def = pick(List.of("'a'", "'b'", "'x'", "'red,green'", "'c,a'", "''", "'zz'", "1"));
      }
      case 13, 14 -> {
        temporal = true;
        fsp = chance(30) ? r.nextInt(7) : 0;
        String t = pick(List.of("datetime", "timestamp", "date", "time", "year"));
        family = t;
        b.append(t);
        if ((t.equals("datetime") || t.equals("timestamp") || t.equals("time")) && fsp > 0) {
          b.append('(').append(fsp).append(')');
        } else {
          fsp = 0;
        }
        if (t.equals("year") && chance(30)) {
          b.append("(4)");
        }
        def = switch (t) {
          case "datetime", "timestamp" -> pick(List.of("'2020-01-02 03:04:05'", "'2021-02-03'",
              "CURRENT_TIMESTAMP" + (fsp > 0 ? "(" + fsp + ")" : ""), "now(" + (fsp > 0 ? fsp : "") + ")",
              "'1960-01-01 00:00:00'", "'2020-13-01 00:00:00'", "CURRENT_TIMESTAMP(2)"));
          case "date" -> pick(List.of("'2020-01-02'", "'2020-02-30'", "'1999-12-31'"));
          case "time" -> pick(List.of("'10:00'", "'12:34:56'", "'25:00:00'"));
          default -> pick(List.of("2020", "'1999'", "1800"));
        };
      }
      case 15 -> {
        family = "json";
        blobby = true;
        b.append("json");
        def = pick(List.of("('[]')", "NULL", "'{}'"));
      }
      case 16 -> {
        family = "geo";
        blobby = true;
        b.append(pick(List.of("geometry", "point", "linestring", "polygon", "multipoint", "multilinestring",
            "multipolygon", "geometrycollection", "geomcollection")));
        def = null;
      }
      default -> {
        family = "int";
        b.append("int");
        def = pick(List.of("5", "NULL"));
      }
    }
    boolean notNull = false;
    int n = r.nextInt(10);
    if (n < 3) {
      b.append(" NOT NULL");
      notNull = true;
    } else if (n < 5 && !family.equals("geo")) {
      b.append(" NULL");
    }
    boolean generated = false;
    if (family.equals("int") && chance(15) && cols != null) {
      List<Col> ints = cols.stream().filter(c -> c.family().equals("int")).toList();
      if (!ints.isEmpty()) {
        Col src = pick(ints);
        String e = pick(List.of("`" + src.name() + "` + 1", "`" + src.name() + "` * 2 - 3", "abs(`" + src.name()
            + "`)", "`" + src.name() + "` DIV 2", "coalesce(`" + src.name() + "`, 0)"));
        b.append(pick(List.of(" GENERATED ALWAYS AS (", " AS ("))).append(e).append(')')
            .append(pick(List.of("", " VIRTUAL", " STORED")));
        generated = true;
      }
    }
    if (!generated && def != null && chance(forAlter ? 50 : 45)) {
      b.append(" DEFAULT ").append(def);
    }
    if (!generated && temporal && (family.equals("datetime") || family.equals("timestamp")) && chance(30)) {
      b.append(" ON UPDATE CURRENT_TIMESTAMP").append(fsp > 0 ? "(" + fsp + ")" : "");
    }
    if (family.equals("geo") && chance(40)) {
      b.append(" SRID ").append(pick(List.of("0", "4326")));
    }
    if (chance(15)) {
      b.append(" COMMENT '").append(pick(List.of("a comment", "it''s", "with \\n newline", ""))).append("'");
    }
    if (chance(10)) {
      b.append(pick(List.of(" INVISIBLE", " VISIBLE")));
    }
    if ((family.equals("int") || family.equals("uint")) && !generated && chance(8)) {
      b.append(" CHECK (`").append(name).append("` ").append(pick(List.of("> 0", ">= 5", "<> 3"))).append(')');
    }
    if (!blobby || true) {
      if (cols != null) {
        cols.add(new Col(name, family, notNull, length));
      }
    }
    return b.toString();
  }

  private String createTable(String name, String parent) {
    tableNames.add(name);
    columns.put(name, new ArrayList<>());
    List<String> parts = new ArrayList<>();
    boolean auto = chance(40);
    parts.add("`id` " + (auto ? "int NOT NULL AUTO_INCREMENT" : pick(List.of("int", "int NOT NULL", "INT"))));
    columns.get(name).add(new Col("id", "int", true, 0));
    int n = 1 + r.nextInt(Math.max(1, Math.min(size, 8)));
    for (int i = 1; i <= n; i++) {
      parts.add(column(name, "c" + i, false));
    }
    if (parent != null) {
      parts.add("`pid` int" + (chance(30) ? " NOT NULL" : ""));
      columns.get(name).add(new Col("pid", "int", false, 0));
    }
    if (auto || chance(80)) {
      parts.add(pick(List.of("PRIMARY KEY (`id`)", "primary key (id)", "CONSTRAINT pk PRIMARY KEY (`id`) USING BTREE")));
    }
    int keys = r.nextInt(Math.max(1, Math.min(size, 4)));
    for (int i = 0; i < keys; i++) {
      String k = key(name);
      if (k != null) {
        parts.add(k);
      }
    }
    if (parent != null) {
      parts.add((chance(50) ? "CONSTRAINT `" + name + "_fk` " : "") + "FOREIGN KEY (`pid`) REFERENCES `" + parent
          + "` (`id`)" + pick(List.of("", " ON DELETE CASCADE", " ON DELETE SET NULL", " ON UPDATE RESTRICT",
          " ON DELETE NO ACTION ON UPDATE CASCADE")));
    }
    if (chance(30)) {
      List<Col> nums = columns.get(name).stream().filter(c -> c.family().equals("int") && !c.name().equals("id"))
          .toList();
      if (!nums.isEmpty()) {
        Col c = pick(nums);
        parts.add((chance(50) ? "CONSTRAINT `" + name + "_positive` " : "") + "CHECK (" + checkExpr(c.name()) + ")"
            + pick(List.of("", " NOT ENFORCED", " ENFORCED")));
      }
    }
    return "CREATE TABLE `" + name + "` (\n  " + String.join(",\n  ", parts) + "\n)" + pick(TABLE_OPTIONS);
  }

  private String checkExpr(String c) {
    return pick(List.of("`" + c + "` > 0", "`" + c + "` between 1 and 10", "`" + c + "` in (1, 2, 3)",
        "`" + c + "` > 0 and `" + c + "` < 100", "`" + c + "` is not null or `" + c + "` = 0", c + " <> 1",
        "`" + c + "` * 2 >= 4 or `" + c + "` is null"));
  }

  private String key(String table) {
    List<Col> cols = columns.get(table);
    Col c = pick(cols);
    String name = chance(50) ? "`k" + (counter++) + "` " : "";
    switch (c.family()) {
      case "str" -> {
        int kind = r.nextInt(4);
        if (kind == 0) {
          return "FULLTEXT " + pick(List.of("KEY ", "INDEX ", "")) + name + "(`" + c.name() + "`)";
        }
        String part = "`" + c.name() + "`" + (chance(40) ? "(" + (1 + r.nextInt(Math.max(1, c.length()))) + ")" : "");
        return pick(List.of("KEY ", "INDEX ", "UNIQUE KEY ", "UNIQUE ")) + name + "(" + part
            + (chance(20) ? " DESC" : "") + ")" + (chance(15) ? " COMMENT 'k'" : "") + (chance(10) ? " INVISIBLE" : "");
      }
      case "text", "blob" -> {
        if (c.family().equals("text") && chance(50)) {
          return "FULLTEXT " + name + "(`" + c.name() + "`)";
        }
        return "KEY " + name + "(`" + c.name() + "`(" + (1 + r.nextInt(20)) + "))";
      }
      case "geo" -> {
        return "SPATIAL KEY " + name + "(`" + c.name() + "`)";
      }
      case "json" -> {
        return "KEY " + name + "(`" + c.name() + "`)";
      }
      default -> {
        if (chance(20)) {
          return "KEY " + name + "((`" + c.name() + "` + 1))";
        }
        List<String> more = new ArrayList<>();
        more.add("`" + c.name() + "`" + (chance(15) ? " DESC" : ""));
        if (chance(30)) {
          Col d = pick(cols);
          if (!d.name().equals(c.name()) && !d.family().equals("text") && !d.family().equals("blob")
              && !d.family().equals("json") && !d.family().equals("geo")) {
            more.add("`" + d.name() + "`");
          }
        }
        return pick(List.of("KEY ", "UNIQUE KEY ", "INDEX ", "KEY ")) + name + "(" + String.join(", ", more) + ")"
            + (chance(10) ? " USING BTREE" : "") + (chance(10) ? " INVISIBLE" : "");
      }
    }
  }

  private List<String> alters() {
    List<String> out = new ArrayList<>();
    int n = 1 + r.nextInt(Math.max(1, Math.min(size, 4)));
    for (int i = 0; i < n; i++) {
      String table = pick(tableNames);
      List<Col> cols = columns.get(table);
      int kind = r.nextInt(12);
      if (kind == 0 && size > 2) {
        String t = "n" + (counter++);
        String s = createTable(t, chance(30) ? pick(tableNames) : null);
        out.add(s);
        continue;
      }
      if (kind == 1 && size > 3 && tableNames.size() > 1 && chance(40)) {
        out.add("DROP TABLE `" + pick(tableNames) + "`");
        continue;
      }
      if (kind == 2 && chance(30)) {
        out.add(pick(List.of("CREATE INDEX `ci" + (counter++) + "` ON `" + table + "` (`" + pick(cols).name() + "`)",
            "DROP INDEX `" + pick(List.of("k0", "k1", "c1", "PRIMARY", "id")) + "` ON `" + table + "`")));
        continue;
      }
      int clauses = 1 + r.nextInt(Math.max(1, Math.min(size, 4)));
      List<String> cs = new ArrayList<>();
      for (int j = 0; j < clauses; j++) {
        Col c = pick(cols);
        int k = r.nextInt(14);
        switch (k) {
          case 0, 1 -> {
            String name = "a" + (counter++);
            cs.add("ADD COLUMN " + column(table, name, true)
                + pick(List.of("", "", " FIRST", " AFTER `" + c.name() + "`", " AFTER `nosuch`")));
          }
          case 2, 3 -> cs.add("DROP COLUMN `" + c.name() + "`");
          case 4, 5 -> cs.add("MODIFY COLUMN " + column(table, c.name(), true)
              + pick(List.of("", "", " FIRST", " AFTER `" + pick(cols).name() + "`")));
          case 6 -> {
            String k2 = key(table);
            if (k2 != null) {
              cs.add("ADD " + k2);
            }
          }
          case 7 -> cs.add("DROP INDEX `" + pick(List.of("k0", "k1", "k2", "c1", "c2", "id")) + "`");
          case 8 -> cs.add(pick(List.of("ALTER COLUMN `" + c.name() + "` SET DEFAULT 1",
              "ALTER COLUMN `" + c.name() + "` DROP DEFAULT", "ALTER COLUMN `" + c.name() + "` SET INVISIBLE",
              "ALTER COLUMN `" + c.name() + "` SET VISIBLE")));
          case 9 -> cs.add(pick(List.of("COMMENT 'changed'", "DEFAULT CHARSET latin1", "ROW_FORMAT=DYNAMIC",
              "COLLATE utf8mb4_general_ci")));
          case 10 -> {
            // Integer columns only: MySQL folds a number compared with a temporal column into a
            // temporal literal, depending on the statement (docs/schema.md, not covered).
            List<Col> ints = cols.stream().filter(x -> x.family().equals("int") || x.family().equals("uint")).toList();
            cs.add("ADD CHECK (" + checkExpr(ints.isEmpty() ? c.name() : pick(ints).name()) + ")");
          }
          case 11 -> cs.add(pick(List.of("DROP PRIMARY KEY", "ADD PRIMARY KEY (`" + c.name() + "`)",
              "DROP CHECK `" + table + "_chk_1`", "DROP FOREIGN KEY `" + table + "_ibfk_1`",
              "RENAME INDEX `k0` TO `k0r`", "ALTER INDEX `k1` INVISIBLE")));
          case 12 -> {
            if (tableNames.size() > 1) {
              String p = pick(tableNames);
              cs.add("ADD " + (chance(40) ? "CONSTRAINT `fk" + (counter++) + "` " : "") + "FOREIGN KEY (`"
                  + c.name() + "`) REFERENCES `" + p + "` (`id`)");
            }
          }
          default -> {
            String name = "a" + (counter++);
            cs.add("ADD " + column(table, name, true));
          }
        }
      }
      if (!cs.isEmpty()) {
        out.add("ALTER TABLE `" + table + "` " + String.join(", ", cs));
      }
    }
    return out;
  }
}
