package dev.cutover.core.spi;

import dev.cutover.core.MigrationHandle;
import dev.cutover.core.Nullable;
import java.util.Objects;

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
   * same statement up to letter case outside quotes, backticks, whitespace and a final semicolon
   * (Vitess stores the statement normalised); when it does not, any statement matches.
   *
   * @param sql the change's statement
   * @return whether the migration may be this change's
   */
  public boolean runs(String sql) {
    return statement == null || normalised(statement).equals(normalised(sql));
  }

  static String normalised(String sql) {
    StringBuilder out = new StringBuilder(sql.length());
    char quote = 0;
    boolean space = false;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (quote != 0) {
        out.append(c);
        if (c == quote) {
          quote = 0;
        }
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
      }
      if (c == '`') {
        continue;
      }
      if (Character.isWhitespace(c)) {
        space = out.length() > 0;
        continue;
      }
      if (space) {
        out.append(' ');
        space = false;
      }
      out.append(Character.toLowerCase(c));
    }
    String s = out.toString();
    while (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).stripTrailing();
    }
    return s;
  }
}
