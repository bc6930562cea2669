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

  /**
   * The rows of one migration, in the order read: a range of the list read while they come one
   * after the other (no copy), else an array of their own.
   */
  static final class Rows {
    private final List<MigrationRow> source;
    private final int from;
    private MigrationRow[] rows;
    private int size;
    private List<String> alignedWith;
    private Map<String, MigrationRow> byShard;

    private Rows(List<MigrationRow> source, int from) {
      this.source = source;
      this.from = from;
    }

    /** Adds the row at {@code index} of the source list. */
    private void add(int index, MigrationRow row) {
      if (rows == null && index == from + size) {
        size++; // still contiguous
        return;
      }
      if (rows == null) {
        rows = new MigrationRow[Math.max(4, size * 2)];
        for (int i = 0; i < size; i++) {
          rows[i] = source.get(from + i);
        }
      } else if (size == rows.length) {
        rows = Arrays.copyOf(rows, size * 2);
      }
      rows[size++] = row;
    }

    private MigrationRow row(int i) {
      return rows == null ? source.get(from + i) : rows[i];
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
        if (!row(i).shard().equals(shards.get(i))) {
          return false;
        }
      }
      alignedWith = shards;
      return true;
    }

    /** The row at {@code position}, when {@link #alignedWith} holds. */
    MigrationRow at(int position) {
      return row(position);
    }

    /** The row of {@code shard} (the last one read, if reported twice), or {@code null}. */
    @Nullable
    MigrationRow of(String shard) {
      if (byShard == null) {
        byShard = new HashMap<>(size * 2);
        for (int i = 0; i < size; i++) {
          MigrationRow r = row(i);
          byShard.put(r.shard(), r);
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
          lastRows = new Rows(read, i);
          byHandle.put(h, lastRows);
        }
        last = h;
      }
      lastRows.add(i, row);
    }
  }

  /** The rows read for {@code handle}, or {@code null} if none. */
  @Nullable
  Rows of(MigrationHandle handle) {
    return byHandle.get(handle);
  }
}
