package dev.cutover.inmemory.property;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.MigrationHandle;
import dev.cutover.inmemory.SimulatedMigration;
import java.util.Optional;

/**
 * Invariant 12 (spec 7, forced cutover): a forced cutover is sent only for a request in {@code
 * in_progress_cutover} that asked for it, and only for a change whose completion was sent.
 */
final class ForcedCutoverOnlyInCutover extends BuiltInInvariant {
  ForcedCutoverOnlyInCutover() {
    super(12, "FORCED_CUTOVER_ONLY_IN_CUTOVER", "a forced cutover is sent only in in_progress_cutover, after a"
        + " forceCutover, for a change whose completion was sent (spec 7)");
  }

  @Override
  public void beforeForceCutover(Moment now, MigrationHandle migration) {
    SimulatedMigration m = Runs.migration(now.backend(), migration);
    if (m == null || m.isRevert()) {
      now.fail(m == null ? null : m.requestId(), "forced cutover of " + migration + ", which is "
          + (m == null ? "no migration" : "a revert"));
      return;
    }
    Optional<DeployRequest> stored = now.request(m.requestId());
    if (stored.isEmpty()) {
      return;
    }
    DeployRequest r = stored.get();
    if (r.state() != DeployState.IN_PROGRESS_CUTOVER) {
      now.fail(r.id(), "forced cutover of change " + m.change() + " sent in " + r.state());
    } else if (!r.forceCutoverWanted()) {
      now.fail(r.id(), "forced cutover of change " + m.change() + " sent, but no forceCutover was accepted");
    }
    if (!Runs.completeCalled(now.backend(), migration)) {
      now.fail(r.id(), "forced cutover of change " + m.change() + " sent before its completion");
    }
  }
}
