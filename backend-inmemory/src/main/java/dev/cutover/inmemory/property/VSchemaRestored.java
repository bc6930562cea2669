package dev.cutover.inmemory.property;

import dev.cutover.core.CommandState;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.VSchemaApplication;

/**
 * Invariant 15 (spec 8, VSchema changes): a request that reaches {@code complete_revert} has put
 * back every VSchema it applied: each such keyspace's VSchema in the backend is again the earlier
 * one the request saved.
 */
final class VSchemaRestored extends BuiltInInvariant {
  VSchemaRestored() {
    super(15, "VSCHEMA_RESTORED", "complete_revert implies every keyspace whose VSchema the request applied has its"
        + " earlier VSchema back (spec 8)");
  }

  @Override
  public void saved(Moment now, DeployRequest before, DeployRequest after) {
    for (Runs.Entered e : Runs.newEntries(before, after)) {
      if (e.entry().state() != DeployState.COMPLETE_REVERT) {
        continue;
      }
      for (VSchemaApplication a : after.vschemaApplications()) {
        if (a.application() == CommandState.NONE) {
          continue;
        }
        if (a.restoration() != CommandState.DONE) {
          now.fail(after.id(), "complete_revert, but the VSchema of " + a.keyspace() + " was not put back ("
              + a.restoration() + ")");
        }
        String inPlace = now.backend().currentVSchema(a.keyspace()).orElse(null);
        if (!a.earlier().equals(inPlace)) {
          now.fail(after.id(), "complete_revert, but keyspace " + a.keyspace() + " has the VSchema " + inPlace
              + ", not the earlier " + a.earlier());
        }
      }
    }
  }
}
