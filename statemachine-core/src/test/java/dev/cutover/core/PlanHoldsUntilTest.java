package dev.cutover.core;

import static dev.cutover.core.DeployState.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A quiet plan says until when it holds ({@link Plan#holdsUntil()}, decision 97): planning the same
 * request with the same rows at any time inside the window is quiet again, and at the window's end
 * (when it has one) the step decides something. A driver skips requests on the strength of it.
 */
class PlanHoldsUntilTest {

  private static final Duration LEASE = Duration.ofMinutes(1);

  private static Observation observe(Instant now, boolean admissible, List<MigrationRow> rows, String owner) {
    return new Observation(now, admissible, rows, owner, LEASE);
  }

  @Test
  void aPlanThatDecidesSomethingSaysNothingOfHowLongItHolds() {
    DeployRequest queued = Fixtures.queued();
    Plan plan = DeployMachine.plan(queued, Fixtures.observe(Fixtures.at(2), true, null));
    assertThat(plan.request()).isNotSameAs(queued);
    assertThat(plan.holdsUntil()).isNull();
  }

  @Test
  void aQueuedRequestTheQueueDoesNotAdmitHoldsUntilTheQueueAnswersOtherwise() {
    DeployRequest queued = Fixtures.queued();
    Plan plan = DeployMachine.plan(queued, Fixtures.observe(Fixtures.at(2), false, null));
    assertThat(plan.request()).isSameAs(queued);
    assertThat(plan.holdsUntil()).isEqualTo(Instant.MAX);
  }

  @Test
  void theRevertWindowEndsTheQuietOfACompletedDeploy() {
    DeployRequest r = Fixtures.completePendingRevert();
    Instant expires = r.revertExpiresAt();
    assertThat(expires).isNotNull();
    Plan before = DeployMachine.plan(r, Fixtures.observe(expires.minusNanos(1), false, null));
    assertThat(before.request()).isSameAs(r);
    assertThat(before.holdsUntil()).isEqualTo(expires);
    Plan at = DeployMachine.plan(r, Fixtures.observe(expires, false, null));
    assertThat(at.request().state()).isEqualTo(COMPLETE);
    assertThat(at.holdsUntil()).isNull();
  }

  @Test
  void anotherDriversSubmissionHoldsUntilItsLeaseEnds() {
    DeployRequest queued = Fixtures.queued();
    DeployRequest submitting = DeployMachine.plan(queued, Fixtures.observe(Fixtures.at(2), true, null)).request();
    assertThat(submitting.state()).isEqualTo(SUBMITTING);
    assertThat(submitting.pendingSubmission()).isNotNull();
    Instant leaseEnds = submitting.pendingSubmission().since().plus(LEASE);
    Plan waiting = DeployMachine.plan(submitting, observe(Fixtures.at(3), false, null, "someone-else"));
    assertThat(waiting.request()).isSameAs(submitting);
    assertThat(waiting.commands()).isEmpty();
    assertThat(waiting.holdsUntil()).isEqualTo(leaseEnds);
    Plan taking = DeployMachine.plan(submitting, observe(leaseEnds, false, null, "someone-else"));
    assertThat(taking.commands()).hasSize(1);
    assertThat(taking.holdsUntil()).isNull();
  }

  /**
   * A seeded walk through the machine, as in {@link TransitionsTest}, planned by two owners: every
   * quiet plan is planned again at times inside its window (its start, the next nanosecond, a time
   * in between, its last nanosecond) and must be quiet with the same window; at a finite window's end
   * the step must decide something.
   */
  @Test
  void everyQuietPlanIsQuietThroughoutItsWindowAndNotAfter() {
    Random random = new Random(97);
    String[] statuses = {"queued", "ready", "running", "complete", "complete", "complete", "failed", "cancelled",
        "weird"};
    Action[] actions = {Action.approve(), Action.deploy(), Action.cancel(), Action.apply(), Action.setAutoApply(true),
        Action.throttle(0.5), Action.revert(), Action.skipRevert(), Action.close(), Action.forceCutover()};
    String[] owners = {Fixtures.OWNER, "other"};
    Set<DeployState> quietIn = EnumSet.noneOf(DeployState.class);
    int finite = 0;
    for (int run = 0; run < 2000; run++) {
      DeployRequest r = Fixtures.pending(DeployOptions.custom().autoApply(random.nextBoolean())
          .instant(random.nextInt(4) == 0).revertWindow(Duration.ofSeconds(1 + random.nextInt(600))).build(),
          random.nextInt(4), Fixtures.VSCHEMAS.subList(0, random.nextInt(3)));
      int seconds = 0;
      for (int step = 0; step < 60 && !r.state().isTerminal(); step++) {
        seconds += 1 + random.nextInt(90);
        Instant now = Fixtures.at(seconds);
        if (r.state() == PENDING) {
          r = DeployMachine.analysed(r, Fixtures.allOk(r, random.nextBoolean()), now);
          continue;
        }
        if (r.state() == COMPLETE_PENDING_REVERT && random.nextInt(3) == 0) {
          r = DeployMachine.apply(r, Action.revert(), now, 1).request(); // reach in_progress_revert often
        } else if (random.nextInt(3) == 0) {
          r = DeployMachine.apply(r, actions[random.nextInt(actions.length)], now, 1).request();
        }
        List<MigrationRow> rows = null;
        if (random.nextInt(8) > 0) {
          rows = Fixtures.randomRows(r, random, statuses, () -> random.nextInt(3) == 0 ? "running" : "complete");
        }
        boolean admissible = random.nextBoolean();
        String owner = owners[random.nextInt(owners.length)];
        Plan plan = DeployMachine.plan(r, observe(now, admissible, rows, owner));
        if (plan.holdsUntil() != null) {
          assertThat(plan.request()).isSameAs(r);
          assertThat(plan.commands()).isEmpty();
          assertThat(plan.reads()).isEmpty();
          quietIn.add(r.state());
          Instant until = plan.holdsUntil();
          Instant last = until.equals(Instant.MAX) ? now.plus(Duration.ofDays(3650)) : until.minusNanos(1);
          long span = Duration.between(now, last).toNanos();
          Instant between = now.plusNanos(span <= 0 ? 0 : (long) (random.nextDouble() * span));
          for (Instant t : new Instant[] {now, now.plusNanos(Math.min(1, span)), between, last}) {
            Plan again = DeployMachine.plan(r, observe(t, admissible, rows == null ? null : List.copyOf(rows), owner));
            assertThat(again.request()).as("run %d step %d at %s (window to %s)", run, step, t, until).isSameAs(r);
            assertThat(again.commands()).as("run %d step %d at %s", run, step, t).isEmpty();
            assertThat(again.holdsUntil()).as("run %d step %d at %s", run, step, t).isEqualTo(until);
          }
          if (!until.equals(Instant.MAX)) {
            finite++;
            Plan after = DeployMachine.plan(r, observe(until, admissible, rows, owner));
            assertThat(after.holdsUntil()).as("run %d step %d: at the window's end %s", run, step, until).isNull();
          }
        } else {
          assertThat(plan.request() != r || !plan.commands().isEmpty() || plan.needsRows())
              .as("run %d step %d: a plan that does nothing says how long it holds", run, step).isTrue();
        }
        r = Fixtures.recordRandomOutcomes(plan.request(), plan.commands(), random, "h" + run + "-" + step + "-", now);
      }
    }
    assertThat(quietIn).as("quiet plans seen in").contains(QUEUED, SUBMITTING, IN_PROGRESS, PENDING_CUTOVER,
        IN_PROGRESS_CUTOVER, IN_PROGRESS_CANCEL, COMPLETE_PENDING_REVERT, IN_PROGRESS_REVERT);
    assertThat(finite).as("quiet plans with a window that ends").isGreaterThan(100);
  }
}
