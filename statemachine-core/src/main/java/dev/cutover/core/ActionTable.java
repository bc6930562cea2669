package dev.cutover.core;

import static dev.cutover.core.DeployState.*;

import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where each user action is allowed, declared once (spec sections 3 and 7), beside
 * {@link Transitions}: per action, the states it is allowed in, what a rejection in another state
 * says, and the further conditions, each with the reason its rejection gives.
 *
 * <p>{@link #check} applies the table in a fixed order: a closed request rejects every action
 * (section 7); then the state; then each condition in the order declared. A rejection names the
 * action and the current state: {@code "revert is not allowed in state complete"}, or for an
 * invalid argument {@code "throttle ratio 2.0 is invalid in state in_progress: must be within [0, 0.95]"}.
 */
public final class ActionTable {

  /** A condition beyond the state: {@code null} when it holds, else the detail of the rejection. */
  @FunctionalInterface
  public interface Check {
    /**
     * Checks the condition.
     *
     * @param request the request the action is applied to, in a state the rule allows
     * @param action the action, of the rule's kind
     * @param now the time it is applied
     * @return {@code null} if the condition holds, else what the rejection says after the state
     */
    @Nullable String refusal(DeployRequest request, Action action, Instant now);
  }

  /**
   * One condition of a rule.
   *
   * @param kind the kind of the rejection when it fails
   * @param description what the condition asks, as a sentence (docs and tests)
   * @param check the condition itself
   */
  public record Condition(ActionResult.Kind kind, String description, Check check) {
    /**
     * Checks that no part is null.
     *
     * @param kind not null
     * @param description not null
     * @param check not null
     * @throws NullPointerException naming the part, if one is null
     */
    public Condition {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(check, "check");
    }
  }

  /**
   * The rule of one action.
   *
   * @param action the action
   * @param allowedIn the states the action is allowed in
   * @param elsewhere per state outside {@code allowedIn}, what the rejection adds (what to do first)
   * @param conditions further conditions, checked in order once the state allows the action
   */
  public record Rule(Action.Kind action, Set<DeployState> allowedIn, Map<DeployState, String> elsewhere,
      List<Condition> conditions) {
    /**
     * Checks the action and copies the collections.
     *
     * @param action not null
     * @param allowedIn not null, no null element; copied
     * @param elsewhere not null, no null key or value; copied
     * @param conditions not null, no null element; copied, kept in order
     * @throws NullPointerException if a part or an element is null
     */
    public Rule {
      Objects.requireNonNull(action, "action");
      allowedIn = Set.copyOf(allowedIn);
      elsewhere = Map.copyOf(elsewhere);
      conditions = List.copyOf(conditions);
    }
  }

  /** Non-terminal states before the cutover, in which {@code setAutoApply} is accepted. */
  private static final Set<DeployState> BEFORE_CUTOVER =
      EnumSet.of(PENDING, READY, QUEUED, SUBMITTING, IN_PROGRESS, PENDING_CUTOVER);

  /** States in which {@code throttle} is accepted and applied to the request's migrations. */
  static final Set<DeployState> THROTTLEABLE =
      EnumSet.of(QUEUED, SUBMITTING, IN_PROGRESS, PENDING_CUTOVER, IN_PROGRESS_CUTOVER);

  private static final Map<Action.Kind, Rule> RULES = new EnumMap<>(Action.Kind.class);

  static {
    for (Action.Kind kind : Action.Kind.values()) {
      RULES.put(kind, declare(kind));
    }
  }

  private ActionTable() {}

  /** The table itself: one rule per action. A new {@link Action.Kind} does not compile until it has one. */
  private static Rule declare(Action.Kind kind) {
    return switch (kind) {
      case APPROVE -> rule(kind, EnumSet.of(PENDING, READY), Map.of());
      case DEPLOY -> rule(kind, EnumSet.of(READY), Map.of(),
          notAllowed("approved, if the request requires approval",
              (r, a, now) -> r.options().requiresApproval() && !r.approved() ? "the request requires approval" : null),
          notAllowed("an instant deploy has auto-apply on",
              (r, a, now) -> r.options().instant() && !r.options().autoApply()
                  ? "an instant deploy requires auto-apply" : null),
          notAllowed("an instant deploy has every change eligible for instant",
              ActionTable::instantIneligible));
      case CANCEL -> rule(kind, EnumSet.of(QUEUED, SUBMITTING, IN_PROGRESS, PENDING_CUTOVER),
          Map.of(IN_PROGRESS_CUTOVER, "the cutover has started",
              IN_PROGRESS_VSCHEMA, "the cutover has happened; the VSchema changes are being applied"));
      case APPLY -> rule(kind, EnumSet.of(PENDING_CUTOVER), Map.of());
      case SET_AUTO_APPLY -> rule(kind, BEFORE_CUTOVER, Map.of());
      case THROTTLE -> rule(kind, THROTTLEABLE, Map.of(),
          invalidArgument("the ratio is within [0, 0.95]", (r, a, now) -> {
            double ratio = ((Action.Throttle) a).ratio();
            return ratio >= 0 && ratio <= DeployRequest.MAX_THROTTLE_RATIO ? null
                : "throttle ratio " + ratio + " is invalid in state " + r.state() + ": must be within [0, 0.95]";
          }),
          invalidArgument("the keyspace, if given, is used by a change of the request", (r, a, now) -> {
            String keyspace = ((Action.Throttle) a).keyspace();
            if (keyspace == null || r.changes().stream().anyMatch(c -> c.keyspace().equals(keyspace))) {
              return null;
            }
            return "throttle keyspace '" + keyspace + "' is invalid in state " + r.state()
                + ": no change of the request uses it (its keyspaces: "
                + r.changes().stream().map(Change::keyspace).distinct().toList() + ")";
          }));
      case REVERT -> rule(kind, EnumSet.of(COMPLETE_PENDING_REVERT), Map.of(),
          notAllowed("not deployed instant",
              (r, a, now) -> r.options().instant() ? "an instant deploy cannot be reverted" : null),
          notAllowed("the revert window is open",
              (r, a, now) -> r.revertExpiresAt() == null || !now.isBefore(r.revertExpiresAt())
                  ? "the revert window closed at " + r.revertExpiresAt() : null));
      case SKIP_REVERT -> rule(kind, EnumSet.of(COMPLETE_PENDING_REVERT), Map.of());
      case CLOSE -> {
        Set<DeployState> closable = EnumSet.of(PENDING, READY);
        closable.addAll(DeployState.terminalStates());
        yield rule(kind, closable, Map.of(
            QUEUED, "cancel it first",
            SUBMITTING, "cancel it first",
            IN_PROGRESS, "cancel it first",
            PENDING_CUTOVER, "cancel it first",
            IN_PROGRESS_CUTOVER, "the cutover has started: wait for it, then skip or finish the revert",
            IN_PROGRESS_CANCEL, "wait for the cancellation to finish",
            COMPLETE_PENDING_REVERT, "skip or finish the revert first",
            IN_PROGRESS_REVERT, "wait for the revert to finish",
            IN_PROGRESS_VSCHEMA, "the VSchema changes are being applied: wait for them, then skip or finish the revert",
            IN_PROGRESS_REVERT_VSCHEMA, "wait for the revert to finish"));
      }
      case FORCE_CUTOVER -> rule(kind, EnumSet.of(IN_PROGRESS_CUTOVER), Map.of());
      case UNBLOCK -> rule(kind, EnumSet.of(COMPLETE_ERROR, COMPLETE_REVERT_ERROR), Map.of(),
          notAllowed("the request holds its database (holdQueueOnFailure)",
              (r, a, now) -> r.options().holdQueueOnFailure() ? null
                  : "the request does not hold its database (holdQueueOnFailure is off)"),
          notAllowed("not unblocked yet",
              (r, a, now) -> r.unblocked() ? "the request was already unblocked" : null));
    };
  }

  /**
   * The rule of {@code action}.
   *
   * @param action the kind of action, not null
   * @return its rule; every kind has one
   */
  public static Rule rule(Action.Kind action) {
    return RULES.get(Objects.requireNonNull(action, "action"));
  }

  /**
   * Checks {@code action} on {@code request} at {@code now} against the table.
   *
   * @param request the request as it is now, not null
   * @param action the action, not null
   * @param now the time it is applied, not null
   * @return {@code null} if the action is allowed, else its rejection (holding {@code request} unchanged)
   */
  @Nullable
  public static ActionResult.Rejected check(DeployRequest request, Action action, Instant now) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(now, "now");
    if (!request.open()) {
      return notAllowedIn(request, action, "the request is closed");
    }
    Rule rule = RULES.get(action.kind());
    if (!rule.allowedIn().contains(request.state())) {
      return notAllowedIn(request, action, rule.elsewhere().get(request.state()));
    }
    for (Condition c : rule.conditions()) {
      String refusal = c.check().refusal(request, action, now);
      if (refusal != null) {
        return c.kind() == ActionResult.Kind.INVALID_ARGUMENT
            ? new ActionResult.Rejected(request, action, ActionResult.Kind.INVALID_ARGUMENT, refusal)
            : notAllowedIn(request, action, refusal);
      }
    }
    return null;
  }

  private static ActionResult.Rejected notAllowedIn(DeployRequest r, Action action, @Nullable String detail) {
    return new ActionResult.Rejected(r, action, ActionResult.Kind.NOT_ALLOWED,
        action.name() + " is not allowed in state " + r.state() + (detail == null ? "" : ": " + detail));
  }

  private static @Nullable String instantIneligible(DeployRequest r, Action a, Instant now) {
    if (!r.options().instant()) {
      return null;
    }
    for (int i = 0; i < r.changes().size(); i++) {
      if (r.instantEligible().isEmpty() || !r.instantEligible().get(i)) {
        return "change " + i + " is not eligible for an instant deploy";
      }
    }
    return null;
  }

  private static Rule rule(Action.Kind kind, Set<DeployState> allowedIn, Map<DeployState, String> elsewhere,
      Condition... conditions) {
    return new Rule(kind, allowedIn, elsewhere, List.of(conditions));
  }

  private static Condition notAllowed(String description, Check check) {
    return new Condition(ActionResult.Kind.NOT_ALLOWED, description, check);
  }

  private static Condition invalidArgument(String description, Check check) {
    return new Condition(ActionResult.Kind.INVALID_ARGUMENT, description, check);
  }
}
