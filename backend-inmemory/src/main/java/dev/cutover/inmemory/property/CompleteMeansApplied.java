package dev.cutover.inmemory.property;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.RowClass;
import dev.cutover.inmemory.SimulatedMigration;
import java.util.List;
import java.util.Map;

/**
 * Invariant 4: entering {@code complete_pending_revert}, or {@code complete} without a revert, every
 * expected row of every change is complete; with VSchema changes (spec 8), on entering
 * {@code in_progress_vschema}, from which the request goes on to those states.
 */
final class CompleteMeansApplied extends BuiltInInvariant {
  CompleteMeansApplied() {
    super(4, "COMPLETE_MEANS_APPLIED", "complete_pending_revert, and complete reached without a revert, imply every"
        + " expected row complete");
  }

  @Override
  public void saved(Moment now, DeployRequest before, DeployRequest after) {
    for (Runs.Entered e : Runs.newEntries(before, after)) {
      DeployState state = e.entry().state();
      // With VSchema changes (spec 8) the rows are judged on entering in_progress_vschema; applying the
      // VSchemas reads no row, so a forced row may say otherwise by the time they are in place.
      if (state == DeployState.IN_PROGRESS_VSCHEMA && e.from() != DeployState.SUBMITTING
          || (state == DeployState.COMPLETE_PENDING_REVERT || state == DeployState.COMPLETE
              && e.from() != DeployState.COMPLETE_PENDING_REVERT) && e.from() != DeployState.IN_PROGRESS_VSCHEMA) {
        everyRowComplete(now, after, state);
      }
    }
  }

  private static void everyRowComplete(Moment now, DeployRequest r, DeployState state) {
    int changes = Runs.changeCount(now.scenario(), r.id());
    for (int c = 0; c < changes; c++) {
      List<SimulatedMigration> ofChange = Runs.migrationsOf(now.backend(), r.id(), c, false);
      if (ofChange.isEmpty()) {
        now.fail(r.id(), state + ", but change " + c + " was never submitted");
      }
      for (SimulatedMigration m : ofChange) {
        Map<String, MigrationRow> rows = Runs.rowsByShard(now.backend(), m);
        for (String shard : m.shards()) {
          if (RowClass.of(rows.get(shard)) != RowClass.COMPLETE) {
            now.fail(r.id(), state + ", but change " + c + " is " + Runs.describe(rows.get(shard)) + " on shard "
                + shard);
          }
        }
      }
    }
  }
}
