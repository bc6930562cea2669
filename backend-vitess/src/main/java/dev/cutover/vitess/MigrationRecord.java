package dev.cutover.vitess;

import dev.cutover.core.MigrationHandle;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.Nullable;
import java.sql.ResultSet;
import java.time.Duration;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of {@code SHOW VITESS_MIGRATIONS}: one migration on one shard. Columns are read by name,
 * so a Vitess version that adds, drops or reorders columns still reads; only
 * {@code migration_uuid}, {@code shard}, {@code migration_status} and {@code migration_context}
 * are required. Missing optional columns read as: not ready to complete, progress unknown, no
 * ETA, no message, not a revert, no id, no timestamp.
 *
 * @param uuid {@code migration_uuid}
 * @param shard {@code shard}
 * @param status {@code migration_status}, as Vitess spells it
 * @param context {@code migration_context}
 * @param readyToComplete {@code ready_to_complete} is non-zero
 * @param progress {@code progress} rounded to a percent, or -1 when absent
 * @param etaSeconds {@code eta_seconds}, or -1 when absent or unknown (Vitess writes -1 until it has
 *     an estimate)
 * @param message {@code message}, or empty
 * @param revertOf the uuid this migration reverts ({@code reverted_uuid}, or parsed from a
 *     {@code revert vitess_migration '...'} statement), or {@code null}
 * @param id the row's {@code id} on its shard (the shard's submission order), or -1
 * @param added {@code added_timestamp} as text ({@code yyyy-MM-dd HH:mm:ss}), or empty
 * @param statement {@code migration_statement} as Vitess keeps it (re-written from its parse), or
 *     {@code null} when not asked for or absent
 */
record MigrationRecord(String uuid, String shard, String status, String context, boolean readyToComplete, int progress,
    long etaSeconds, String message, @Nullable String revertOf, long id, String added, @Nullable String statement) {

  private static final Pattern REVERT_STATEMENT =
      Pattern.compile("^\\s*revert\\s+(?:vitess_migration\\s+)?'([^']+)'", Pattern.CASE_INSENSITIVE);

  /** The row as the core sees it. */
  MigrationRow toRow(RowInterner interner) {
    return new MigrationRow(interner.handle(uuid), interner.shard(shard), interner.status(status), readyToComplete, progress, message,
        etaSeconds < 0 ? null : Duration.ofSeconds(etaSeconds));
  }

  /**
   * Every row of a {@code SHOW VITESS_MIGRATIONS} result, without their statements.
   *
   * @throws SQLException if the result lacks a required column
   */
  static List<MigrationRecord> readAll(ResultSet rs) throws SQLException {
    return readAll(rs, false);
  }

  /**
   * Every row of a {@code SHOW VITESS_MIGRATIONS} result.
   *
   * @param withStatements whether to keep each row's {@code migration_statement} (adoption needs
   *     it; a tick's read does not, and does not copy it)
   * @throws SQLException if the result lacks a required column
   */
  static List<MigrationRecord> readAll(ResultSet rs, boolean withStatements) throws SQLException {
    Map<String, Integer> columns = columns(rs.getMetaData());
    int uuid = required(columns, "migration_uuid");
    int shard = required(columns, "shard");
    int status = required(columns, "migration_status");
    int context = required(columns, "migration_context");
    Integer ready = columns.get("ready_to_complete");
    Integer progress = columns.get("progress");
    Integer eta = columns.get("eta_seconds");
    Integer message = columns.get("message");
    Integer revertedUuid = columns.get("reverted_uuid");
    Integer statement = columns.get("migration_statement");
    Integer id = columns.get("id");
    Integer added = columns.get("added_timestamp");
    List<MigrationRecord> records = new ArrayList<>();
    while (rs.next()) {
      String revertOf = revertedUuid == null ? null : emptyToNull(rs.getString(revertedUuid));
      String text = statement != null && (withStatements || revertOf == null) ? rs.getString(statement) : null;
      if (revertOf == null) {
        revertOf = revertTarget(text);
      }
      records.add(new MigrationRecord(
          text(rs.getString(uuid)),
          text(rs.getString(shard)),
          text(rs.getString(status)).toLowerCase(Locale.ROOT),
          text(rs.getString(context)),
          ready != null && truthy(rs.getString(ready)),
          progress == null ? -1 : percent(rs.getString(progress)),
          eta == null ? -1 : number(rs.getString(eta)),
          message == null ? "" : text(rs.getString(message)),
          revertOf,
          id == null ? -1 : number(rs.getString(id)),
          added == null ? "" : text(rs.getString(added)),
          withStatements ? emptyToNull(text) : null));
    }
    return records;
  }

  /** The uuid a {@code revert vitess_migration '<uuid>'} statement reverts, or {@code null}. */
  static @Nullable String revertTarget(@Nullable String statement) {
    if (statement == null) {
      return null;
    }
    Matcher m = REVERT_STATEMENT.matcher(statement);
    return m.find() ? m.group(1) : null;
  }

  private static Map<String, Integer> columns(ResultSetMetaData meta) throws SQLException {
    Map<String, Integer> columns = new HashMap<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      columns.putIfAbsent(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), i);
    }
    return columns;
  }

  private static int required(Map<String, Integer> columns, String name) throws SQLException {
    Integer index = columns.get(name);
    if (index == null) {
      throw new SQLException("SHOW VITESS_MIGRATIONS returned no column '" + name + "' (columns: "
          + new java.util.TreeSet<>(columns.keySet()) + ")", "HY000");
    }
    return index;
  }

  private static String text(@Nullable String value) {
    return value == null ? "" : value;
  }

  private static @Nullable String emptyToNull(@Nullable String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static boolean truthy(@Nullable String value) {
    if (value == null || value.isEmpty()) {
      return false;
    }
    try {
      return Double.parseDouble(value.trim()) != 0;
    } catch (NumberFormatException e) {
      return Boolean.parseBoolean(value.trim());
    }
  }

  /** A {@code progress} float as a whole percent in [0, 100]; -1 when unreadable. */
  static int percent(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return -1;
    }
    try {
      double p = Double.parseDouble(value.trim());
      if (Double.isNaN(p)) {
        return -1;
      }
      return (int) Math.max(0, Math.min(100, Math.round(p)));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static long number(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return -1;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
