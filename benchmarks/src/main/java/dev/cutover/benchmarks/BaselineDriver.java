package dev.cutover.benchmarks;

import dev.cutover.core.DeployMachine;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.Observation;
import dev.cutover.core.Plan;
import dev.cutover.core.SubmittedChange;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.core.spi.RowQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The polling loop in LocalScale's shape, over the same core and simulator, for comparison only: each
 * tick it reads the active requests, then each request's rows with one read per request and keyspace,
 * and while a request waits for its cutover (or its cancellation) it sends COMPLETE (or CANCEL) for
 * every change again on every tick instead of remembering that it was sent. It drives only the
 * watching states; {@link dev.cutover.core.driver.Driver} brings the requests there.
 */
final class BaselineDriver {

  private final DeployRequestStore store;
  private final MigrationBackend backend;
  private final Clock clock;

  BaselineDriver(DeployRequestStore store, MigrationBackend backend, Clock clock) {
    this.store = store;
    this.backend = backend;
    this.clock = clock;
  }

  void tick() throws BackendException {
    Instant now = clock.instant();
    for (DeployRequest r : store.listActive()) {
      if (!DeployMachine.watchesRows(r)) {
        continue;
      }
      Set<String> keyspaces = new LinkedHashSet<>();
      for (SubmittedChange sc : r.submitted()) {
        keyspaces.add(r.changes().get(sc.change()).keyspace());
      }
      List<MigrationRow> rows = new ArrayList<>();
      for (String keyspace : keyspaces) {
        RowQuery q = new RowQuery(r.id(), r.migrationContext(), keyspace);
        rows.addAll(backend.readRows(List.of(q)).rows().getOrDefault(q, List.of()));
      }
      Plan plan = DeployMachine.plan(r, new Observation(now, false, rows, "baseline", Duration.ofMinutes(1)));
      DeployRequest next = plan.request();
      if (!next.equals(r)) {
        next = store.compareAndSet(next).orElse(null);
        if (next == null) {
          continue;
        }
      }
      if (next.state() == DeployState.IN_PROGRESS_CUTOVER) {
        for (SubmittedChange sc : next.submitted()) {
          backend.complete(next.changes().get(sc.change()).keyspace(), sc.handle());
        }
      } else if (next.state() == DeployState.IN_PROGRESS_CANCEL) {
        for (SubmittedChange sc : next.submitted()) {
          backend.cancel(next.changes().get(sc.change()).keyspace(), sc.handle());
        }
      }
    }
  }
}
