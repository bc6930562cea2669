package dev.cutover.inmemory.property;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.spi.RevertSubmission;
import dev.cutover.inmemory.SimulatedMigration;

/**
 * Invariant 11 (spec 7, open and closed): a closed request is never stepped again: it stays closed,
 * enters no state, and is sent no completion, forced cutover or revert (a cleanup cancellation it
 * owes is still sent).
 */
final class ClosedNeverStepped extends BuiltInInvariant {
  ClosedNeverStepped() {
    super(11, "CLOSED_NEVER_STEPPED", "a closed request is never stepped: it stays closed, enters no state, and is"
        + " sent no completion, forced cutover or revert (spec 7)");
  }

  @Override
  public void saved(Moment now, DeployRequest before, DeployRequest after) {
    if (before == null || before.open()) {
      return;
    }
    if (after.open()) {
      now.fail(after.id(), "reopened after it was closed");
    }
    if (after.history().size() > before.history().size()) {
      now.fail(after.id(), "closed in " + before.state() + ", but entered "
          + after.history().get(after.history().size() - 1).state());
    }
  }

  @Override
  public void beforeComplete(Moment now, MigrationHandle migration) {
    closed(now, migration, "completion");
  }

  @Override
  public void beforeForceCutover(Moment now, MigrationHandle migration) {
    closed(now, migration, "forced cutover");
  }

  @Override
  public void beforeRevert(Moment now, RevertSubmission revert) {
    now.request(revert.requestId()).filter(r -> !r.open()).ifPresent(r -> now.fail(r.id(), "the revert of change "
        + revert.change() + " was submitted while the request is closed"));
  }

  private static void closed(Moment now, MigrationHandle migration, String what) {
    SimulatedMigration m = Runs.migration(now.backend(), migration);
    if (m == null) {
      return;
    }
    now.request(m.requestId()).filter(r -> !r.open()).ifPresent(r -> now.fail(r.id(), what + " of change "
        + m.change() + " was sent while the request is closed"));
  }
}
