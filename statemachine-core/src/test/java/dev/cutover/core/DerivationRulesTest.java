package dev.cutover.core;

import static dev.cutover.core.DeployState.*;
import static dev.cutover.core.Fixtures.at;
import static dev.cutover.core.Fixtures.handle;
import static dev.cutover.core.Fixtures.observe;
import static dev.cutover.core.Fixtures.rows;
import static dev.cutover.core.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec section 5: classification of rows, then the six rules in order. */
class DerivationRulesTest {

  @ParameterizedTest(name = "{0} ready_to_complete={1} -> {2}")
  @CsvSource({
      "complete, false, COMPLETE", "complete, true, COMPLETE",
      "failed, false, FAILED", "failed, true, FAILED",
      "cancelled, false, CANCELLED", "cancelled, true, CANCELLED",
      "running, true, READY", "queued, true, READY", "ready, true, READY", "requested, true, READY",
      "running, false, RUNNING",
      "queued, false, PENDING", "ready, false, PENDING", "requested, false, PENDING",
      "some_new_status, true, PENDING", "Complete, false, PENDING"})
  void classification_table(String status, boolean readyToComplete, RowClass expected) {
    assertThat(RowClass.of(MigrationRow.of(handle(0), "-80", status, readyToComplete))).isEqualTo(expected);
  }

  @Test
  void classification_aRowNotVisibleIsPendingNeverDone() {
    assertThat(RowClass.of(null)).isEqualTo(RowClass.PENDING);
    DeployRequest r = Fixtures.inProgress();
    List<MigrationRow> oneMissing = with(rows(r, "running", true), 1, "80-", null, false);
    Plan plan = DeployMachine.plan(r, observe(at(3), false, oneMissing));
    assertThat(plan.request().state()).isEqualTo(IN_PROGRESS);
    assertThat(plan.commands()).isEmpty();
    List<MigrationRow> allButOneComplete = with(rows(r, "complete", false), 1, "80-", null, false);
    assertThat(DeployMachine.plan(r, observe(at(3), false, allButOneComplete)).request().state())
        .isEqualTo(IN_PROGRESS);
  }

  @Test
  void classification_anUnknownStatusCountsAsPendingAndRecordsAWarningOnce() {
    DeployRequest r = Fixtures.inProgress();
    List<MigrationRow> rows = with(rows(r, "running", true), 0, "-80", "some_new_status", true);
    DeployRequest next = DeployMachine.plan(r, observe(at(3), false, rows)).request();
    assertThat(next.state()).isEqualTo(IN_PROGRESS);
    assertThat(next.warnings()).containsExactly(
        "migration of change 0 on shard -80: unknown migration status 'some_new_status' counted as pending");
    assertThat(DeployMachine.plan(next, observe(at(4), false, rows)).request().warnings()).hasSize(1);
  }

  @Test
  void rule1_anyFailedGivesCompleteErrorAndCancelsEverySiblingStillRunning() {
    DeployRequest r = Fixtures.inProgress();
    List<MigrationRow> rows = with(rows(r, "running", true), 1, "80-", "failed", false);
    rows = with(rows, 1, "-80", "complete", false);
    Plan plan = DeployMachine.plan(r, observe(at(3), false, rows));
    assertThat(plan.request().state()).isEqualTo(COMPLETE_ERROR);
    assertThat(plan.request().errors()).singleElement().asString().contains("failed on shard 80-: boom");
    assertThat(plan.commands()).as("change 1 has no row left running")
        .containsExactly(new Command.Cancel("dr-1", 0, "commerce", handle(0)));
  }

  @Test
  void rule1_winsOverCancelledAndComplete() {
    DeployRequest r = Fixtures.inProgress();
    List<MigrationRow> rows = with(rows(r, "complete", false), 0, "-80", "cancelled", false);
    rows = with(rows, 1, "-80", "failed", false);
    assertThat(DeployMachine.plan(r, observe(at(3), false, rows)).request().state()).isEqualTo(COMPLETE_ERROR);
  }

  @Test
  void rule2_anyCancelledOutsideTheRequestGivesInProgressCancel_andCancelsTheRestInTheSameStep() {
    DeployRequest r = Fixtures.inProgress();
    List<MigrationRow> rows = with(rows(r, "running", false), 0, "-80", "cancelled", true);
    Plan plan = DeployMachine.plan(r, observe(at(3), false, rows));
    assertThat(plan.request().state()).isEqualTo(IN_PROGRESS_CANCEL);
    assertThat(plan.commands()).containsExactly(new Command.Cancel("dr-1", 0, "commerce", handle(0)),
        new Command.Cancel("dr-1", 1, "commerce", handle(1)));
  }

  @Test
  void rule3_allCompleteGivesCompletePendingRevertWithTheWindow() {
    DeployRequest r = Fixtures.inProgressCutover();
    DeployRequest next = DeployMachine.plan(r, observe(at(10), false, rows(r, "complete", false))).request();
    assertThat(next.state()).isEqualTo(COMPLETE_PENDING_REVERT);
    assertThat(next.revertExpiresAt()).isEqualTo(at(10).plus(r.options().revertWindow()));
  }

  @Test
  void rule3_allCompleteGivesCompleteForAnInstantDeploy() {
    DeployRequest r = Fixtures.inProgress(DeployOptions.custom().instant(true).build());
    DeployRequest next = DeployMachine.plan(r, observe(at(10), false, rows(r, "complete", false))).request();
    assertThat(next.state()).isEqualTo(COMPLETE);
    assertThat(next.revertExpiresAt()).isNull();
  }

  @Test
  void rule4_inProgressCutoverStaysEvenWhenARowStopsBeingReady_theCutoverIsNeverForgotten() {
    DeployRequest r = Fixtures.inProgressCutover();
    List<MigrationRow> flapped = with(rows(r, "running", true), 0, "-80", "running", false);
    Plan plan = DeployMachine.plan(r, observe(at(5), false, flapped));
    assertThat(plan.request().state()).isEqualTo(IN_PROGRESS_CUTOVER);
    assertThat(plan.request().submitted()).allMatch(sc -> sc.completion() == CommandState.DONE);
  }

  @Test
  void rule4_completionThatFailedTransientlyIsRequestedAgain_onlyWhileTheGateIsOpen() {
    DeployRequest r = Fixtures.inProgress();
    Plan plan = DeployMachine.plan(r, observe(at(3), false, rows(r, "running", true)));
    DeployRequest failed = DeployMachine.record(plan.request(), plan.commands().get(0),
        Outcome.failed(FailureKind.TRANSIENT, "timeout"), at(3));
    failed = DeployMachine.record(failed, plan.commands().get(1), Outcome.done(), at(3));
    List<MigrationRow> flapped = with(rows(r, "running", true), 0, "80-", "running", false);
    assertThat(DeployMachine.plan(failed, observe(at(4), false, flapped)).commands())
        .as("never for one change while another shard is still copying").isEmpty();
    List<MigrationRow> open = with(rows(r, "running", true), 1, "-80", "complete", false);
    assertThat(DeployMachine.plan(failed, observe(at(5), false, open)).commands())
        .containsExactly(new Command.Complete("dr-1", 0, "commerce", handle(0)));
  }

  @Test
  void rule5_gateOpenWithAutoApplyRequestsCompletionOfEveryChangeInOrder() {
    DeployRequest r = Fixtures.inProgress();
    List<MigrationRow> rows = with(rows(r, "running", true), 1, "-80", "complete", false);
    Plan plan = DeployMachine.plan(r, observe(at(3), false, rows));
    assertThat(plan.request().state()).isEqualTo(IN_PROGRESS_CUTOVER);
    assertThat(plan.commands()).containsExactly(new Command.Complete("dr-1", 0, "commerce", handle(0)),
        new Command.Complete("dr-1", 1, "commerce", handle(1)));
    assertThat(plan.request().submitted()).allMatch(sc -> sc.completion() == CommandState.REQUESTED);
  }

  @Test
  void rule5_gateOpenWithoutAutoApplyWaitsInPendingCutover() {
    DeployRequest r = Fixtures.inProgress(DeployOptions.custom().autoApply(false).build());
    Plan plan = DeployMachine.plan(r, observe(at(3), false, rows(r, "queued", true)));
    assertThat(plan.request().state()).isEqualTo(PENDING_CUTOVER);
    assertThat(plan.commands()).isEmpty();
  }

  @Test
  void rule6_otherwiseInProgress_closingTheGateAgainFromPendingCutover() {
    DeployRequest r = Fixtures.pendingCutover();
    List<MigrationRow> rows = with(rows(r, "running", true), 1, "80-", "running", false);
    Plan plan = DeployMachine.plan(r, observe(at(4), false, rows));
    assertThat(plan.request().state()).isEqualTo(IN_PROGRESS);
    assertThat(plan.request().history()).last().isEqualTo(new HistoryEntry(at(4), IN_PROGRESS, Cause.GATE_CLOSED));
  }

  @Test
  void rule6_staysInProgressWithoutANewHistoryEntry() {
    DeployRequest r = Fixtures.inProgress();
    Plan plan = DeployMachine.plan(r, observe(at(4), false, rows(r, "running", false)));
    assertThat(plan.request()).isEqualTo(r);
  }

  @Test
  void externalCancellationAfterTheCutoverWasRequestedEndsInCompleteErrorNotCompleteCancel() {
    DeployRequest r = Fixtures.inProgressCutover();
    Plan plan = DeployMachine.plan(r, observe(at(5), false, rows(r, "cancelled", false)));
    assertThat(plan.request().state()).isEqualTo(COMPLETE_ERROR);
    assertThat(plan.request().history()).extracting(HistoryEntry::state)
        .endsWith(IN_PROGRESS_CUTOVER, IN_PROGRESS_CANCEL, COMPLETE_ERROR);
  }
}
