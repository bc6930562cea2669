package dev.cutover.core;

import static dev.cutover.core.DeployState.*;
import static dev.cutover.core.Fixtures.at;
import static dev.cutover.core.Fixtures.handle;
import static dev.cutover.core.Fixtures.observe;
import static dev.cutover.core.Fixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec section 4: the step of each state, one test per rule. */
class StepRulesTest {

  @Test
  void pending_noChangesGivesNoChanges() {
    DeployRequest r = DeployRequest.create("dr-9", "main", List.of(), DeployOptions.ofDefaults(), Fixtures.T0);
    assertThat(DeployMachine.analysed(r, new Analysis(List.of()), at(0)).state()).isEqualTo(NO_CHANGES);
  }

  @Test
  void pending_anInvalidChangeGivesErrorWithTheMessages() {
    DeployRequest r = DeployMachine.analysed(Fixtures.pending(), new Analysis(List.of(
        Analysis.ChangeAnalysis.ok(false), Analysis.ChangeAnalysis.lintError("no such table t1"))), at(0));
    assertThat(r.state()).isEqualTo(ERROR);
    assertThat(r.errors()).containsExactly("change 1: no such table t1");
  }

  @Test
  void pending_validChangesGiveReadyWithInstantEligibilityPerChange() {
    DeployRequest r = DeployMachine.analysed(Fixtures.pending(), new Analysis(List.of(
        Analysis.ChangeAnalysis.ok(true), Analysis.ChangeAnalysis.ok(false))), at(0));
    assertThat(r.state()).isEqualTo(READY);
    assertThat(r.instantEligible()).containsExactly(true, false);
  }

  @Test
  void queued_waitsUnlessAdmissible() {
    DeployRequest r = Fixtures.queued();
    Plan plan = DeployMachine.plan(r, observe(at(2), false, null));
    assertThat(plan.request()).isEqualTo(r);
    assertThat(plan.commands()).isEmpty();
  }

  @Test
  void queued_admittedGoesToSubmittingAndContinuesWithTheFirstSubmission() {
    Plan plan = DeployMachine.plan(Fixtures.queued(), observe(at(2), true, null));
    assertThat(plan.request().state()).isEqualTo(SUBMITTING);
    assertThat(plan.commands()).containsExactly(new Command.Submit("dr-1", 0, "commerce",
        "ALTER TABLE t0 ADD COLUMN c INT", plan.request().migrationContext(), false, Command.Mode.FRESH));
    assertThat(plan.request().pendingSubmission()).as("the intent is saved before the command is sent")
        .isEqualTo(new SubmissionIntent(SubmissionIntent.Kind.CHANGE, 0, at(2), Fixtures.OWNER));
  }

  @Test
  void submitting_submitsEveryChangeInOrderOneAtATimeTaggedWithTheRequestsContext() {
    DeployRequest r = DeployMachine.plan(Fixtures.queued(), observe(at(2), true, null)).request();
    r = DeployMachine.record(r, new Command.Submit("dr-1", 0, "commerce", "x", r.migrationContext(), false,
        Command.Mode.FRESH), Outcome.submitted(handle(0), Fixtures.SHARDS), at(2));
    assertThat(r.submittedChange(0).orElseThrow().shards()).isEqualTo(Fixtures.SHARDS);
    assertThat(r.pendingSubmission()).isNull();
    String context = r.migrationContext();
    Plan second = DeployMachine.plan(r, observe(at(2), false, null));
    assertThat(second.commands()).singleElement().satisfies(c -> {
      assertThat(c).isInstanceOf(Command.Submit.class);
      assertThat(c.change()).isEqualTo(1);
      assertThat(((Command.Submit) c).migrationContext()).isEqualTo(context);
    });
  }

  @Test
  void submitting_aTransientFailureStaysInSubmittingAndResumesByLookingUpFirst() {
    Plan plan = DeployMachine.plan(Fixtures.queued(), observe(at(2), true, null));
    DeployRequest r = DeployMachine.record(plan.request(), plan.commands().get(0),
        Outcome.failed(FailureKind.TRANSIENT, "timeout"), at(2));
    assertThat(r.state()).isEqualTo(SUBMITTING);
    assertThat(r.pendingSubmission()).isNotNull();
    Plan retry = DeployMachine.plan(r, observe(at(3), false, null));
    assertThat(retry.commands()).singleElement()
        .satisfies(c -> assertThat(((Command.Submit) c).mode()).isEqualTo(Command.Mode.RESUME));
  }

  @Test
  void submitting_anotherDriversUnfinishedSubmissionIsLeftAloneForTheLease() {
    Plan plan = DeployMachine.plan(Fixtures.queued(), observe(at(2), true, null));
    DeployRequest r = plan.request();
    Observation other = new Observation(at(30), false, null, "other-driver", Duration.ofMinutes(1));
    assertThat(DeployMachine.plan(r, other).commands()).isEmpty();
    Observation later = new Observation(at(62), false, null, "other-driver", Duration.ofMinutes(1));
    assertThat(DeployMachine.plan(r, later).commands()).hasSize(1);
  }

  @Test
  void submitting_aPermanentRejectionCancelsWhatWasSubmittedAndEndsInError() {
    DeployRequest r = DeployMachine.plan(Fixtures.queued(), observe(at(2), true, null)).request();
    r = DeployMachine.record(r, DeployMachine.plan(Fixtures.queued(), observe(at(2), true, null)).commands().get(0),
        Outcome.submitted(handle(0), Fixtures.SHARDS), at(2));
    Plan second = DeployMachine.plan(r, observe(at(2), false, null));
    r = DeployMachine.record(second.request(), second.commands().get(0),
        Outcome.failed(FailureKind.PERMANENT, "syntax error"), at(2));
    assertThat(r.state()).isEqualTo(ERROR);
    assertThat(r.errors()).containsExactly("change 1: rejected: syntax error");
    assertThat(r.submittedChange(0).orElseThrow().cancellation()).isEqualTo(CommandState.REQUESTED);
    Plan cleanup = DeployMachine.plan(r, observe(at(2), false, null));
    assertThat(cleanup.commands()).containsExactly(new Command.Cancel("dr-1", 0, "commerce", handle(0)));
  }

  @Test
  void submitting_allSubmittedGoesToInProgressAndContinuesToReadTheRows() {
    DeployRequest r = Fixtures.allSubmitted(DeployOptions.ofDefaults());
    Plan withoutRows = DeployMachine.plan(r, observe(at(2), false, null));
    assertThat(withoutRows.needsRows()).isTrue();
    assertThat(withoutRows.request()).as("nothing is decided before the rows are read").isEqualTo(r);
    Plan withRows = DeployMachine.plan(r, observe(at(2), false, rows(r, "running", false)));
    assertThat(withRows.needsRows()).isFalse();
    assertThat(withRows.request().state()).isEqualTo(IN_PROGRESS);
  }

  @Test
  void inProgressCancel_requestsCancellationOfEveryChangeStillRunning_once() {
    DeployRequest r = Fixtures.inProgressCancel();
    List<MigrationRow> rows = Fixtures.with(rows(r, "running", false), 0, "-80", "cancelled", false);
    rows = Fixtures.with(rows, 0, "80-", "cancelled", false);
    Plan plan = DeployMachine.plan(r, observe(at(3), false, rows));
    assertThat(plan.request().state()).isEqualTo(IN_PROGRESS_CANCEL);
    assertThat(plan.commands()).containsExactly(new Command.Cancel("dr-1", 1, "commerce", handle(1)));
    DeployRequest asked = DeployMachine.record(plan.request(), plan.commands().get(0), Outcome.done(), at(3));
    assertThat(DeployMachine.plan(asked, observe(at(4), false, rows)).commands()).as("not asked twice").isEmpty();
  }

  @Test
  void inProgressCancel_everyRowTerminalGivesCompleteCancel() {
    DeployRequest r = Fixtures.inProgressCancel();
    assertThat(DeployMachine.plan(r, observe(at(4), false, rows(r, "cancelled", false))).request().state())
        .isEqualTo(COMPLETE_CANCEL);
  }

  @Test
  void inProgressCancel_anyRowCompleteGivesCompleteError() {
    DeployRequest r = Fixtures.inProgressCancel();
    List<MigrationRow> rows = Fixtures.with(rows(r, "cancelled", false), 1, "80-", "complete", false);
    assertThat(DeployMachine.plan(r, observe(at(4), false, rows)).request().state()).isEqualTo(COMPLETE_ERROR);
  }

  @Test
  void inProgressCancel_anExpectedRowNotVisibleIsNotTerminal() {
    DeployRequest r = Fixtures.inProgressCancel();
    List<MigrationRow> rows = Fixtures.with(rows(r, "cancelled", false), 1, "80-", null, false);
    assertThat(DeployMachine.plan(r, observe(at(4), false, rows)).request().state()).isEqualTo(IN_PROGRESS_CANCEL);
  }

  @Test
  void inProgressCancel_aCancelDuringSubmissionAdoptsWhatMayHaveBeenSubmittedBeforeDeciding() {
    DeployRequest submitting = DeployMachine.plan(Fixtures.queued(), observe(at(2), true, null)).request();
    DeployRequest cancelled = Fixtures.accept(submitting, Action.cancel(), at(2));
    Plan plan = DeployMachine.plan(cancelled, observe(at(3), false, List.of()));
    assertThat(plan.commands()).singleElement()
        .satisfies(c -> assertThat(((Command.Submit) c).mode()).isEqualTo(Command.Mode.ADOPT_ONLY));
    DeployRequest adopted = DeployMachine.record(plan.request(), plan.commands().get(0),
        Outcome.submitted(handle(0), Fixtures.SHARDS), at(3));
    Plan next = DeployMachine.plan(adopted, observe(at(3), false, rows(adopted, "running", false)));
    assertThat(next.commands()).containsExactly(new Command.Cancel("dr-1", 0, "commerce", handle(0)));
    DeployRequest notFound = DeployMachine.record(plan.request(), plan.commands().get(0), Outcome.notFound(), at(3));
    assertThat(DeployMachine.plan(notFound, observe(at(3), false, List.of())).request().state())
        .isEqualTo(COMPLETE_CANCEL);
  }

  @Test
  void completePendingRevert_windowExpiryGivesComplete() {
    DeployRequest r = Fixtures.completePendingRevert();
    assertThat(DeployMachine.plan(r, observe(r.revertExpiresAt().minusSeconds(1), false, null)).request().state())
        .isEqualTo(COMPLETE_PENDING_REVERT);
    DeployRequest done = DeployMachine.plan(r, observe(r.revertExpiresAt(), false, null)).request();
    assertThat(done.state()).isEqualTo(COMPLETE);
    assertThat(done.history()).last().isEqualTo(new HistoryEntry(r.revertExpiresAt(), COMPLETE, Cause.REVERT_WINDOW_EXPIRED));
  }

  @Test
  void inProgressRevert_revertsLastChangeFirst_nextOnlyWhenThePreviousIsCompleteOnEveryShard() {
    DeployRequest r = Fixtures.inProgressRevert();
    Plan first = DeployMachine.plan(r, observe(at(6), false, null));
    assertThat(first.commands()).singleElement().satisfies(c -> {
      assertThat(c).isInstanceOf(Command.Revert.class);
      assertThat(c.change()).isEqualTo(1);
    });
    r = DeployMachine.record(first.request(), first.commands().get(0),
        Outcome.submitted(Fixtures.revertHandle(1), Fixtures.SHARDS), at(6));
    List<MigrationRow> half = List.of(MigrationRow.of(Fixtures.revertHandle(1), "-80", "complete", false),
        MigrationRow.of(Fixtures.revertHandle(1), "80-", "running", false));
    assertThat(DeployMachine.plan(r, observe(at(7), false, half)).commands()).as("change 0 waits").isEmpty();
    Plan second = DeployMachine.plan(r, observe(at(8), false, Fixtures.revertRows(r, "complete")));
    assertThat(second.commands()).singleElement().satisfies(c -> assertThat(c.change()).isEqualTo(0));
  }

  @Test
  void inProgressRevert_allRevertedGivesCompleteRevert() {
    assertThat(Fixtures.completeRevert().state()).isEqualTo(COMPLETE_REVERT);
  }

  @Test
  void inProgressRevert_aFailedOrCancelledRevertRowGivesCompleteRevertError() {
    assertThat(Fixtures.completeRevertError().state()).isEqualTo(COMPLETE_REVERT_ERROR);
    DeployRequest r = Fixtures.inProgressRevert();
    Plan plan = DeployMachine.plan(r, observe(at(6), false, null));
    r = DeployMachine.record(plan.request(), plan.commands().get(0),
        Outcome.submitted(Fixtures.revertHandle(1), Fixtures.SHARDS), at(6));
    assertThat(DeployMachine.plan(r, observe(at(7), false, Fixtures.revertRows(r, "cancelled"))).request().state())
        .isEqualTo(COMPLETE_REVERT_ERROR);
  }

  @Test
  void aStepReadsTheRowsAtMostOnce_andAsksForThemOnlyWhenItWatchesMigrations() {
    DeployRequest r = Fixtures.inProgress();
    assertThat(DeployMachine.watchesRows(r)).isTrue();
    assertThat(DeployMachine.plan(r, observe(at(3), false, null)).needsRows()).isTrue();
    assertThat(DeployMachine.plan(r, observe(at(3), false, rows(r, "running", false))).needsRows()).isFalse();
    assertThat(DeployMachine.watchesRows(Fixtures.completePendingRevert())).isFalse();
    assertThat(DeployMachine.watchesRows(Fixtures.inProgressRevert())).as("no revert submitted yet").isFalse();
  }

  @Test
  void enteringCompleteErrorAsksForCancellationInTheSameStep() {
    DeployRequest r = Fixtures.inProgress();
    Plan plan = DeployMachine.plan(r, observe(at(3), false,
        Fixtures.with(rows(r, "running", false), 0, "-80", "failed", false)));
    assertThat(plan.request().state()).isEqualTo(COMPLETE_ERROR);
    assertThat(plan.commands()).containsExactly(new Command.Cancel("dr-1", 0, "commerce", handle(0)),
        new Command.Cancel("dr-1", 1, "commerce", handle(1)));
  }

  @Test
  void aCommandThatFailedTransientlyIsRetriedLaterEvenAfterTheRequestBecameTerminal() {
    DeployRequest r = Fixtures.inProgress();
    Plan plan = DeployMachine.plan(r, observe(at(3), false,
        Fixtures.with(rows(r, "running", false), 0, "-80", "failed", false)));
    DeployRequest failedOnce = DeployMachine.record(plan.request(), plan.commands().get(1),
        Outcome.failed(FailureKind.TRANSIENT, "timeout"), at(3));
    failedOnce = DeployMachine.record(failedOnce, plan.commands().get(0), Outcome.done(), at(3));
    assertThat(failedOnce.state().isTerminal()).isTrue();
    assertThat(failedOnce.needsDriving()).isTrue();
    Plan retry = DeployMachine.plan(failedOnce, observe(at(4), false, null));
    assertThat(retry.commands()).containsExactly(new Command.Cancel("dr-1", 1, "commerce", handle(1)));
    DeployRequest cleaned = DeployMachine.record(retry.request(), retry.commands().get(0), Outcome.done(), at(4));
    assertThat(cleaned.needsDriving()).isFalse();
  }

  @Test
  void aSubmissionThatArrivesAfterTheRequestEndedIsCancelled() {
    DeployRequest submitting = DeployMachine.plan(Fixtures.queued(), observe(at(2), true, null)).request();
    DeployRequest cancelled = Fixtures.accept(submitting, Action.cancel(), at(2));
    Plan plan = DeployMachine.plan(cancelled, observe(at(3), false, List.of()));
    DeployRequest ended = DeployMachine.record(plan.request(), plan.commands().get(0), Outcome.notFound(), at(3));
    ended = DeployMachine.plan(ended, observe(at(3), false, List.of())).request();
    assertThat(ended.state()).isEqualTo(COMPLETE_CANCEL);
    DeployRequest late = DeployMachine.record(ended, new Command.Submit("dr-1", 0, "commerce", "x",
        ended.migrationContext(), false, Command.Mode.FRESH), Outcome.submitted(handle(0), Fixtures.SHARDS), at(4));
    assertThat(late.submittedChange(0).orElseThrow().cancellation()).isEqualTo(CommandState.REQUESTED);
  }

  @Test
  void inProgressCancel_whenEveryRunningMigrationRefusedItsCancellationEndsInCompleteError() {
    DeployRequest r = Fixtures.inProgressCancel();
    Plan plan = DeployMachine.plan(r, observe(at(3), false, rows(r, "running", false)));
    DeployRequest refused = plan.request();
    for (Command c : plan.commands()) {
      refused = DeployMachine.record(refused, c, Outcome.failed(FailureKind.PERMANENT, "no"), at(3));
    }
    assertThat(refused.state()).isEqualTo(IN_PROGRESS_CANCEL);
    DeployRequest next = DeployMachine.plan(refused, observe(at(4), false, rows(r, "running", false))).request();
    assertThat(next.state()).as("a refused cancel must not hold the database forever").isEqualTo(COMPLETE_ERROR);
    assertThat(next.errors()).last().asString().contains("refused to cancel change 0, 1");
  }

  @Test
  void inProgressCutover_aCompletionRefusedPermanentlyEndsInCompleteErrorCancellingTheRest() {
    DeployRequest r = Fixtures.inProgress();
    Plan plan = DeployMachine.plan(r, observe(at(3), false, rows(r, "running", true)));
    DeployRequest refused = DeployMachine.record(plan.request(), plan.commands().get(0),
        Outcome.failed(FailureKind.PERMANENT, "no such migration"), at(3));
    refused = DeployMachine.record(refused, plan.commands().get(1), Outcome.done(), at(3));
    List<MigrationRow> rows = Fixtures.with(rows(r, "running", true), 1, "-80", "complete", false);
    Plan next = DeployMachine.plan(refused, observe(at(4), false, rows));
    assertThat(next.request().state()).isEqualTo(COMPLETE_ERROR);
    assertThat(next.commands()).containsExactly(new Command.Cancel("dr-1", 0, "commerce", handle(0)),
        new Command.Cancel("dr-1", 1, "commerce", handle(1)));
  }
}
