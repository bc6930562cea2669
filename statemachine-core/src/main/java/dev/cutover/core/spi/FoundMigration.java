package dev.cutover.core.spi;

import dev.cutover.core.MigrationHandle;
import dev.cutover.core.Nullable;
import dev.cutover.core.Statements;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A migration found by its context, for adoption after a crash.
 *
 * @param handle the migration
 * @param keyspace where it runs
 * @param revertOf the migration it reverts, or {@code null} for a change's own migration
 * @param statement the statement the migration runs, as the backend keeps it, or {@code null} if the
 *     backend cannot tell; the driver adopts a found migration only for the change it runs
 */
public record FoundMigration(MigrationHandle handle, String keyspace, @Nullable MigrationHandle revertOf,
    @Nullable String statement) {
  /**
   * Checks the handle and keyspace.
   *
   * @param handle not null
   * @param keyspace not null
   * @param revertOf a handle, or {@code null}
   * @param statement the statement, or {@code null}
   * @throws NullPointerException if {@code handle} or {@code keyspace} is null
   */
  public FoundMigration {
    Objects.requireNonNull(handle, "handle");
    Objects.requireNonNull(keyspace, "keyspace");
  }

  /**
   * A found migration whose statement the backend does not report.
   *
   * @param handle the migration
   * @param keyspace where it runs
   * @param revertOf the migration it reverts, or {@code null}
   */
  public FoundMigration(MigrationHandle handle, String keyspace, @Nullable MigrationHandle revertOf) {
    this(handle, keyspace, revertOf, null);
  }

  /**
   * Whether this migration runs {@code sql}: when the backend reports the statement, it must be the
   * same statement as Vitess keeps it, which is the statement re-written from its parse tree. So the
   * two are compared token by token ({@link Statements}), where these differences do not count:
   * <ul>
   *   <li>whitespace, comments and final semicolons;
   *   <li>letter case of words and names (not inside strings);
   *   <li>backticks around a name;
   *   <li>the quote character and escapes of a string: {@code "Hi"}, {@code 'Hi'} and {@code 'H\i'}
   *       are the same string;
   *   <li>the optional {@code COLUMN} after {@code ADD}, {@code DROP}, {@code MODIFY},
   *       {@code CHANGE} and {@code ALTER}.
   * </ul>
   * When the backend does not report the statement, any statement matches.
   *
   * @param sql the change's statement
   * @return whether the migration may be this change's
   */
  public boolean runs(String sql) {
    return statement == null || normalised(statement).equals(normalised(sql));
  }

  /** Words after which {@code COLUMN} is optional in an {@code ALTER TABLE} clause. */
  private static final Set<String> BEFORE_OPTIONAL_COLUMN = Set.of("add", "drop", "modify", "change", "alter");

  /**
   * {@code sql} in the form {@link #runs} compares: its tokens, each in a canonical spelling, one
   * space apart. Text that does not lex (an unterminated quote or comment) is compared as it is,
   * trimmed.
   */
  static String normalised(String sql) {
    List<Statements.Token> tokens;
    try {
      tokens = Statements.tokenize(sql);
    } catch (IllegalArgumentException e) {
      return sql.strip();
    }
    int end = tokens.size();
    while (end > 0 && (tokens.get(end - 1).isPunct(';') || tokens.get(end - 1).kind() == Statements.Kind.COMMENT)) {
      end--;
    }
    StringBuilder out = new StringBuilder(sql.length());
    String previousWord = "";
    for (int i = 0; i < end; i++) {
      Statements.Token t = tokens.get(i);
      String word = "";
      switch (t.kind()) {
        case COMMENT:
          continue;
        case WORD:
        case NUMBER:
          word = t.text().toLowerCase(Locale.ROOT);
          if (word.equals("column") && BEFORE_OPTIONAL_COLUMN.contains(previousWord)) {
            previousWord = word;
            continue;
          }
          append(out, word);
          break;
        case QUOTED_NAME:
          append(out, name(t.text().toLowerCase(Locale.ROOT)));
          break;
        case STRING:
          append(out, string(t.text()));
          break;
        default:
          append(out, t.text());
          break;
      }
      previousWord = word;
    }
    return out.toString();
  }

  private static void append(StringBuilder out, String token) {
    if (out.length() > 0) {
      out.append(' ');
    }
    out.append(token);
  }

  /** A name (already in lower case) as a bare word when it is one, else in backticks (doubled inside). */
  private static String name(String name) {
    boolean bare = !name.isEmpty();
    boolean digits = true;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      bare &= (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$' || c >= '\u0080';
      digits &= c >= '0' && c <= '9';
    }
    return bare && !digits ? name : "`" + name.replace("`", "``") + "`";
  }

  /**
   * A string literal as its value in single quotes, with {@code \} and {@code '} escaped by a
   * backslash: the literal's quote character and escapes do not show.
   */
  private static String string(String literal) {
    char quote = literal.charAt(0);
    StringBuilder value = new StringBuilder(literal.length() + 2).append('\'');
    for (int i = 1; i < literal.length() - 1; i++) {
      char c = literal.charAt(i);
      if (c == '\\' && i + 1 < literal.length() - 1) {
        char e = literal.charAt(++i);
        switch (e) {
          case '0' -> c = '\0';
          case 'b' -> c = '\b';
          case 'n' -> c = '\n';
          case 'r' -> c = '\r';
          case 't' -> c = '\t';
          case 'Z' -> c = '\u001a';
          case '%', '_' -> {
            value.append("\\\\"); // MySQL keeps the backslash before % and _
            c = e;
          }
          default -> c = e;
        }
      } else if (c == quote) {
        i++; // a doubled quote stands for one
      }
      if (c == '\\' || c == '\'') {
        value.append('\\');
      }
      value.append(c);
    }
    return value.append('\'').toString();
  }
}
