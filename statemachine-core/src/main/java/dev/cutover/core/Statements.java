package dev.cutover.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one SQL lexer of Cutover: splits SQL text into statements on semicolons that are outside
 * quotes, backticks and comments, and gives the tokens of a statement. It does not parse SQL.
 *
 * <p>It reads text the way MySQL 8.0's lexer does, so that what a check sees is what the server
 * runs:
 * <ul>
 *   <li>whitespace is space, tab, newline, vertical tab, form feed and carriage return only;
 *   <li>{@code #} starts a comment to the end of the line; so does {@code --} when the character
 *       after it is a space or a control character (any code up to U+0020, or U+007F), or when it
 *       ends the text ({@code --x} and {@code --}&nbsp;followed by U+3000 are two minus signs);
 *   <li>{@code /* ... *&#47;} is a comment, including the executable {@code /*!} and hint
 *       {@code /*+} forms, which a caller can see in the comment's text;
 *   <li>{@code '...'} and {@code "..."} are strings with backslash escapes and doubled quotes;
 *       {@code `...`} is a quoted name with doubled backticks;
 *   <li>a word is made of letters, digits, {@code _}, {@code $} and any character from U+0080 up
 *       (MySQL reads every multi-byte character as an identifier character).
 * </ul>
 */
public final class Statements {

  private Statements() {}

  /** What a token is. */
  public enum Kind {
    /** An unquoted word: keyword, identifier or number-like word. */
    WORD,
    /** A digits-only word. */
    NUMBER,
    /** A backtick-quoted name; the token's text is the name, unquoted. */
    QUOTED_NAME,
    /** A string literal; the token's text is the literal as written, quotes included. */
    STRING,
    /** A comment, as written (delimiters included). */
    COMMENT,
    /** Any other single character, {@code ;} included. */
    PUNCT
  }

  /**
   * One token.
   *
   * @param kind what it is
   * @param text its text (see {@link Kind})
   * @param start the offset of its first character in the lexed text
   * @param end the offset just after its last character
   */
  public record Token(Kind kind, String text, int start, int end) {

    /**
     * The text in upper case (root locale).
     *
     * @return the text in upper case, to compare with a keyword
     */
    public String upper() {
      return text.toUpperCase(Locale.ROOT);
    }

    /**
     * Whether this is the single character {@code p}.
     *
     * @param p a punctuation character, such as {@code ';'}
     * @return true if this is a {@link Kind#PUNCT} token of exactly {@code p}
     */
    public boolean isPunct(char p) {
      return kind == Kind.PUNCT && text.length() == 1 && text.charAt(0) == p;
    }
  }

  /**
   * Whitespace as MySQL's lexer skips it.
   *
   * @param c any character
   * @return true for space, tab, newline, vertical tab, form feed and carriage return only
   */
  public static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
  }

  /** Whether {@code --} at {@code i} starts a comment, as MySQL decides it. */
  private static boolean dashDashComment(String sql, int i) {
    if (!sql.startsWith("--", i)) {
      return false;
    }
    if (i + 2 == sql.length()) {
      return true;
    }
    char next = sql.charAt(i + 2);
    return next <= ' ' || next == '\u007f';
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$'
        || c >= '\u0080';
  }

  /**
   * The tokens of {@code sql}, comments included, whitespace dropped.
   *
   * @param sql any SQL text, not null
   * @return a new list of tokens in text order; empty for text that holds only whitespace
   * @throws IllegalArgumentException if a quote, backtick or block comment is never closed
   */
  public static List<Token> tokenize(String sql) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (isWhitespace(c)) {
        i++;
      } else if (c == '#' || (c == '-' && dashDashComment(sql, i))) {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        tokens.add(new Token(Kind.COMMENT, sql.substring(i, end), i, end));
        i = end;
      } else if (c == '/' && sql.startsWith("/*", i)) {
        int close = sql.indexOf("*/", i + 2);
        if (close < 0) {
          throw new IllegalArgumentException("sql: unterminated comment at offset " + i);
        }
        tokens.add(new Token(Kind.COMMENT, sql.substring(i, close + 2), i, close + 2));
        i = close + 2;
      } else if (c == '`') {
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
        tokens.add(new Token(Kind.QUOTED_NAME, name.toString(), i, j + 1));
        i = j + 1;
      } else if (c == '\'' || c == '"') {
        int j = i + 1;
        while (true) {
          if (j >= n) {
            throw new IllegalArgumentException("sql: unterminated " + c + " quote at offset " + i);
          }
          char cj = sql.charAt(j);
          if (cj == '\\') {
            j += 2;
          } else if (cj == c) {
            if (j + 1 < n && sql.charAt(j + 1) == c) {
              j += 2;
            } else {
              break;
            }
          } else {
            j++;
          }
        }
        tokens.add(new Token(Kind.STRING, sql.substring(i, j + 1), i, j + 1));
        i = j + 1;
      } else if (isWordChar(c)) {
        int j = i;
        while (j < n && isWordChar(sql.charAt(j))) {
          j++;
        }
        String word = sql.substring(i, j);
        boolean digits = word.chars().allMatch(ch -> ch >= '0' && ch <= '9');
        tokens.add(new Token(digits ? Kind.NUMBER : Kind.WORD, word, i, j));
        i = j;
      } else {
        tokens.add(new Token(Kind.PUNCT, String.valueOf(c), i, i + 1));
        i++;
      }
    }
    return tokens;
  }

  /**
   * The statements of {@code sql}, each trimmed, without their terminating semicolon; text that
   * holds only whitespace and comments is not a statement.
   *
   * @param sql any SQL text, not null
   * @return a new list of the statements in text order, comments inside them kept; empty if the text
   *     holds none
   * @throws IllegalArgumentException if a quote, backtick or block comment is never closed
   */
  public static List<String> split(String sql) {
    List<String> statements = new ArrayList<>();
    int segmentStart = 0;
    boolean meaningful = false;
    for (Token t : tokenize(sql)) {
      if (t.isPunct(';')) {
        if (meaningful) {
          statements.add(sql.substring(segmentStart, t.start()).trim());
        }
        segmentStart = t.end();
        meaningful = false;
      } else if (t.kind() != Kind.COMMENT) {
        meaningful = true;
      }
    }
    if (meaningful) {
      statements.add(sql.substring(segmentStart).trim());
    }
    return statements;
  }
}
