package dev.cutover.core;

import static dev.cutover.core.DeployState.*;
import static dev.cutover.core.Fixtures.at;
import static dev.cutover.core.Fixtures.observe;
import static dev.cutover.core.Fixtures.rows;
import static dev.cutover.core.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Spec section 7: open and closed, {@code unblock} and {@code holdQueueOnFailure},
 * {@code deploy(instant)}, {@code throttle(ratio, keyspace)}, and the action table itself.
 */
class FurtherActionRulesTest {

  private static final DeployOptions HOLD = DeployOptions.custom().holdQueueOnFailure(true).build();

  private static ActionResult.Rejected rejected(DeployRequest r, Action action) {
    ActionResult result = DeployMachine.apply(r, action, at(6), 1);
    assertThat(result).as("%s in %s", action.name(), r.state()).isInstanceOf(ActionResult.Rejected.class);
    ActionResult.Rejected rejected = (ActionResult.Rejected) result;
    assertThat(rejected.request()).as("a rejected action leaves the request unchanged").isSameAs(r);
    return rejected;
  }

  /** complete_error reached by a failed row. */
  private static DeployRequest failed(DeployOptions options) {
    DeployRequest r = Fixtures.inProgress(options);
    DeployRequest next = DeployMachine.plan(r,
        observe(at(3), false, with(rows(r, "running", false), 0, "-80", "failed", false))).request();
    assertThat(next.state()).isEqualTo(COMPLETE_ERROR);
    return next;
  }

  // ---------------------------------------------------------------------------------------------
  // The table

  @Test
  void section7_theActionTableHasOneRulePerAction_andEveryRuleOnlyAllowsStatesOfTheMachine() {
    for (Action.Kind kind : Action.Kind.values()) {
      ActionTable.Rule rule = ActionTable.rule(kind);
      assertThat(rule.action()).isEqualTo(kind);
      assertThat(rule.allowedIn()).as("%s", kind).isNotEmpty();
      assertThat(rule.elsewhere().keySet()).as("%s: hints only for states it is not allowed in", kind)
          .doesNotContainAnyElementsOf(rule.allowedIn());
    }
  }

  @Test
  void section7_everyEdgeTakenByAUserActionIsTheEdgeOfThatActionInTheTable() {
    for (Transitions.Edge e : Transitions.edges()) {
      if (e.cause().action() != null) {
        assertThat(ActionTable.rule(e.cause().action()).allowedIn()).as("%s", e).contains(e.from());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Open and closed

  @Test
  void section7_aRequestIsOpenWhenCreated() {
    assertThat(Fixtures.pending().open()).isTrue();
  }

  @Test
  void section7_close_allowedWhenOpenInPendingReadyOrATerminalState_theDeploymentStateIsUnchanged() {
    Set<DeployState> closable = EnumSet.of(PENDING, READY);
    closable.addAll(DeployState.terminalStates());
    for (DeployRequest r : Fixtures.oneOfEachReachableState()) {
      ActionResult result = DeployMachine.apply(r, Action.close(), at(6), 1);
      if (closable.contains(r.state())) {
        assertThat(result.accepted()).as("close in %s", r.state()).isTrue();
        assertThat(result.request().open()).isFalse();
        assertThat(result.request().state()).isEqualTo(r.state());
        assertThat(result.request().history()).isEqualTo(r.history());
      } else {
        assertThat(result.accepted()).as("close in %s", r.state()).isFalse();
      }
    }
  }

  @Test
  void section7_close_inAnyOtherStateIsRejectedWithAReasonThatSaysWhatToDoFirst() {
    assertThat(rejected(Fixtures.queued(), Action.close()).reason())
        .isEqualTo("close is not allowed in state queued: cancel it first");
    assertThat(rejected(Fixtures.inProgress(), Action.close()).reason())
        .isEqualTo("close is not allowed in state in_progress: cancel it first");
    assertThat(rejected(Fixtures.pendingCutover(), Action.close()).reason()).endsWith("cancel it first");
    assertThat(rejected(Fixtures.completePendingRevert(), Action.close()).reason())
        .isEqualTo("close is not allowed in state complete_pending_revert: skip or finish the revert first");
    assertThat(rejected(Fixtures.inProgressRevert(), Action.close()).reason())
        .isEqualTo("close is not allowed in state in_progress_revert: wait for the revert to finish");
    assertThat(rejected(Fixtures.inProgressCutover(), Action.close()).reason()).contains("skip or finish the revert");
    assertThat(rejected(Fixtures.inProgressCancel(), Action.close()).reason()).contains("wait for the cancellation");
  }

  @Test
  void section7_aClosedRequestRejectsEveryAction_theReasonSaysItIsClosed() {
    DeployRequest closed = Fixtures.accept(Fixtures.ready(), Action.close(), at(2));
    for (Action action : List.of(Action.approve(), Action.deploy(), Action.cancel(), Action.apply(),
        Action.setAutoApply(false), Action.throttle(0.5), Action.revert(), Action.skipRevert(), Action.close(),
        Action.forceCutover(), Action.unblock(), Action.deploy(true), Action.throttle(0.5, "commerce"))) {
      ActionResult.Rejected r = rejected(closed, action);
      assertThat(r.reason()).isEqualTo(action.name() + " is not allowed in state ready: the request is closed");
      assertThat(r.kind()).isEqualTo(ActionResult.Kind.NOT_ALLOWED);
    }
  }

  @Test
  void section7_aClosedRequestsStepIsNeverRunAgain_butCommandsAlreadyOwedToTheBackendAreStillSent() {
    // complete_error with the cleanup cancellation of change 1 still owed, then closed
    DeployRequest failed = failed(DeployOptions.ofDefaults());
    assertThat(failed.submittedChange(1).orElseThrow().cancellation()).isEqualTo(CommandState.REQUESTED);
    DeployRequest closed = Fixtures.accept(failed, Action.close(), at(4));
    Plan plan = DeployMachine.plan(closed, observe(at(5), false, null));
    assertThat(plan.needsRows()).isFalse();
    assertThat(plan.request()).isEqualTo(closed);
    assertThat(plan.commands()).extracting(Command::name).containsOnly("cancel");
    assertThat(closed.needsDriving()).isTrue();
    DeployRequest cleaned = closed;
    for (Command c : plan.commands()) {
      cleaned = DeployMachine.record(cleaned, c, Outcome.done(), at(5));
    }
    assertThat(cleaned.needsDriving()).isFalse();
  }

  @Test
  void section7_aRequestClosedWhilePendingIsNeverAnalysed_andStaysPending() {
    DeployRequest closed = Fixtures.accept(Fixtures.pending(), Action.close(), at(1));
    assertThat(closed.state()).isEqualTo(PENDING);
    assertThat(closed.needsDriving()).as("a driver does not visit it").isFalse();
    Plan plan = DeployMachine.plan(closed, observe(at(2), true, null));
    assertThat(plan.request()).isEqualTo(closed);
    assertThat(plan.commands()).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> DeployMachine.analysed(closed, Fixtures.allOk(closed, true), at(2)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  // ---------------------------------------------------------------------------------------------
  // Holding the queue and unblock

  @Test
  void section7_holdQueueOnFailure_aFailedRowsCompleteErrorOccupiesTheDatabase() {
    assertThat(failed(HOLD).occupiesDatabase()).isTrue();
    assertThat(failed(HOLD).holdsDatabase()).isTrue();
    assertThat(failed(DeployOptions.ofDefaults()).occupiesDatabase()).isFalse();
  }

  @Test
  void section7_holdQueueOnFailure_holdsOnACancellationThatFindsACompleteRow() {
    DeployRequest cancelling = Fixtures.accept(Fixtures.inProgress(HOLD), Action.cancel(), at(3));
    List<MigrationRow> rows = with(rows(cancelling, "cancelled", false), 0, "-80", "complete", false);
    DeployRequest next = DeployMachine.plan(cancelling, observe(at(4), false, rows)).request();
    assertThat(next.state()).isEqualTo(COMPLETE_ERROR);
    assertThat(next.occupiesDatabase()).isTrue();
  }

  @Test
  void section7_holdQueueOnFailure_holdsOnCompleteRevertError() {
    DeployRequest r = Fixtures.inProgressRevert();
    DeployRequest held = r.toBuilder().options(HOLD).build();
    Plan plan = DeployMachine.plan(held, observe(at(6), false, List.of()));
    DeployRequest next = DeployMachine.record(plan.request(), plan.commands().get(0),
        Outcome.submitted(Fixtures.revertHandle(1), Fixtures.SHARDS), at(6));
    DeployRequest done = DeployMachine.plan(next, observe(at(7), false, Fixtures.revertRows(next, "failed"))).request();
    assertThat(done.state()).isEqualTo(COMPLETE_REVERT_ERROR);
    assertThat(done.occupiesDatabase()).isTrue();
  }

  @Test
  void section7_holdQueueOnFailure_neverHoldsOnError() {
    DeployRequest r = Fixtures.pending(HOLD, 1);
    DeployRequest error = DeployMachine.analysisRejected(r, "bad", at(1));
    assertThat(error.state()).isEqualTo(ERROR);
    assertThat(error.occupiesDatabase()).isFalse();
    assertThat(error.needsDriving()).isFalse();
  }

  @Test
  void section7_heldRequestStaysTerminal_unblockReleasesTheDatabaseAndChangesNothingElse() {
    DeployRequest held = failed(HOLD);
    DeployRequest unblocked = Fixtures.accept(held, Action.unblock(), at(5));
    assertThat(unblocked.state()).isEqualTo(COMPLETE_ERROR);
    assertThat(unblocked.history()).isEqualTo(held.history());
    assertThat(unblocked.occupiesDatabase()).isFalse();
    assertThat(unblocked.unblocked()).isTrue();
  }

  @Test
  void section7_unblock_isRejectedOnceTheRequestWasUnblocked() {
    DeployRequest unblocked = Fixtures.accept(failed(HOLD), Action.unblock(), at(5));
    assertThat(rejected(unblocked, Action.unblock()).reason())
        .isEqualTo("unblock is not allowed in state complete_error: the request was already unblocked");
  }

  @Test
  void section7_unblock_isRejectedInEveryOtherCaseThanAHeldFailure() {
    assertThat(rejected(failed(DeployOptions.ofDefaults()), Action.unblock()).reason())
        .isEqualTo("unblock is not allowed in state complete_error: the request does not hold its database"
            + " (holdQueueOnFailure is off)");
    for (DeployRequest r : Fixtures.oneOfEachReachableState()) {
      if (r.state() != COMPLETE_ERROR && r.state() != COMPLETE_REVERT_ERROR) {
        assertThat(rejected(r, Action.unblock()).reason()).isEqualTo("unblock is not allowed in state " + r.state());
      }
    }
    DeployRequest closed = Fixtures.accept(failed(HOLD), Action.close(), at(5));
    assertThat(rejected(closed, Action.unblock()).reason()).endsWith("the request is closed");
  }

  @Test
  void section7_closingARequestThatHoldsItsDatabaseReleasesTheDatabase() {
    DeployRequest closed = Fixtures.accept(failed(HOLD), Action.close(), at(5));
    assertThat(closed.state()).isEqualTo(COMPLETE_ERROR);
    assertThat(closed.occupiesDatabase()).isFalse();
  }

  // ---------------------------------------------------------------------------------------------
  // deploy(instant)

  @Test
  void section7_deployInstant_replacesTheInstantOptionBeforeTheRulesOfDeployAreChecked() {
    DeployRequest ready = Fixtures.ready(); // every change instant-eligible
    DeployRequest queued = Fixtures.accept(ready, Action.deploy(true), at(1));
    assertThat(queued.state()).isEqualTo(QUEUED);
    assertThat(queued.options().instant()).isTrue();
    DeployRequest instantReady = Fixtures.ready(DeployOptions.custom().instant(true).build());
    assertThat(Fixtures.accept(instantReady, Action.deploy(false), at(1)).options().instant()).isFalse();
    assertThat(Fixtures.accept(instantReady, Action.deploy(), at(1)).options().instant())
        .as("without instant, the option stays").isTrue();
  }

  @Test
  void section7_deployInstant_aRejectedDeployLeavesTheOptionAsItWas() {
    DeployRequest manual = Fixtures.ready(DeployOptions.custom().autoApply(false).build());
    ActionResult.Rejected r = rejected(manual, Action.deploy(true));
    assertThat(r.reason()).isEqualTo("deploy is not allowed in state ready: an instant deploy requires auto-apply");
    assertThat(r.request().options().instant()).isFalse();
    DeployRequest notEligible = DeployMachine.analysed(Fixtures.pending(), new Analysis(List.of(
        Analysis.ChangeAnalysis.ok(true), Analysis.ChangeAnalysis.ok(false))), at(0));
    assertThat(rejected(notEligible, Action.deploy(true)).reason())
        .endsWith("change 1 is not eligible for an instant deploy");
  }

  // ---------------------------------------------------------------------------------------------
  // throttle(ratio, keyspace)

  /** A request in in_progress with change 0 in commerce and change 1 in customer. */
  private static DeployRequest twoKeyspaces() {
    DeployRequest r = DeployRequest.create("dr-2", "main", List.of(
        new Change("commerce", "ALTER TABLE a ADD COLUMN c INT"),
        new Change("customer", "ALTER TABLE b ADD COLUMN c INT")), DeployOptions.ofDefaults(), Fixtures.T0);
    r = DeployMachine.analysed(r, Fixtures.allOk(r, false), at(0));
    r = Fixtures.accept(r, Action.deploy(), at(1));
    Plan plan = DeployMachine.plan(r, observe(at(2), true, null));
    r = plan.request();
    while (!plan.commands().isEmpty() && plan.commands().get(0) instanceof Command.Submit s) {
      r = DeployMachine.record(r, s, Outcome.submitted(Fixtures.handle(s.change()),
          s.keyspace().equals("commerce") ? Fixtures.SHARDS : List.of("-")), at(2));
      plan = DeployMachine.plan(r, observe(at(2), true, List.of()));
      r = plan.request();
    }
    assertThat(r.state()).isEqualTo(IN_PROGRESS);
    return r;
  }

  private static List<Command> throttles(DeployRequest r) {
    return DeployMachine.plan(r, observe(at(7), false, rows(r, "running", false))).commands().stream()
        .filter(c -> c instanceof Command.Throttle).toList();
  }

  private static DeployRequest acknowledged(DeployRequest r) {
    Plan plan = DeployMachine.plan(r, observe(at(7), false, rows(r, "running", false)));
    DeployRequest next = plan.request();
    for (Command c : plan.commands()) {
      next = DeployMachine.record(next, c, Outcome.done(), at(7));
    }
    return next;
  }

  @Test
  void section7_throttleKeyspace_limitsTheRatioToThatKeyspacesMigrations() {
    DeployRequest r = Fixtures.accept(twoKeyspaces(), Action.throttle(0.5, "customer"), at(6));
    assertThat(throttles(r)).containsExactly(
        new Command.Throttle("dr-2", 1, "customer", Fixtures.handle(1), 0.5));
  }

  @Test
  void section7_throttleKeyspace_overridesTheRequestWideRatioThere() {
    DeployRequest wide = acknowledged(Fixtures.accept(twoKeyspaces(), Action.throttle(0.3), at(6)));
    DeployRequest r = Fixtures.accept(wide, Action.throttle(0.9, "commerce"), at(7));
    assertThat(throttles(r)).containsExactly(new Command.Throttle("dr-2", 0, "commerce", Fixtures.handle(0), 0.9));
  }

  @Test
  void section7_aKeyspacesOwnRatioKeepsPriorityOverALaterRequestWideThrottle() {
    DeployRequest own = acknowledged(Fixtures.accept(twoKeyspaces(), Action.throttle(0.5, "customer"), at(6)));
    DeployRequest r = Fixtures.accept(own, Action.throttle(0.2), at(7));
    assertThat(throttles(r)).as("a request-wide throttle sends commands only where the keyspace has no ratio")
        .containsExactly(new Command.Throttle("dr-2", 0, "commerce", Fixtures.handle(0), 0.2));
  }

  @Test
  void section7_throttleKeyspace_aKeyspaceThatNoChangeUsesIsRejectedAsAnInvalidArgument() {
    DeployRequest r = twoKeyspaces();
    ActionResult.Rejected rejected = rejected(r, Action.throttle(0.5, "nowhere"));
    assertThat(rejected.kind()).isEqualTo(ActionResult.Kind.INVALID_ARGUMENT);
    assertThat(rejected.reason()).startsWith("throttle keyspace 'nowhere' is invalid in state in_progress")
        .contains("commerce", "customer");
    ActionResult.Rejected ratio = rejected(r, Action.throttle(0.99, "commerce"));
    assertThat(ratio.kind()).isEqualTo(ActionResult.Kind.INVALID_ARGUMENT);
  }

  @Test
  void section7_throttleKeyspace_isAllowedWhereThrottleIs() {
    assertThat(rejected(Fixtures.ready(), Action.throttle(0.5, "commerce")).reason())
        .isEqualTo("throttle is not allowed in state ready");
    assertThat(Fixtures.accept(Fixtures.queued(), Action.throttle(0.5, "commerce"), at(2)).throttleRatioOf("commerce"))
        .isEqualTo(0.5);
  }

  @Test
  void section2_holdQueueOnFailureIsOffByDefault() {
    assertThat(DeployOptions.ofDefaults().holdQueueOnFailure()).isFalse();
    assertThat(DeployOptions.from(HOLD).build().holdQueueOnFailure()).isTrue();
  }
}
