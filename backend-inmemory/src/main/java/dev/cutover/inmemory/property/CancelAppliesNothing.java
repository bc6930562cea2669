package dev.cutover.inmemory.property;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.RowClass;
import dev.cutover.inmemory.InMemoryBackend;
import dev.cutover.inmemory.SimulatedMigration;
import java.util.HashSet;
import java.util.Set;

/**
 * Invariant 3: {@code complete_cancel} implies no completion was ever requested and no row is
 * complete: checked when the state is entered and again on the final rows (a forced row excepted).
 */
final class CancelAppliesNothing extends BuiltInInvariant {
  CancelAppliesNothing() {
    super(3, "CANCEL_APPLIES_NOTHING", "complete_cancel implies no completion was ever requested and no row is"
        + " complete");
  }

  @Override
  public void saved(Moment now, DeployRequest before, DeployRequest after) {
    for (Runs.Entered e : Runs.newEntries(before, after)) {
      if (e.entry().state() != DeployState.COMPLETE_CANCEL) {
        continue;
      }
      for (SimulatedMigration m : now.backend().migrations()) {
        if (!m.requestId().equals(after.id()) || m.isRevert()) {
          continue;
        }
        if (m.completionRequestedAt() != null || Runs.completeCalled(now.backend(), m.handle())) {
          now.fail(after.id(), "complete_cancel, but completion of change " + m.change() + " was requested");
        }
        Runs.rowsByShard(now.backend(), m).forEach((shard, row) -> {
          if (RowClass.of(row) == RowClass.COMPLETE) {
            now.fail(after.id(), "complete_cancel, but change " + m.change() + " is complete on shard " + shard);
          }
        });
      }
    }
  }

  @Override
  public void atEnd(Moment end) {
    InMemoryBackend backend = end.backend();
    Set<String> forced = new HashSet<>();
    end.scenario().backend().rows().forEach(r -> forced.add(r.request() + "/" + r.change()));
    for (DeployRequest r : end.simulation().finalRequests()) {
      if (r.state() != DeployState.COMPLETE_CANCEL) {
        continue;
      }
      for (SimulatedMigration m : backend.migrations()) {
        if (!m.requestId().equals(r.id()) || m.isRevert()) {
          continue;
        }
        if (Runs.completeCalled(backend, m.handle())) {
          end.failRun(r.id(), null, "ended complete_cancel, but completion of change " + m.change()
              + " was requested");
        }
        if (!forced.contains(r.id() + "/" + m.change())) {
          for (MigrationRow row : backend.rowsOf(m.handle())) {
            if (row.status().equals("complete")) {
              end.failRun(r.id(), null, "ended complete_cancel, but change " + m.change() + " is complete on shard "
                  + row.shard());
            }
          }
        }
      }
    }
  }
}
