package dev.cutover.inmemory.property;

import dev.cutover.core.Action;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.inmemory.MigrationTimings;
import dev.cutover.inmemory.scenario.Scenario;
import dev.cutover.inmemory.scenario.Simulation;
import java.time.Duration;
import java.time.Instant;

/**
 * Invariant 8: with no failure, fault or forced row and auto-apply on, a deployed request reaches
 * {@code complete_pending_revert} ({@code complete} if instant) by admission + slowest row + 3 poll
 * intervals, and for each VSchema change (spec 8) {@code vschemaAfter} and one poll interval more.
 * Checked on each run's final requests.
 */
final class Liveness extends BuiltInInvariant {
  Liveness() {
    super(8, "LIVENESS", "with no failure, fault or forced row and auto-apply on, a deployed request reaches"
        + " complete_pending_revert by admission + slowest row + 3 poll intervals");
  }

  @Override
  public void atEnd(Moment end) {
    Scenario scenario = end.scenario();
    if (!scenario.backend().faults().isEmpty() || scenario.backend().defaults().failAfter() != null) {
      return;
    }
    Simulation s = end.simulation();
    Duration poll = scenario.pollInterval();
    for (DeployRequest r : s.finalRequests()) {
      Scenario.Request spec = scenario.request(r.id());
      if (spec == null || !spec.options().autoApply() || spec.isEmpty() || excused(scenario, r.id())) {
        continue;
      }
      Instant admitted = Runs.entered(r, DeployState.SUBMITTING);
      if (admitted == null) {
        continue;
      }
      boolean instant = r.options().instant();
      Duration slowest = Duration.ZERO;
      Duration slowestCompletion = Duration.ZERO;
      for (int c = 0; c < spec.changes().size() && slowest != null; c++) {
        for (String shard : scenario.topology().get(spec.changes().get(c).keyspace())) {
          MigrationTimings t = s.backend().timingsOf(r.id(), c, shard);
          if (t.failAfter() != null) {
            slowest = null;
            break;
          }
          Duration row = instant ? max(t.visibleAfter(), t.completeAfter()) : max(t.readyAfter(), t.visibleAfter());
          slowest = max(slowest, row);
          slowestCompletion = instant ? Duration.ZERO : max(slowestCompletion, t.completeAfter());
        }
      }
      if (slowest == null) {
        continue;
      }
      DeployState target = instant ? DeployState.COMPLETE : DeployState.COMPLETE_PENDING_REVERT;
      Duration vschemas = scenario.backend().vschemaAfter().plus(poll).multipliedBy(spec.vschemas().size());
      Instant bound = admitted.plus(slowest).plus(slowestCompletion).plus(poll.multipliedBy(3)).plus(vschemas);
      Instant reached = Runs.entered(r, target);
      Instant last = s.origin().plus(s.end());
      if (reached == null ? !last.isBefore(bound) : reached.isAfter(bound)) {
        end.failRun(r.id(), Runs.since(admitted), "admitted at " + Runs.since(admitted) + ", slowest row ready after "
            + slowest + (slowestCompletion.isZero() ? "" : " and completing in " + slowestCompletion)
            + (vschemas.isZero() ? "" : ", VSchemas in " + vschemas) + ", so "
            + target + " was due by " + Runs.since(bound) + ", but " + (reached == null
                ? "it was never reached (final state " + r.state() + " at " + s.end() + ")"
                : "it was reached at " + Runs.since(reached)));
      }
    }
  }

  /**
   * A forced row, a failing migration, a failing VSchema, a cutover that is stuck until forced, a cancellation, a close
   * or auto-apply turned off excuse a request.
   */
  private static boolean excused(Scenario scenario, String id) {
    return scenario.backend().defaults().cutoverStuck()
        || scenario.backend().rows().stream().anyMatch(x -> x.request().equals(id))
        || scenario.backend().vschemaScripts().stream().anyMatch(v -> v.requestId().equals(id))
        || scenario.backend().migrations().stream().anyMatch(m -> m.request().equals(id)
            && (m.timings().failAfter() != null || Boolean.TRUE.equals(m.timings().cutoverStuck())))
        || scenario.actions().stream().anyMatch(a -> a.request().equals(id) && (a.action() instanceof Action.Cancel
            || a.action() instanceof Action.Close || a.action() instanceof Action.SetAutoApply set && !set.on()));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
