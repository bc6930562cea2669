package dev.cutover.core;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one observation indexed by migration, built once per step: one hash lookup per
 * migration, then each expected row found by its shard's position when the migration's rows are
 * one per shard in shard order (as backends report them), else through a map by shard built for
 * that migration (where a row is reported twice, the last one counts).
 */
final class RowIndex {

  static final RowIndex EMPTY = new RowIndex(List.of());

  /** The rows of one migration, in the order read. */
  static final class Rows {
    private MigrationRow[] rows = new MigrationRow[4];
    private int size;
    private List<String> alignedWith;
    private Map<String, MigrationRow> byShard;

    private void add(MigrationRow row) {
      if (size == rows.length) {
        rows = Arrays.copyOf(rows, size * 2);
      }
      rows[size++] = row;
    }

    /**
     * Whether the rows are exactly one per shard of {@code shards}, in that order (then
     * {@link #at} finds them); checked once per shard list.
     */
    boolean alignedWith(List<String> shards) {
      if (alignedWith == shards) {
        return true;
      }
      if (byShard != null || size != shards.size()) {
        return false;
      }
      for (int i = 0; i < size; i++) {
        if (!rows[i].shard().equals(shards.get(i))) {
          return false;
        }
      }
      alignedWith = shards;
      return true;
    }

    /** The row at {@code position}, when {@link #alignedWith} holds. */
    MigrationRow at(int position) {
      return rows[position];
    }

    /** The row of {@code shard} (the last one read, if reported twice), or {@code null}. */
    @Nullable
    MigrationRow of(String shard) {
      if (byShard == null) {
        byShard = new HashMap<>(size * 2);
        for (int i = 0; i < size; i++) {
          byShard.put(rows[i].shard(), rows[i]);
        }
      }
      return byShard.get(shard);
    }
  }

  private final Map<MigrationHandle, Rows> byHandle;

  RowIndex(List<MigrationRow> read) {
    byHandle = new HashMap<>(8);
    MigrationHandle last = null;
    Rows lastRows = null;
    for (int i = 0, n = read.size(); i < n; i++) {
      MigrationRow row = read.get(i);
      MigrationHandle h = row.handle();
      if (lastRows == null || !(h == last || h.equals(last))) {
        lastRows = byHandle.get(h);
        if (lastRows == null) {
          lastRows = new Rows();
          byHandle.put(h, lastRows);
        }
        last = h;
      }
      lastRows.add(row);
    }
  }

  /** The rows read for {@code handle}, or {@code null} if none. */
  @Nullable
  Rows of(MigrationHandle handle) {
    return byHandle.get(handle);
  }
}
