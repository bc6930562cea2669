package dev.cutover.core.spi;

import dev.cutover.core.Analysis.ChangeAnalysis;
import dev.cutover.core.Change;
import dev.cutover.core.Statements;
import dev.cutover.core.Statements.Kind;
import dev.cutover.core.Statements.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Lints one change, without a server, the same way for every backend (the Vitess backend and the
 * in-memory simulator alike, so that a request the simulator accepts is one Vitess accepts too): the
 * change must be exactly one DDL
 * statement of a kind Vitess runs as an online migration, on a table of the change's own
 * keyspace, and says whether it may deploy with the instant strategy.
 *
 * <p>Supported kinds: {@code CREATE TABLE}, {@code ALTER TABLE}, {@code DROP TABLE} (one table),
 * {@code CREATE [OR REPLACE] VIEW}, {@code ALTER VIEW}, {@code DROP VIEW} (one view). Refused as
 * well: executable comments ({@code /*! ... *&#47;}), which MySQL runs as code, names qualified
 * with another keyspace, which vtgate would route elsewhere, and an {@code ALTER TABLE} that renames
 * the table, which Vitess does not run as an online migration.
 *
 * <p>Instant eligibility is a conservative heuristic for MySQL 8.0's {@code ALGORITHM=INSTANT}:
 * an {@code ALTER TABLE} is eligible only when every one of its clauses is
 * <ul>
 *   <li>{@code ADD [COLUMN] name type [attributes]} of one column, with no position
 *       ({@code FIRST}/{@code AFTER}), not generated, not auto-increment, and declaring no key; or
 *   <li>{@code ALTER [COLUMN] name SET DEFAULT ...} or {@code ALTER [COLUMN] name DROP DEFAULT}.
 * </ul>
 * Everything else (drop or rename column, indexes, table options, CREATE, DROP) is not eligible.
 * The heuristic cannot see the table (a full-text index or a compressed row format prevents an
 * instant ADD COLUMN); Vitess's {@code --prefer-instant-ddl} then falls back to a regular online
 * migration, which completes by itself, so a wrong guess costs time, never correctness.
 */
public final class DdlLint {

  /** Keyspace names: letters, digits, underscore and dash, at most 64 characters (a MySQL schema name). */
  public static final Pattern KEYSPACE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,63}");

  /**
   * Schemas a vtgate or its MySQL has besides keyspaces: MySQL's own and Vitess's sidecar database
   * ({@code _vt}, and any name starting with {@code _vt}), compared without regard to case.
   */
  public static final Set<String> SYSTEM_SCHEMAS =
      Set.of("information_schema", "mysql", "sys", "performance_schema", "_vt");

  private static final Set<String> KEY_WORDS = Set.of("PRIMARY", "UNIQUE", "KEY", "INDEX", "FULLTEXT", "SPATIAL",
      "CONSTRAINT", "FOREIGN", "CHECK", "REFERENCES");

  private static final Set<String> NOT_INSTANT_IN_ADD = Set.of("FIRST", "AFTER", "AUTO_INCREMENT", "GENERATED", "AS",
      "PRIMARY", "UNIQUE", "KEY", "INDEX", "REFERENCES", "CHECK", "CONSTRAINT", "STORED", "VIRTUAL");

  private DdlLint() {}

  /**
   * Lints one change.
   *
   * @param change not null
   * @return a lint error naming what is wrong, or no error and whether it may deploy instant
   */
  public static ChangeAnalysis analyse(Change change) {
    Objects.requireNonNull(change, "change");
    String statement;
    List<Token> tokens;
    try {
      statement = singleStatement(change.sql());
      tokens = tokenize(statement);
    } catch (IllegalArgumentException e) {
      return ChangeAnalysis.lintError(e.getMessage());
    }
    if (!KEYSPACE.matcher(change.keyspace()).matches()) {
      return ChangeAnalysis.lintError("keyspace: '" + printable(change.keyspace())
          + "' is not a valid keyspace name");
    }
    if (isSystemSchema(change.keyspace())) {
      return ChangeAnalysis.lintError("keyspace: '" + change.keyspace() + "' is a system schema, not a keyspace");
    }
    Cursor c = new Cursor(tokens);
    String kind = kind(c);
    if (kind == null) {
      return ChangeAnalysis.lintError("not a supported schema change: must be one CREATE TABLE, ALTER TABLE, "
          + "DROP TABLE, CREATE VIEW, ALTER VIEW or DROP VIEW statement, was '" + printable(statement) + "'");
    }
    // c now stands at the object name.
    String qualifierError = checkName(c, change.keyspace(), kind);
    if (qualifierError != null) {
      return ChangeAnalysis.lintError(qualifierError);
    }
    String referenceError = checkReferences(tokens, change.keyspace(), kind);
    if (referenceError != null) {
      return ChangeAnalysis.lintError(referenceError);
    }
    List<List<Token>> clauses = kind.equals("ALTER TABLE") ? clauses(tokens, c.at) : List.of();
    String renameError = tableRename(clauses);
    if (renameError != null) {
      return ChangeAnalysis.lintError(renameError);
    }
    if (kind.startsWith("DROP")) {
      if (c.atPunct(',')) {
        return ChangeAnalysis.lintError(kind + " of more than one object: submit one change per object");
      }
      if (!c.atEnd() && !c.atWord("RESTRICT") && !c.atWord("CASCADE")) {
        return ChangeAnalysis.lintError("unexpected '" + c.peek().text() + "' after the name in " + kind);
      }
    }
    return ChangeAnalysis.ok(kind.equals("ALTER TABLE") && instantEligible(clauses));
  }

  /**
   * The name of the table or view a valid change creates, alters or drops, or {@code null} if the
   * change does not lint.
   *
   * @param change not null
   * @return the name, unquoted, or {@code null}
   */
  public static String objectName(Change change) {
    try {
      Cursor c = new Cursor(tokenize(singleStatement(change.sql())));
      if (kind(c) == null) {
        return null;
      }
      Token first = c.next();
      if (first == null) {
        return null;
      }
      if (c.atPunct('.')) {
        c.next();
        Token name = c.next();
        return name == null ? null : name.text();
      }
      return first.text();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Reads the statement's kind, leaving the cursor at the object's name; null if unsupported. */
  private static String kind(Cursor c) {
    if (c.takeWord("CREATE")) {
      if (c.takeWord("TABLE")) {
        c.takeWords("IF", "NOT", "EXISTS");
        return "CREATE TABLE";
      }
      c.takeWords("OR", "REPLACE");
      skipViewOptions(c);
      return c.takeWord("VIEW") ? "CREATE VIEW" : null;
    }
    if (c.takeWord("ALTER")) {
      if (c.takeWord("TABLE")) {
        return "ALTER TABLE";
      }
      skipViewOptions(c);
      return c.takeWord("VIEW") ? "ALTER VIEW" : null;
    }
    if (c.takeWord("DROP")) {
      if (c.takeWord("TABLE")) {
        c.takeWords("IF", "EXISTS");
        return "DROP TABLE";
      }
      if (c.takeWord("VIEW")) {
        c.takeWords("IF", "EXISTS");
        return "DROP VIEW";
      }
    }
    return null;
  }

  /** {@code ALGORITHM = x}, {@code DEFINER = user@host}, {@code SQL SECURITY x}: allowed before VIEW. */
  private static void skipViewOptions(Cursor c) {
    while (true) {
      if (c.takeWord("ALGORITHM") || c.takeWord("DEFINER")) {
        if (c.atPunct('=')) {
          c.next();
        }
        c.next(); // the value: a word, a quoted name or a string
        if (c.atPunct('(')) { // CURRENT_USER()
          c.next();
          if (c.atPunct(')')) {
            c.next();
          }
        }
        while (c.atPunct('@')) { // user@host
          c.next();
          c.next();
        }
      } else if (c.takeWord("SQL")) {
        c.takeWord("SECURITY");
        c.next();
      } else {
        return;
      }
    }
  }

  /** Reads [qualifier.]name; refuses a qualifier other than the change's keyspace. */
  private static String checkName(Cursor c, String keyspace, String kind) {
    Token first = c.next();
    if (first == null || !(first.kind() == Kind.WORD || first.kind() == Kind.QUOTED_NAME)) {
      return kind + " without a name";
    }
    if (c.atPunct('.')) {
      c.next();
      Token name = c.next();
      if (name == null || !(name.kind() == Kind.WORD || name.kind() == Kind.QUOTED_NAME)) {
        return kind + " without a name after '" + first.text() + ".'";
      }
      if (!first.text().equals(keyspace)) {
        return kind + " names keyspace '" + printable(first.text()) + "', but the change is for keyspace '"
            + keyspace + "'";
      }
    }
    return null;
  }

  /** Words after which a table is named (RENAME is handled apart: RENAME [TO | AS] name). */
  private static final Set<String> TABLE_BEFORE = Set.of("FROM", "JOIN", "LIKE", "REFERENCES", "INTO", "UPDATE",
      "TABLE");

  /** Words that end a FROM list. */
  private static final Set<String> FROM_LIST_END = Set.of("WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "UNION",
      "WINDOW", "ON", "USING", "JOIN", "INNER", "LEFT", "RIGHT", "CROSS", "NATURAL", "STRAIGHT_JOIN", "FOR", "LOCK",
      "INTO", "EXCEPT", "INTERSECT", "WITH");

  /**
   * Refuses a statement that names a table of another keyspace anywhere: vtgate would route that
   * part elsewhere, or refuse it on one shard and not another. Checked: the names after FROM
   * (every one of its comma list), JOIN, LIKE, REFERENCES, INTO, UPDATE, TABLE and RENAME [TO | AS]
   * (CREATE ... AS SELECT, CREATE TABLE ... LIKE, views, foreign keys, renames); every
   * three-part name {@code a.b.c} (keyspace, table, column); and every name qualified with a
   * system schema.
   */
  private static String checkReferences(List<Token> tokens, String keyspace, String kind) {
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (isName(tokens, i) && isPunct(tokens, i + 1, '.') && isName(tokens, i + 2)) {
        String qualifier = tokens.get(i).text();
        if (isSystemSchema(qualifier)) {
          return kind + " refers to '" + printable(qualifier) + "." + printable(tokens.get(i + 2).text())
              + "' in system schema '" + printable(qualifier) + "'";
        }
        if (isPunct(tokens, i + 3, '.') && isName(tokens, i + 4) && !qualifier.equals(keyspace)) {
          return other(kind, qualifier, tokens.get(i + 2).text(), keyspace);
        }
      }
      if (t.kind() != Kind.WORD) {
        continue;
      }
      String word = t.upper();
      if (word.equals("RENAME")) {
        int at = i + 1;
        if (isWord(tokens, at, "TO") || isWord(tokens, at, "AS")) {
          at++;
        }
        String error = checkTable(tokens, at, keyspace, kind);
        if (error != null) {
          return error;
        }
      } else if (TABLE_BEFORE.contains(word)) {
        String error = checkTable(tokens, i + 1, keyspace, kind);
        if (error != null) {
          return error;
        }
        if (word.equals("FROM")) {
          int depth = 0;
          for (int j = i + 1; j < tokens.size(); j++) {
            Token u = tokens.get(j);
            if (u.isPunct('(')) {
              depth++;
            } else if (u.isPunct(')')) {
              if (--depth < 0) {
                break;
              }
            } else if (depth == 0 && u.kind() == Kind.WORD && FROM_LIST_END.contains(u.upper())) {
              break;
            } else if (depth == 0 && u.isPunct(',')) {
              error = checkTable(tokens, j + 1, keyspace, kind);
              if (error != null) {
                return error;
              }
            }
          }
        }
      }
    }
    return null;
  }

  /** Refuses a qualified table name at {@code at} whose qualifier is not {@code keyspace}. */
  private static String checkTable(List<Token> tokens, int at, String keyspace, String kind) {
    if (isName(tokens, at) && isPunct(tokens, at + 1, '.') && isName(tokens, at + 2)
        && !tokens.get(at).text().equals(keyspace)) {
      return other(kind, tokens.get(at).text(), tokens.get(at + 2).text(), keyspace);
    }
    return null;
  }

  private static String other(String kind, String qualifier, String name, String keyspace) {
    if (isSystemSchema(qualifier)) {
      return kind + " refers to '" + printable(qualifier) + "." + printable(name)
          + "' in system schema '" + printable(qualifier) + "'";
    }
    return kind + " refers to '" + printable(qualifier) + "." + printable(name)
        + "' in keyspace '" + printable(qualifier) + "', but the change is for keyspace '" + keyspace
        + "': a change may only name tables of its own keyspace";
  }

  /**
   * The refusal of an ALTER TABLE clause that renames the table ({@code RENAME [TO | AS] name}; a
   * renamed column or key is fine), or {@code null}: Vitess refuses to run a table rename as an
   * online migration, with an error a client cannot tell from an interrupted query.
   */
  private static String tableRename(List<List<Token>> clauses) {
    for (List<Token> clause : clauses) {
      if (isWord(clause, 0, "RENAME") && !isWord(clause, 1, "COLUMN") && !isWord(clause, 1, "KEY")
          && !isWord(clause, 1, "INDEX")) {
        return "ALTER TABLE ... RENAME renames the table, which Vitess does not run as an online migration: "
            + "rename it in a change of its own outside Cutover, or create the new table and drop the old one";
      }
    }
    return null;
  }

  /** The clauses of an ALTER TABLE: the tokens from {@code from} on, split at commas outside parentheses. */
  private static List<List<Token>> clauses(List<Token> tokens, int from) {
    List<List<Token>> clauses = new ArrayList<>();
    List<Token> current = new ArrayList<>();
    int depth = 0;
    for (Token t : tokens.subList(from, tokens.size())) {
      if (t.isPunct('(')) {
        depth++;
      } else if (t.isPunct(')')) {
        depth--;
      }
      if (depth == 0 && t.isPunct(',')) {
        clauses.add(current);
        current = new ArrayList<>();
      } else {
        current.add(t);
      }
    }
    clauses.add(current);
    return clauses;
  }

  private static boolean isName(List<Token> tokens, int i) {
    return i < tokens.size() && (tokens.get(i).kind() == Kind.WORD || tokens.get(i).kind() == Kind.QUOTED_NAME);
  }

  private static boolean isPunct(List<Token> tokens, int i, char p) {
    return i < tokens.size() && tokens.get(i).isPunct(p);
  }

  private static boolean isWord(List<Token> tokens, int i, String word) {
    return i < tokens.size() && tokens.get(i).kind() == Kind.WORD && tokens.get(i).upper().equals(word);
  }

  /** Whether every clause of an ALTER TABLE is instant-eligible. */
  private static boolean instantEligible(List<List<Token>> clauses) {
    for (List<Token> clause : clauses) {
      if (!instantClause(clause)) {
        return false;
      }
    }
    return true;
  }


  private static boolean instantClause(List<Token> clause) {
    Cursor c = new Cursor(clause);
    if (c.takeWord("ADD")) {
      c.takeWord("COLUMN");
      Token name = c.next();
      if (name == null || name.kind() == Kind.PUNCT || (name.kind() == Kind.WORD && KEY_WORDS.contains(name.upper()))) {
        return false; // ADD (a, b), ADD INDEX, ADD PRIMARY KEY ...
      }
      Token type = c.next();
      if (type == null || type.kind() != Kind.WORD) {
        return false;
      }
      while (!c.atEnd()) {
        Token t = c.next();
        if (t.kind() == Kind.WORD && NOT_INSTANT_IN_ADD.contains(t.upper())) {
          return false;
        }
      }
      return true;
    }
    if (c.takeWord("ALTER")) {
      c.takeWord("COLUMN");
      Token name = c.next();
      if (name == null || !(name.kind() == Kind.WORD || name.kind() == Kind.QUOTED_NAME)) {
        return false;
      }
      if (c.takeWord("DROP")) {
        return c.takeWord("DEFAULT") && c.atEnd();
      }
      return c.takeWord("SET") && c.takeWord("DEFAULT") && !c.atEnd();
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------
  // Tokens come from the core's one lexer (Statements), which reads text as MySQL does; the lint
  // adds the refusals where vtgate's parser (which re-writes the statement it sends on) would read
  // the same text differently, or where the text runs as code.

  /** Whitespace both MySQL and vtgate skip. */
  private static boolean sharedWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  /**
   * Tokens of one statement, comments dropped.
   *
   * @throws IllegalArgumentException on an executable comment ({@code /*!}), an optimizer-hint
   *     comment ({@code /*+}), an unterminated quote or comment, or text MySQL and vtgate read
   *     differently: {@code --} followed by a control character other than tab, newline and
   *     carriage return (a comment to MySQL, two minus signs to vtgate), vertical tab or form feed
   *     between tokens (whitespace to MySQL only), or a control character outside strings
   */
  static List<Token> tokenize(String sql) {
    List<Token> tokens = new ArrayList<>();
    int previousEnd = 0;
    for (Token t : Statements.tokenize(sql)) {
      for (int i = previousEnd; i < t.start(); i++) {
        if (!sharedWhitespace(sql.charAt(i))) {
          throw new IllegalArgumentException("sql: " + describe(sql.charAt(i)) + " at offset " + i
              + " is whitespace to MySQL but not to vtgate; use spaces, tabs or newlines");
        }
      }
      previousEnd = t.end();
      if (t.kind() == Kind.COMMENT) {
        String text = t.text();
        if (text.startsWith("/*!") || text.startsWith("/*+")) {
          throw new IllegalArgumentException("sql: executable comments (/*! or /*+) are not allowed in a change");
        }
        if (text.startsWith("--") && text.length() > 2 && !sharedWhitespace(text.charAt(2))) {
          throw new IllegalArgumentException("sql: '--' followed by " + describe(text.charAt(2)) + " at offset "
              + t.start() + " starts a comment for MySQL but not for vtgate; put a space after '--'");
        }
        continue;
      }
      if (t.kind() == Kind.PUNCT && (t.text().charAt(0) < ' ' || t.text().charAt(0) == '\u007f')) {
        throw new IllegalArgumentException("sql: " + describe(t.text().charAt(0)) + " at offset " + t.start()
            + " outside a string");
      }
      tokens.add(t);
    }
    for (int i = previousEnd; i < sql.length(); i++) {
      if (!sharedWhitespace(sql.charAt(i))) {
        throw new IllegalArgumentException("sql: " + describe(sql.charAt(i)) + " at offset " + i
            + " is whitespace to MySQL but not to vtgate; use spaces, tabs or newlines");
      }
    }
    return tokens;
  }

  /**
   * Whether {@code name} is a system schema ({@link #SYSTEM_SCHEMAS}), never a keyspace.
   *
   * @param name not null
   * @return whether it is one
   */
  public static boolean isSystemSchema(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return SYSTEM_SCHEMAS.contains(lower) || lower.startsWith("_vt");
  }

  /**
   * The single statement of a change, without its terminating semicolon.
   *
   * @param sql not null
   * @return the statement
   * @throws IllegalArgumentException if the text holds no statement or more than one
   */
  public static String singleStatement(String sql) {
    Objects.requireNonNull(sql, "sql");
    List<String> statements = Statements.split(sql);
    if (statements.size() != 1) {
      throw new IllegalArgumentException("sql: must hold exactly one statement, found " + statements.size());
    }
    return statements.get(0);
  }

  /**
   * A value for an error message: control characters shown as {@code \\uXXXX}, long values cut.
   *
   * @param value not null
   * @return at most 80 characters of it, then {@code ...}
   */
  public static String printable(String value) {
    StringBuilder sb = new StringBuilder();
    int limit = Math.min(value.length(), 80);
    for (int i = 0; i < limit; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    if (value.length() > limit) {
      sb.append("...");
    }
    return sb.toString();
  }

  private static String describe(char c) {
    return String.format("U+%04X", (int) c);
  }

  private static final class Cursor {
    private final List<Token> tokens;
    private int at;

    Cursor(List<Token> tokens) {
      this.tokens = tokens;
    }

    boolean atEnd() {
      return at >= tokens.size();
    }

    Token peek() {
      return atEnd() ? null : tokens.get(at);
    }

    Token next() {
      return atEnd() ? null : tokens.get(at++);
    }

    boolean atWord(String word) {
      Token t = peek();
      return t != null && t.kind() == Kind.WORD && t.upper().equals(word);
    }

    boolean atPunct(char p) {
      Token t = peek();
      return t != null && t.isPunct(p);
    }

    boolean takeWord(String word) {
      if (atWord(word)) {
        at++;
        return true;
      }
      return false;
    }

    /** Takes the words if all of them come next, in order; else takes nothing. */
    boolean takeWords(String... words) {
      for (int k = 0; k < words.length; k++) {
        Token t = at + k < tokens.size() ? tokens.get(at + k) : null;
        if (t == null || t.kind() != Kind.WORD || !t.upper().equals(words[k])) {
          return false;
        }
      }
      at += words.length;
      return true;
    }
  }
}
