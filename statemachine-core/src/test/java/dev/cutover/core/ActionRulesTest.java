package dev.cutover.core;

import static dev.cutover.core.DeployState.*;
import static dev.cutover.core.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Spec section 3: every user action, where it is allowed, what it does, and how it is refused elsewhere. */
class ActionRulesTest {

  static Stream<Arguments> whereEachActionIsAllowed() {
    return Stream.of(
        Arguments.of(Action.approve(), EnumSet.of(PENDING, READY)),
        Arguments.of(Action.deploy(), EnumSet.of(READY)),
        Arguments.of(Action.cancel(), EnumSet.of(QUEUED, SUBMITTING, IN_PROGRESS, PENDING_CUTOVER)),
        Arguments.of(Action.apply(), EnumSet.of(PENDING_CUTOVER)),
        Arguments.of(Action.setAutoApply(true),
            EnumSet.of(PENDING, READY, QUEUED, SUBMITTING, IN_PROGRESS, PENDING_CUTOVER)),
        Arguments.of(Action.throttle(0.5),
            EnumSet.of(QUEUED, SUBMITTING, IN_PROGRESS, PENDING_CUTOVER, IN_PROGRESS_CUTOVER)),
        Arguments.of(Action.revert(), EnumSet.of(COMPLETE_PENDING_REVERT)),
        Arguments.of(Action.skipRevert(), EnumSet.of(COMPLETE_PENDING_REVERT)),
        Arguments.of(Action.close(), EnumSet.of(PENDING, READY, NO_CHANGES, ERROR, COMPLETE, COMPLETE_ERROR,
            COMPLETE_CANCEL, COMPLETE_REVERT, COMPLETE_REVERT_ERROR)),
        Arguments.of(Action.forceCutover(), EnumSet.of(IN_PROGRESS_CUTOVER)),
        Arguments.of(Action.deploy(false), EnumSet.of(READY)),
        Arguments.of(Action.throttle(0.5, "commerce"),
            EnumSet.of(QUEUED, SUBMITTING, IN_PROGRESS, PENDING_CUTOVER, IN_PROGRESS_CUTOVER)));
  }

  @ParameterizedTest(name = "{0} allowed in {1}")
  @MethodSource("whereEachActionIsAllowed")
  void section3_eachActionIsAllowedExactlyInItsStates_elsewhereRejectedNamingActionAndState(
      Action action, Set<DeployState> allowed) {
    List<DeployRequest> requests = Fixtures.oneOfEachReachableState();
    assertThat(requests.stream().map(DeployRequest::state)).containsAll(allowed);
    for (DeployRequest r : requests) {
      ActionResult result = DeployMachine.apply(r, action, at(6), 1);
      if (allowed.contains(r.state())) {
        assertThat(result.accepted()).as("%s in %s: %s", action.name(), r.state(), result).isTrue();
      } else {
        assertThat(result).as("%s in %s", action.name(), r.state()).isInstanceOf(ActionResult.Rejected.class);
        ActionResult.Rejected rejected = (ActionResult.Rejected) result;
        assertThat(rejected.reason()).startsWith(action.name() + " is not allowed in state " + r.state().wireName());
        assertThat(rejected.kind()).isEqualTo(ActionResult.Kind.NOT_ALLOWED);
        assertThat(rejected.request()).as("a rejected action leaves the request unchanged").isSameAs(r);
      }
    }
  }

  @Test
  void approve_marksTheRequestApproved() {
    assertThat(Fixtures.accept(Fixtures.pending(), Action.approve(), at(0)).approved()).isTrue();
    assertThat(Fixtures.accept(Fixtures.ready(), Action.approve(), at(0)).state()).isEqualTo(READY);
  }

  @Test
  void deploy_queuesTheRequestWithItsTicket() {
    ActionResult result = DeployMachine.apply(Fixtures.ready(), Action.deploy(), at(1), 7);
    assertThat(result.request().state()).isEqualTo(QUEUED);
    assertThat(result.request().queueTicket()).isEqualTo(7);
    assertThat(result.request().history()).last().isEqualTo(new HistoryEntry(at(1), QUEUED, Cause.DEPLOY));
  }

  @Test
  void deploy_isRejectedUntilApprovedWhenApprovalIsRequired() {
    DeployRequest r = Fixtures.ready(DeployOptions.custom().requiresApproval(true).build());
    ActionResult rejected = DeployMachine.apply(r, Action.deploy(), at(1), 1);
    assertThat(rejected.accepted()).isFalse();
    assertThat(((ActionResult.Rejected) rejected).reason()).contains("requires approval");
    DeployRequest approved = Fixtures.accept(r, Action.approve(), at(1));
    assertThat(Fixtures.accept(approved, Action.deploy(), at(1)).state()).isEqualTo(QUEUED);
  }

  @Test
  void deploy_instantIsRejectedUnlessEveryChangeIsEligibleAndAutoApplyIsOn() {
    DeployOptions instant = DeployOptions.custom().instant(true).build();
    DeployRequest notEligible = DeployMachine.analysed(Fixtures.pending(instant, 2), new Analysis(List.of(
        Analysis.ChangeAnalysis.ok(true), Analysis.ChangeAnalysis.ok(false))), at(0));
    assertThat(((ActionResult.Rejected) DeployMachine.apply(notEligible, Action.deploy(), at(1), 1)).reason())
        .isEqualTo("deploy is not allowed in state ready: change 1 is not eligible for an instant deploy");
    DeployRequest manual = Fixtures.ready(DeployOptions.custom().instant(true).autoApply(false).build());
    assertThat(((ActionResult.Rejected) DeployMachine.apply(manual, Action.deploy(), at(1), 1)).reason())
        .contains("requires auto-apply");
    assertThat(Fixtures.accept(Fixtures.ready(instant), Action.deploy(), at(1)).state()).isEqualTo(QUEUED);
  }

  @Test
  void cancel_queuedEndsCompleteCancelAtOnce() {
    assertThat(Fixtures.accept(Fixtures.queued(), Action.cancel(), at(2)).state()).isEqualTo(COMPLETE_CANCEL);
  }

  @Test
  void cancel_submittingInProgressOrPendingCutoverGoesToInProgressCancel_withoutAskingTheBackendYet() {
    for (DeployRequest r : List.of(Fixtures.allSubmitted(DeployOptions.ofDefaults()), Fixtures.inProgress(),
        Fixtures.pendingCutover())) {
      DeployRequest cancelled = Fixtures.accept(r, Action.cancel(), at(3));
      assertThat(cancelled.state()).isEqualTo(IN_PROGRESS_CANCEL);
      assertThat(cancelled.submitted()).as("the step asks, not the action")
          .allMatch(sc -> sc.cancellation() == CommandState.NONE);
    }
  }

  @Test
  void cancel_isRejectedOnceTheCutoverStarted() {
    ActionResult result = DeployMachine.apply(Fixtures.inProgressCutover(), Action.cancel(), at(4), 1);
    assertThat(((ActionResult.Rejected) result).reason())
        .isEqualTo("cancel is not allowed in state in_progress_cutover: the cutover has started");
  }

  @Test
  void apply_goesToInProgressCutoverAndRequestsCompletionOfEveryChange() {
    DeployRequest applied = Fixtures.accept(Fixtures.pendingCutover(), Action.apply(), at(4));
    assertThat(applied.state()).isEqualTo(IN_PROGRESS_CUTOVER);
    assertThat(applied.submitted()).hasSize(2).allMatch(sc -> sc.completion() == CommandState.REQUESTED);
  }

  @Test
  void setAutoApply_changesOnlyTheOption() {
    DeployRequest r = Fixtures.inProgress();
    DeployRequest off = Fixtures.accept(r, Action.setAutoApply(false), at(3));
    assertThat(off.options().autoApply()).isFalse();
    assertThat(off.state()).isEqualTo(IN_PROGRESS);
    assertThat(off.history()).isEqualTo(r.history());
  }

  @Test
  void setAutoApply_onInPendingCutoverOpensTheGateInTheSameTicksStep() {
    DeployRequest r = Fixtures.accept(Fixtures.pendingCutover(), Action.setAutoApply(true), at(4));
    assertThat(r.state()).as("the action only changes the option").isEqualTo(PENDING_CUTOVER);
    Plan plan = DeployMachine.plan(r, Fixtures.observe(at(4), false, Fixtures.rows(r, "running", true)));
    assertThat(plan.request().state()).isEqualTo(IN_PROGRESS_CUTOVER);
    assertThat(plan.commands()).hasSize(2).allMatch(c -> c instanceof Command.Complete);
  }

  @Test
  void throttle_setsTheRatioForThisRequest_outOfRangeIsAnInvalidArgument() {
    DeployRequest r = Fixtures.inProgress();
    assertThat(Fixtures.accept(r, Action.throttle(0.95), at(3)).throttleRatio()).isEqualTo(0.95);
    assertThat(Fixtures.accept(r, Action.throttle(0), at(3)).throttleRatio()).isEqualTo(0);
    for (double bad : new double[] {-0.1, 0.96, 1, Double.NaN}) {
      ActionResult result = DeployMachine.apply(r, Action.throttle(bad), at(3), 1);
      assertThat(result).isInstanceOf(ActionResult.Rejected.class);
      ActionResult.Rejected rejected = (ActionResult.Rejected) result;
      assertThat(rejected.kind()).isEqualTo(ActionResult.Kind.INVALID_ARGUMENT);
      assertThat(rejected.reason()).contains("throttle", "in_progress", String.valueOf(bad));
      assertThat(rejected.request()).isSameAs(r);
    }
  }

  @Test
  void throttle_appliesToMigrationsSubmittedLaterToo() {
    DeployRequest queued = Fixtures.accept(Fixtures.queued(), Action.throttle(0.5), at(1));
    Plan plan = DeployMachine.plan(queued, Fixtures.observe(at(2), true, null));
    DeployRequest r = DeployMachine.record(plan.request(), plan.commands().get(0),
        Outcome.submitted(Fixtures.handle(0), Fixtures.SHARDS), at(2));
    Plan next = DeployMachine.plan(r, Fixtures.observe(at(2), true, List.of()));
    assertThat(next.commands()).contains(new Command.Throttle("dr-1", 0, "commerce", Fixtures.handle(0), 0.5));
  }

  @Test
  void revert_isAllowedOnlyBeforeRevertExpiresAt() {
    DeployRequest r = Fixtures.completePendingRevert();
    assertThat(r.revertExpiresAt()).isEqualTo(at(4).plus(Duration.ofMinutes(30)));
    assertThat(DeployMachine.apply(r, Action.revert(), r.revertExpiresAt().minusMillis(1), 1).request().state())
        .isEqualTo(IN_PROGRESS_REVERT);
    ActionResult late = DeployMachine.apply(r, Action.revert(), r.revertExpiresAt(), 1);
    assertThat(((ActionResult.Rejected) late).reason())
        .startsWith("revert is not allowed in state complete_pending_revert: the revert window closed");
  }

  @Test
  void skipRevert_completesAtOnce() {
    DeployRequest r = Fixtures.accept(Fixtures.completePendingRevert(), Action.skipRevert(), at(5));
    assertThat(r.state()).isEqualTo(COMPLETE);
  }
}
