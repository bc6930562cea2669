package dev.cutover.inmemory.property;

import dev.cutover.core.CommandState;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.RowClass;
import dev.cutover.core.VSchemaApplication;
import dev.cutover.core.spi.VSchemaUpdate;
import dev.cutover.inmemory.SimulatedMigration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Invariant 14 (spec 8, VSchema changes): a request's VSchema is applied only once every expected row
 * of every change of the request is complete, and only after the keyspace's earlier VSchema was saved
 * with the request: when the apply changes the keyspace, the saved one is the one in place; and only in
 * {@code in_progress_vschema}. The rows are judged on the model's rows, except for a request with
 * forced rows (they change what is read, which is what the request went by).
 */
final class VSchemaAfterSchema extends BuiltInInvariant {
  VSchemaAfterSchema() {
    super(14, "VSCHEMA_AFTER_SCHEMA", "a VSchema is applied only in in_progress_vschema, after every change of"
        + " the request is complete, and only once the keyspace's earlier VSchema, the one in place, is saved with"
        + " the request (spec 8)");
  }

  @Override
  public void beforeApplyVSchema(Moment now, VSchemaUpdate update) {
    if (update.revert()) {
      return;
    }
    String id = update.requestId();
    Optional<DeployRequest> stored = now.request(id);
    if (stored.isEmpty()) {
      now.fail(id, "applied the VSchema of " + update.keyspace() + " for a request the store does not have");
      return;
    }
    Optional<VSchemaApplication> a = stored.get().vschemaApplication(update.keyspace());
    if (a.isEmpty() || a.get().application() == CommandState.NONE) {
      now.fail(id, "applied the VSchema of " + update.keyspace() + " before saving the intent and the earlier one"
          + " (stored: " + a.orElse(null) + ")");
      return;
    }
    String inPlace = now.backend().currentVSchema(update.keyspace()).orElse(null);
    if (!update.vschema().equals(inPlace) && !a.get().earlier().equals(inPlace)) {
      now.fail(id, "applied the VSchema of " + update.keyspace() + " over " + inPlace + ", but saved "
          + a.get().earlier() + " as the earlier one");
    }
    if (stored.get().state() != dev.cutover.core.DeployState.IN_PROGRESS_VSCHEMA) {
      now.fail(id, "applied the VSchema of " + update.keyspace() + " in state " + stored.get().state());
    }
    if (now.scenario().backend().rows().stream().anyMatch(x -> x.request().equals(id))) {
      return; // forced rows change what is read, not the model: the rows were judged when they were read
    }
    int changes = Runs.changeCount(now.scenario(), id);
    for (int c = 0; c < changes; c++) {
      List<SimulatedMigration> ofChange = Runs.migrationsOf(now.backend(), id, c, false);
      if (ofChange.isEmpty()) {
        now.fail(id, "applied the VSchema of " + update.keyspace() + " while change " + c + " was not submitted");
      }
      for (SimulatedMigration m : ofChange) {
        Map<String, MigrationRow> rows = Runs.rowsByShard(now.backend(), m);
        for (String shard : m.shards()) {
          if (RowClass.of(rows.get(shard)) != RowClass.COMPLETE) {
            now.fail(id, "applied the VSchema of " + update.keyspace() + " while change " + c + " is "
                + Runs.describe(rows.get(shard)) + " on shard " + shard);
          }
        }
      }
    }
  }
}
