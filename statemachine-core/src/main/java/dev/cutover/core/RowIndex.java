package dev.cutover.core;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one observation grouped by migration, built in one pass over the list read and
 * without copying it: backends report a migration's rows one after the other, so each migration is
 * a range of the list (a <em>run</em>), found by comparing each row's handle with the previous
 * one's (a reference comparison when the backend gives one handle instance per migration). A
 * migration whose rows are interleaved with another's gets an array of its own. Where a row is
 * reported twice, the last one counts ({@link #rowOfShard}).
 *
 * <p>Runs are looked up by a linear scan over their handles' hashes while there are few (a request
 * has a handful of changes), through a hash map beyond {@value #LINEAR_RUNS}.
 */
final class RowIndex {

  static final RowIndex EMPTY = new RowIndex(List.of());

  /** Up to this many migrations, a lookup scans the handles; beyond, it goes through a map. */
  private static final int LINEAR_RUNS = 16;

  private final List<MigrationRow> read;
  private MigrationHandle[] handles;
  private int[] hashes;
  private int[] from;
  private int[] sizes;
  private int runs;
  /** By run: its rows copied out when they are not contiguous in {@link #read}; else {@code null}. */
  private @Nullable MigrationRow[][] scattered;
  /** By run: its rows by shard (the last one read wins), built when first asked for. */
  private @Nullable Map<String, MigrationRow>[] byShard;
  /** The runs by handle once there are more than {@link #LINEAR_RUNS}. */
  private @Nullable Map<MigrationHandle, Integer> lookup;

  RowIndex(List<MigrationRow> read) {
    this.read = read;
    int n = read.size();
    int capacity = Math.max(1, Math.min(8, n));
    handles = new MigrationHandle[capacity];
    hashes = new int[capacity];
    from = new int[capacity];
    sizes = new int[capacity];
    MigrationHandle last = null;
    int current = -1;
    for (int i = 0; i < n; i++) {
      MigrationHandle h = read.get(i).handle();
      if (current < 0 || !(h == last || h.equals(last))) {
        current = run(h);
        if (current < 0) {
          current = newRun(h, i);
          last = h;
          continue;
        }
        last = h;
      }
      append(current, i);
    }
  }

  private int newRun(MigrationHandle h, int at) {
    if (runs == handles.length) {
      int grown = runs * 2;
      handles = Arrays.copyOf(handles, grown);
      hashes = Arrays.copyOf(hashes, grown);
      from = Arrays.copyOf(from, grown);
      sizes = Arrays.copyOf(sizes, grown);
      if (scattered != null) {
        scattered = Arrays.copyOf(scattered, grown);
      }
    }
    int k = runs++;
    handles[k] = h;
    hashes[k] = h.hashCode();
    from[k] = at;
    sizes[k] = 1;
    if (lookup != null) {
      lookup.put(h, k);
    } else if (runs > LINEAR_RUNS) {
      lookup = new HashMap<>(runs * 4);
      for (int j = 0; j < runs; j++) {
        lookup.put(handles[j], j);
      }
    }
    return k;
  }

  /** Adds the row at {@code index} of the list read to run {@code k}. */
  private void append(int k, int index) {
    MigrationRow[] own = scattered == null ? null : scattered[k];
    int size = sizes[k];
    if (own == null) {
      if (from[k] + size == index) {
        sizes[k] = size + 1; // still contiguous
        return;
      }
      own = new MigrationRow[Math.max(4, size * 2)];
      for (int i = 0; i < size; i++) {
        own[i] = read.get(from[k] + i);
      }
      if (scattered == null) {
        scattered = new MigrationRow[handles.length][];
      }
      scattered[k] = own;
    } else if (size == own.length) {
      own = Arrays.copyOf(own, size * 2);
      scattered[k] = own;
    }
    own[size] = read.get(index);
    sizes[k] = size + 1;
  }

  /** The run of {@code handle}, or -1 if no row of it was read. */
  int run(MigrationHandle handle) {
    if (lookup != null) {
      Integer k = lookup.get(handle);
      return k == null ? -1 : k;
    }
    for (int k = 0; k < runs; k++) {
      if (handles[k] == handle) {
        return k; // the same instance: the usual case
      }
    }
    int hash = handle.hashCode();
    for (int k = 0; k < runs; k++) {
      if (hashes[k] == hash && handles[k].equals(handle)) {
        return k;
      }
    }
    return -1;
  }

  /** How many rows run {@code k} has (a row reported twice counts twice). */
  int size(int k) {
    return sizes[k];
  }

  /** The {@code i}-th row of run {@code k}, in the order read. */
  MigrationRow row(int k, int i) {
    MigrationRow[] own = scattered == null ? null : scattered[k];
    return own != null ? own[i] : read.get(from[k] + i);
  }

  /** The row of run {@code k} for {@code shard} (the last one read, if reported twice), or {@code null}. */
  @Nullable
  @SuppressWarnings("unchecked")
  MigrationRow rowOfShard(int k, String shard) {
    if (byShard == null) {
      byShard = new Map[handles.length];
    } else if (byShard.length < handles.length) {
      byShard = Arrays.copyOf(byShard, handles.length);
    }
    Map<String, MigrationRow> of = byShard[k];
    if (of == null) {
      of = new HashMap<>(sizes[k] * 2);
      for (int i = 0; i < sizes[k]; i++) {
        MigrationRow r = row(k, i);
        of.put(r.shard(), r);
      }
      byShard[k] = of;
    }
    return of.get(shard);
  }
}
