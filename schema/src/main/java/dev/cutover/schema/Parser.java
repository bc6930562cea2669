package dev.cutover.schema;

import dev.cutover.core.Statements;
import dev.cutover.schema.Ddl.*;
import dev.cutover.schema.Tokens.Tok;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the DDL statements this module models from the tokens of {@link Tokens}. A statement it
 * does not read is an error naming the statement's number, the line and column and the token.
 */
final class Parser {

  private final String text;
  private final Tokens.Stmt stmt;
  private final List<Tok> toks;
  private int pos;

  private Parser(String text, Tokens.Stmt stmt) {
    this.text = text;
    this.stmt = stmt;
    this.toks = stmt.tokens();
  }

  /** A parsed statement with its number and place. */
  record Parsed(Ddl ddl, int number, int line, int column, String text) {}

  /** The statements of {@code sql}, parsed. */
  static List<Parsed> parse(String sql) {
    List<Parsed> out = new ArrayList<>();
    for (Tokens.Stmt s : Tokens.statements(sql)) {
      Parser p = new Parser(sql, s);
      Ddl d = p.statement();
      out.add(new Parsed(d, s.number(), Tokens.line(sql, s.offset()), Tokens.column(sql, s.offset()), s.text()));
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Cursor

  private SchemaException error(String reason) {
    Tok t = pos < toks.size() ? toks.get(pos) : null;
    int at = t != null ? t.offset() : toks.get(toks.size() - 1).offset() + toks.get(toks.size() - 1).text().length();
    return new SchemaException(stmt.number(), Tokens.line(text, at), Tokens.column(text, at),
        t == null ? "end of statement" : t.kind() == Statements.Kind.QUOTED_NAME ? "`" + t.text() + "`" : t.text(),
        reason);
  }

  /** MySQL's own syntax error: the grammar of MySQL 8.0 refuses this too. */
  private SchemaException refused1064() {
    SchemaException e = error("MySQL's grammar refuses this here");
    return new SchemaException(e.statement(), e.line(), e.column(), e.token(), e.reason(), 1064);
  }

  private Tok peek() {
    return pos < toks.size() ? toks.get(pos) : null;
  }

  private Tok peek(int ahead) {
    return pos + ahead < toks.size() ? toks.get(pos + ahead) : null;
  }

  private boolean at(String word) {
    Tok t = peek();
    return t != null && t.isWord(word);
  }

  private boolean at(String word, String next) {
    Tok t = peek(1);
    return at(word) && t != null && t.isWord(next);
  }

  private boolean atPunct(char c) {
    Tok t = peek();
    return t != null && t.isPunct(c);
  }

  private boolean accept(String word) {
    if (at(word)) {
      pos++;
      return true;
    }
    return false;
  }

  private boolean acceptPunct(char c) {
    if (atPunct(c)) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(String word) {
    if (!accept(word)) {
      throw error("expected " + word);
    }
  }

  private void expectPunct(char c) {
    if (!acceptPunct(c)) {
      throw error("expected '" + c + "'");
    }
  }

  private boolean atEnd() {
    return pos >= toks.size();
  }

  private void expectEnd() {
    if (!atEnd()) {
      throw error("unexpected text after the statement");
    }
  }

  /** Words that cannot be an unquoted name where this parser reads one. */
  private static final Set<String> RESERVED = Set.of("ADD", "ALTER", "AND", "AS", "ASC", "BETWEEN", "BY", "CHECK",
      "COLLATE", "COLUMN", "CONSTRAINT", "CREATE", "DEFAULT", "DELETE", "DESC", "DROP", "FOREIGN", "FROM", "FULLTEXT",
      "IN", "INDEX", "IS", "KEY", "LIKE", "NOT", "NULL", "ON", "OR", "PRIMARY", "REFERENCES", "SELECT", "SPATIAL",
      "TABLE", "TO", "UNIQUE", "UPDATE", "USING", "WHERE", "XOR", "GENERATED", "VIRTUAL", "STORED", "PARTITION",
      "CHARACTER", "CHARSET");

  private boolean atName() {
    Tok t = peek();
    return t != null && (t.kind() == Statements.Kind.QUOTED_NAME
        || (t.kind() == Statements.Kind.WORD && !RESERVED.contains(t.upper())));
  }

  private String name(String what) {
    Tok t = peek();
    if (t == null || !(t.kind() == Statements.Kind.QUOTED_NAME
        || (t.kind() == Statements.Kind.WORD && !RESERVED.contains(t.upper())))) {
      throw error("expected " + what);
    }
    pos++;
    return t.text();
  }

  /** A table's name; a qualified name ({@code db.t}) is refused: a schema is one database. */
  private String tableName() {
    String n = name("a table name");
    if (atPunct('.')) {
      throw error("a qualified table name is not modelled (a schema is one database)");
    }
    return n;
  }

  private int integer(String what) {
    Tok t = peek();
    if (t == null || t.kind() != Statements.Kind.NUMBER) {
      throw error("expected " + what);
    }
    pos++;
    try {
      return Integer.parseInt(t.text());
    } catch (NumberFormatException e) {
      pos--;
      throw error(what + " out of range");
    }
  }

  private String string(String what) {
    Tok t = peek();
    if (t == null || t.kind() != Statements.Kind.STRING) {
      throw error("expected " + what + " (a string)");
    }
    pos++;
    return unquote(t.text());
  }

  /** A string literal's value: quotes off, escapes and doubled quotes read as MySQL reads them. */
  static String unquote(String literal) {
    char q = literal.charAt(0);
    StringBuilder v = new StringBuilder(literal.length());
    for (int i = 1; i < literal.length() - 1; i++) {
      char c = literal.charAt(i);
      if (c == '\\' && i + 1 < literal.length() - 1) {
        char e = literal.charAt(++i);
        switch (e) {
          case '0' -> v.append('\0');
          case 'b' -> v.append('\b');
          case 'n' -> v.append('\n');
          case 'r' -> v.append('\r');
          case 't' -> v.append('\t');
          case 'Z' -> v.append('\u001a');
          case '%', '_' -> v.append('\\').append(e);
          default -> v.append(e);
        }
      } else if (c == q) {
        v.append(q);
        i++;
      } else {
        v.append(c);
      }
    }
    return v.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Statements

  private Ddl statement() {
    if (accept("CREATE")) {
      boolean orReplace = false;
      if (accept("OR")) {
        expect("REPLACE");
        orReplace = true;
      }
      if (at("TEMPORARY")) {
        throw error("CREATE TEMPORARY TABLE is not modelled");
      }
      if (accept("TABLE")) {
        return createTable();
      }
      if (at("UNIQUE") || at("FULLTEXT") || at("SPATIAL") || at("INDEX")) {
        return createIndex();
      }
      while (at("ALGORITHM") || at("DEFINER") || at("SQL")) {
        skipViewOption();
      }
      if (accept("VIEW")) {
        return createView(orReplace);
      }
      throw error("expected TABLE, VIEW or INDEX after CREATE");
    }
    if (accept("ALTER")) {
      expect("TABLE");
      return alterTable();
    }
    if (accept("DROP")) {
      if (at("TEMPORARY")) {
        throw error("DROP TEMPORARY TABLE is not modelled");
      }
      if (accept("TABLE") || accept("TABLES")) {
        boolean ifExists = ifExists();
        List<String> names = names();
        accept("RESTRICT");
        accept("CASCADE");
        expectEnd();
        return new DropTable(names, ifExists);
      }
      if (accept("VIEW")) {
        boolean ifExists = ifExists();
        List<String> names = names();
        expectEnd();
        return new DropView(names, ifExists);
      }
      if (accept("INDEX")) {
        String index = name("an index name");
        expect("ON");
        String table = tableName();
        while (at("ALGORITHM") || at("LOCK")) {
          pos++;
          acceptPunct('=');
          pos++;
        }
        expectEnd();
        return new DropIndex(table, index);
      }
      throw error("expected TABLE, VIEW or INDEX after DROP");
    }
    if (accept("RENAME")) {
      if (!accept("TABLE")) {
        expect("TABLES");
      }
      List<String> from = new ArrayList<>();
      List<String> to = new ArrayList<>();
      do {
        from.add(tableName());
        expect("TO");
        to.add(tableName());
      } while (acceptPunct(','));
      expectEnd();
      return new RenameTable(from, to);
    }
    throw error("not a statement this module reads (CREATE TABLE, CREATE VIEW, CREATE INDEX, ALTER TABLE, "
        + "DROP TABLE, DROP VIEW, DROP INDEX, RENAME TABLE)");
  }

  private boolean ifExists() {
    if (accept("IF")) {
      expect("EXISTS");
      return true;
    }
    return false;
  }

  private List<String> names() {
    List<String> names = new ArrayList<>();
    do {
      names.add(tableName());
    } while (acceptPunct(','));
    return names;
  }

  private void skipViewOption() {
    if (accept("ALGORITHM")) {
      expectPunct('=');
      name("a view algorithm");
    } else if (accept("DEFINER")) {
      expectPunct('=');
      while (!atEnd() && !at("VIEW") && !at("SQL")) {
        pos++;
      }
    } else {
      expect("SQL");
      expect("SECURITY");
      name("DEFINER or INVOKER");
    }
  }

  private Ddl createView(boolean orReplace) {
    String name = tableName();
    if (atPunct('(')) {
      throw error("a view's column list is not modelled");
    }
    expect("AS");
    if (atEnd()) {
      throw error("expected the view's SELECT");
    }
    StringBuilder b = new StringBuilder();
    for (int i = pos; i < toks.size(); i++) {
      Tok t = toks.get(i);
      if (b.length() > 0) {
        b.append(' ');
      }
      switch (t.kind()) {
        case WORD, NUMBER -> b.append(t.text().toLowerCase(Locale.ROOT));
        case QUOTED_NAME -> b.append(Printer.name(t.text()));
        default -> b.append(t.text());
      }
    }
    pos = toks.size();
    return new CreateView(name, orReplace, b.toString());
  }

  private Ddl createIndex() {
    Index.Kind kind = accept("UNIQUE") ? Index.Kind.UNIQUE : accept("FULLTEXT") ? Index.Kind.FULLTEXT
        : accept("SPATIAL") ? Index.Kind.SPATIAL : Index.Kind.INDEX;
    expect("INDEX");
    String name = name("an index name");
    String using = null;
    if (accept("USING")) {
      using = name("BTREE or HASH").toUpperCase(Locale.ROOT);
    }
    expect("ON");
    String table = tableName();
    IndexDef def = indexRest(kind, name, using);
    while (at("ALGORITHM") || at("LOCK")) {
      pos++;
      acceptPunct('=');
      pos++;
    }
    expectEnd();
    return new CreateIndex(table, def);
  }

  private Ddl createTable() {
    boolean ifNotExists = false;
    if (accept("IF")) {
      expect("NOT");
      expect("EXISTS");
      ifNotExists = true;
    }
    String name = tableName();
    if (at("LIKE")) {
      throw error("CREATE TABLE ... LIKE is not modelled");
    }
    expectPunct('(');
    List<Object> elements = new ArrayList<>();
    do {
      elements.add(tableElement());
    } while (acceptPunct(','));
    expectPunct(')');
    Options options = options(false);
    String partitioning = null;
    if (at("PARTITION")) {
      partitioning = rest();
    }
    if (at("AS") || at("SELECT") || at("IGNORE") || at("REPLACE")) {
      throw error("CREATE TABLE ... SELECT is not modelled");
    }
    expectEnd();
    return new CreateTable(name, ifNotExists, elements, options, partitioning);
  }

  /** The rest of the statement in a normalized token form (words upper case, names in backticks). */
  private String rest() {
    StringBuilder b = new StringBuilder();
    for (; pos < toks.size(); pos++) {
      Tok t = toks.get(pos);
      if (b.length() > 0) {
        b.append(' ');
      }
      switch (t.kind()) {
        case WORD -> b.append(t.upper());
        case QUOTED_NAME -> b.append(Printer.name(t.text()));
        default -> b.append(t.text());
      }
    }
    return b.toString();
  }

  private Object tableElement() {
    String constraint = null;
    if (accept("CONSTRAINT")) {
      if (atName()) {
        constraint = name("a constraint name");
      }
      if (!at("PRIMARY") && !at("UNIQUE") && !at("FOREIGN") && !at("CHECK")) {
        throw error("expected PRIMARY KEY, UNIQUE, FOREIGN KEY or CHECK after CONSTRAINT");
      }
    }
    if (at("PRIMARY") || at("UNIQUE") || at("INDEX") || at("KEY") || at("FULLTEXT") || at("SPATIAL")) {
      return indexDef(constraint);
    }
    if (at("FOREIGN")) {
      return foreignKey(constraint);
    }
    if (at("CHECK")) {
      return check(constraint);
    }
    return columnDef(name("a column name"));
  }

  // ---------------------------------------------------------------------------------------------
  // Indexes, foreign keys, checks

  private IndexDef indexDef(String constraint) {
    Index.Kind kind;
    String name = null;
    if (accept("PRIMARY")) {
      expect("KEY");
      kind = Index.Kind.PRIMARY;
    } else if (accept("UNIQUE")) {
      if (!accept("INDEX")) {
        accept("KEY");
      }
      kind = Index.Kind.UNIQUE;
    } else if (accept("FULLTEXT") || accept("SPATIAL")) {
      kind = toks.get(pos - 1).isWord("FULLTEXT") ? Index.Kind.FULLTEXT : Index.Kind.SPATIAL;
      if (!accept("INDEX")) {
        accept("KEY");
      }
    } else {
      pos++; // INDEX or KEY
      kind = Index.Kind.INDEX;
    }
    if (kind != Index.Kind.PRIMARY && atName() && !at("USING")) {
      name = name("an index name");
    }
    if (name == null && kind == Index.Kind.UNIQUE) {
      name = constraint;
    }
    String using = null;
    if (accept("USING")) {
      using = usingValue();
    }
    return indexRest(kind, name, using);
  }

  private String usingValue() {
    String u = name("BTREE or HASH").toUpperCase(Locale.ROOT);
    if (!u.equals("BTREE") && !u.equals("HASH")) {
      pos--;
      throw error("expected BTREE or HASH");
    }
    return u;
  }

  private IndexDef indexRest(Index.Kind kind, String name, String using) {
    expectPunct('(');
    List<PartDef> parts = new ArrayList<>();
    do {
      if (atPunct('(')) {
        pos++;
        Expr e = expr();
        expectPunct(')');
        boolean desc = accept("DESC");
        if (!desc) {
          accept("ASC");
        }
        parts.add(new PartDef(null, e, null, desc));
      } else {
        String column = name("a column name");
        Integer length = null;
        if (acceptPunct('(')) {
          length = integer("a prefix length");
          expectPunct(')');
        }
        boolean desc = accept("DESC");
        if (!desc) {
          accept("ASC");
        }
        parts.add(new PartDef(column, null, length, desc));
      }
    } while (acceptPunct(','));
    expectPunct(')');
    String comment = "";
    boolean visible = true;
    while (true) {
      if (accept("USING")) {
        using = usingValue();
      } else if (accept("COMMENT")) {
        comment = string("a comment");
      } else if (accept("VISIBLE")) {
        visible = true;
      } else if (accept("INVISIBLE")) {
        visible = false;
      } else if (at("KEY_BLOCK_SIZE") || at("WITH")) {
        throw error("this index option is not modelled");
      } else {
        break;
      }
    }
    return new IndexDef(kind, name, parts, using, comment, visible);
  }

  private ForeignKeyDef foreignKey(String constraint) {
    expect("FOREIGN");
    expect("KEY");
    String indexName = atName() ? name("an index name") : null;
    List<String> columns = columnList();
    expect("REFERENCES");
    String refTable = tableName();
    List<String> refColumns = columnList();
    if (at("MATCH")) {
      throw error("MATCH is not modelled");
    }
    String onDelete = null;
    String onUpdate = null;
    while (accept("ON")) {
      if (accept("DELETE")) {
        onDelete = action();
      } else {
        expect("UPDATE");
        onUpdate = action();
      }
    }
    return new ForeignKeyDef(constraint, indexName, columns, refTable, refColumns, onDelete, onUpdate);
  }

  private String action() {
    if (accept("RESTRICT")) {
      return "RESTRICT";
    }
    if (accept("CASCADE")) {
      return "CASCADE";
    }
    if (accept("SET")) {
      if (accept("NULL")) {
        return "SET NULL";
      }
      expect("DEFAULT");
      return "SET DEFAULT";
    }
    expect("NO");
    expect("ACTION");
    return "NO ACTION";
  }

  private List<String> columnList() {
    expectPunct('(');
    List<String> names = new ArrayList<>();
    do {
      names.add(name("a column name"));
    } while (acceptPunct(','));
    expectPunct(')');
    return names;
  }

  private CheckDef check(String constraint) {
    expect("CHECK");
    expectPunct('(');
    Expr e = expr();
    expectPunct(')');
    boolean enforced = true;
    if (accept("NOT")) {
      expect("ENFORCED");
      enforced = false;
    } else {
      accept("ENFORCED");
    }
    return new CheckDef(constraint, e, enforced);
  }

  // ---------------------------------------------------------------------------------------------
  // Columns

  private ColumnDef columnDef(String name) {
    Tok typeTok = peek();
    if (typeTok == null || typeTok.kind() != Statements.Kind.WORD) {
      throw error("expected a column type");
    }
    boolean serial = typeTok.isWord("SERIAL");
    ColumnType type = serial ? new ColumnType("bigint", null, null, 0, true, false, List.of()) : type();
    if (serial) {
      pos++;
    }
    String charset = null;
    String collation = null;
    boolean binary = false;
    Boolean nullable = serial ? Boolean.FALSE : null;
    DefaultDef def = null;
    Integer onUpdate = null;
    boolean autoIncrement = serial;
    String comment = "";
    Expr generated = null;
    boolean stored = false;
    boolean invisible = false;
    Integer srid = null;
    Index.Kind inlineKey = serial ? Index.Kind.UNIQUE : null;
    List<CheckDef> checks = new ArrayList<>();
    boolean sawAttribute = false;
    while (!atEnd() && !atPunct(',') && !atPunct(')')) {
      boolean attributeBefore = sawAttribute;
      sawAttribute = sawAttribute || !(at("COLLATE") || at("CHARACTER") || at("CHARSET") || at("BINARY"));
      if (accept("NOT")) {
        expect("NULL");
        nullable = false;
      } else if (accept("NULL")) {
        nullable = true;
      } else if (accept("DEFAULT")) {
        def = defaultValue();
      } else if (at("ON")) {
        pos++;
        expect("UPDATE");
        DefaultDef d = defaultValue();
        if (!(d instanceof Now n)) {
          throw error("ON UPDATE takes CURRENT_TIMESTAMP only");
        }
        onUpdate = n.fsp();
      } else if (accept("AUTO_INCREMENT")) {
        autoIncrement = true;
      } else if (accept("COMMENT")) {
        comment = string("a comment");
      } else if (accept("COLLATE")) {
        collation = name("a collation");
      } else if (at("CHARACTER") || at("CHARSET")) {
        if (accept("CHARACTER")) {
          expect("SET");
        } else {
          pos++;
        }
        charset = name("a character set");
      } else if (at("BINARY")) {
        if (attributeBefore || collation != null) {
          throw refused1064();
        }
        pos++;
        binary = true;
      } else if (accept("UNIQUE")) {
        accept("KEY");
        inlineKey = inlineKey == Index.Kind.PRIMARY ? inlineKey : Index.Kind.UNIQUE;
      } else if (accept("PRIMARY")) {
        expect("KEY");
        inlineKey = Index.Kind.PRIMARY;
      } else if (accept("KEY")) {
        inlineKey = Index.Kind.PRIMARY; // a column's KEY is its primary key
      } else if (at("CONSTRAINT") || at("CHECK")) {
        String cn = null;
        if (accept("CONSTRAINT")) {
          cn = atName() ? name("a constraint name") : null;
        }
        checks.add(check(cn));
      } else if (accept("REFERENCES")) {
        // MySQL 8.0 parses a column's REFERENCES and ignores it; so does this.
        tableName();
        columnList();
        while (accept("ON")) {
          if (!accept("DELETE")) {
            expect("UPDATE");
          }
          action();
        }
      } else if (at("GENERATED") || at("AS")) {
        if (attributeBefore) {
          throw refused1064();
        }
        if (accept("GENERATED")) {
          expect("ALWAYS");
        }
        expect("AS");
        expectPunct('(');
        generated = expr();
        expectPunct(')');
      } else if (accept("VIRTUAL")) {
        stored = false;
      } else if (accept("STORED")) {
        stored = true;
      } else if (accept("VISIBLE")) {
        invisible = false;
      } else if (accept("INVISIBLE")) {
        invisible = true;
      } else if (accept("SRID")) {
        srid = integer("an SRID");
      } else if (at("FIRST") || at("AFTER")) {
        break;
      } else {
        throw error("a column attribute this module does not model");
      }
    }
    return new ColumnDef(name, type, charset, collation, binary, nullable, def, onUpdate, autoIncrement, comment,
        generated, stored, invisible, srid, inlineKey, checks);
  }

  private Integer optionalLength() {
    if (acceptPunct('(')) {
      int n = integer("a length");
      expectPunct(')');
      return n;
    }
    return null;
  }

  private ColumnType type() {
    Tok t = peek();
    String w = t.upper();
    pos++;
    switch (w) {
      case "TINYINT", "INT1", "SMALLINT", "INT2", "MEDIUMINT", "INT3", "MIDDLEINT", "INT", "INTEGER", "INT4",
          "BIGINT", "INT8" -> {
        String name = switch (w) {
          case "TINYINT", "INT1" -> "tinyint";
          case "SMALLINT", "INT2" -> "smallint";
          case "MEDIUMINT", "INT3", "MIDDLEINT" -> "mediumint";
          case "BIGINT", "INT8" -> "bigint";
          default -> "int";
        };
        Integer width = optionalLength();
        boolean[] flags = numericFlags();
        Integer shown;
        if (flags[1]) {
          shown = width != null ? width : switch (name) {
            case "tinyint" -> 3;
            case "smallint" -> 5;
            case "mediumint" -> 8;
            case "bigint" -> 20;
            default -> 10;
          };
        } else {
          shown = name.equals("tinyint") && width != null && width == 1 && !flags[0] ? 1 : null;
        }
        return new ColumnType(name, shown, null, 0, flags[0], flags[1], List.of());
      }
      case "BOOL", "BOOLEAN" -> {
        return new ColumnType("tinyint", 1, null, 0, false, false, List.of());
      }
      case "DECIMAL", "DEC", "NUMERIC", "FIXED" -> {
        int m = 10;
        int d = 0;
        if (acceptPunct('(')) {
          m = integer("a precision");
          if (acceptPunct(',')) {
            d = integer("a scale");
          }
          expectPunct(')');
        }
        boolean[] flags = numericFlags();
        return new ColumnType("decimal", m, d, 0, flags[0], flags[1], List.of());
      }
      case "FLOAT", "DOUBLE", "REAL" -> {
        String name = w.equals("FLOAT") ? "float" : "double";
        if (w.equals("DOUBLE")) {
          accept("PRECISION");
        }
        Integer m = null;
        Integer d = null;
        if (acceptPunct('(')) {
          int p = integer("a precision");
          if (acceptPunct(',')) {
            m = p;
            d = integer("a scale");
          } else if (name.equals("float")) {
            name = p <= 24 ? "float" : "double";
          } else {
            throw error("DOUBLE takes (M,D)");
          }
          expectPunct(')');
        }
        boolean[] flags = numericFlags();
        return new ColumnType(name, m, d, 0, flags[0], flags[1], List.of());
      }
      case "BIT" -> {
        Integer m = optionalLength();
        return new ColumnType("bit", m == null ? 1 : m, null, 0, false, false, List.of());
      }
      case "CHAR", "CHARACTER" -> {
        if (accept("VARYING")) {
          return new ColumnType("varchar", requiredLength(), null, 0, false, false, List.of());
        }
        Integer m = optionalLength();
        return new ColumnType("char", m == null ? 1 : m, null, 0, false, false, List.of());
      }
      case "VARCHAR" -> {
        return new ColumnType("varchar", requiredLength(), null, 0, false, false, List.of());
      }
      case "BINARY" -> {
        Integer m = optionalLength();
        return new ColumnType("binary", m == null ? 1 : m, null, 0, false, false, List.of());
      }
      case "VARBINARY" -> {
        return new ColumnType("varbinary", requiredLength(), null, 0, false, false, List.of());
      }
      case "TINYTEXT", "TEXT", "MEDIUMTEXT", "LONGTEXT", "TINYBLOB", "BLOB", "MEDIUMBLOB", "LONGBLOB" -> {
        Integer m = (w.equals("TEXT") || w.equals("BLOB")) ? optionalLength() : null;
        return new ColumnType(w.toLowerCase(Locale.ROOT), m, null, 0, false, false, List.of());
      }
      case "ENUM", "SET" -> {
        expectPunct('(');
        List<String> values = new ArrayList<>();
        do {
          values.add(string("a member"));
        } while (acceptPunct(','));
        expectPunct(')');
        return new ColumnType(w.toLowerCase(Locale.ROOT), null, null, 0, false, false, values);
      }
      case "DATE", "JSON" -> {
        return new ColumnType(w.toLowerCase(Locale.ROOT), null, null, 0, false, false, List.of());
      }
      case "TIME", "DATETIME", "TIMESTAMP" -> {
        Integer fsp = optionalLength();
        if (fsp != null && fsp > 6) {
          pos -= 2;
          throw error("fractional seconds precision is 0 to 6");
        }
        return new ColumnType(w.toLowerCase(Locale.ROOT), null, null, fsp == null ? 0 : fsp, false, false, List.of());
      }
      case "YEAR" -> {
        Integer m = optionalLength();
        if (m != null && m != 4) {
          throw error("YEAR takes (4) only");
        }
        return new ColumnType("year", null, null, 0, false, false, List.of());
      }
      case "GEOMETRY", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON" -> {
        return new ColumnType(w.toLowerCase(Locale.ROOT), null, null, 0, false, false, List.of());
      }
      case "GEOMETRYCOLLECTION", "GEOMCOLLECTION" -> {
        return new ColumnType("geomcollection", null, null, 0, false, false, List.of());
      }
      default -> {
        pos--;
        throw error("a column type this module does not model");
      }
    }
  }

  private int requiredLength() {
    expectPunct('(');
    int n = integer("a length");
    expectPunct(')');
    return n;
  }

  /** UNSIGNED (or SIGNED) and ZEROFILL, in any order; ZEROFILL implies UNSIGNED. */
  private boolean[] numericFlags() {
    boolean unsigned = false;
    boolean zerofill = false;
    while (true) {
      if (accept("UNSIGNED")) {
        unsigned = true;
      } else if (accept("SIGNED")) {
        unsigned = unsigned || false;
      } else if (accept("ZEROFILL")) {
        zerofill = true;
        unsigned = true;
      } else {
        return new boolean[] {unsigned, zerofill};
      }
    }
  }

  private static final Set<String> NOW = Set.of("CURRENT_TIMESTAMP", "NOW", "LOCALTIME", "LOCALTIMESTAMP");

  private DefaultDef defaultValue() {
    Tok t = peek();
    if (t == null) {
      throw error("expected a default value");
    }
    if (t.isPunct('(')) {
      pos++;
      Expr e = expr();
      expectPunct(')');
      return new ExprDefault(e);
    }
    if (accept("NULL")) {
      return new NullDefault();
    }
    if (accept("TRUE")) {
      return new Literal(LiteralKind.BOOLEAN, "1");
    }
    if (accept("FALSE")) {
      return new Literal(LiteralKind.BOOLEAN, "0");
    }
    if (t.kind() == Statements.Kind.WORD && NOW.contains(t.upper())) {
      pos++;
      int fsp = 0;
      if (acceptPunct('(')) {
        if (!atPunct(')')) {
          fsp = integer("a precision");
        }
        expectPunct(')');
      } else if (t.isWord("NOW")) {
        throw error("expected '('");
      }
      return new Now(fsp);
    }
    if (t.kind() == Statements.Kind.STRING) {
      pos++;
      return new Literal(LiteralKind.STRING, unquote(t.text()));
    }
    if (t.kind() == Statements.Kind.WORD && t.text().startsWith("_") && peek(1) != null
        && peek(1).kind() == Statements.Kind.STRING) {
      throw error("a character set introducer in a default is not modelled");
    }
    if ((t.isWord("b") || t.isWord("x")) && peek(1) != null && peek(1).kind() == Statements.Kind.STRING) {
      pos += 2;
      String v = unquote(toks.get(pos - 1).text());
      return new Literal(t.isWord("b") ? LiteralKind.BITS : LiteralKind.HEX, v);
    }
    if (t.kind() == Statements.Kind.WORD && (t.text().startsWith("0b") || t.text().startsWith("0x"))) {
      pos++;
      return new Literal(t.text().startsWith("0b") ? LiteralKind.BITS : LiteralKind.HEX, t.text().substring(2));
    }
    String number = number();
    if (number != null) {
      return new Literal(LiteralKind.NUMBER, number);
    }
    throw error("a default this module does not model");
  }

  /** A signed number literal's text ({@code -1.50}), or null (nothing consumed) if none is here. */
  private String number() {
    int start = pos;
    StringBuilder b = new StringBuilder();
    if (acceptPunct('-')) {
      b.append('-');
    } else {
      acceptPunct('+');
    }
    Tok t = peek();
    if (t != null && t.kind() == Statements.Kind.NUMBER) {
      pos++;
      b.append(t.text());
      if (atPunct('.') && peek(1) != null && peek(1).kind() == Statements.Kind.NUMBER) {
        pos++;
        b.append('.').append(toks.get(pos++).text());
      } else if (atPunct('.')) {
        pos++;
      }
      return b.toString();
    }
    if (t != null && t.isPunct('.') && peek(1) != null && peek(1).kind() == Statements.Kind.NUMBER) {
      pos += 2;
      return b.append("0.").append(toks.get(pos - 1).text()).toString();
    }
    pos = start;
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // ALTER TABLE

  private Ddl alterTable() {
    String name = tableName();
    List<Clause> clauses = new ArrayList<>();
    if (atEnd()) {
      throw error("expected an ALTER TABLE clause");
    }
    do {
      clauses.addAll(clause());
    } while (acceptPunct(','));
    expectEnd();
    return new AlterTable(name, clauses);
  }

  private Position position() {
    if (accept("FIRST")) {
      return new Position(null);
    }
    if (accept("AFTER")) {
      return new Position(name("a column name"));
    }
    return null;
  }

  private List<Clause> clause() {
    if (accept("ADD")) {
      String constraint = null;
      if (accept("CONSTRAINT")) {
        if (atName()) {
          constraint = name("a constraint name");
        }
      }
      if (at("PRIMARY") || at("UNIQUE") || at("INDEX") || at("KEY") || at("FULLTEXT") || at("SPATIAL")) {
        return List.of(new AddIndex(indexDef(constraint)));
      }
      if (at("FOREIGN")) {
        return List.of(new AddForeignKey(foreignKey(constraint)));
      }
      if (at("CHECK")) {
        return List.of(new AddCheck(check(constraint)));
      }
      if (constraint != null) {
        throw error("expected PRIMARY KEY, UNIQUE, FOREIGN KEY or CHECK after CONSTRAINT");
      }
      accept("COLUMN");
      if (acceptPunct('(')) {
        List<Clause> out = new ArrayList<>();
        do {
          out.add(new AddColumn(columnDef(name("a column name")), null));
        } while (acceptPunct(','));
        expectPunct(')');
        return out;
      }
      ColumnDef c = columnDef(name("a column name"));
      return List.of(new AddColumn(c, position()));
    }
    if (accept("DROP")) {
      if (accept("PRIMARY")) {
        expect("KEY");
        return List.of(new DropPrimaryKey());
      }
      if (accept("INDEX") || accept("KEY")) {
        return List.of(new DropIndexClause(name("an index name")));
      }
      if (accept("FOREIGN")) {
        expect("KEY");
        return List.of(new DropForeignKey(name("a foreign key name")));
      }
      if (accept("CHECK")) {
        return List.of(new DropCheck(name("a check name")));
      }
      if (accept("CONSTRAINT")) {
        return List.of(new DropConstraint(name("a constraint name")));
      }
      accept("COLUMN");
      return List.of(new DropColumn(name("a column name")));
    }
    if (accept("MODIFY")) {
      accept("COLUMN");
      String n = name("a column name");
      ColumnDef c = columnDef(n);
      return List.of(new ChangeColumn(n, c, position()));
    }
    if (accept("CHANGE")) {
      accept("COLUMN");
      String old = name("a column name");
      ColumnDef c = columnDef(name("a column name"));
      return List.of(new ChangeColumn(old, c, position()));
    }
    if (accept("RENAME")) {
      if (accept("COLUMN")) {
        String from = name("a column name");
        expect("TO");
        return List.of(new RenameColumn(from, name("a column name")));
      }
      if (accept("INDEX") || accept("KEY")) {
        String from = name("an index name");
        expect("TO");
        return List.of(new RenameIndex(from, name("an index name")));
      }
      if (!accept("TO")) {
        accept("AS");
      }
      return List.of(new RenameTo(tableName()));
    }
    if (accept("ALTER")) {
      if (accept("INDEX") || accept("KEY")) {
        String n = name("an index name");
        if (accept("VISIBLE")) {
          return List.of(new AlterIndexVisibility(n, true));
        }
        expect("INVISIBLE");
        return List.of(new AlterIndexVisibility(n, false));
      }
      if (accept("CHECK") || accept("CONSTRAINT")) {
        String n = name("a check name");
        if (accept("NOT")) {
          expect("ENFORCED");
          return List.of(new AlterCheck(n, false));
        }
        expect("ENFORCED");
        return List.of(new AlterCheck(n, true));
      }
      accept("COLUMN");
      String c = name("a column name");
      if (accept("SET")) {
        if (accept("DEFAULT")) {
          return List.of(new AlterDefault(c, defaultValue()));
        }
        if (accept("VISIBLE")) {
          return List.of(new AlterColumnVisibility(c, false));
        }
        expect("INVISIBLE");
        return List.of(new AlterColumnVisibility(c, true));
      }
      expect("DROP");
      expect("DEFAULT");
      return List.of(new AlterDefault(c, null));
    }
    if (at("ALGORITHM") || at("LOCK")) {
      String option = toks.get(pos++).upper();
      acceptPunct('=');
      return List.of(new How(option, name("a value").toUpperCase(Locale.ROOT)));
    }
    if (!(at("ENGINE") || at("DEFAULT") || at("CHARACTER") || at("CHARSET") || at("COLLATE") || at("COMMENT")
        || at("ROW_FORMAT") || at("KEY_BLOCK_SIZE") || at("AUTO_INCREMENT"))) {
      throw error("an ALTER TABLE clause this module does not model");
    }
    Options o = options(true);
    return List.of(new SetOptions(o));
  }

  // ---------------------------------------------------------------------------------------------
  // Table options

  private Options options(boolean one) {
    String engine = null;
    String charset = null;
    String collation = null;
    String comment = null;
    String rowFormat = null;
    Integer keyBlockSize = null;
    int optionsStart = pos;
    while (!atEnd()) {
      int start = pos;
      accept("DEFAULT");
      if (accept("ENGINE")) {
        acceptPunct('=');
        engine = name("an engine");
      } else if (at("CHARACTER") || at("CHARSET")) {
        if (accept("CHARACTER")) {
          expect("SET");
        } else {
          pos++;
        }
        acceptPunct('=');
        charset = name("a character set");
      } else if (accept("COLLATE")) {
        acceptPunct('=');
        collation = name("a collation");
      } else if (accept("COMMENT")) {
        acceptPunct('=');
        comment = string("a comment");
      } else if (accept("ROW_FORMAT")) {
        acceptPunct('=');
        rowFormat = name("a row format").toUpperCase(Locale.ROOT);
      } else if (accept("KEY_BLOCK_SIZE")) {
        acceptPunct('=');
        keyBlockSize = integer("a key block size");
      } else if (accept("AUTO_INCREMENT")) {
        acceptPunct('=');
        integer("an AUTO_INCREMENT value"); // not part of the schema
      } else {
        pos = start;
        if (!one && !atEnd() && !at("PARTITION") && !atPunct(',') || one && pos == optionsStart) {
          throw error("a table option this module does not model");
        }
        break;
      }
      if (!one) {
        acceptPunct(',');
      }
    }
    return new Options(engine, charset, collation, comment, rowFormat, keyBlockSize);
  }

  // ---------------------------------------------------------------------------------------------
  // Expressions, printed as MySQL 8.0 prints them

  private final Set<String> columns = new LinkedHashSet<>();

  private Expr expr() {
    columns.clear();
    String sql = or();
    return new Expr(sql, columns);
  }

  private String or() {
    List<String> parts = new ArrayList<>(List.of(xor()));
    while (accept("OR") || (atPunct('|') && peek(1) != null && peek(1).isPunct('|') && advance(2))) {
      parts.add(xor());
    }
    return parts.size() == 1 ? parts.get(0) : "(" + String.join(" or ", parts) + ")";
  }

  private boolean advance(int n) {
    pos += n;
    return true;
  }

  private String xor() {
    String l = and();
    while (accept("XOR")) {
      l = "(" + l + " xor " + and() + ")";
    }
    return l;
  }

  private String and() {
    List<String> parts = new ArrayList<>(List.of(not()));
    while (accept("AND") || (atPunct('&') && peek(1) != null && peek(1).isPunct('&') && advance(2))) {
      parts.add(not());
    }
    return parts.size() == 1 ? parts.get(0) : "(" + String.join(" and ", parts) + ")";
  }

  private String not() {
    if (accept("NOT")) {
      return "(not(" + not() + "))";
    }
    return predicate();
  }

  private String predicate() {
    String l = bitOr();
    while (true) {
      Tok t = peek();
      if (t == null) {
        return l;
      }
      String op = comparison();
      if (op != null) {
        l = "(" + l + " " + op + " " + bitOr() + ")";
      } else if (accept("IS")) {
        boolean negated = accept("NOT");
        String what = accept("NULL") ? "null" : accept("TRUE") ? "true" : accept("FALSE") ? "false" : null;
        if (what == null) {
          throw error("expected NULL, TRUE or FALSE after IS");
        }
        l = "(" + l + " is " + (negated ? "not " : "") + what + ")";
      } else if (at("NOT") && peek(1) != null && (peek(1).isWord("IN") || peek(1).isWord("BETWEEN")
          || peek(1).isWord("LIKE"))) {
        pos++;
        l = infix(l, true);
      } else if (at("IN") || at("BETWEEN") || at("LIKE")) {
        l = infix(l, false);
      } else {
        return l;
      }
    }
  }

  private String infix(String l, boolean negated) {
    String not = negated ? "not " : "";
    if (accept("IN")) {
      expectPunct('(');
      List<String> items = new ArrayList<>();
      do {
        items.add(or());
      } while (acceptPunct(','));
      expectPunct(')');
      return "(" + l + " " + not + "in (" + String.join(",", items) + "))";
    }
    if (accept("BETWEEN")) {
      String lo = bitOr();
      expect("AND");
      String hi = bitOr();
      return "(" + l + " " + not + "between " + lo + " and " + hi + ")";
    }
    expect("LIKE");
    return "(" + l + " " + not + "like " + bitOr() + ")";
  }

  /** A comparison operator here (consumed), as MySQL prints it, or null. */
  private String comparison() {
    Tok t = peek();
    Tok n = peek(1);
    if (t.isPunct('=')) {
      pos++;
      return "=";
    }
    if (t.isPunct('<') && n != null && n.isPunct('=') && peek(2) != null && peek(2).isPunct('>')) {
      pos += 3;
      return "<=>";
    }
    if (t.isPunct('<') && n != null && n.isPunct('>')) {
      pos += 2;
      return "<>";
    }
    if (t.isPunct('!') && n != null && n.isPunct('=')) {
      pos += 2;
      return "<>";
    }
    if ((t.isPunct('<') || t.isPunct('>')) && n != null && n.isPunct('=')) {
      pos += 2;
      return t.text() + "=";
    }
    if ((t.isPunct('<') || t.isPunct('>')) && !(n != null && n.isPunct(t.text().charAt(0)))) {
      pos++;
      return t.text();
    }
    return null;
  }

  private String bitOr() {
    String l = bitAnd();
    while (atPunct('|') && !(peek(1) != null && peek(1).isPunct('|'))) {
      pos++;
      l = "(" + l + " | " + bitAnd() + ")";
    }
    return l;
  }

  private String bitAnd() {
    String l = additive();
    while (atPunct('&') && !(peek(1) != null && peek(1).isPunct('&'))) {
      pos++;
      l = "(" + l + " & " + additive() + ")";
    }
    return l;
  }

  private String additive() {
    String l = multiplicative();
    while (atPunct('+') || atPunct('-')) {
      String op = toks.get(pos++).text();
      l = "(" + l + " " + op + " " + multiplicative() + ")";
    }
    return l;
  }

  private String multiplicative() {
    String l = unary();
    while (true) {
      if (atPunct('*') || atPunct('/') || atPunct('%')) {
        String op = toks.get(pos++).text();
        l = "(" + l + " " + op + " " + unary() + ")";
      } else if (accept("DIV")) {
        l = "(" + l + " DIV " + unary() + ")";
      } else if (accept("MOD")) {
        l = "(" + l + " % " + unary() + ")";
      } else {
        return l;
      }
    }
  }

  private String unary() {
    if (acceptPunct('-')) {
      return "-(" + unary() + ")";
    }
    if (acceptPunct('+')) {
      return unary();
    }
    return primary();
  }

  private String primary() {
    Tok t = peek();
    if (t == null) {
      throw error("expected an expression");
    }
    if (t.isPunct('(')) {
      pos++;
      String e = or();
      expectPunct(')');
      return e;
    }
    if (t.kind() == Statements.Kind.STRING) {
      pos++;
      return "_utf8mb4" + exprString(unquote(t.text()));
    }
    if (t.kind() == Statements.Kind.NUMBER || t.isPunct('.')) {
      String n = number();
      if (n == null) {
        throw error("expected an expression");
      }
      return n;
    }
    if (t.kind() == Statements.Kind.QUOTED_NAME) {
      pos++;
      return columnRef(t.text());
    }
    if (t.kind() != Statements.Kind.WORD) {
      throw error("expected an expression");
    }
    if (t.text().startsWith("_") && peek(1) != null && peek(1).kind() == Statements.Kind.STRING) {
      String cs = Charsets.charset(t.text().substring(1));
      if (cs == null) {
        throw error("a character set introducer this module does not model");
      }
      pos += 2;
      return "_" + cs + exprString(unquote(toks.get(pos - 1).text()));
    }
    if (accept("NULL")) {
      return "NULL";
    }
    if (accept("TRUE")) {
      return "true";
    }
    if (accept("FALSE")) {
      return "false";
    }
    Tok next = peek(1);
    if (next != null && next.isPunct('(')) {
      String fn = t.text().toLowerCase(Locale.ROOT);
      if (!FUNCTIONS.contains(fn)) {
        throw error("a function this module does not model in expressions");
      }
      pos += 2;
      List<String> args = new ArrayList<>();
      if (!atPunct(')')) {
        do {
          args.add(or());
        } while (acceptPunct(','));
      }
      expectPunct(')');
      return switch (fn) {
        case "ucase" -> "upper(" + String.join(",", args) + ")";
        case "lcase" -> "lower(" + String.join(",", args) + ")";
        case "substr" -> "substr(" + String.join(",", args) + ")";
        default -> fn + "(" + String.join(",", args) + ")";
      };
    }
    if (RESERVED.contains(t.upper())) {
      throw error("expected an expression");
    }
    pos++;
    return columnRef(t.text());
  }

  /** Functions whose call MySQL prints as {@code name(arg,arg)}, checked against MySQL 8.0.31. */
  private static final Set<String> FUNCTIONS = Set.of("abs", "concat", "lower", "upper", "lcase", "ucase",
      "length", "char_length", "coalesce", "ifnull", "greatest", "least", "round", "floor", "ceiling",
      "rand", "uuid", "pi");

  private String columnRef(String name) {
    if (atPunct('.')) {
      throw error("a qualified column name is not modelled in expressions");
    }
    columns.add(name.toLowerCase(Locale.ROOT));
    return Printer.name(name);
  }

  /** A string in an expression as MySQL prints it: single quotes, backslash escapes. */
  static String exprString(String value) {
    StringBuilder b = new StringBuilder("'");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\'' -> b.append("\\'");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\0' -> b.append("\\0");
        case '\r' -> b.append("\\r");
        case '\u001a' -> b.append("\\Z");
        default -> b.append(c);
      }
    }
    return b.append('\'').toString();
  }
}
