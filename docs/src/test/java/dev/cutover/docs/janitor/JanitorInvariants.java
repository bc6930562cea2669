package dev.cutover.docs.janitor;

import dev.cutover.core.Action;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.HistoryEntry;
import dev.cutover.core.driver.DriverEvent;
import dev.cutover.inmemory.property.Invariant;
import java.time.Duration;
import java.time.Instant;

/** The janitor's two properties, as the guide writes them. */
// doc:invariants
final class JanitorInvariants {

  /** Never too early: every skipped revert waited 5 minutes in complete_pending_revert. */
  static final Invariant WAITS_FIVE_MINUTES = Invariant.atEnd("janitor waits 5 minutes", end -> {
    for (DriverEvent e : end.simulation().timeline()) {
      if (e instanceof DriverEvent.ActionApplied a && a.action() instanceof Action.SkipRevert
          && a.rejection() == null) {
        DeployRequest r = end.request(a.requestId()).orElseThrow();
        Instant entered = enteredPendingRevert(r);
        if (entered == null || a.at().isBefore(entered.plus(Janitor.PATIENCE))) {
          end.fail(r.id(), "revert skipped at " + end.simulation().elapsed(a.at()) + (entered == null
              ? ", never in complete_pending_revert" : " after waiting " + Duration.between(entered, a.at())
                  + " in complete_pending_revert"));
        }
      }
    }
  });

  /** Never too late: no request waits in complete_pending_revert longer than 5 minutes and a poll. */
  static final Invariant KEEPS_THE_QUEUE_MOVING = Invariant.afterEachTick("janitor keeps the queue moving", now -> {
    Duration poll = now.scenario().pollInterval();
    for (DeployRequest r : now.requests()) {
      Instant entered = enteredPendingRevert(r);
      if (r.state() == DeployState.COMPLETE_PENDING_REVERT && now.now().isAfter(entered.plus(Janitor.PATIENCE)
          .plus(poll))) {
        now.fail(r.id(), "still in complete_pending_revert after " + Duration.between(entered, now.now()));
      }
    }
  });

  private static Instant enteredPendingRevert(DeployRequest r) {
    Instant at = null;
    for (HistoryEntry h : r.history()) {
      if (h.state() == DeployState.COMPLETE_PENDING_REVERT) {
        at = h.at();
      }
    }
    return at;
  }

  private JanitorInvariants() {}
}
// doc:end
