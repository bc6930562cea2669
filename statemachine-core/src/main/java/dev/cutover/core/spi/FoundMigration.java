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
   * same statement as the backend keeps it. Vitess keeps the statement printed from its parse tree,
   * so the two are compared token by token, without what that printing changes: whitespace,
   * comments and final semicolons; the case of words and names (never inside a string); backticks;
   * a string's quote character and escapes; synonyms ({@code INDEX} and {@code KEY},
   * {@code CHARACTER SET} and {@code CHARSET}, {@code <>} and {@code !=}); optional words (the
   * {@code COLUMN} after {@code ADD}, {@code DROP}, {@code MODIFY}, {@code CHANGE} and
   * {@code ALTER}, {@code GENERATED ALWAYS}, {@code ASC}, {@code =} after a table option,
   * {@code DEFAULT} before a character set, the {@code ()} of {@code CURRENT_TIMESTAMP()}); the
   * commas between table options; and the order of a column's attributes. When the backend does
   * not report the statement, any statement matches.
   *
   * @param sql the change's statement
   * @return whether the migration may be this change's
   */
  public boolean runs(String sql) {
    return statement == null || normalised(statement).equals(normalised(sql));
  }

  /** {@code sql} in the form {@link #runs} compares. */
  static String normalised(String sql) {
    return StatementForm.of(sql);
  }
}
