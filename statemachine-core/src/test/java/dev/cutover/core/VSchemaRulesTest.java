package dev.cutover.core;

import static dev.cutover.core.DeployState.*;
import static dev.cutover.core.Fixtures.EARLIER;
import static dev.cutover.core.Fixtures.at;
import static dev.cutover.core.Fixtures.observe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec section 8, VSchema changes: one test per rule, on the pure machine. */
class VSchemaRulesTest {

  private static final String COMMERCE = Fixtures.VSCHEMAS.get(1).vschema();
  private static final String CUSTOMER = Fixtures.VSCHEMAS.get(0).vschema();

  @Test
  void section8_aVSchemaChangeIsOneJsonObject_emptyOrOtherTextIsRefusedNamingTheField() {
    assertThat(new VSchemaChange("commerce", " {\"sharded\": false, \"tables\": {\"t\": {}}}\n").keyspace())
        .isEqualTo("commerce");
    for (String bad : List.of("", "   ", "[]", "\"text\"", "42", "{", "{\"a\": }", "{} {}", "{'a': 1}",
        "{\"a\": 1,}", "{\"a\": tru}", "{\"a\": \"\\x\"}", "{\"a\": 01}")) {
      assertThatThrownBy(() -> new VSchemaChange("commerce", bad)).as("'%s'", bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("vschema: must be a JSON object")
          .hasMessageContaining("was '" + bad + "'");
    }
    assertThatThrownBy(() -> new VSchemaChange(" ", "{}")).hasMessageStartingWith("keyspace: must not be blank");
    assertThatThrownBy(() -> new VSchemaChange("commerce", null)).hasMessage("vschema");
  }

  @Test
  void section8_aKeyspaceHasOneVSchemaChange_theyAreKeptInKeyspaceNameOrder() {
    DeployRequest r = Fixtures.pending(DeployOptions.ofDefaults(), 1, Fixtures.VSCHEMAS);
    assertThat(r.vschemaChanges()).extracting(VSchemaChange::keyspace).containsExactly("commerce", "customer");
    assertThatThrownBy(() -> Fixtures.pending(DeployOptions.ofDefaults(), 1,
        List.of(new VSchemaChange("commerce", "{}"), new VSchemaChange("commerce", "{\"sharded\": true}"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("vschemaChanges: keyspace 'commerce' appears twice");
  }

  @Test
  void section8_pending_aRequestWithOnlyVSchemaChangesIsReady_withNeitherItIsNoChanges() {
    DeployRequest onlyVSchema = Fixtures.pending(DeployOptions.ofDefaults(), 0, Fixtures.VSCHEMAS);
    assertThat(DeployMachine.analysed(onlyVSchema, new Analysis(List.of()), at(0)).state()).isEqualTo(READY);
    DeployRequest neither = Fixtures.pending(DeployOptions.ofDefaults(), 0, List.of());
    assertThat(DeployMachine.analysed(neither, new Analysis(List.of()), at(0)).state()).isEqualTo(NO_CHANGES);
  }

  @Test
  void section8_rule3_everyChangeCompleteWithVSchemaChangesEntersInProgressVSchema_andReadsTheFirstKeyspace() {
    DeployRequest r = Fixtures.allSubmitted(Fixtures.queuedWithVSchema(DeployOptions.ofDefaults()));
    Plan cutover = DeployMachine.plan(r, observe(at(3), false, Fixtures.rows(r, "running", true)));
    r = cutover.request();
    for (Command c : cutover.commands()) {
      r = DeployMachine.record(r, c, Outcome.done(), at(3));
    }
    Plan plan = DeployMachine.plan(r, observe(at(4), false, Fixtures.rows(r, "complete", false)));
    assertThat(plan.request().state()).isEqualTo(IN_PROGRESS_VSCHEMA);
    assertThat(plan.request().history()).last().isEqualTo(new HistoryEntry(at(4), IN_PROGRESS_VSCHEMA, Cause.ALL_COMPLETE));
    assertThat(plan.request().revertExpiresAt()).as("the window opens once the VSchemas are applied").isNull();
    assertThat(plan.commands()).containsExactly(new Command.ReadVSchema("dr-1", "commerce"));
  }

  @Test
  void section8_inProgressVSchema_theEarlierVSchemaIsSavedBeforeTheNewOneIsApplied() {
    DeployRequest r = Fixtures.inProgressVSchema();
    Plan read = DeployMachine.plan(r, observe(at(5), false, null));
    assertThat(read.request()).as("a read changes nothing").isSameAs(r);
    r = DeployMachine.record(r, read.commands().get(0), new Outcome.VSchemaRead("{\"sharded\": true}"), at(5));
    assertThat(r.vschemaApplications()).containsExactly(
        new VSchemaApplication("commerce", "{\"sharded\": true}", CommandState.NONE, CommandState.NONE));
    Plan apply = DeployMachine.plan(r, observe(at(5), false, null));
    assertThat(apply.commands()).containsExactly(
        new Command.ApplyVSchema("dr-1", "commerce", COMMERCE, Command.Mode.FRESH));
    assertThat(apply.request().vschemaApplication("commerce").orElseThrow())
        .as("the intent and the earlier VSchema are in the value saved before the command is sent")
        .isEqualTo(new VSchemaApplication("commerce", "{\"sharded\": true}", CommandState.REQUESTED,
            CommandState.NONE));
  }

  @Test
  void section8_inProgressVSchema_theKeyspacesAreAppliedOneAtATimeInNameOrder() {
    DeployRequest r = Fixtures.inProgressVSchema();
    StringBuilder order = new StringBuilder();
    for (int round = 0; round < 10 && r.state() == IN_PROGRESS_VSCHEMA; round++) {
      Plan plan = DeployMachine.plan(r, observe(at(5), false, null));
      assertThat(plan.commands()).hasSizeLessThanOrEqualTo(1);
      r = plan.request();
      for (Command c : plan.commands()) {
        order.append(c.name()).append(' ').append(c.keyspace()).append("; ");
        assertThat(c.change()).isEqualTo(Command.NO_CHANGE);
        r = DeployMachine.record(r, c, Fixtures.vschemaOutcome(c, false), at(5));
      }
    }
    assertThat(order).hasToString(
        "readVSchema commerce; vschema commerce; readVSchema customer; vschema customer; ");
    assertThat(r.state()).isEqualTo(COMPLETE_PENDING_REVERT);
  }

  @Test
  void section8_inProgressVSchema_aTransientFailureOrAVSchemaNotInPlaceYetIsSentAgainOnALaterTick() {
    DeployRequest r = Fixtures.inProgressVSchema();
    r = DeployMachine.record(r, new Command.ReadVSchema("dr-1", "commerce"), Outcome.failed(FailureKind.TRANSIENT,
        "timeout"), at(5));
    assertThat(r.vschemaApplications()).as("a failed read saves nothing").isEmpty();
    r = DeployMachine.record(r, new Command.ReadVSchema("dr-1", "commerce"), new Outcome.VSchemaRead(EARLIER), at(6));
    Plan apply = DeployMachine.plan(r, observe(at(6), false, null));
    r = DeployMachine.record(apply.request(), apply.commands().get(0), Outcome.failed(FailureKind.TRANSIENT,
        "timeout"), at(6));
    assertThat(r.state()).isEqualTo(IN_PROGRESS_VSCHEMA);
    Plan again = DeployMachine.plan(r, observe(at(7), false, null));
    assertThat(again.commands()).containsExactly(
        new Command.ApplyVSchema("dr-1", "commerce", COMMERCE, Command.Mode.RESUME));
    r = DeployMachine.record(again.request(), again.commands().get(0), new Outcome.NotYet(), at(7));
    assertThat(r.vschemaApplication("commerce").orElseThrow().application()).isEqualTo(CommandState.REQUESTED);
    assertThat(DeployMachine.plan(r, observe(at(8), false, null)).commands()).containsExactly(
        new Command.ApplyVSchema("dr-1", "commerce", COMMERCE, Command.Mode.RESUME));
  }

  @Test
  void section8_allApplied_completePendingRevert_theRevertWindowOpensThen() {
    DeployRequest r = Fixtures.vschemaSettled(Fixtures.inProgressVSchema(), IN_PROGRESS_VSCHEMA, at(50));
    assertThat(r.state()).isEqualTo(COMPLETE_PENDING_REVERT);
    assertThat(r.revertExpiresAt()).isEqualTo(at(50).plus(r.options().revertWindow()));
    assertThat(r.vschemaApplications()).extracting(VSchemaApplication::application)
        .containsOnly(CommandState.DONE);
  }

  @Test
  void section8_allApplied_anInstantDeployIsComplete() {
    DeployRequest r = Fixtures.vschemaSettled(Fixtures.inProgressVSchema(DeployOptions.custom().instant(true).build()),
        IN_PROGRESS_VSCHEMA, at(5));
    assertThat(r.state()).isEqualTo(COMPLETE);
    assertThat(r.history()).extracting(HistoryEntry::state).containsSubsequence(IN_PROGRESS_VSCHEMA, COMPLETE);
  }

  @Test
  void section8_aPermanentFailureIsCompleteError_theSchemaChangesStayApplied() {
    DeployRequest r = Fixtures.inProgressVSchema();
    r = DeployMachine.record(r, new Command.ReadVSchema("dr-1", "commerce"), new Outcome.VSchemaRead(EARLIER), at(5));
    Plan apply = DeployMachine.plan(r, observe(at(5), false, null));
    r = DeployMachine.record(apply.request(), apply.commands().get(0),
        Outcome.failed(FailureKind.PERMANENT, "vindex hash: unknown type"), at(5));
    assertThat(r.state()).isEqualTo(COMPLETE_ERROR);
    assertThat(r.errors()).containsExactly("vschema of keyspace commerce: rejected: vindex hash: unknown type");
    assertThat(r.submitted()).as("nothing cancelled or reverted")
        .allSatisfy(sc -> {
          assertThat(sc.cancellation()).isEqualTo(CommandState.NONE);
          assertThat(sc.revert()).isNull();
        });
    assertThat(DeployMachine.plan(r, observe(at(6), false, null)).commands()).isEmpty();

    DeployRequest unreadable = DeployMachine.record(Fixtures.inProgressVSchema(),
        new Command.ReadVSchema("dr-1", "commerce"), Outcome.failed(FailureKind.PERMANENT, "no keyspace"), at(5));
    assertThat(unreadable.state()).isEqualTo(COMPLETE_ERROR);
    assertThat(unreadable.errors()).containsExactly("vschema of keyspace commerce: reading it was refused: no keyspace");
  }

  @Test
  void section8_aRequestWithOnlyVSchemaChangesGoesFromSubmittingStraightToInProgressVSchema() {
    DeployRequest r = Fixtures.pending(DeployOptions.ofDefaults(), 0, Fixtures.VSCHEMAS);
    r = Fixtures.accept(DeployMachine.analysed(r, new Analysis(List.of()), at(0)), Action.deploy(), at(1));
    Plan plan = DeployMachine.plan(r, observe(at(2), true, null));
    assertThat(plan.request().history()).extracting(HistoryEntry::state)
        .endsWith(QUEUED, SUBMITTING, IN_PROGRESS_VSCHEMA);
    assertThat(plan.commands()).containsExactly(new Command.ReadVSchema("dr-1", "commerce"));
    DeployRequest done = Fixtures.vschemaSettled(plan.request(), IN_PROGRESS_VSCHEMA, at(2));
    assertThat(done.state()).isEqualTo(COMPLETE_PENDING_REVERT);
    assertThat(done.submitted()).isEmpty();
  }

  @Test
  void section8_inProgressVSchema_cancelThrottleApplyAndForceCutoverAreRejected() {
    DeployRequest r = Fixtures.inProgressVSchema();
    for (Action action : List.of(Action.cancel(), Action.throttle(0.5), Action.throttle(0.5, "commerce"),
        Action.apply(), Action.forceCutover(), Action.setAutoApply(false), Action.close())) {
      ActionResult result = DeployMachine.apply(r, action, at(5), 1);
      assertThat(result).as("%s", action).isInstanceOf(ActionResult.Rejected.class);
      assertThat(((ActionResult.Rejected) result).reason())
          .startsWith(action.name() + " is not allowed in state in_progress_vschema");
      assertThat(result.request()).isSameAs(r);
    }
    assertThat(((ActionResult.Rejected) DeployMachine.apply(r, Action.cancel(), at(5), 1)).reason())
        .isEqualTo("cancel is not allowed in state in_progress_vschema: the cutover has happened; the VSchema"
            + " changes are being applied");
  }

  @Test
  void section8_revert_putsBackEachEarlierVSchemaLastKeyspaceFirst_thenRevertsTheSchemaChanges() {
    DeployRequest r = Fixtures.inProgressRevertVSchema();
    assertThat(r.state()).isEqualTo(IN_PROGRESS_REVERT_VSCHEMA);
    Plan first = DeployMachine.plan(r, observe(at(6), false, null));
    assertThat(first.commands()).containsExactly(new Command.RestoreVSchema("dr-1", "customer", EARLIER));
    assertThat(first.request().vschemaApplication("customer").orElseThrow().restoration())
        .as("the intent is saved before the command is sent").isEqualTo(CommandState.REQUESTED);
    r = DeployMachine.record(first.request(), first.commands().get(0), new Outcome.VSchemaApplied(CUSTOMER), at(6));
    Plan second = DeployMachine.plan(r, observe(at(6), false, null));
    assertThat(second.commands()).containsExactly(new Command.RestoreVSchema("dr-1", "commerce", EARLIER));
    r = DeployMachine.record(second.request(), second.commands().get(0), new Outcome.VSchemaApplied(COMMERCE), at(6));
    Plan third = DeployMachine.plan(r, observe(at(6), false, null));
    assertThat(third.request().history()).extracting(HistoryEntry::state)
        .endsWith(IN_PROGRESS_REVERT_VSCHEMA, IN_PROGRESS_REVERT);
    assertThat(third.commands()).singleElement().isInstanceOf(Command.Revert.class)
        .satisfies(c -> assertThat(c.change()).as("the last change first").isEqualTo(1));
  }

  @Test
  void section8_revert_aRequestWithOnlyVSchemaChangesIsCompleteRevertOnceTheyAreBack() {
    DeployRequest r = Fixtures.pending(DeployOptions.ofDefaults(), 0, Fixtures.VSCHEMAS);
    r = Fixtures.accept(DeployMachine.analysed(r, new Analysis(List.of()), at(0)), Action.deploy(), at(1));
    r = Fixtures.vschemaSettled(DeployMachine.plan(r, observe(at(2), true, null)).request(), IN_PROGRESS_VSCHEMA,
        at(2));
    r = Fixtures.accept(r, Action.revert(), at(3));
    r = Fixtures.vschemaSettled(r, IN_PROGRESS_REVERT_VSCHEMA, at(3));
    assertThat(r.state()).isEqualTo(COMPLETE_REVERT);
    assertThat(r.vschemaApplications()).extracting(VSchemaApplication::restoration).containsOnly(CommandState.DONE);
  }

  @Test
  void section8_revert_aPermanentFailureToPutOneBackIsCompleteRevertError() {
    Plan plan = DeployMachine.plan(Fixtures.inProgressRevertVSchema(), observe(at(6), false, null));
    DeployRequest r = DeployMachine.record(plan.request(), plan.commands().get(0),
        Outcome.failed(FailureKind.PERMANENT, "keyspace is gone"), at(6));
    assertThat(r.state()).isEqualTo(COMPLETE_REVERT_ERROR);
    assertThat(r.errors()).containsExactly(
        "vschema of keyspace customer: putting the earlier one back was rejected: keyspace is gone");
    assertThat(r.submitted()).extracting(SubmittedChange::revert).containsOnlyNulls();
  }

  @Test
  void section8_sentFresh_theVSchemaTheBackendReportsItReplacedIsTheEarlierOne_resumedTheSavedOneStays() {
    DeployRequest r = DeployMachine.record(Fixtures.inProgressVSchema(), new Command.ReadVSchema("dr-1", "commerce"),
        new Outcome.VSchemaRead(EARLIER), at(5));
    Plan apply = DeployMachine.plan(r, observe(at(5), false, null));
    DeployRequest fresh = DeployMachine.record(apply.request(), apply.commands().get(0),
        new Outcome.VSchemaApplied("{\"changed\": \"meanwhile\"}"), at(5));
    assertThat(fresh.vschemaApplication("commerce").orElseThrow().earlier()).isEqualTo("{\"changed\": \"meanwhile\"}");
    DeployRequest resumed = DeployMachine.record(apply.request(),
        new Command.ApplyVSchema("dr-1", "commerce", COMMERCE, Command.Mode.RESUME),
        new Outcome.VSchemaApplied(COMMERCE), at(5));
    assertThat(resumed.vschemaApplication("commerce").orElseThrow().earlier())
        .as("a resumed apply may find its own VSchema in place: the one saved stays").isEqualTo(EARLIER);
  }

  @Test
  void section8_aSecondReadOfTheEarlierVSchemaKeepsTheOneSavedFirst() {
    DeployRequest r = DeployMachine.record(Fixtures.inProgressVSchema(), new Command.ReadVSchema("dr-1", "commerce"),
        new Outcome.VSchemaRead(EARLIER), at(5));
    DeployRequest again = DeployMachine.record(r, new Command.ReadVSchema("dr-1", "commerce"),
        new Outcome.VSchemaRead(COMMERCE), at(5));
    assertThat(again).isSameAs(r);
  }

  @Test
  void section8_aStoreRebuildsTheValue_anApplicationForAKeyspaceWithoutAVSchemaChangeIsRefused() {
    DeployRequest r = Fixtures.completePendingRevertWithVSchema();
    assertThatThrownBy(() -> new DeployRequest(r.id(), r.database(), r.changes(), r.options(), r.migrationContext(),
        r.createdAt(), r.version(), r.state(), r.history(), r.approved(), r.instantEligible(), r.errors(),
        r.warnings(), r.queueTicket(), r.submitted(), r.pendingSubmission(), r.throttleRatio(), r.revertExpiresAt(),
        r.open(), r.unblocked(), r.keyspaceThrottles(), r.forceCutoverWanted(), List.of(), r.vschemaApplications()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("vschemaApplications: keyspace 'commerce' has no VSchema change in the request");
  }
}
