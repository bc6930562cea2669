package dev.cutover.benchmarks;

import dev.cutover.core.Analysis;
import dev.cutover.core.Change;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.FoundMigration;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.core.spi.RevertSubmission;
import dev.cutover.core.spi.RowQuery;
import dev.cutover.core.spi.RowsRead;
import dev.cutover.core.spi.Submission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A backend whose read costs nothing: it answers every read with a prebuilt {@link RowsRead} of every
 * submitted migration, copying on every shard, so a benchmark over it measures the driver and the core
 * alone. {@link #churn()} switches between two answers that differ in every row's progress, as a real
 * backend's rows do from one poll to the next.
 */
final class PrebuiltBackend implements MigrationBackend {

  private final Map<RowQuery, List<MigrationHandle>> submitted = new LinkedHashMap<>();
  private final Map<String, List<FoundMigration>> byContext = new HashMap<>();
  private RowsRead even;
  private RowsRead odd;
  private boolean flip;
  private int nextId = 1;

  /** Builds the two answers from what was submitted so far; reads return them from now on. */
  void freeze() {
    freeze(1);
  }

  /**
   * Builds the two answers from what was submitted so far, the second differing from the first only
   * in the rows of every {@code every}-th request (the others are the very same lists); reads return
   * them from now on.
   */
  void freeze(int every) {
    even = answer(40);
    Map<RowQuery, List<MigrationRow>> rows = new HashMap<>();
    int i = 0;
    for (Map.Entry<RowQuery, List<MigrationHandle>> e : submitted.entrySet()) {
      rows.put(e.getKey(), i++ % every == 0 ? rowsOf(e.getValue(), 41) : even.rows().get(e.getKey()));
    }
    odd = new RowsRead(rows, Map.of());
  }

  /** The next read returns the other answer. */
  void churn() {
    flip = !flip;
  }

  private RowsRead answer(int progress) {
    Map<RowQuery, List<MigrationRow>> rows = new HashMap<>();
    submitted.forEach((q, handles) -> rows.put(q, rowsOf(handles, progress)));
    return new RowsRead(rows, Map.of());
  }

  private static List<MigrationRow> rowsOf(List<MigrationHandle> handles, int progress) {
    List<MigrationRow> rows = new ArrayList<>();
    for (MigrationHandle h : handles) {
      for (String shard : Fleet.SHARDS) {
        rows.add(new MigrationRow(h, shard, "running", false, progress, ""));
      }
    }
    return List.copyOf(rows);
  }

  @Override
  public Set<String> keyspaces() {
    return Set.of(Fleet.KEYSPACE);
  }

  @Override
  public List<String> shards(String keyspace) {
    return Fleet.SHARDS;
  }

  @Override
  public Analysis analyse(String requestId, List<Change> changes) {
    List<Analysis.ChangeAnalysis> ok = new ArrayList<>();
    changes.forEach(c -> ok.add(Analysis.ChangeAnalysis.ok(false)));
    return new Analysis(ok);
  }

  @Override
  public MigrationHandle submit(Submission s) {
    MigrationHandle h = new MigrationHandle("m-" + nextId++);
    submitted.computeIfAbsent(new RowQuery(s.requestId(), s.migrationContext(), s.keyspace()), k -> new ArrayList<>())
        .add(h);
    byContext.computeIfAbsent(s.migrationContext() + '/' + s.keyspace(), k -> new ArrayList<>())
        .add(new FoundMigration(h, s.keyspace(), null));
    return h;
  }

  @Override
  public List<FoundMigration> findByContext(String migrationContext, String keyspace) {
    return List.copyOf(byContext.getOrDefault(migrationContext + '/' + keyspace, List.of()));
  }

  @Override
  public RowsRead readRows(List<RowQuery> queries) {
    if (even != null) {
      return flip ? odd : even;
    }
    Map<RowQuery, List<MigrationRow>> rows = new HashMap<>();
    for (RowQuery q : queries) {
      rows.put(q, rowsOf(submitted.getOrDefault(q, List.of()), 40));
    }
    return new RowsRead(rows, Map.of());
  }

  @Override
  public void complete(String keyspace, MigrationHandle migration) {}

  @Override
  public void forceCutover(String keyspace, MigrationHandle migration) {}

  @Override
  public void cancel(String keyspace, MigrationHandle migration) {}

  @Override
  public void throttle(String keyspace, MigrationHandle migration, double ratio) {}

  @Override
  public MigrationHandle revert(RevertSubmission revert) throws BackendException {
    throw BackendException.permanentFailure("the prebuilt backend does not revert", null);
  }
}
