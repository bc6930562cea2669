package dev.cutover.schema;

import dev.cutover.core.Statements;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The statements of a SQL text as tokens, from Cutover's one lexer ({@link Statements}): comments
 * dropped, except that an executable comment ({@code /*!80023 INVISIBLE *&#47;}, which MySQL's own
 * {@code SHOW CREATE TABLE} prints) is read as the text inside it when its version is at most
 * 8.0.31's, as MySQL 8.0.31 reads it. Each token keeps its offset in the whole text, so an error can
 * name a line and a column.
 */
final class Tokens {

  /** The version MySQL compares an executable comment's version with. */
  static final int SERVER_VERSION = 80031;

  private Tokens() {}

  /** One token: the lexer's, with its offset in the whole text. */
  record Tok(Statements.Kind kind, String text, int offset) {
    String upper() {
      return text.toUpperCase(Locale.ROOT);
    }

    boolean isWord(String keyword) {
      return kind == Statements.Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    boolean isPunct(char c) {
      return kind == Statements.Kind.PUNCT && text.length() == 1 && text.charAt(0) == c;
    }
  }

  /** One statement: its number (from 1), its tokens, and where it starts in the text. */
  record Stmt(int number, List<Tok> tokens, int offset, String text) {}

  /**
   * The statements of {@code sql}.
   *
   * @throws SchemaException for an unterminated quote or comment
   */
  static List<Stmt> statements(String sql) {
    List<Tok> all = new ArrayList<>();
    try {
      lex(sql, 0, sql.length(), all);
    } catch (IllegalArgumentException e) {
      int at = offsetIn(e.getMessage());
      throw new SchemaException(1, line(sql, at), column(sql, at), null,
          e.getMessage().replaceFirst("^sql: ", ""));
    }
    List<Stmt> out = new ArrayList<>();
    List<Tok> current = new ArrayList<>();
    for (Tok t : all) {
      if (t.isPunct(';')) {
        if (!current.isEmpty()) {
          out.add(stmt(out.size() + 1, current, sql));
          current = new ArrayList<>();
        }
      } else {
        current.add(t);
      }
    }
    if (!current.isEmpty()) {
      out.add(stmt(out.size() + 1, current, sql));
    }
    return out;
  }

  private static Stmt stmt(int number, List<Tok> tokens, String sql) {
    Tok last = tokens.get(tokens.size() - 1);
    int start = tokens.get(0).offset();
    int end = Math.min(sql.length(), last.offset() + Math.max(1, last.text().length()));
    return new Stmt(number, List.copyOf(tokens), start, sql.substring(start, end));
  }

  private static void lex(String sql, int from, int to, List<Tok> out) {
    String part = sql.substring(from, to);
    for (Statements.Token t : Statements.tokenize(part)) {
      if (t.kind() == Statements.Kind.COMMENT) {
        String c = t.text();
        if (c.startsWith("/*!")) {
          int i = 3;
          int digits = 0;
          while (i < c.length() - 2 && Character.isDigit(c.charAt(i)) && digits < 6) {
            i++;
            digits++;
          }
          int version = digits >= 5 ? Integer.parseInt(c.substring(3, i)) : 0;
          if (version <= SERVER_VERSION) {
            lex(sql, from + t.start() + i, from + t.end() - 2, out);
          }
        }
        continue;
      }
      out.add(new Tok(t.kind(), t.text(), from + t.start()));
    }
  }

  private static int offsetIn(String message) {
    int at = message.lastIndexOf("offset ");
    try {
      return at < 0 ? 0 : Integer.parseInt(message.substring(at + 7).trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The line (from 1) of {@code offset} in {@code sql}. */
  static int line(String sql, int offset) {
    int line = 1;
    for (int i = 0; i < offset && i < sql.length(); i++) {
      if (sql.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** The column (from 1) of {@code offset} in {@code sql}. */
  static int column(String sql, int offset) {
    int nl = sql.lastIndexOf('\n', Math.max(0, Math.min(offset, sql.length()) - 1));
    return offset - nl;
  }
}
