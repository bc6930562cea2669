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
   * @param r the request as stored, not null
   * @param action the action, not null
   * @param now the time it is applied, not null (recorded in the history when it changes the state)
   * @param nextQueueTicket the ticket a {@code deploy} takes: larger than every ticket of the database
   * @return the new value (not yet saved), or a rejection holding the unchanged request
   * @throws IllegalArgumentException if an accepted {@code deploy} is given a ticket of 0 or less
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
      case REVERT -> b.enter(r.vschemaChanges().isEmpty() ? IN_PROGRESS_REVERT : IN_PROGRESS_REVERT_VSCHEMA, now,
          Cause.REVERT);
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
   * change and no VSchema change, {@code error} with the lint messages if any change is invalid, else {@code ready} with
   * instant eligibility per change.
   *
   * @param r a request in {@code pending}, open, not null
   * @param analysis what {@link dev.cutover.core.spi.MigrationBackend#analyse} returned, not null; one
   *     entry per change (ignored for a request with no change)
   * @param now the time of the step, not null
   * @return the next value, not yet saved
   * @throws IllegalStateException if the request is not {@code pending} or is closed
   * @throws IllegalArgumentException if the analysis has not one entry per change
   */
  public static DeployRequest analysed(DeployRequest r, Analysis analysis, Instant now) {
    Objects.requireNonNull(analysis, "analysis");
    Objects.requireNonNull(now, "now");
    requireState(r, PENDING, "analysed");
    requireOpen(r, "analysed");
    DeployRequest.Builder b = r.toBuilder();
    if (r.isEmpty()) {
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

  /**
   * Records that the backend refused to analyse a {@code pending} request: {@code error}.
   *
   * @param r a request in {@code pending}, open, not null
   * @param message the backend's reason, not null; recorded as the error {@code analysis: <message>}
   * @param now the time of the step, not null
   * @return the next value, in {@code error}, not yet saved
   * @throws IllegalStateException if the request is not {@code pending} or is closed
   */
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
   * them for many requests in one call before visiting them); the same as {@code !reads(r).isEmpty()}.
   *
   * @param r the request, not null
   * @return true for an open request with submitted changes in a state that derives from rows (in
   *     {@code in_progress_revert}, once a revert was submitted)
   */
  public static boolean watchesRows(DeployRequest r) {
    Objects.requireNonNull(r, "request");
    if (!r.open() || !WATCHING.contains(r.state()) || r.submitted().isEmpty()) {
      return false;
    }
    if (r.state() != IN_PROGRESS_REVERT) {
      return true;
    }
    for (SubmittedChange sc : r.submitted()) {
      if (sc.revert() != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * The reads a request's step needs before it runs, planned up front: the keyspaces whose rows of
   * this request the driver reads (all in one batch with the other requests') and hands over in the
   * {@link Observation}. Empty when the step reads nothing. A step may still find it needs rows once
   * it has gone on (it submitted its last change, say): its {@link Plan#reads()} then names them.
   *
   * @param r the request, not null
   * @return distinct keyspaces, in the order of the changes; empty if none
   */
  public static List<String> reads(DeployRequest r) {
    return watchesRows(r) ? keyspacesOf(r) : List.of();
  }

  /** The keyspaces of the request's submitted changes: where its rows are. */
  private static List<String> keyspacesOf(DeployRequest r) {
    List<SubmittedChange> submitted = r.submitted();
    if (submitted.isEmpty()) {
      return List.of();
    }
    String first = r.changes().get(submitted.get(0).change()).keyspace();
    List<String> more = null;
    for (int k = 1; k < submitted.size(); k++) {
      String keyspace = r.changes().get(submitted.get(k).change()).keyspace();
      if (!keyspace.equals(first) && (more == null || !more.contains(keyspace))) {
        if (more == null) {
          more = new ArrayList<>();
          more.add(first);
        }
        more.add(keyspace);
      }
    }
    return more == null ? List.of(first) : List.copyOf(more);
  }

  /**
   * Plans the step of a request: the next value and the commands to send once it is saved. Run it
   * again after recording the commands' outcomes: a request may pass through several states in
   * one tick; when it returns no command and an unchanged request, the step is done.
   *
   * @param r the request as stored, not null
   * @param o what the driver observed for it in this tick, not null
   * @return the plan; when it asks for reads ({@link Plan#needsRows()}), read them and plan again.
   *     A quiet plan (the request unchanged, no command) says until when it stays quiet for the same
   *     request and rows ({@link Plan#holdsUntil()}): the instant the time alone would make the step
   *     decide something (a revert window's end, a submission lease's end), or {@link Instant#MAX}
   */
  public static Plan plan(DeployRequest r, Observation o) {
    Objects.requireNonNull(r, "request");
    Objects.requireNonNull(o, "observation");
    return new Step(r, o).run();
  }

  /**
   * Records what became of a command. Merges into whatever value is current (the driver passes the
   * freshest one it has), so an outcome is never lost to a concurrent change of the request.
   *
   * @param r the request's freshest value, not null
   * @param command the command that was sent, not null; planned for this request
   * @param outcome what became of it, not null
   * @param now the time it was recorded, not null
   * @return the next value, not yet saved
   * @throws IllegalArgumentException if the command concerns a change that was never submitted (for a
   *     command other than a submission)
   */
  public static DeployRequest record(DeployRequest r, Command command, Outcome outcome, Instant now) {
    Objects.requireNonNull(r, "request");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(now, "now");
    DeployRequest.Builder b = r.toBuilder();
    int i = command.change();
    if (command instanceof Command.ReadVSchema || command instanceof Command.ApplyVSchema
        || command instanceof Command.RestoreVSchema) {
      recordVSchema(r, b, command, outcome, now);
    } else if (command instanceof Command.Submit) {
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
    else if (outcome instanceof Outcome.Failed) {
      inDoubt(b, SubmissionIntent.Kind.CHANGE, i, now);
    }
    // transient: the intent stays, in doubt; a later step resumes it, looking the migration up first
  }

  /**
   * Marks the pending submission this transient failure answers as in doubt since {@code now}: the
   * call may still reach the backend, so it is not sent again before the backend's longest call
   * has passed (decision 118).
   */
  private static void inDoubt(DeployRequest.Builder b, SubmissionIntent.Kind kind, int change, Instant now) {
    SubmissionIntent p = b.pendingSubmission();
    if (p != null && p.kind() == kind && p.change() == change) {
      b.pendingSubmission(new SubmissionIntent(kind, change, now, p.owner(), true));
    }
  }

  /**
   * The request with its pending submission renewed at {@code at}: what the driver saves before a
   * call that would otherwise end after the submission lease, so that the lease counts from the call
   * and not from the tick (decision 117).
   *
   * @param r the request, not null, with a pending submission
   * @param at when the call starts, not null
   * @return the next value, not yet saved; {@code r} itself if its intent already has that time
   * @throws IllegalArgumentException if {@code r} has no pending submission
   */
  public static DeployRequest renewed(DeployRequest r, Instant at) {
    Objects.requireNonNull(r, "request");
    Objects.requireNonNull(at, "at");
    SubmissionIntent p = r.pendingSubmission();
    if (p == null) {
      throw new IllegalArgumentException("request: " + r.id() + " has no pending submission to renew");
    }
    if (p.since().equals(at)) {
      return r;
    }
    return r.toBuilder().pendingSubmission(p.renewedAt(at)).build();
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
    } else if (outcome instanceof Outcome.Failed) {
      inDoubt(b, SubmissionIntent.Kind.REVERT, i, now);
    }
  }

  /** The outcome of a VSchema command (section 8): the earlier VSchema read, one applied or put back. */
  private static void recordVSchema(DeployRequest r, DeployRequest.Builder b, Command command, Outcome outcome,
      Instant now) {
    String keyspace = command.keyspace();
    String refused = outcome instanceof Outcome.Failed f && f.kind() == FailureKind.PERMANENT ? f.message() : null;
    if (command instanceof Command.ReadVSchema) {
      if (outcome instanceof Outcome.VSchemaRead read) {
        if (r.vschemaApplication(keyspace).isEmpty()) { // a read arriving second keeps the first one saved
          b.putVSchemaApplication(VSchemaApplication.read(keyspace, read.vschema()));
        }
      } else if (refused != null) {
        b.error("vschema of keyspace " + keyspace + ": reading it was refused: " + refused);
        if (r.state() == IN_PROGRESS_VSCHEMA) {
          b.enter(COMPLETE_ERROR, now, Cause.VSCHEMA_FAILED);
        }
      }
      return;
    }
    VSchemaApplication a = r.vschemaApplication(keyspace)
        .orElseThrow(() -> new IllegalArgumentException("command: the VSchema of keyspace '" + keyspace + "' of "
            + r.id() + " was never read, so it was not applied"));
    if (command instanceof Command.ApplyVSchema apply) {
      if (outcome instanceof Outcome.VSchemaApplied applied) {
        if (a.application() != CommandState.DONE) {
          VSchemaApplication done = a.withApplication(CommandState.DONE);
          // Sent fresh, the VSchema it replaced is the earlier one, as the backend saw it when it applied.
          b.putVSchemaApplication(apply.mode() == Command.Mode.FRESH ? done.withEarlier(applied.replaced()) : done);
        }
      } else if (refused != null) {
        b.putVSchemaApplication(a.withApplication(CommandState.FAILED));
        b.error("vschema of keyspace " + keyspace + ": rejected: " + refused);
        if (r.state() == IN_PROGRESS_VSCHEMA) {
          b.enter(COMPLETE_ERROR, now, Cause.VSCHEMA_FAILED);
        }
      }
    } else if (outcome instanceof Outcome.VSchemaApplied) {
      b.putVSchemaApplication(a.withRestoration(CommandState.DONE));
    } else if (refused != null) {
      b.putVSchemaApplication(a.withRestoration(CommandState.FAILED));
      b.error("vschema of keyspace " + keyspace + ": putting the earlier one back was rejected: " + refused);
      if (r.state() == IN_PROGRESS_REVERT_VSCHEMA) {
        b.enter(COMPLETE_REVERT_ERROR, now, Cause.VSCHEMA_RESTORE_FAILED);
      }
    }
    // transient, or not in place yet: still REQUESTED, sent again on a later tick
  }

  /**
   * One step of one request: a small mutable helper; never escapes {@link #plan}. It reads the
   * request itself until the step changes something, and only then makes a builder, so a step that
   * changes nothing allocates no copy of the request.
   */
  private static final class Step {
    private final DeployRequest r;
    private final Observation o;
    private final Instant now;
    /** The next value, made at the first change; {@code null} while the step changed nothing. */
    private DeployRequest.Builder b;
    private List<Command> commands;
    private RowIndex rows;
    /** The counts of the last {@link #tally}; one instance per step, made at the first tally. */
    private Tally t;
    private boolean needsRows;
    private boolean gateOpen;
    /** Rule 4 held in this step: the rows were read and the request stays in in_progress_cutover. */
    private boolean cutoverWatched;
    /**
     * The earliest instant at which a decision this step did not take because of the time would be
     * taken (a revert window's end, a lease's end); {@link Instant#MAX} while none depended on it.
     */
    private Instant wakeAt = Instant.MAX;

    Step(DeployRequest r, Observation o) {
      this.r = r;
      this.o = o;
      this.now = o.now();
    }

    Plan run() {
      // A closed request is never stepped (section 7); what it still owes the backend is sent below.
      if (r.open()) {
        step();
      }
      if (needsRows) {
        return new Plan(r, List.of(), keyspacesOf(r));
      }
      reconcile();
      if (b == null && commands == null) {
        return new Plan(r, List.of(), List.of(), wakeAt); // quiet until the time changes a decision
      }
      return new Plan(b == null ? r : b.build(), commands == null ? List.of() : commands, List.of());
    }

    /** Notes that a decision not taken now would be taken at {@code at}, with the same request and rows. */
    private void wakeAt(Instant at) {
      if (at.isBefore(wakeAt)) {
        wakeAt = at;
      }
    }

    /** The builder of the next value, made on the first change. */
    private DeployRequest.Builder b() {
      if (b == null) {
        b = r.toBuilder();
      }
      return b;
    }

    private DeployState state() {
      return b == null ? r.state() : b.state();
    }

    private List<SubmittedChange> submitted() {
      return b == null ? r.submitted() : b.submitted();
    }

    private SubmissionIntent pendingSubmission() {
      return b == null ? r.pendingSubmission() : b.pendingSubmission();
    }

    private DeployOptions options() {
      return b == null ? r.options() : b.options();
    }

    private void command(Command c) {
      if (commands == null) {
        commands = new ArrayList<>(4);
      }
      commands.add(c);
    }

    private void step() {
      switch (state()) {
        case QUEUED:
          if (o.admissible()) {
            b().enter(SUBMITTING, now, Cause.ADMITTED);
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
          if (r.revertExpiresAt() != null) {
            if (!now.isBefore(r.revertExpiresAt())) {
              b().enter(COMPLETE, now, Cause.REVERT_WINDOW_EXPIRED);
            } else {
              wakeAt(r.revertExpiresAt());
            }
          }
          break;
        case IN_PROGRESS_REVERT:
          reverting();
          break;
        case IN_PROGRESS_VSCHEMA:
          applyingVSchema();
          break;
        case IN_PROGRESS_REVERT_VSCHEMA:
          restoringVSchema();
          break;
        default:
          break;
      }
    }

    /** Whether the rows were not read (the step stops and asks for them); indexes them otherwise. */
    private boolean rowsMissing() {
      if (o.rows() == null) {
        needsRows = true;
        return true;
      }
      return false;
    }

    /** The rows read, indexed on first use. */
    private RowIndex rows() {
      if (rows == null) {
        rows = o.rows() == null ? RowIndex.EMPTY : new RowIndex(o.rows());
      }
      return rows;
    }

    /** Submits the next change, one at a time, each intent saved before it is sent. */
    private void submitting() {
      SubmissionIntent pending = pendingSubmission();
      if (pending != null) {
        if (pending.kind() == SubmissionIntent.Kind.CHANGE && mayResume(pending)) {
          takeOver(pending);
          command(submit(pending.change(), Command.Mode.RESUME));
        }
        return;
      }
      for (int i = 0; i < r.changes().size(); i++) {
        if (r.submittedChange(i).isEmpty()) {
          b().pendingSubmission(new SubmissionIntent(SubmissionIntent.Kind.CHANGE, i, now, o.owner()));
          command(submit(i, Command.Mode.FRESH));
          return;
        }
      }
      if (r.changes().isEmpty()) { // only VSchema changes (section 8)
        b().enter(IN_PROGRESS_VSCHEMA, now, Cause.ALL_SUBMITTED);
        applyingVSchema();
        return;
      }
      b().enter(IN_PROGRESS, now, Cause.ALL_SUBMITTED);
      watching();
    }

    private List<VSchemaApplication> vschemaApplications() {
      return b == null ? r.vschemaApplications() : b.vschemaApplications();
    }

    private @Nullable VSchemaApplication vschemaApplication(String keyspace) {
      for (VSchemaApplication a : vschemaApplications()) {
        if (a.keyspace().equals(keyspace)) {
          return a;
        }
      }
      return null;
    }

    /** Rule 3 once the schema changes are complete: a request with VSchema changes applies them first. */
    private void allComplete(Cause cause) {
      if (r.options().instant()) {
        b().enter(COMPLETE, now, cause);
      } else {
        b().revertExpiresAt(now.plus(r.options().revertWindow())).enter(COMPLETE_PENDING_REVERT, now, cause);
      }
    }

    /**
     * in_progress_vschema (section 8): one keyspace at a time, in name order, its earlier VSchema read
     * and saved, then the request's applied (intent saved first); every one in place: rule 3.
     */
    private void applyingVSchema() {
      for (VSchemaChange v : r.vschemaChanges()) {
        VSchemaApplication a = vschemaApplication(v.keyspace());
        if (a == null) {
          command(new Command.ReadVSchema(r.id(), v.keyspace()));
          return;
        }
        switch (a.application()) {
          case DONE:
            continue;
          case NONE:
            b().putVSchemaApplication(a.withApplication(CommandState.REQUESTED));
            command(new Command.ApplyVSchema(r.id(), v.keyspace(), v.vschema(), Command.Mode.FRESH));
            return;
          case REQUESTED:
            command(new Command.ApplyVSchema(r.id(), v.keyspace(), v.vschema(), Command.Mode.RESUME));
            return;
          default: // FAILED: recorded with complete_error; a value stored otherwise ends the same way
            b().enter(COMPLETE_ERROR, now, Cause.VSCHEMA_FAILED);
            return;
        }
      }
      allComplete(Cause.VSCHEMA_APPLIED);
    }

    /**
     * in_progress_revert_vschema (section 8): each keyspace whose VSchema was applied gets its earlier
     * one back, the last keyspace first (intent saved first); then the schema changes are reverted.
     */
    private void restoringVSchema() {
      List<VSchemaApplication> applications = vschemaApplications();
      for (int k = applications.size() - 1; k >= 0; k--) {
        VSchemaApplication a = applications.get(k);
        if (a.application() != CommandState.DONE) {
          continue; // never applied: nothing to put back
        }
        switch (a.restoration()) {
          case DONE:
            continue;
          case NONE:
            b().putVSchemaApplication(a.withRestoration(CommandState.REQUESTED));
            command(new Command.RestoreVSchema(r.id(), a.keyspace(), a.earlier()));
            return;
          case REQUESTED:
            command(new Command.RestoreVSchema(r.id(), a.keyspace(), a.earlier()));
            return;
          default: // FAILED: recorded with complete_revert_error
            b().enter(COMPLETE_REVERT_ERROR, now, Cause.VSCHEMA_RESTORE_FAILED);
            return;
        }
      }
      if (submitted().isEmpty()) {
        b().enter(COMPLETE_REVERT, now, Cause.VSCHEMA_RESTORED);
      } else {
        b().enter(IN_PROGRESS_REVERT, now, Cause.VSCHEMA_RESTORED);
        reverting();
      }
    }

    private boolean mayResume(SubmissionIntent pending) {
      if (pending.owner().equals(o.owner())) {
        if (!pending.inDoubt()) {
          return true;
        }
        Instant doubtEnds = pending.since().plus(o.maxCallDuration()); // decision 118
        if (!now.isBefore(doubtEnds)) {
          return true;
        }
        wakeAt(doubtEnds);
        return false;
      }
      Instant leaseEnds = pending.since().plus(o.submissionLease());
      if (!now.isBefore(leaseEnds)) {
        return true;
      }
      wakeAt(leaseEnds);
      return false;
    }

    /**
     * Resuming another driver's submission first makes the intent this driver's, saved (by
     * compare-and-set) before the migration is looked up: of two drivers taking over at once, one
     * loses the race and then sees a fresh lease.
     */
    private void takeOver(SubmissionIntent pending) {
      if (!pending.owner().equals(o.owner())) {
        b().pendingSubmission(new SubmissionIntent(pending.kind(), pending.change(), now, o.owner()));
      }
    }

    private Command submit(int i, Command.Mode mode) {
      Change c = r.changes().get(i);
      return new Command.Submit(r.id(), i, c.keyspace(), c.sql(), r.migrationContext(), r.options().instant(), mode);
    }

    /**
     * Counts the expected rows of one migration by class into {@link #t} (no allocation when the
     * rows come one per shard in shard order); warns once per unknown status.
     */
    private Tally tally(int change, MigrationHandle handle, List<String> shards, String what) {
      if (t == null) {
        t = new Tally();
      }
      t.reset();
      int n = shards.size();
      t.total = n;
      RowIndex rows = rows();
      int k = rows.run(handle);
      if (k < 0) {
        return t; // no row visible yet: all pending
      }
      if (rows.size(k) == n) {
        int i = 0;
        for (; i < n; i++) {
          MigrationRow row = rows.row(k, i);
          String shard = shards.get(i);
          if (!shard.equals(row.shard())) {
            break; // not in shard order: find each row by its shard
          }
          count(row, change, shard, what);
        }
        if (i == n) {
          return t;
        }
        t.reset();
        t.total = n;
      }
      for (int i = 0; i < n; i++) {
        String shard = shards.get(i);
        count(rows.rowOfShard(k, shard), change, shard, what);
      }
      return t;
    }

    private static final int ANY_FAILED = 1;
    private static final int ANY_CANCELLED = 2;
    private static final int NOT_ALL_COMPLETE = 4;
    private static final int NOT_ALL_OPEN = 8;

    private static int flagsOf(Tally c) {
      return (c.failed > 0 ? ANY_FAILED : 0) | (c.cancelled > 0 ? ANY_CANCELLED : 0)
          | (c.complete != c.total ? NOT_ALL_COMPLETE : 0) | (c.open != c.total ? NOT_ALL_OPEN : 0);
    }

    /**
     * The derivation's counts in one pass over {@code read}, with no index, when the list holds
     * exactly the expected rows in order: each submitted migration's rows one after the other in
     * the order submitted, one per shard in shard order, and nothing else (the steady state of
     * Cutover's backends). Returns the {@link #flagsOf} bits of every change, or -1 when the list
     * is in any other shape or holds a status the derivation does not know (the caller then counts
     * through the index, which also handles rows reported twice, missing and warnings).
     */
    private int countInOrder(List<SubmittedChange> submitted, List<MigrationRow> read) {
      int size = read.size();
      int at = 0;
      int flags = 0;
      for (int k = 0, count = submitted.size(); k < count; k++) {
        SubmittedChange sc = submitted.get(k);
        List<String> shards = sc.shards();
        int n = shards.size();
        if (at + n > size) {
          return -1;
        }
        MigrationHandle handle = sc.handle();
        MigrationHandle last = null; // the handle instance already checked (one per migration, usually)
        int complete = 0;
        int open = 0;
        for (int i = 0; i < n; i++) {
          MigrationRow row = read.get(at + i);
          MigrationHandle h = row.handle();
          if (h != last) {
            if (h != handle && !h.equals(handle)) {
              return -1;
            }
            last = h;
          }
          String shard = shards.get(i);
          String rowShard = row.shard();
          if (rowShard != shard && !rowShard.equals(shard)) {
            return -1;
          }
          switch (RowClass.of(row)) {
            case COMPLETE -> {
              complete++;
              open++;
            }
            case READY -> open++;
            case FAILED -> flags |= ANY_FAILED;
            case CANCELLED -> flags |= ANY_CANCELLED;
            case PENDING -> {
              if (!RowClass.isKnownStatus(row.status())) {
                return -1; // warned about by the indexed count
              }
            }
            default -> { }
          }
        }
        if (complete != n) {
          flags |= NOT_ALL_COMPLETE;
        }
        if (open != n) {
          flags |= NOT_ALL_OPEN;
        }
        at += n;
      }
      return at == size ? flags : -1;
    }

    private void count(@Nullable MigrationRow row, int change, String shard, String what) {
      RowClass c = RowClass.of(row);
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
        case PENDING -> {
          if (row != null && !RowClass.isKnownStatus(row.status())) {
            String warning = what + " of change " + change + " on shard " + shard + ": unknown migration status '"
                + row.status() + "' counted as pending";
            if (!(b == null ? r.warnings() : b.warnings()).contains(warning)) {
              b().warn(warning);
            }
          }
        }
        default -> { }
      }
    }

    private String failureMessage(int change, MigrationHandle handle, List<String> shards, String what) {
      StringBuilder sb = new StringBuilder();
      RowIndex rows = rows();
      int k = rows.run(handle);
      for (int i = 0; i < shards.size(); i++) {
        String shard = shards.get(i);
        MigrationRow row = k < 0 ? null : rows.rowOfShard(k, shard);
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
      List<SubmittedChange> submitted = submitted();
      if (!submitted.isEmpty() && rowsMissing()) {
        return;
      }
      // One pass over the list read when it holds exactly the expected rows in order; else by the index.
      int flags = submitted.isEmpty() ? 0 : countInOrder(submitted, o.rows());
      if (flags < 0) {
        flags = 0;
        for (int k = 0, count = submitted.size(); k < count; k++) {
          SubmittedChange sc = submitted.get(k);
          flags |= flagsOf(tally(sc.change(), sc.handle(), sc.shards(), "migration"));
        }
      }
      boolean anyFailed = (flags & ANY_FAILED) != 0;
      boolean anyCancelled = (flags & ANY_CANCELLED) != 0;
      boolean allComplete = (flags & NOT_ALL_COMPLETE) == 0;
      boolean allOpen = (flags & NOT_ALL_OPEN) == 0;
      DeployState s = state();
      if (anyFailed) {                                                  // rule 1
        StringBuilder failures = new StringBuilder();
        for (SubmittedChange sc : submitted) {
          if (tally(sc.change(), sc.handle(), sc.shards(), "migration").failed > 0) {
            failures.append(failures.length() == 0 ? "" : "; ")
                .append(failureMessage(sc.change(), sc.handle(), sc.shards(), "migration"));
          }
        }
        b().error(failures.toString());
        cancelNonTerminal(submitted);
        b().enter(COMPLETE_ERROR, now, Cause.ROW_FAILED);
      } else if (anyCancelled) {                                        // rule 2
        b().enter(IN_PROGRESS_CANCEL, now, Cause.ROW_CANCELLED);
        cancelling();
      } else if (allComplete) {                                         // rule 3
        if (!r.vschemaChanges().isEmpty()) {                            // section 8: the VSchemas go after
          b().enter(IN_PROGRESS_VSCHEMA, now, Cause.ALL_COMPLETE);
          applyingVSchema();
        } else {
          allComplete(Cause.ALL_COMPLETE);
        }
      } else if (s == IN_PROGRESS_CUTOVER && refusedCompletion()) {      // the cutover cannot happen
        b().error("the backend refused to complete change " + refusedChanges(CommandState.FAILED, true)
            + ": the deploy may be partially applied");
        cancelNonTerminal(submitted);
        b().enter(COMPLETE_ERROR, now, Cause.COMPLETION_REFUSED);
      } else if (s == IN_PROGRESS_CUTOVER) {                            // rule 4
        gateOpen = allOpen;
        cutoverWatched = true;
      } else if (allOpen) {                                             // rule 5
        gateOpen = true;
        if (options().autoApply()) {
          requestCompletionOfEveryChange(b());
          b().enter(IN_PROGRESS_CUTOVER, now, Cause.GATE_OPEN);
        } else if (s != PENDING_CUTOVER) {
          b().enter(PENDING_CUTOVER, now, Cause.GATE_OPEN);
        }
      } else if (s != IN_PROGRESS) {                                    // rule 6
        b().enter(IN_PROGRESS, now, Cause.GATE_CLOSED);
      }
    }

    /**
     * Requests the cancellation of every change of {@code submitted} (the changes as the rows were
     * counted) that still has a row not terminal.
     */
    private void cancelNonTerminal(List<SubmittedChange> submitted) {
      for (SubmittedChange sc : submitted) {
        Tally c = tally(sc.change(), sc.handle(), sc.shards(), "migration");
        if (c.terminal != c.total && sc.cancellation() == CommandState.NONE) {
          b().putSubmitted(sc.withCancellation(CommandState.REQUESTED));
        }
      }
    }

    private boolean refusedCompletion() {
      for (SubmittedChange sc : submitted()) {
        if (sc.completion() == CommandState.FAILED) {
          return true;
        }
      }
      return false;
    }

    /** The indexes of the changes whose completion ({@code completion}) or cancellation is {@code state}. */
    private String refusedChanges(CommandState state, boolean completion) {
      StringBuilder sb = new StringBuilder();
      for (SubmittedChange sc : submitted()) {
        if ((completion ? sc.completion() : sc.cancellation()) == state) {
          sb.append(sb.length() == 0 ? "" : ", ").append(sc.change());
        }
      }
      return sb.toString();
    }

    /** in_progress_cancel: wait for every expected row to be terminal, cancelling what still runs. */
    private void cancelling() {
      SubmissionIntent pending = pendingSubmission();
      if (pending != null && pending.kind() == SubmissionIntent.Kind.CHANGE) {
        if (pending.inDoubt() && now.isBefore(pending.since().plus(o.maxCallDuration()))) {
          wakeAt(pending.since().plus(o.maxCallDuration())); // it may still arrive: look once it cannot
          return;
        }
        // A submission may have reached the backend: find it before deciding anything.
        command(submit(pending.change(), Command.Mode.ADOPT_ONLY));
        return;
      }
      if (!submitted().isEmpty() && rowsMissing()) {
        return;
      }
      boolean allTerminal = true;
      boolean anyComplete = false;
      boolean stuck = true;
      for (SubmittedChange sc : List.copyOf(submitted())) {
        Tally c = tally(sc.change(), sc.handle(), sc.shards(), "migration");
        anyComplete |= c.complete > 0;
        if (c.terminal != c.total) {
          allTerminal = false;
          stuck &= sc.cancellation() == CommandState.FAILED;
          if (sc.cancellation() == CommandState.NONE) {
            b().putSubmitted(sc.withCancellation(CommandState.REQUESTED));
          }
        }
      }
      if (!allTerminal && stuck) {
        // Every migration still running refused its cancellation: nothing more can be done here.
        b().error("the backend refused to cancel change " + refusedChanges(CommandState.FAILED, false)
            + ": its migration may still be running");
        b().enter(COMPLETE_ERROR, now, Cause.CANCELLATION_REFUSED);
      } else if (allTerminal) {
        if (anyComplete || r.completionEverRequested()) {
          b().error("cancelled after the cutover was requested: the deploy may be partially applied");
          b().enter(COMPLETE_ERROR, now, Cause.PARTIALLY_APPLIED);
        } else {
          b().enter(COMPLETE_CANCEL, now, Cause.CANCEL_FINISHED);
        }
      }
    }

    /** in_progress_revert: revert the changes one at a time, last change first. */
    private void reverting() {
      SubmissionIntent pending = pendingSubmission();
      if (pending != null) {
        if (pending.kind() == SubmissionIntent.Kind.REVERT && mayResume(pending)) {
          takeOver(pending);
          command(revert(pending.change(), Command.Mode.RESUME));
        }
        return;
      }
      if (watchesRows(r) && rowsMissing()) {
        return;
      }
      List<SubmittedChange> lastFirst = new ArrayList<>(submitted());
      lastFirst.sort((x, y) -> Integer.compare(y.change(), x.change()));
      for (SubmittedChange sc : lastFirst) {
        if (sc.revert() == null) {
          b().pendingSubmission(new SubmissionIntent(SubmissionIntent.Kind.REVERT, sc.change(), now, o.owner()));
          command(revert(sc.change(), Command.Mode.FRESH));
          return;
        }
        Tally c = tally(sc.change(), sc.revert(), sc.revertShards(), "revert");
        if (c.failed > 0 || c.cancelled > 0) {
          b().error(failureMessage(sc.change(), sc.revert(), sc.revertShards(), "revert"));
          b().enter(COMPLETE_REVERT_ERROR, now, Cause.REVERT_FAILED);
          return;
        }
        if (c.complete != c.total) {
          return;
        }
      }
      b().enter(COMPLETE_REVERT, now, Cause.REVERTED);
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
      DeployState s = state();
      boolean forcing = cutoverWatched && s == IN_PROGRESS_CUTOVER
          && (b == null ? r.forceCutoverWanted() : b.forceCutoverWanted());
      boolean throttleable = r.open() && ActionTable.THROTTLEABLE.contains(s);
      List<SubmittedChange> submitted = submitted();
      for (int k = 0; k < submitted.size(); k++) {
        SubmittedChange sc = submitted.get(k);
        String keyspace = r.changes().get(sc.change()).keyspace();
        boolean completionSent = sc.completion() == CommandState.DONE;
        if (s == IN_PROGRESS_CUTOVER && gateOpen && sc.completion() == CommandState.REQUESTED) {
          command(new Command.Complete(r.id(), sc.change(), keyspace, sc.handle()));
          completionSent = true;
        }
        // Section 7: once per change whose completion was sent and that has a row not complete yet;
        // REQUESTED is one that failed transiently, sent again.
        if (forcing && completionSent
            && (sc.forcedCutover() == CommandState.NONE || sc.forcedCutover() == CommandState.REQUESTED)) {
          Tally c = tally(sc.change(), sc.handle(), sc.shards(), "migration");
          if (c.complete != c.total) {
            if (sc.forcedCutover() == CommandState.NONE) {
              sc = sc.withForcedCutover(CommandState.REQUESTED);
              b().setSubmitted(k, sc);
              submitted = b.submitted();
            }
            command(new Command.ForceCutover(r.id(), sc.change(), keyspace, sc.handle()));
          }
        }
        if (sc.cancellation() == CommandState.REQUESTED) {
          command(new Command.Cancel(r.id(), sc.change(), keyspace, sc.handle()));
        }
        if (throttleable) {
          double ratio = r.throttleRatioOf(keyspace);
          if (sc.throttle() != ratio) {
            command(new Command.Throttle(r.id(), sc.change(), keyspace, sc.handle(), ratio));
          }
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
