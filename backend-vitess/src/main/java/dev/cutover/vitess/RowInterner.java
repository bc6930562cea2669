package dev.cutover.vitess;

import dev.cutover.core.MigrationHandle;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One instance per value for what the backend hands to the core: a {@link MigrationHandle} per
 * uuid, the status literals the core compares against, and one string per shard name. The core's
 * derivation compares handles, shards and statuses by reference before it calls {@code equals}
 * ({@code DeployMachine}'s in-order count, {@code RowClass.of}), so a poll that hands over the same
 * instances skips every string comparison of its steady state.
 *
 * <p>Handles are kept for the {@code capacity} uuids looked up most recently: a migration that is
 * read on every tick keeps its handle for as long as it is read, one no longer read is dropped once
 * {@code capacity} others were read after it. Shard names are few (a keyspace's key ranges) and are
 * kept up to {@code capacity} too; past that, a new name is handed over as given. Thread-safe.
 */
final class RowInterner {

  /** How many uuids (and shard names) a backend keeps: far more than one driver's active migrations. */
  static final int DEFAULT_CAPACITY = 1024;

  private final int capacity;
  private final Map<String, MigrationHandle> handles;
  private final Map<String, String> shards = new ConcurrentHashMap<>();

  /**
   * An interner keeping at most {@code capacity} handles and shard names.
   *
   * @param capacity 1 or more
   * @throws IllegalArgumentException if {@code capacity < 1}
   */
  RowInterner(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity: must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
    this.handles = new LinkedHashMap<>(16, 0.75f, true) { // access order: the least recently read go first
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, MigrationHandle> eldest) {
        return size() > RowInterner.this.capacity;
      }
    };
  }

  /**
   * The handle of {@code uuid}: the instance handed over the last time, if it is still kept.
   *
   * @param uuid a migration uuid, not blank
   * @return the handle
   */
  MigrationHandle handle(String uuid) {
    synchronized (handles) {
      MigrationHandle h = handles.get(uuid);
      if (h == null) {
        h = new MigrationHandle(uuid);
        handles.put(uuid, h);
      }
      return h;
    }
  }

  /**
   * The literal of a status the core knows ({@code RowClass.isKnownStatus}), else the text as read.
   *
   * @param status a status as {@code MigrationRecord} has it (lower case), not null
   * @return the same text, as the interned literal when it is a known status
   */
  String status(String status) {
    switch (status) {
      case "running":
        return "running";
      case "complete":
        return "complete";
      case "queued":
        return "queued";
      case "ready":
        return "ready";
      case "requested":
        return "requested";
      case "failed":
        return "failed";
      case "cancelled":
        return "cancelled";
      default:
        return status;
    }
  }

  /**
   * The instance kept for a shard name, the same for every row and every {@code shards()} answer.
   *
   * @param shard a shard name, not null
   * @return an equal string, the kept one if there is room or it is already kept
   */
  String shard(String shard) {
    String kept = shards.get(shard);
    if (kept != null) {
      return kept;
    }
    if (shards.size() >= capacity) {
      return shard;
    }
    kept = shards.putIfAbsent(shard, shard);
    return kept != null ? kept : shard;
  }

  /** How many handles are kept: for tests. */
  int handles() {
    synchronized (handles) {
      return handles.size();
    }
  }
}
