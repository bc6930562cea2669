package dev.cutover.inmemory.property;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.RowClass;
import dev.cutover.core.spi.RevertSubmission;
import dev.cutover.inmemory.SimulatedMigration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Invariant 5: a revert is accepted only before {@code revertExpiresAt} (never for an instant
 * deploy), whether it enters {@code in_progress_revert} or, with VSchema changes, {@code
 * in_progress_revert_vschema} first; reverts are submitted one at a time, last change first.
 */
final class RevertRules extends BuiltInInvariant {
  RevertRules() {
    super(5, "REVERT_RULES", "a revert is accepted only before revertExpiresAt (never for instant); reverts run one"
        + " at a time, last change first");
  }

  @Override
  public void beforeRevert(Moment now, RevertSubmission r) {
    String id = r.requestId();
    int changes = Runs.changeCount(now.scenario(), id);
    List<SimulatedMigration> before = new ArrayList<>();
    for (SimulatedMigration m : now.backend().migrations()) {
      if (m.isRevert() && m.requestId().equals(id)) {
        before.add(m);
      }
    }
    int expected = changes - 1 - before.size();
    if (r.change() != expected) {
      now.fail(id, "revert of change " + r.change() + " submitted after " + before.size() + " revert(s) of " + changes
          + " changes; last change first means change " + expected);
    }
    for (SimulatedMigration p : before) {
      Map<String, MigrationRow> rows = Runs.rowsByShard(now.backend(), p);
      for (String shard : p.shards()) {
        if (RowClass.of(rows.get(shard)) != RowClass.COMPLETE) {
          now.fail(id, "revert of change " + r.change() + " submitted while the revert of change " + p.change()
              + " is " + Runs.describe(rows.get(shard)) + " on shard " + shard);
        }
      }
    }
  }

  @Override
  public void saved(Moment now, DeployRequest before, DeployRequest after) {
    for (Runs.Entered e : Runs.newEntries(before, after)) {
      // the revert action enters in_progress_revert, or in_progress_revert_vschema first (spec 8)
      boolean accepted = e.entry().state() == DeployState.IN_PROGRESS_REVERT_VSCHEMA
          || e.entry().state() == DeployState.IN_PROGRESS_REVERT && e.from() != DeployState.IN_PROGRESS_REVERT_VSCHEMA;
      if (!accepted) {
        continue;
      }
      if (after.options().instant()) {
        now.fail(after.id(), "an instant deploy entered " + e.entry().state());
      }
      Instant at = e.entry().at();
      if (after.revertExpiresAt() == null || !at.isBefore(after.revertExpiresAt())) {
        now.fail(after.id(), "revert accepted at " + Duration.between(Instant.EPOCH, at) + ", the window closes at "
            + (after.revertExpiresAt() == null ? "null" : Duration.between(Instant.EPOCH, after.revertExpiresAt())));
      }
    }
  }
}
