package dev.cutover.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements on semicolons that are outside quotes, backticks and comments.
 * It does not parse SQL; it only finds where statements end, which is enough to refuse a change
 * that carries more than one.
 */
public final class Statements {

  private Statements() {}

  /**
   * The statements of {@code sql}, each trimmed, without their terminating semicolon; text that
   * holds only whitespace and comments is not a statement.
   *
   * @throws IllegalArgumentException if a quote, backtick or block comment is never closed
   */
  public static List<String> split(String sql) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean meaningful = false;
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        int end = closingQuote(sql, i, c);
        current.append(sql, i, end + 1);
        meaningful = true;
        i = end + 1;
      } else if (c == '#' || (c == '-' && sql.startsWith("-- ", i)) || (c == '-' && sql.startsWith("--", i) && i + 2 == n)
          || (c == '-' && sql.startsWith("--\n", i)) || (c == '-' && sql.startsWith("--\t", i))) {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        current.append(sql, i, end);
        i = end;
      } else if (c == '/' && sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        if (end < 0) {
          throw new IllegalArgumentException("sql: unterminated comment at offset " + i);
        }
        current.append(sql, i, end + 2);
        i = end + 2;
      } else if (c == ';') {
        if (meaningful) {
          statements.add(current.toString().trim());
        }
        current.setLength(0);
        meaningful = false;
        i++;
      } else {
        current.append(c);
        meaningful |= !Character.isWhitespace(c);
        i++;
      }
    }
    if (meaningful) {
      statements.add(current.toString().trim());
    }
    return statements;
  }

  private static int closingQuote(String sql, int open, char quote) {
    int i = open + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\\' && quote != '`') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2; // doubled quote inside a literal
        } else {
          return i;
        }
      } else {
        i++;
      }
    }
    throw new IllegalArgumentException("sql: unterminated " + quote + " quote at offset " + open);
  }
}
