package dev.cutover.inmemory.property;

import dev.cutover.core.MigrationHandle;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.RowClass;
import dev.cutover.inmemory.SimulatedMigration;
import java.util.List;
import java.util.Map;

/**
 * Invariant 2 (spec 5, the gate): when a complete command is sent, every expected row of every
 * change of the request is READY or COMPLETE, on the backend's true rows.
 */
final class GatedCompletion extends BuiltInInvariant {
  GatedCompletion() {
    super(2, "GATED_COMPLETION", "completion is requested only when every expected row of every change of the"
        + " request is READY or COMPLETE (spec 5, the gate)");
  }

  @Override
  public void beforeComplete(Moment now, MigrationHandle handle) {
    SimulatedMigration target = Runs.migration(now.backend(), handle);
    if (target == null || target.isRevert()) {
      now.fail(target == null ? null : target.requestId(),
          "complete of " + handle + ", which is " + (target == null ? "no migration" : "a revert"));
      return;
    }
    String id = target.requestId();
    int changes = Runs.changeCount(now.scenario(), id);
    for (int c = 0; c < changes; c++) {
      List<SimulatedMigration> ofChange = Runs.migrationsOf(now.backend(), id, c, false);
      if (ofChange.isEmpty()) {
        now.fail(id, "complete of change " + target.change() + " (" + handle + ") while change " + c
            + " was not submitted");
      }
      for (SimulatedMigration m : ofChange) {
        Map<String, MigrationRow> rows = Runs.rowsByShard(now.backend(), m);
        for (String shard : m.shards()) {
          RowClass cls = RowClass.of(rows.get(shard));
          if (!cls.opensGate()) {
            now.fail(id, "complete of change " + target.change() + " (" + handle + ") while change " + c
                + " on shard " + shard + " is " + cls + " (" + Runs.describe(rows.get(shard)) + ")");
          }
        }
      }
    }
  }
}
