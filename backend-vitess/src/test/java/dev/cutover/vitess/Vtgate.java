package dev.cutover.vitess;

import dev.cutover.core.MigrationHandle;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import javax.sql.DataSource;

/** Direct SQL against the test vtgate: what the tests look at, never what the backend does. */
final class Vtgate {

  private final DataSource ds;

  Vtgate(DataSource ds) {
    this.ds = ds;
  }

  /** A short random suffix for names that must not collide with an earlier run. */
  static String suffix() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
  }

  /** Runs statements in {@code keyspace} (or a {@code keyspace:shard} target) with the direct strategy. */
  void direct(String target, String... statements) {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute("USE `" + target + "`");
      st.execute("SET @@ddl_strategy = 'direct'");
      for (String s : statements) {
        st.execute(s);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("direct SQL in " + target + " failed: " + e.getMessage(), e);
    }
  }

  /** Like {@link #direct} but ignores failures: for cleanup. */
  void quietly(String target, String... statements) {
    for (String s : statements) {
      try {
        direct(target, s);
      } catch (IllegalStateException e) {
        // cleanup is best effort
      }
    }
  }

  /** {@code SHOW CREATE TABLE} on one shard, through a shard-targeted {@code USE}. */
  String showCreateTable(String keyspace, String shard, String table) {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute("USE " + VitessSql.shardTarget(keyspace, shard));
      try (ResultSet rs = st.executeQuery("SHOW CREATE TABLE `" + table + "`")) {
        if (!rs.next()) {
          throw new IllegalStateException("no table " + table + " on " + keyspace + "/" + shard);
        }
        return rs.getString(2);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("SHOW CREATE TABLE " + table + " on " + keyspace + "/" + shard + ": "
          + e.getMessage(), e);
    }
  }

  /** The schema of {@code table} on each shard of {@code keyspace}. */
  Map<String, String> schemaByShard(String keyspace, List<String> shards, String table) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String shard : shards) {
      out.put(shard, showCreateTable(keyspace, shard, table));
    }
    return out;
  }

  /** One value of a query in {@code keyspace}, or null if no row. */
  String queryOne(String keyspace, String sql) {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute("USE `" + keyspace + "`");
      try (ResultSet rs = st.executeQuery(sql)) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** Every column of every {@code SHOW VITESS_MIGRATIONS} row of a migration, one map per shard. */
  List<Map<String, String>> migration(String keyspace, MigrationHandle handle) {
    List<Map<String, String>> rows = new ArrayList<>();
    try (Connection c = ds.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW VITESS_MIGRATIONS FROM `" + keyspace + "` WHERE migration_uuid = "
            + VitessSql.uuid(handle))) {
      var meta = rs.getMetaData();
      while (rs.next()) {
        Map<String, String> row = new HashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getString(i));
        }
        rows.add(row);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("SHOW VITESS_MIGRATIONS: " + e.getMessage(), e);
    }
    return rows;
  }

  /** Polls the migration's rows until {@code done} holds for the list, or fails after {@code timeout}. */
  List<Map<String, String>> awaitMigration(String keyspace, MigrationHandle handle, Duration timeout,
      Predicate<List<Map<String, String>>> done, String what) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    List<Map<String, String>> rows = migration(keyspace, handle);
    while (!done.test(rows)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + " of " + handle + "; rows: "
            + summary(rows));
      }
      Thread.sleep(500);
      rows = migration(keyspace, handle);
    }
    return rows;
  }

  /** shard, status, ready_to_complete and message of each row, for failure messages. */
  static String summary(List<Map<String, String>> rows) {
    StringBuilder sb = new StringBuilder("[");
    for (Map<String, String> r : rows) {
      sb.append(sb.length() == 1 ? "" : ", ").append(r.get("shard")).append(':').append(r.get("migration_status"))
          .append(" ready=").append(r.get("ready_to_complete"))
          .append(" attempts=").append(r.get("cutover_attempts")).append(" msg=").append(r.get("message"));
    }
    return sb.append(']').toString();
  }

  /** Cancels every non-terminal migration of these handles: cleanup after a test. */
  void cancelQuietly(String keyspace, List<MigrationHandle> handles) {
    for (MigrationHandle h : handles) {
      try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
        st.execute("USE `" + keyspace + "`");
        st.execute(VitessSql.cancel(h));
      } catch (SQLException | IllegalArgumentException e) {
        // best effort
      }
    }
  }
}
