package dev.cutover.vitess;

import dev.cutover.core.Analysis.ChangeAnalysis;
import dev.cutover.core.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Lints one change for the Vitess backend, without a server: the change must be exactly one DDL
 * statement of a kind Vitess runs as an online migration, on a table of the change's own
 * keyspace, and says whether it may deploy with the instant strategy.
 *
 * <p>Supported kinds: {@code CREATE TABLE}, {@code ALTER TABLE}, {@code DROP TABLE} (one table),
 * {@code CREATE [OR REPLACE] VIEW}, {@code ALTER VIEW}, {@code DROP VIEW} (one view). Refused as
 * well: executable comments ({@code /*! ... *&#47;}), which MySQL runs as code, and names qualified
 * with another keyspace, which vtgate would route elsewhere.
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
final class DdlLint {

  private static final Set<String> KEY_WORDS = Set.of("PRIMARY", "UNIQUE", "KEY", "INDEX", "FULLTEXT", "SPATIAL",
      "CONSTRAINT", "FOREIGN", "CHECK", "REFERENCES");

  private static final Set<String> NOT_INSTANT_IN_ADD = Set.of("FIRST", "AFTER", "AUTO_INCREMENT", "GENERATED", "AS",
      "PRIMARY", "UNIQUE", "KEY", "INDEX", "REFERENCES", "CHECK", "CONSTRAINT", "STORED", "VIRTUAL");

  private DdlLint() {}

  /** Lints one change. */
  static ChangeAnalysis analyse(Change change) {
    Objects.requireNonNull(change, "change");
    String statement;
    List<Token> tokens;
    try {
      statement = VitessSql.singleStatement(change.sql());
      tokens = tokenize(statement);
    } catch (IllegalArgumentException e) {
      return ChangeAnalysis.lintError(e.getMessage());
    }
    if (!VitessSql.KEYSPACE.matcher(change.keyspace()).matches()) {
      return ChangeAnalysis.lintError("keyspace: '" + VitessSql.printable(change.keyspace())
          + "' is not a valid keyspace name");
    }
    Cursor c = new Cursor(tokens);
    String kind = kind(c);
    if (kind == null) {
      return ChangeAnalysis.lintError("not a supported schema change: must be one CREATE TABLE, ALTER TABLE, "
          + "DROP TABLE, CREATE VIEW, ALTER VIEW or DROP VIEW statement, was '" + VitessSql.printable(statement) + "'");
    }
    // c now stands at the object name.
    String qualifierError = checkName(c, change.keyspace(), kind);
    if (qualifierError != null) {
      return ChangeAnalysis.lintError(qualifierError);
    }
    if (kind.startsWith("DROP")) {
      if (c.atPunct(',')) {
        return ChangeAnalysis.lintError(kind + " of more than one object: submit one change per object");
      }
      if (!c.atEnd() && !c.atWord("RESTRICT") && !c.atWord("CASCADE")) {
        return ChangeAnalysis.lintError("unexpected '" + c.peek().text + "' after the name in " + kind);
      }
    }
    return ChangeAnalysis.ok(kind.equals("ALTER TABLE") && instantEligible(c));
  }

  /**
   * The name of the table or view a valid change creates, alters or drops, or {@code null} if the
   * change does not lint.
   */
  static String objectName(Change change) {
    try {
      Cursor c = new Cursor(tokenize(VitessSql.singleStatement(change.sql())));
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
        return name == null ? null : name.text;
      }
      return first.text;
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
    if (first == null || !(first.kind == Kind.WORD || first.kind == Kind.QUOTED_NAME)) {
      return kind + " without a name";
    }
    if (c.atPunct('.')) {
      c.next();
      Token name = c.next();
      if (name == null || !(name.kind == Kind.WORD || name.kind == Kind.QUOTED_NAME)) {
        return kind + " without a name after '" + first.text + ".'";
      }
      if (!first.text.equals(keyspace)) {
        return kind + " names keyspace '" + VitessSql.printable(first.text) + "', but the change is for keyspace '"
            + keyspace + "'";
      }
    }
    return null;
  }

  /** Whether every clause of an ALTER TABLE (cursor after the table name) is instant-eligible. */
  private static boolean instantEligible(Cursor c) {
    List<List<Token>> clauses = new ArrayList<>();
    List<Token> current = new ArrayList<>();
    int depth = 0;
    while (!c.atEnd()) {
      Token t = c.next();
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
      if (name == null || name.kind == Kind.PUNCT || (name.kind == Kind.WORD && KEY_WORDS.contains(name.upper()))) {
        return false; // ADD (a, b), ADD INDEX, ADD PRIMARY KEY ...
      }
      Token type = c.next();
      if (type == null || type.kind != Kind.WORD) {
        return false;
      }
      while (!c.atEnd()) {
        Token t = c.next();
        if (t.kind == Kind.WORD && NOT_INSTANT_IN_ADD.contains(t.upper())) {
          return false;
        }
      }
      return true;
    }
    if (c.takeWord("ALTER")) {
      c.takeWord("COLUMN");
      Token name = c.next();
      if (name == null || !(name.kind == Kind.WORD || name.kind == Kind.QUOTED_NAME)) {
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
  // A small tokenizer: enough to read the leading keywords and split clauses; not a SQL parser.

  enum Kind {
    WORD,
    QUOTED_NAME,
    STRING,
    NUMBER,
    PUNCT
  }

  record Token(Kind kind, String text) {
    String upper() {
      return text.toUpperCase(Locale.ROOT);
    }

    boolean isPunct(char p) {
      return kind == Kind.PUNCT && text.length() == 1 && text.charAt(0) == p;
    }
  }

  /**
   * Tokens of one statement, comments dropped.
   *
   * @throws IllegalArgumentException on an executable comment ({@code /*!}), an optimizer-hint
   *     comment ({@code /*+}) or an unterminated quote or comment
   */
  static List<Token> tokenize(String sql) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char ch = sql.charAt(i);
      if (Character.isWhitespace(ch)) {
        i++;
      } else if (ch == '/' && sql.startsWith("/*", i)) {
        if (sql.startsWith("/*!", i) || sql.startsWith("/*+", i)) {
          throw new IllegalArgumentException("sql: executable comments (/*! or /*+) are not allowed in a change");
        }
        int end = sql.indexOf("*/", i + 2);
        if (end < 0) {
          throw new IllegalArgumentException("sql: unterminated comment at offset " + i);
        }
        i = end + 2;
      } else if (ch == '#' || (ch == '-' && sql.startsWith("--", i)
          && (i + 2 == n || Character.isWhitespace(sql.charAt(i + 2)) || Character.isISOControl(sql.charAt(i + 2))))) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (ch == '`') {
        StringBuilder name = new StringBuilder();
        int j = i + 1;
        while (true) {
          if (j >= n) {
            throw new IllegalArgumentException("sql: unterminated ` quote at offset " + i);
          }
          char cj = sql.charAt(j);
          if (cj == '`') {
            if (j + 1 < n && sql.charAt(j + 1) == '`') {
              name.append('`');
              j += 2;
              continue;
            }
            break;
          }
          name.append(cj);
          j++;
        }
        tokens.add(new Token(Kind.QUOTED_NAME, name.toString()));
        i = j + 1;
      } else if (ch == '\'' || ch == '"') {
        int j = i + 1;
        while (true) {
          if (j >= n) {
            throw new IllegalArgumentException("sql: unterminated " + ch + " quote at offset " + i);
          }
          char cj = sql.charAt(j);
          if (cj == '\\') {
            j += 2;
          } else if (cj == ch) {
            if (j + 1 < n && sql.charAt(j + 1) == ch) {
              j += 2;
            } else {
              break;
            }
          } else {
            j++;
          }
        }
        tokens.add(new Token(Kind.STRING, sql.substring(i, j + 1)));
        i = j + 1;
      } else if (Character.isLetterOrDigit(ch) || ch == '_' || ch == '$') {
        int j = i;
        while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_' || sql.charAt(j) == '$')) {
          j++;
        }
        String word = sql.substring(i, j);
        tokens.add(new Token(Character.isDigit(ch) && word.chars().allMatch(Character::isDigit) ? Kind.NUMBER : Kind.WORD,
            word));
        i = j;
      } else {
        tokens.add(new Token(Kind.PUNCT, String.valueOf(ch)));
        i++;
      }
    }
    return tokens;
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
      return t != null && t.kind == Kind.WORD && t.upper().equals(word);
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
        if (t == null || t.kind != Kind.WORD || !t.upper().equals(words[k])) {
          return false;
        }
      }
      at += words.length;
      return true;
    }
  }
}
