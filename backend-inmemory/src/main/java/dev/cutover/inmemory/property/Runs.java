package dev.cutover.inmemory.property;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.HistoryEntry;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.Nullable;
import dev.cutover.inmemory.InMemoryBackend;
import dev.cutover.inmemory.SimulatedMigration;
import dev.cutover.inmemory.scenario.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small reads of a run's backend and requests shared by the built-in invariants. */
final class Runs {

  private Runs() {}

  static int changeCount(Scenario scenario, String requestId) {
    Scenario.Request r = scenario.request(requestId);
    return r == null ? 0 : r.changes().size();
  }

  static @Nullable SimulatedMigration migration(InMemoryBackend backend, MigrationHandle handle) {
    for (SimulatedMigration m : backend.migrations()) {
      if (m.handle().equals(handle)) {
        return m;
      }
    }
    return null;
  }

  static List<SimulatedMigration> migrationsOf(InMemoryBackend backend, String requestId, int change, boolean revert) {
    List<SimulatedMigration> found = new ArrayList<>();
    for (SimulatedMigration m : backend.migrations()) {
      if (m.requestId().equals(requestId) && m.change() == change && m.isRevert() == revert) {
        found.add(m);
      }
    }
    return found;
  }

  static Map<String, MigrationRow> rowsByShard(InMemoryBackend backend, SimulatedMigration m) {
    Map<String, MigrationRow> rows = new HashMap<>();
    for (MigrationRow row : backend.rowsOf(m.handle())) {
      rows.put(row.shard(), row);
    }
    return rows;
  }

  /** Whether completion of {@code handle} was ever asked of the backend (its call count, not its bounded log). */
  static boolean completeCalled(InMemoryBackend backend, MigrationHandle handle) {
    return backend.completeCalls(handle) > 0;
  }

  static String describe(@Nullable MigrationRow row) {
    return row == null ? "not visible" : row.status() + (row.readyToComplete() ? " (ready_to_complete)" : "");
  }

  static @Nullable Instant entered(DeployRequest r, DeployState state) {
    for (HistoryEntry e : r.history()) {
      if (e.state() == state) {
        return e.at();
      }
    }
    return null;
  }

  static @Nullable Duration since(@Nullable Instant at) {
    return at == null ? null : Duration.between(Instant.EPOCH, at);
  }

  static List<DeployState> states(List<HistoryEntry> history) {
    List<DeployState> states = new ArrayList<>();
    history.forEach(h -> states.add(h.state()));
    return states;
  }

  /** A history entry new in a save, with the state it left ({@code null} for the first). */
  record Entered(@Nullable DeployState from, HistoryEntry entry) {}

  /** The entries {@code after} adds to {@code before}'s history; empty if the history was rewritten. */
  static List<Entered> newEntries(@Nullable DeployRequest before, DeployRequest after) {
    List<HistoryEntry> old = before == null ? List.of() : before.history();
    List<HistoryEntry> now = after.history();
    List<Entered> out = new ArrayList<>();
    if (now.size() <= old.size() || !now.subList(0, old.size()).equals(old)) {
      return out;
    }
    for (int i = old.size(); i < now.size(); i++) {
      out.add(new Entered(i == 0 ? null : now.get(i - 1).state(), now.get(i)));
    }
    return out;
  }
}
