package dev.cutover.core;

import static dev.cutover.core.DeployState.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The deploy-request state machine as pure functions: user actions (spec section 3), the tick step
 * (section 4) and the derivation from migration rows (section 5). Each function takes a request
 * and what was observed, and returns the next value plus the backend commands it wants. Nothing
 * here performs I/O, reads a clock, or keeps state; the {@code Driver} does the rest.
 */
public final class DeployMachine {

  /** States whose step reads the migration rows. */
  private static final Set<DeployState> WATCHING =
      EnumSet.of(IN_PROGRESS, PENDING_CUTOVER, IN_PROGRESS_CUTOVER, IN_PROGRESS_CANCEL, IN_PROGRESS_REVERT);

  private DeployMachine() {}

  // ---------------------------------------------------------------------------------------------
  // User actions (spec section 3)

  /**
   * Applies a user action at {@code now}: checks it against {@link ActionTable}, then does what the
   * action does (sections 3 and 7).
   *
   * @param nextQueueTicket the ticket a {@code deploy} takes: larger than every ticket of the database
   * @return the new value (not yet saved), or a rejection holding the unchanged request
   */
  public static ActionResult apply(DeployRequest r, Action action, Instant now, long nextQueueTicket) {
    Objects.requireNonNull(r, "request");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(now, "now");
    // deploy(instant) replaces the option before the rules of deploy are checked (section 7)
    DeployRequest subject = r;
    if (action instanceof Action.Deploy d && d.instant() != null && d.instant() != r.options().instant()) {
      subject = r.toBuilder().options(r.options().withInstant(d.instant())).build();
    }
    ActionResult.Rejected rejected = ActionTable.check(subject, action, now);
    if (rejected != null) {
      return subject == r ? rejected
          : new ActionResult.Rejected(r, action, rejected.kind(), rejected.reason()); // the option as it was
    }
    DeployState s = r.state();
    DeployRequest.Builder b = subject.toBuilder();
    DeployRequest.Builder next = switch (action.kind()) {
      case APPROVE -> b.approved(true);
      case DEPLOY -> {
        if (nextQueueTicket <= 0) {
          throw new IllegalArgumentException("nextQueueTicket: must be positive, was " + nextQueueTicket);
        }
        yield b.queueTicket(nextQueueTicket).enter(QUEUED, now, Cause.DEPLOY);
      }
      case CANCEL -> b.enter(s == QUEUED ? COMPLETE_CANCEL : IN_PROGRESS_CANCEL, now, Cause.CANCEL);
      case APPLY -> {
        requestCompletionOfEveryChange(b);
        yield b.enter(IN_PROGRESS_CUTOVER, now, Cause.APPLY);
      }
      case SET_AUTO_APPLY -> b.options(r.options().withAutoApply(((Action.SetAutoApply) action).on()));
      case THROTTLE -> {
        Action.Throttle t = (Action.Throttle) action;
        yield t.keyspace() == null ? b.throttleRatio(t.ratio()) : b.keyspaceThrottle(t.keyspace(), t.ratio());
      }
      case REVERT -> b.enter(IN_PROGRESS_REVERT, now, Cause.REVERT);
      case SKIP_REVERT -> b.enter(COMPLETE, now, Cause.SKIP_REVERT);
      case CLOSE -> b.open(false);
      case FORCE_CUTOVER -> b.forceCutoverWanted(true);
      case UNBLOCK -> b.unblocked(true);
    };
    return new ActionResult.Accepted(next.build());
  }

  private static void requestCompletionOfEveryChange(DeployRequest.Builder b) {
    for (SubmittedChange sc : List.copyOf(b.submitted())) {
      if (sc.completion() == CommandState.NONE) {
        b.putSubmitted(sc.withCompletion(CommandState.REQUESTED));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The pending step: analysis

  /**
   * Records the backend's analysis of a {@code pending} request: {@code no_changes} if it has no
   * change, {@code error} with the lint messages if any change is invalid, else {@code ready} with
   * instant eligibility per change.
   */
  public static DeployRequest analysed(DeployRequest r, Analysis analysis, Instant now) {
    Objects.requireNonNull(analysis, "analysis");
    Objects.requireNonNull(now, "now");
    requireState(r, PENDING, "analysed");
    requireOpen(r, "analysed");
    DeployRequest.Builder b = r.toBuilder();
    if (r.changes().isEmpty()) {
      return b.enter(NO_CHANGES, now, Cause.ANALYSED).build();
    }
    if (analysis.changes().size() != r.changes().size()) {
      throw new IllegalArgumentException("analysis: must have one entry per change (" + r.changes().size()
          + "), had " + analysis.changes().size());
    }
    List<Boolean> eligible = new ArrayList<>();
    boolean lintFailed = false;
    for (int i = 0; i < analysis.changes().size(); i++) {
      Analysis.ChangeAnalysis a = analysis.changes().get(i);
      eligible.add(a.instantEligible());
      if (a.lintError() != null) {
        b.error("change " + i + ": " + a.lintError());
        lintFailed = true;
      }
    }
    b.instantEligible(eligible);
    return b.enter(lintFailed ? ERROR : READY, now, Cause.ANALYSED).build();
  }

  /** Records that the backend refused to analyse a {@code pending} request: {@code error}. */
  public static DeployRequest analysisRejected(DeployRequest r, String message, Instant now) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(now, "now");
    requireState(r, PENDING, "analysisRejected");
    requireOpen(r, "analysisRejected");
    return r.toBuilder().error("analysis: " + message).enter(ERROR, now, Cause.ANALYSIS_REJECTED).build();
  }

  /** A closed request is never stepped (section 7): in particular, one closed while pending is never analysed. */
  private static void requireOpen(DeployRequest r, String what) {
    if (!r.open()) {
      throw new IllegalStateException(what + ": request " + r.id() + " is closed");
    }
  }

  private static void requireState(DeployRequest r, DeployState expected, String what) {
    Objects.requireNonNull(r, "request");
    if (r.state() != expected) {
      throw new IllegalStateException(what + ": request " + r.id() + " is " + r.state() + ", not " + expected);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The tick step (spec section 4) and derivation (section 5)

  /**
   * Whether the request's step in its current state reads migration rows (so the driver can read
   * them for many requests in one call before visiting them).
   */
  public static boolean watchesRows(DeployRequest r) {
    Objects.requireNonNull(r, "request");
    return r.open() && WATCHING.contains(r.state()) && (r.state() == IN_PROGRESS_REVERT
        ? r.submitted().stream().anyMatch(s -> s.revert() != null)
        : !r.submitted().isEmpty());
  }

  /**
   * Plans the step of a request: the next value and the commands to send once it is saved. Run it
   * again after recording the commands' outcomes: a request may pass through several states in
   * one tick; when it returns no command and an unchanged request, the step is done.
   */
  public static Plan plan(DeployRequest r, Observation o) {
    Objects.requireNonNull(r, "request");
    Objects.requireNonNull(o, "observation");
    return new Step(r, o).run();
  }

  /**
   * Records what became of a command. Merges into whatever value is current (the driver passes the
   * freshest one it has), so an outcome is never lost to a concurrent change of the request.
   */
  public static DeployRequest record(DeployRequest r, Command command, Outcome outcome, Instant now) {
    Objects.requireNonNull(r, "request");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(now, "now");
    DeployRequest.Builder b = r.toBuilder();
    int i = command.change();
    if (command instanceof Command.Submit) {
      recordSubmission(r, b, i, outcome, now);
    } else if (command instanceof Command.Revert) {
      recordRevert(r, b, i, outcome, now);
    } else {
      SubmittedChange sc = r.submittedChange(i)
          .orElseThrow(() -> new IllegalArgumentException("command: change " + i + " of " + r.id()
              + " was never submitted"));
      if (command instanceof Command.Throttle throttle) {
        if (outcome instanceof Outcome.Done) {
          b.putSubmitted(sc.withThrottle(throttle.ratio()));
        } else if (outcome instanceof Outcome.Failed f && f.kind() == FailureKind.PERMANENT) {
          b.warn("throttle of change " + i + " to " + throttle.ratio() + " refused: " + f.message());
          b.putSubmitted(sc.withThrottle(throttle.ratio()));
        }
      } else if (command instanceof Command.Complete) {
        b.putSubmitted(sc.withCompletion(answered(sc.completion(), outcome, b, "completion of change " + i)));
      } else if (command instanceof Command.Cancel) {
        b.putSubmitted(sc.withCancellation(answered(sc.cancellation(), outcome, b, "cancellation of change " + i)));
      } else if (command instanceof Command.ForceCutover) {
        b.putSubmitted(sc.withForcedCutover(
            answered(sc.forcedCutover(), outcome, b, "forced cutover of change " + i)));
      }
    }
    return b.build();
  }

  private static CommandState answered(CommandState current, Outcome outcome, DeployRequest.Builder b, String what) {
    if (outcome instanceof Outcome.Done) {
      return CommandState.DONE;
    }
    if (outcome instanceof Outcome.Failed f && f.kind() == FailureKind.PERMANENT) {
      b.warn(what + " refused: " + f.message());
      return CommandState.FAILED;
    }
    return current; // transient: still REQUESTED, sent again on a later tick
  }

  /** Clears the pending submission if it is the one this outcome answers. */
  private static void clearIntent(DeployRequest.Builder b, SubmissionIntent.Kind kind, int change) {
    SubmissionIntent p = b.pendingSubmission();
    if (p != null && p.kind() == kind && p.change() == change) {
      b.pendingSubmission(null);
    }
  }

  private static void recordSubmission(DeployRequest r, DeployRequest.Builder b, int i, Outcome outcome, Instant now) {
    if (outcome instanceof Outcome.Submitted s) {
      clearIntent(b, SubmissionIntent.Kind.CHANGE, i);
      if (r.submittedChange(i).isEmpty()) {
        SubmittedChange sc = SubmittedChange.submitted(i, s.handle(), s.shards());
        if (r.state().isTerminal()) {
          sc = sc.withCancellation(CommandState.REQUESTED); // arrived too late: clean it up
        }
        b.putSubmitted(sc);
      }
    } else if (outcome instanceof Outcome.NotFound) {
      clearIntent(b, SubmissionIntent.Kind.CHANGE, i);
    } else if (outcome instanceof Outcome.Failed f && f.kind() == FailureKind.PERMANENT) {
      clearIntent(b, SubmissionIntent.Kind.CHANGE, i);
      b.error("change " + i + ": rejected: " + f.message());
      if (r.state() == SUBMITTING) {
        for (SubmittedChange sc : List.copyOf(b.submitted())) {
          if (sc.cancellation() == CommandState.NONE) {
            b.putSubmitted(sc.withCancellation(CommandState.REQUESTED));
          }
        }
        b.enter(ERROR, now, Cause.SUBMISSION_REJECTED);
      }
    }
    // transient: the intent stays; the next step resumes it, looking the migration up first
  }

  private static void recordRevert(DeployRequest r, DeployRequest.Builder b, int i, Outcome outcome, Instant now) {
    SubmittedChange sc = r.submittedChange(i)
        .orElseThrow(() -> new IllegalArgumentException("command: change " + i + " of " + r.id()
            + " was never submitted, so it cannot be reverted"));
    if (outcome instanceof Outcome.Submitted s) {
      clearIntent(b, SubmissionIntent.Kind.REVERT, i);
      if (sc.revert() == null) {
        b.putSubmitted(sc.withRevert(s.handle(), s.shards()));
      }
    } else if (outcome instanceof Outcome.NotFound) {
      clearIntent(b, SubmissionIntent.Kind.REVERT, i);
    } else if (outcome instanceof Outcome.Failed f && f.kind() == FailureKind.PERMANENT) {
      clearIntent(b, SubmissionIntent.Kind.REVERT, i);
      b.error("revert of change " + i + ": rejected: " + f.message());
      if (r.state() == IN_PROGRESS_REVERT) {
        b.enter(COMPLETE_REVERT_ERROR, now, Cause.REVERT_FAILED);
      }
    }
  }

  /** One step of one request: a small mutable helper around the builder; never escapes {@link #plan}. */
  private static final class Step {
    private final DeployRequest r;
    private final Observation o;
    private final Instant now;
    private final DeployRequest.Builder b;
    private final List<Command> commands = new ArrayList<>();
    private final RowIndex rows;
    /** The counts of the last {@link #tally}; one instance per step. */
    private final Tally t = new Tally();
    private boolean needsRows;
    private boolean gateOpen;
    /** Rule 4 held in this step: the rows were read and the request stays in in_progress_cutover. */
    private boolean cutoverWatched;
    /** By change index: whether the change still has an expected row not complete (set by watching). */
    private boolean[] notComplete;

    Step(DeployRequest r, Observation o) {
      this.r = r;
      this.o = o;
      this.now = o.now();
      this.b = r.toBuilder();
      this.rows = o.rows() == null ? RowIndex.EMPTY : new RowIndex(o.rows());
    }

    Plan run() {
      // A closed request is never stepped (section 7); what it still owes the backend is sent below.
      if (r.open()) {
        step();
      }
      if (needsRows) {
        return new Plan(r, List.of(), true);
      }
      reconcile();
      return new Plan(b.build(), commands, false);
    }

    private void step() {
      switch (b.state()) {
        case QUEUED:
          if (o.admissible()) {
            b.enter(SUBMITTING, now, Cause.ADMITTED);
            submitting();
          }
          break;
        case SUBMITTING:
          submitting();
          break;
        case IN_PROGRESS:
        case PENDING_CUTOVER:
        case IN_PROGRESS_CUTOVER:
          watching();
          break;
        case IN_PROGRESS_CANCEL:
          cancelling();
          break;
        case COMPLETE_PENDING_REVERT:
          if (r.revertExpiresAt() != null && !now.isBefore(r.revertExpiresAt())) {
            b.enter(COMPLETE, now, Cause.REVERT_WINDOW_EXPIRED);
          }
          break;
        case IN_PROGRESS_REVERT:
          reverting();
          break;
        default:
          break;
      }
    }

    private boolean rowsMissing() {
      if (o.rows() == null) {
        needsRows = true;
        return true;
      }
      return false;
    }

    /** Submits the next change, one at a time, each intent saved before it is sent. */
    private void submitting() {
      SubmissionIntent pending = b.pendingSubmission();
      if (pending != null) {
        if (pending.kind() == SubmissionIntent.Kind.CHANGE && mayResume(pending)) {
          takeOver(pending);
          commands.add(submit(pending.change(), Command.Mode.RESUME));
        }
        return;
      }
      for (int i = 0; i < r.changes().size(); i++) {
        if (r.submittedChange(i).isEmpty()) {
          b.pendingSubmission(new SubmissionIntent(SubmissionIntent.Kind.CHANGE, i, now, o.owner()));
          commands.add(submit(i, Command.Mode.FRESH));
          return;
        }
      }
      b.enter(IN_PROGRESS, now, Cause.ALL_SUBMITTED);
      watching();
    }

    private boolean mayResume(SubmissionIntent pending) {
      return pending.owner().equals(o.owner()) || !now.isBefore(pending.since().plus(o.submissionLease()));
    }

    /**
     * Resuming another driver's submission first makes the intent this driver's, saved (by
     * compare-and-set) before the migration is looked up: of two drivers taking over at once, one
     * loses the race and then sees a fresh lease.
     */
    private void takeOver(SubmissionIntent pending) {
      if (!pending.owner().equals(o.owner())) {
        b.pendingSubmission(new SubmissionIntent(pending.kind(), pending.change(), now, o.owner()));
      }
    }

    private Command submit(int i, Command.Mode mode) {
      Change c = r.changes().get(i);
      return new Command.Submit(r.id(), i, c.keyspace(), c.sql(), r.migrationContext(), r.options().instant(), mode);
    }

    /**
     * Counts the expected rows of one migration by class into {@link #t} (no allocation); warns once
     * per unknown status.
     */
    private Tally tally(int change, MigrationHandle handle, List<String> shards, String what) {
      t.reset();
      int n = shards.size();
      t.total = n;
      RowIndex.Rows of = rows.of(handle);
      boolean aligned = of != null && of.alignedWith(shards);
      for (int i = 0; i < n; i++) {
        String shard = shards.get(i);
        MigrationRow row = of == null ? null : aligned ? of.at(i) : of.of(shard);
        RowClass c = RowClass.of(row);
        if (row != null && c == RowClass.PENDING && !RowClass.isKnownStatus(row.status())) {
          b.warn(what + " of change " + change + " on shard " + shard + ": unknown migration status '"
              + row.status() + "' counted as pending");
        }
        switch (c) {
          case COMPLETE -> {
            t.complete++;
            t.open++;
            t.terminal++;
          }
          case READY -> t.open++;
          case FAILED -> {
            t.failed++;
            t.terminal++;
          }
          case CANCELLED -> {
            t.cancelled++;
            t.terminal++;
          }
          default -> { }
        }
      }
      return t;
    }

    private String failureMessage(int change, MigrationHandle handle, List<String> shards, String what) {
      StringBuilder sb = new StringBuilder();
      RowIndex.Rows of = rows.of(handle);
      for (int i = 0; i < shards.size(); i++) {
        String shard = shards.get(i);
        MigrationRow row = of == null ? null : of.of(shard);
        RowClass c = RowClass.of(row);
        if (c == RowClass.FAILED || c == RowClass.CANCELLED) {
          sb.append(sb.length() == 0 ? "" : "; ").append(what).append(" of change ").append(change)
              .append(" ").append(row.status()).append(" on shard ").append(shard)
              .append(row.message().isEmpty() ? "" : ": " + row.message());
        }
      }
      return sb.toString();
    }

    /** Derivation from rows (spec section 5), for in_progress, pending_cutover and in_progress_cutover. */
    private void watching() {
      if (!r.submitted().isEmpty() && rowsMissing()) {
        return;
      }
      boolean anyFailed = false;
      boolean anyCancelled = false;
      boolean allComplete = true;
      boolean allOpen = true;
      List<SubmittedChange> submitted = b.submitted();
      int count = submitted.size();
      // By position in submitted: whether the change still has a row that is not terminal.
      boolean[] nonTerminal = new boolean[count];
      boolean[] failedAt = new boolean[count];
      notComplete = new boolean[r.changes().size()];
      for (int k = 0; k < count; k++) {
        SubmittedChange sc = submitted.get(k);
        Tally c = tally(sc.change(), sc.handle(), sc.shards(), "migration");
        notComplete[sc.change()] = c.complete != c.total;
        failedAt[k] = c.failed > 0;
        anyFailed |= c.failed > 0;
        anyCancelled |= c.cancelled > 0;
        allComplete &= c.complete == c.total;
        allOpen &= c.open == c.total;
        nonTerminal[k] = c.terminal != c.total;
      }
      DeployState s = b.state();
      if (anyFailed) {                                                  // rule 1
        StringBuilder failures = new StringBuilder();
        for (int k = 0; k < count; k++) {
          if (failedAt[k]) {
            SubmittedChange sc = submitted.get(k);
            failures.append(failures.length() == 0 ? "" : "; ")
                .append(failureMessage(sc.change(), sc.handle(), sc.shards(), "migration"));
          }
        }
        b.error(failures.toString());
        cancelNonTerminal(submitted, nonTerminal);
        b.enter(COMPLETE_ERROR, now, Cause.ROW_FAILED);
      } else if (anyCancelled) {                                        // rule 2
        b.enter(IN_PROGRESS_CANCEL, now, Cause.ROW_CANCELLED);
        cancelling();
      } else if (allComplete) {                                         // rule 3
        if (r.options().instant()) {
          b.enter(COMPLETE, now, Cause.ALL_COMPLETE);
        } else {
          b.revertExpiresAt(now.plus(r.options().revertWindow())).enter(COMPLETE_PENDING_REVERT, now, Cause.ALL_COMPLETE);
        }
      } else if (s == IN_PROGRESS_CUTOVER && refusedCompletion()) {      // the cutover cannot happen
        b.error("the backend refused to complete change " + refusedChanges(CommandState.FAILED, true)
            + ": the deploy may be partially applied");
        cancelNonTerminal(submitted, nonTerminal);
        b.enter(COMPLETE_ERROR, now, Cause.COMPLETION_REFUSED);
      } else if (s == IN_PROGRESS_CUTOVER) {                            // rule 4
        gateOpen = allOpen;
        cutoverWatched = true;
      } else if (allOpen) {                                             // rule 5
        gateOpen = true;
        if (b.options().autoApply()) {
          requestCompletionOfEveryChange(b);
          b.enter(IN_PROGRESS_CUTOVER, now, Cause.GATE_OPEN);
        } else if (s != PENDING_CUTOVER) {
          b.enter(PENDING_CUTOVER, now, Cause.GATE_OPEN);
        }
      } else if (s != IN_PROGRESS) {                                    // rule 6
        b.enter(IN_PROGRESS, now, Cause.GATE_CLOSED);
      }
    }

    /** Requests the cancellation of every change (by position in {@code submitted}) that still runs. */
    private void cancelNonTerminal(List<SubmittedChange> submitted, boolean[] nonTerminal) {
      for (int k = 0; k < nonTerminal.length; k++) {
        SubmittedChange sc = submitted.get(k);
        if (nonTerminal[k] && sc.cancellation() == CommandState.NONE) {
          b.putSubmitted(sc.withCancellation(CommandState.REQUESTED));
        }
      }
    }

    private boolean refusedCompletion() {
      for (SubmittedChange sc : b.submitted()) {
        if (sc.completion() == CommandState.FAILED) {
          return true;
        }
      }
      return false;
    }

    /** The indexes of the changes whose completion ({@code completion}) or cancellation is {@code state}. */
    private String refusedChanges(CommandState state, boolean completion) {
      StringBuilder sb = new StringBuilder();
      for (SubmittedChange sc : b.submitted()) {
        if ((completion ? sc.completion() : sc.cancellation()) == state) {
          sb.append(sb.length() == 0 ? "" : ", ").append(sc.change());
        }
      }
      return sb.toString();
    }

    /** in_progress_cancel: wait for every expected row to be terminal, cancelling what still runs. */
    private void cancelling() {
      SubmissionIntent pending = b.pendingSubmission();
      if (pending != null && pending.kind() == SubmissionIntent.Kind.CHANGE) {
        // A submission may have reached the backend: find it before deciding anything.
        commands.add(submit(pending.change(), Command.Mode.ADOPT_ONLY));
        return;
      }
      if (!b.submitted().isEmpty() && rowsMissing()) {
        return;
      }
      boolean allTerminal = true;
      boolean anyComplete = false;
      boolean stuck = true;
      for (SubmittedChange sc : b.submitted()) {
        Tally c = tally(sc.change(), sc.handle(), sc.shards(), "migration");
        anyComplete |= c.complete > 0;
        if (c.terminal != c.total) {
          allTerminal = false;
          stuck &= sc.cancellation() == CommandState.FAILED;
          if (sc.cancellation() == CommandState.NONE) {
            b.putSubmitted(sc.withCancellation(CommandState.REQUESTED));
          }
        }
      }
      if (!allTerminal && stuck) {
        // Every migration still running refused its cancellation: nothing more can be done here.
        b.error("the backend refused to cancel change " + refusedChanges(CommandState.FAILED, false)
            + ": its migration may still be running");
        b.enter(COMPLETE_ERROR, now, Cause.CANCELLATION_REFUSED);
      } else if (allTerminal) {
        if (anyComplete || r.completionEverRequested()) {
          b.error("cancelled after the cutover was requested: the deploy may be partially applied");
          b.enter(COMPLETE_ERROR, now, Cause.PARTIALLY_APPLIED);
        } else {
          b.enter(COMPLETE_CANCEL, now, Cause.CANCEL_FINISHED);
        }
      }
    }

    /** in_progress_revert: revert the changes one at a time, last change first. */
    private void reverting() {
      SubmissionIntent pending = b.pendingSubmission();
      if (pending != null) {
        if (pending.kind() == SubmissionIntent.Kind.REVERT && mayResume(pending)) {
          takeOver(pending);
          commands.add(revert(pending.change(), Command.Mode.RESUME));
        }
        return;
      }
      if (watchesRows(r) && rowsMissing()) {
        return;
      }
      List<SubmittedChange> lastFirst = new ArrayList<>(b.submitted());
      lastFirst.sort((x, y) -> Integer.compare(y.change(), x.change()));
      for (SubmittedChange sc : lastFirst) {
        if (sc.revert() == null) {
          b.pendingSubmission(new SubmissionIntent(SubmissionIntent.Kind.REVERT, sc.change(), now, o.owner()));
          commands.add(revert(sc.change(), Command.Mode.FRESH));
          return;
        }
        Tally c = tally(sc.change(), sc.revert(), sc.revertShards(), "revert");
        if (c.failed > 0 || c.cancelled > 0) {
          b.error(failureMessage(sc.change(), sc.revert(), sc.revertShards(), "revert"));
          b.enter(COMPLETE_REVERT_ERROR, now, Cause.REVERT_FAILED);
          return;
        }
        if (c.complete != c.total) {
          return;
        }
      }
      b.enter(COMPLETE_REVERT, now, Cause.REVERTED);
    }

    private Command revert(int i, Command.Mode mode) {
      SubmittedChange sc = r.submittedChange(i).orElseThrow();
      return new Command.Revert(r.id(), i, r.changes().get(i).keyspace(), sc.handle(), r.migrationContext(), mode);
    }

    /**
     * The commands the saved intents still want: completions behind the gate, forced cutovers after
     * rule 4, cancellations, throttles.
     */
    private void reconcile() {
      DeployState s = b.state();
      boolean forcing = cutoverWatched && s == IN_PROGRESS_CUTOVER && b.forceCutoverWanted();
      List<SubmittedChange> submitted = b.submitted();
      for (int k = 0; k < submitted.size(); k++) {
        SubmittedChange sc = submitted.get(k);
        String keyspace = r.changes().get(sc.change()).keyspace();
        boolean completionSent = sc.completion() == CommandState.DONE;
        if (s == IN_PROGRESS_CUTOVER && gateOpen && sc.completion() == CommandState.REQUESTED) {
          commands.add(new Command.Complete(r.id(), sc.change(), keyspace, sc.handle()));
          completionSent = true;
        }
        // Section 7: once per change whose completion was sent and that has a row not complete yet;
        // REQUESTED is one that failed transiently, sent again.
        if (forcing && completionSent && notComplete[sc.change()]
            && (sc.forcedCutover() == CommandState.NONE || sc.forcedCutover() == CommandState.REQUESTED)) {
          if (sc.forcedCutover() == CommandState.NONE) {
            sc = sc.withForcedCutover(CommandState.REQUESTED);
            b.setSubmitted(k, sc);
          }
          commands.add(new Command.ForceCutover(r.id(), sc.change(), keyspace, sc.handle()));
        }
        if (sc.cancellation() == CommandState.REQUESTED) {
          commands.add(new Command.Cancel(r.id(), sc.change(), keyspace, sc.handle()));
        }
        double ratio = r.throttleRatioOf(keyspace);
        if (r.open() && ActionTable.THROTTLEABLE.contains(s) && sc.throttle() != ratio) {
          commands.add(new Command.Throttle(r.id(), sc.change(), keyspace, sc.handle(), ratio));
        }
      }
    }
  }

  /** The counts of one migration's expected rows by class; reused within a step. */
  private static final class Tally {
    int total;
    int complete;
    int open;
    int failed;
    int cancelled;
    int terminal;

    void reset() {
      total = 0;
      complete = 0;
      open = 0;
      failed = 0;
      cancelled = 0;
      terminal = 0;
    }
  }
}
