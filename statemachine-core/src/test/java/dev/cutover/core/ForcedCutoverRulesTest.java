package dev.cutover.core;

import static dev.cutover.core.DeployState.*;
import static dev.cutover.core.Fixtures.at;
import static dev.cutover.core.Fixtures.observe;
import static dev.cutover.core.Fixtures.rows;
import static dev.cutover.core.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec section 7, "Forced cutover": when the step asks for it, for which changes, how often. */
class ForcedCutoverRulesTest {

  /** A request in in_progress_cutover whose completions were sent, rows ready but not complete. */
  private static DeployRequest forced() {
    return Fixtures.accept(Fixtures.inProgressCutover(), Action.forceCutover(), at(4));
  }

  private static List<Command> forcedCutovers(Plan plan) {
    return plan.commands().stream().filter(c -> c instanceof Command.ForceCutover).toList();
  }

  @Test
  void section7_forceCutover_leavesTheStateUnchangedAndSendsNothingByItself() {
    DeployRequest before = Fixtures.inProgressCutover();
    DeployRequest after = forced();
    assertThat(after.state()).isEqualTo(IN_PROGRESS_CUTOVER);
    assertThat(after.history()).isEqualTo(before.history());
    assertThat(after.forceCutoverWanted()).isTrue();
    assertThat(after.submitted()).allMatch(sc -> sc.forcedCutover() == CommandState.NONE);
  }

  @Test
  void section7_forcedCutover_askedAfterRule4ForEveryChangeWhoseCompletionWasSent_inChangeOrder() {
    DeployRequest r = forced();
    Plan plan = DeployMachine.plan(r, observe(at(5), false, rows(r, "running", true)));
    assertThat(plan.request().state()).isEqualTo(IN_PROGRESS_CUTOVER);
    assertThat(forcedCutovers(plan)).extracting(Command::change).containsExactly(0, 1);
    assertThat(plan.request().submitted()).as("the intent is saved before the command is sent")
        .allMatch(sc -> sc.forcedCutover() == CommandState.REQUESTED);
  }

  @Test
  void section7_forcedCutover_onlyForAChangeThatStillHasAnExpectedRowNotComplete() {
    DeployRequest r = forced();
    List<MigrationRow> rows = with(with(rows(r, "running", true), 0, "-80", "complete", false),
        0, "80-", "complete", false);
    Plan plan = DeployMachine.plan(r, observe(at(5), false, rows));
    assertThat(forcedCutovers(plan)).extracting(Command::change).containsExactly(1);
    // a row not visible is not complete: the change still gets it
    Plan missing = DeployMachine.plan(r, observe(at(5), false, with(rows(r, "complete", false), 1, "80-", null, false)));
    assertThat(forcedCutovers(missing)).extracting(Command::change).containsExactly(1);
  }

  @Test
  void section7_forcedCutover_notAskedWithoutForceCutover() {
    DeployRequest r = Fixtures.inProgressCutover();
    Plan plan = DeployMachine.plan(r, observe(at(5), false, rows(r, "running", true)));
    assertThat(forcedCutovers(plan)).isEmpty();
  }

  @Test
  void section7_forcedCutover_sentOncePerChange_aRepeatedForceCutoverSendsNothingForAChangeAlreadyForced() {
    DeployRequest r = forced();
    Plan plan = DeployMachine.plan(r, observe(at(5), false, rows(r, "running", true)));
    DeployRequest next = plan.request();
    for (Command c : plan.commands()) {
      next = DeployMachine.record(next, c, Outcome.done(), at(5));
    }
    assertThat(next.submitted()).allMatch(sc -> sc.forcedCutover() == CommandState.DONE);
    assertThat(forcedCutovers(DeployMachine.plan(next, observe(at(6), false, rows(next, "running", true))))).isEmpty();
    DeployRequest again = Fixtures.accept(next, Action.forceCutover(), at(7));
    assertThat(forcedCutovers(DeployMachine.plan(again, observe(at(8), false, rows(again, "running", true)))))
        .isEmpty();
  }

  @Test
  void section7_forcedCutover_retriedOnALaterTickAfterATransientFailure() {
    DeployRequest r = forced();
    Plan plan = DeployMachine.plan(r, observe(at(5), false, rows(r, "running", true)));
    DeployRequest next = plan.request();
    List<Command> sent = forcedCutovers(plan);
    next = DeployMachine.record(next, sent.get(0), Outcome.failed(FailureKind.TRANSIENT, "busy"), at(5));
    next = DeployMachine.record(next, sent.get(1), Outcome.done(), at(5));
    Plan later = DeployMachine.plan(next, observe(at(6), false, rows(next, "running", true)));
    assertThat(forcedCutovers(later)).extracting(Command::change).containsExactly(0);
  }

  @Test
  void section7_forcedCutover_aPermanentRefusalIsRecordedAndNotSentAgain() {
    DeployRequest r = forced();
    Plan plan = DeployMachine.plan(r, observe(at(5), false, rows(r, "running", true)));
    DeployRequest next = plan.request();
    List<Command> sent = forcedCutovers(plan);
    next = DeployMachine.record(next, sent.get(0), Outcome.failed(FailureKind.PERMANENT, "no such migration"), at(5));
    next = DeployMachine.record(next, sent.get(1), Outcome.done(), at(5));
    assertThat(next.submittedChange(0).orElseThrow().forcedCutover()).isEqualTo(CommandState.FAILED);
    assertThat(next.warnings()).anyMatch(w -> w.contains("forced cutover of change 0 refused: no such migration"));
    assertThat(next.state()).as("a refused forced cutover changes no state").isEqualTo(IN_PROGRESS_CUTOVER);
    DeployRequest again = Fixtures.accept(next, Action.forceCutover(), at(6));
    assertThat(forcedCutovers(DeployMachine.plan(again, observe(at(7), false, rows(again, "running", true)))))
        .isEmpty();
  }

  @Test
  void section7_forcedCutover_stillOwedWhenTheRequestLeavesInProgressCutoverIsDropped() {
    DeployRequest r = forced();
    Plan plan = DeployMachine.plan(r, observe(at(5), false, rows(r, "running", true)));
    DeployRequest next = plan.request();
    for (Command c : forcedCutovers(plan)) {
      next = DeployMachine.record(next, c, Outcome.failed(FailureKind.TRANSIENT, "busy"), at(5));
    }
    Plan done = DeployMachine.plan(next, observe(at(6), false, rows(next, "complete", false)));
    assertThat(done.request().state()).isEqualTo(COMPLETE_PENDING_REVERT);
    assertThat(forcedCutovers(done)).isEmpty();
    assertThat(done.request().forceCutoverWanted()).isFalse();
    assertThat(done.request().submitted()).allMatch(sc -> sc.forcedCutover() == CommandState.NONE);
  }

  @Test
  void section7_forcedCutover_aChangeWhoseCompletionIsSentLaterBecauseTheGateReopenedGetsItInTheSameStep() {
    // in_progress_cutover, the completion of change 1 failed transiently, then its row stopped being ready
    DeployRequest r = Fixtures.inProgress();
    Plan plan = DeployMachine.plan(r, observe(at(3), false, rows(r, "running", true)));
    DeployRequest cut = plan.request();
    cut = DeployMachine.record(cut, plan.commands().get(0), Outcome.done(), at(3));
    cut = DeployMachine.record(cut, plan.commands().get(1), Outcome.failed(FailureKind.TRANSIENT, "busy"), at(3));
    cut = Fixtures.accept(cut, Action.forceCutover(), at(4));
    List<MigrationRow> gateClosed = with(rows(cut, "running", true), 1, "-80", "running", false);
    Plan closed = DeployMachine.plan(cut, observe(at(5), false, gateClosed));
    assertThat(closed.commands()).as("gate closed: change 1's completion waits, change 0 is forced")
        .containsExactly(new Command.ForceCutover("dr-1", 0, "commerce", Fixtures.handle(0)));
    DeployRequest next = DeployMachine.record(closed.request(), closed.commands().get(0), Outcome.done(), at(5));
    Plan reopened = DeployMachine.plan(next, observe(at(6), false, rows(next, "running", true)));
    assertThat(reopened.commands()).containsExactly(
        new Command.Complete("dr-1", 1, "commerce", Fixtures.handle(1)),
        new Command.ForceCutover("dr-1", 1, "commerce", Fixtures.handle(1)));
  }

  @Test
  void section7_forcedCutover_neverAskedOutsideInProgressCutover() {
    for (DeployRequest r : Fixtures.oneOfEachReachableState()) {
      if (r.state() == IN_PROGRESS_CUTOVER) {
        continue;
      }
      assertThat(DeployMachine.apply(r, Action.forceCutover(), at(6), 1).accepted()).as("%s", r.state()).isFalse();
    }
  }
}
