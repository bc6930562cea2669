package dev.cutover.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Requests in every state, reached only through {@link DeployMachine}'s own functions, so tests
 * never build a state the machine could not produce.
 */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final String OWNER = "test-driver";
  static final List<String> SHARDS = List.of("-80", "80-");
  /** Two VSchema changes, given out of name order. */
  static final List<VSchemaChange> VSCHEMAS = List.of(
      new VSchemaChange("customer", "{\"tables\": {\"t0\": {}}}"),
      new VSchemaChange("commerce", "{\"sharded\": true, \"vindexes\": {\"hash\": {\"type\": \"hash\"}}}"));
  /** The VSchema the fixtures' backend reports each keyspace had before. */
  static final String EARLIER = "{}";

  private Fixtures() {}

  static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  static DeployRequest pending(DeployOptions options, int changes) {
    return pending(options, changes, List.of());
  }

  static DeployRequest pending(DeployOptions options, int changes, List<VSchemaChange> vschemas) {
    List<Change> list = new ArrayList<>();
    for (int i = 0; i < changes; i++) {
      list.add(new Change("commerce", "ALTER TABLE t" + i + " ADD COLUMN c INT"));
    }
    return DeployRequest.create("dr-1", "main", list, vschemas, options, T0);
  }

  static DeployRequest pending() {
    return pending(DeployOptions.ofDefaults(), 2);
  }

  static Analysis allOk(DeployRequest r, boolean instantEligible) {
    List<Analysis.ChangeAnalysis> list = new ArrayList<>();
    for (int i = 0; i < r.changes().size(); i++) {
      list.add(Analysis.ChangeAnalysis.ok(instantEligible));
    }
    return new Analysis(list);
  }

  static DeployRequest ready(DeployOptions options) {
    DeployRequest r = pending(options, 2);
    return DeployMachine.analysed(r, allOk(r, true), at(0));
  }

  static DeployRequest ready() {
    return ready(DeployOptions.ofDefaults());
  }

  static DeployRequest queued(DeployOptions options) {
    return accept(ready(options), Action.deploy(), at(1));
  }

  static DeployRequest queued() {
    return queued(DeployOptions.ofDefaults());
  }

  static DeployRequest accept(DeployRequest r, Action action, Instant now) {
    ActionResult result = DeployMachine.apply(r, action, now, 1);
    assertThat(result.accepted()).as("%s in %s: %s", action, r.state(), result).isTrue();
    return result.request();
  }

  /**
   * Random rows for the submitted changes of {@code r}: one shard row in ten left out (not visible
   * yet), each other with a random status of {@code statuses} and ready flag, and each revert's row
   * with the status {@code revertStatus} gives.
   */
  static List<MigrationRow> randomRows(DeployRequest r, RandomGenerator random, String[] statuses,
      Supplier<String> revertStatus) {
    List<MigrationRow> rows = new ArrayList<>();
    for (SubmittedChange sc : r.submitted()) {
      for (String shard : sc.shards()) {
        if (random.nextInt(10) > 0) {
          rows.add(MigrationRow.of(sc.handle(), shard, statuses[random.nextInt(statuses.length)],
              random.nextBoolean()));
        }
        if (sc.revert() != null) {
          rows.add(MigrationRow.of(sc.revert(), shard, revertStatus.get(), false));
        }
      }
    }
    return rows;
  }

  /**
   * Records a random outcome of each command: a transient failure, a permanent refusal, or success
   * (a submission or revert then gets a handle named {@code handlePrefix} and the change).
   */
  static DeployRequest recordRandomOutcomes(DeployRequest r, List<Command> commands, RandomGenerator random,
      String handlePrefix, Instant now) {
    for (Command c : commands) {
      Outcome outcome = switch (random.nextInt(4)) {
        case 0 -> Outcome.failed(FailureKind.TRANSIENT, "timeout");
        case 1 -> Outcome.failed(FailureKind.PERMANENT, "refused");
        default -> c instanceof Command.Submit || c instanceof Command.Revert
            ? Outcome.submitted(new MigrationHandle(handlePrefix + c.change()), SHARDS)
            : vschemaOutcome(c, random.nextInt(3) == 0);
      };
      r = DeployMachine.record(r, c, outcome, now);
    }
    return r;
  }

  /** What a backend answers a command that succeeded: a VSchema read or applied ({@code notYet}: not in place). */
  static Outcome vschemaOutcome(Command c, boolean notYet) {
    if (c instanceof Command.ReadVSchema) {
      return new Outcome.VSchemaRead(EARLIER);
    }
    if (c instanceof Command.ApplyVSchema || c instanceof Command.RestoreVSchema) {
      return notYet ? new Outcome.NotYet() : new Outcome.VSchemaApplied(EARLIER);
    }
    return Outcome.done();
  }

  static Observation observe(Instant now, boolean admissible, List<MigrationRow> rows) {
    return new Observation(now, admissible, rows, OWNER, Duration.ofMinutes(1));
  }

  static MigrationHandle handle(int change) {
    return new MigrationHandle("uuid-" + change);
  }

  static MigrationHandle revertHandle(int change) {
    return new MigrationHandle("revert-" + change);
  }

  /** Admits the request and records every submission as accepted: the request is in {@code submitting}, all submitted. */
  static DeployRequest allSubmitted(DeployOptions options) {
    return allSubmitted(queued(options));
  }

  static DeployRequest allSubmitted(DeployRequest queued) {
    DeployRequest r = queued;
    Plan plan = DeployMachine.plan(r, observe(at(2), true, null));
    r = plan.request();
    while (!plan.commands().isEmpty()) {
      Command.Submit submit = (Command.Submit) plan.commands().get(0);
      r = DeployMachine.record(r, submit, Outcome.submitted(handle(submit.change()), SHARDS), at(2));
      plan = DeployMachine.plan(r, observe(at(2), true, List.of()));
      if (plan.commands().isEmpty() || !(plan.commands().get(0) instanceof Command.Submit)) {
        break;
      }
      r = plan.request();
    }
    return r;
  }

  /** A request in {@code in_progress}, every change submitted, rows still copying. */
  static DeployRequest inProgress(DeployOptions options) {
    DeployRequest r = allSubmitted(options);
    Plan plan = DeployMachine.plan(r, observe(at(2), false, rows(r, "running", false)));
    assertThat(plan.request().state()).isEqualTo(DeployState.IN_PROGRESS);
    return plan.request();
  }

  static DeployRequest inProgress() {
    return inProgress(DeployOptions.ofDefaults());
  }

  static DeployRequest pendingCutover() {
    DeployRequest r = inProgress(DeployOptions.custom().autoApply(false).build());
    DeployRequest next = DeployMachine.plan(r, observe(at(3), false, rows(r, "running", true))).request();
    assertThat(next.state()).isEqualTo(DeployState.PENDING_CUTOVER);
    return next;
  }

  static DeployRequest inProgressCutover() {
    DeployRequest r = inProgress();
    Plan plan = DeployMachine.plan(r, observe(at(3), false, rows(r, "running", true)));
    DeployRequest next = plan.request();
    assertThat(next.state()).isEqualTo(DeployState.IN_PROGRESS_CUTOVER);
    for (Command c : plan.commands()) {
      next = DeployMachine.record(next, c, Outcome.done(), at(3));
    }
    return next;
  }

  static DeployRequest completePendingRevert() {
    DeployRequest r = inProgressCutover();
    DeployRequest next = DeployMachine.plan(r, observe(at(4), false, rows(r, "complete", false))).request();
    assertThat(next.state()).isEqualTo(DeployState.COMPLETE_PENDING_REVERT);
    return next;
  }

  static DeployRequest inProgressCancel() {
    return accept(inProgress(), Action.cancel(), at(3));
  }

  static DeployRequest inProgressRevert() {
    return accept(completePendingRevert(), Action.revert(), at(5));
  }

  /** One row per submitted change and shard, all with the same status. */
  static List<MigrationRow> rows(DeployRequest r, String status, boolean readyToComplete) {
    List<MigrationRow> rows = new ArrayList<>();
    for (SubmittedChange sc : r.submitted()) {
      for (String shard : sc.shards()) {
        rows.add(MigrationRow.of(sc.handle(), shard, status, readyToComplete));
      }
    }
    return rows;
  }

  /** The rows with the row of ({@code change}, {@code shard}) replaced (or removed when status is null). */
  static List<MigrationRow> with(List<MigrationRow> rows, int change, String shard, String status, boolean ready) {
    List<MigrationRow> out = new ArrayList<>();
    for (MigrationRow row : rows) {
      if (row.handle().equals(handle(change)) && row.shard().equals(shard)) {
        if (status != null) {
          out.add(new MigrationRow(row.handle(), shard, status, ready, -1, status.equals("failed") ? "boom" : ""));
        }
      } else {
        out.add(row);
      }
    }
    return out;
  }

  /** A request with two changes and {@link #VSCHEMAS}, queued. */
  static DeployRequest queuedWithVSchema(DeployOptions options) {
    DeployRequest r = pending(options, 2, VSCHEMAS);
    return accept(DeployMachine.analysed(r, allOk(r, true), at(0)), Action.deploy(), at(1));
  }

  /** Every change complete, with VSchema changes: {@code in_progress_vschema}, nothing read or applied yet. */
  static DeployRequest inProgressVSchema(DeployOptions options) {
    DeployRequest r = allSubmitted(queuedWithVSchema(options));
    Plan plan = DeployMachine.plan(r, observe(at(3), false, rows(r, "running", true)));
    r = plan.request();
    for (Command c : plan.commands()) {
      r = DeployMachine.record(r, c, Outcome.done(), at(3));
    }
    r = DeployMachine.plan(r, observe(at(4), false, rows(r, "complete", false))).request();
    assertThat(r.state()).isEqualTo(DeployState.IN_PROGRESS_VSCHEMA);
    return r;
  }

  static DeployRequest inProgressVSchema() {
    return inProgressVSchema(DeployOptions.ofDefaults());
  }

  /**
   * Plans and records until the request leaves {@code state}, every VSchema command answered as
   * {@link #vschemaOutcome} does (in place at once), at {@code now}.
   */
  static DeployRequest vschemaSettled(DeployRequest r, DeployState state, Instant now) {
    for (int round = 0; round < 20 && r.state() == state; round++) {
      Plan plan = DeployMachine.plan(r, observe(now, false, null));
      r = plan.request();
      for (Command c : plan.commands()) {
        r = DeployMachine.record(r, c, vschemaOutcome(c, false), now);
      }
    }
    return r;
  }

  /** Every VSchema change applied: {@code complete_pending_revert}, the window opened at 5 s. */
  static DeployRequest completePendingRevertWithVSchema() {
    DeployRequest r = vschemaSettled(inProgressVSchema(), DeployState.IN_PROGRESS_VSCHEMA, at(5));
    assertThat(r.state()).isEqualTo(DeployState.COMPLETE_PENDING_REVERT);
    return r;
  }

  static DeployRequest inProgressRevertVSchema() {
    return accept(completePendingRevertWithVSchema(), Action.revert(), at(6));
  }

  /** Every state the fixtures can reach, with a request in it. */
  static List<DeployRequest> oneOfEachReachableState() {
    DeployRequest pending = pending();
    DeployRequest noChanges = DeployMachine.analysed(DeployRequest.create("dr-0", "main", List.of(),
        DeployOptions.ofDefaults(), T0), new Analysis(List.of()), at(0));
    DeployRequest error = DeployMachine.analysed(pending, new Analysis(List.of(
        Analysis.ChangeAnalysis.lintError("bad"), Analysis.ChangeAnalysis.ok(false))), at(0));
    DeployRequest submitting = DeployMachine.plan(queued(), observe(at(2), true, null)).request();
    DeployRequest complete = accept(completePendingRevert(), Action.skipRevert(), at(5));
    DeployRequest completeCancel = accept(queued(), Action.cancel(), at(2));
    DeployRequest inProgress = inProgress();
    DeployRequest completeError = DeployMachine.plan(inProgress,
        observe(at(3), false, with(rows(inProgress, "running", false), 0, "-80", "failed", false))).request();
    DeployRequest revert = inProgressRevert();
    return List.of(pending, ready(), noChanges, error, queued(), submitting, inProgress, pendingCutover(),
        inProgressCutover(), completePendingRevert(), complete, completeError, inProgressCancel(), completeCancel,
        revert, completeRevert(), completeRevertError(), inProgressVSchema(), inProgressRevertVSchema());
  }

  static DeployRequest completeRevert() {
    DeployRequest r = inProgressRevert();
    for (int change = 1; change >= 0; change--) {
      Plan plan = DeployMachine.plan(r, observe(at(6), false, revertRows(r, "complete")));
      Command.Revert revert = (Command.Revert) plan.commands().get(0);
      r = DeployMachine.record(plan.request(), revert, Outcome.submitted(revertHandle(change), SHARDS), at(6));
    }
    DeployRequest done = DeployMachine.plan(r, observe(at(7), false, revertRows(r, "complete"))).request();
    assertThat(done.state()).isEqualTo(DeployState.COMPLETE_REVERT);
    return done;
  }

  static DeployRequest completeRevertError() {
    DeployRequest r = inProgressRevert();
    Plan plan = DeployMachine.plan(r, observe(at(6), false, List.of()));
    r = DeployMachine.record(plan.request(), plan.commands().get(0), Outcome.submitted(revertHandle(1), SHARDS), at(6));
    DeployRequest done = DeployMachine.plan(r, observe(at(7), false, revertRows(r, "failed"))).request();
    assertThat(done.state()).isEqualTo(DeployState.COMPLETE_REVERT_ERROR);
    return done;
  }

  static List<MigrationRow> revertRows(DeployRequest r, String status) {
    List<MigrationRow> rows = new ArrayList<>();
    for (SubmittedChange sc : r.submitted()) {
      if (sc.revert() != null) {
        for (String shard : sc.revertShards()) {
          rows.add(MigrationRow.of(sc.revert(), shard, status, false));
        }
      }
    }
    return rows;
  }
}
