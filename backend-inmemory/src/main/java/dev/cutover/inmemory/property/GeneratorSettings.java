package dev.cutover.inmemory.property;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the {@link ScenarioGenerator} makes: sizes (keyspaces, shards, requests, changes), the rates
 * of failures, faults, forced rows and each user action, and the timing ranges. Every rate is a
 * probability in [0, 1]; every range is inclusive.
 *
 * <pre>{@code
 * GeneratorSettings small = GeneratorSettings.custom()
 *     .requests(1, 2).changes(1, 2).keyspaces(1, 1).shards(1, 2)
 *     .faultRate(0).action("revert", 0.5)
 *     .build();
 * }</pre>
 *
 * @param minKeyspaces at least this many keyspaces (1 to 3)
 * @param maxKeyspaces at most this many
 * @param minShards at least this many shards per keyspace (1 to 16)
 * @param maxShards at most this many
 * @param minRequests at least this many requests (1 to 20)
 * @param maxRequests at most this many
 * @param minChanges at least this many changes per request (0 to 10)
 * @param maxChanges at most this many
 * @param noChangesRate how often a request has no changes at all
 * @param autoApplyRate how often a request auto-applies
 * @param instantRate how often a request asks for an instant deploy
 * @param approvalRate how often a request requires approval
 * @param failureRate per change: a migration that fails ({@code failAfter})
 * @param revertFailureRate per change: a revert that fails ({@code revertFailAfter})
 * @param lintErrorRate per request: analysis finds a lint error
 * @param timingScriptRate per change: its own timings (slower or faster shards, invisible rows)
 * @param flappingRate per request: forced rows (unknown statuses, ready_to_complete flapping, cancelled outside)
 * @param faultRate per scenario: transient and permanent backend faults (1 to 3 of them)
 * @param transientFaultShare of those faults, the share that are transient
 * @param holdQueueOnFailureRate per request: the {@code holdQueueOnFailure} option (spec 7)
 * @param cutoverStuckRate per change: a cutover that keeps failing until forced ({@code cutoverStuck})
 * @param deployInstantShare of the deploy actions, the share that say {@code instant} (true or false)
 * @param keyspaceThrottleShare of the throttle actions, the share that name a keyspace
 * @param actions per action name ({@code deploy}, {@code revert}, ...), how often a request gets it;
 *     {@code approve} counts only for requests that require approval, {@code apply} only for those
 *     that do not auto-apply, {@code forceCutover} only for those with a stuck cutover, {@code unblock}
 *     only for those with {@code holdQueueOnFailure}
 * @param maxExtraActions per request, up to this many more actions at random times (legal or not)
 * @param extraActionKinds the actions those extra ones are drawn from (default: all of {@link #ACTIONS})
 * @param revertWindows the revert windows to choose from (one request in 20 gets 30 minutes)
 * @param pollIntervals the poll intervals to choose from
 * @param maxCreatedAt requests are created between 0 and this
 * @param readyAfter the range of the default time from submission to ready_to_complete
 * @param actionSpread user actions come up to this long after a request is deployed
 * @param vschemaRate per request: VSchema changes for some keyspaces (section 8); one in five of those
 *     fails to be applied or put back, and one scenario in three with them takes time to apply each
 */
public record GeneratorSettings(int minKeyspaces, int maxKeyspaces, int minShards, int maxShards, int minRequests,
    int maxRequests, int minChanges, int maxChanges, double noChangesRate, double autoApplyRate, double instantRate,
    double approvalRate, double failureRate, double revertFailureRate, double lintErrorRate, double timingScriptRate,
    double flappingRate, double faultRate, double transientFaultShare, double holdQueueOnFailureRate,
    double cutoverStuckRate, double deployInstantShare, double keyspaceThrottleShare, Map<String, Double> actions,
    int maxExtraActions, Set<String> extraActionKinds, List<Duration> revertWindows, List<Duration> pollIntervals, Duration maxCreatedAt, Range readyAfter,
    Duration actionSpread, double vschemaRate) {

  /** The actions a generated scenario can hold. */
  public static final Set<String> ACTIONS = Set.of("approve", "deploy", "cancel", "apply", "setAutoApply", "throttle",
      "revert", "skipRevert", "close", "forceCutover", "unblock");

  /**
   * An inclusive range of durations.
   *
   * @param min the shortest duration the generator may draw
   * @param max the longest duration the generator may draw
   */
  public record Range(Duration min, Duration max) {
    /**
     * Checks the bounds.
     *
     * @param min not null and not negative
     * @param max not null and not shorter than {@code min} (equal gives a fixed duration)
     * @throws NullPointerException if either bound is null
     * @throws IllegalArgumentException if {@code min} is negative or {@code max} is shorter than it
     */
    public Range {
      Objects.requireNonNull(min, "min");
      Objects.requireNonNull(max, "max");
      if (min.isNegative() || max.compareTo(min) < 0) {
        throw new IllegalArgumentException("range: needs 0 <= min <= max, was " + min + ".." + max);
      }
    }
  }

  /**
   * Checks every range and rate and copies the collections; the builder ({@link #custom()},
   * {@link #from}) is the easier way in.
   *
   * @param minKeyspaces 1 to 3, not more than {@code maxKeyspaces}
   * @param maxKeyspaces 1 to 3
   * @param minShards 1 to 16, not more than {@code maxShards}
   * @param maxShards 1 to 16
   * @param minRequests 1 to 20, not more than {@code maxRequests}
   * @param maxRequests 1 to 20
   * @param minChanges 0 to 10, not more than {@code maxChanges}
   * @param maxChanges 0 to 10
   * @param noChangesRate a probability in [0, 1]
   * @param autoApplyRate a probability in [0, 1]
   * @param instantRate a probability in [0, 1]
   * @param approvalRate a probability in [0, 1]
   * @param failureRate a probability in [0, 1]
   * @param revertFailureRate a probability in [0, 1]
   * @param lintErrorRate a probability in [0, 1]
   * @param timingScriptRate a probability in [0, 1]
   * @param flappingRate a probability in [0, 1]
   * @param faultRate a probability in [0, 1]
   * @param transientFaultShare a share in [0, 1]
   * @param holdQueueOnFailureRate a probability in [0, 1]
   * @param cutoverStuckRate a probability in [0, 1]
   * @param deployInstantShare a share in [0, 1]
   * @param keyspaceThrottleShare a share in [0, 1]
   * @param actions not null; keys from {@link #ACTIONS}, values probabilities in [0, 1]; copied, and
   *     the copy keeps the map's iteration order
   * @param maxExtraActions 0 or more
   * @param extraActionKinds not null, names from {@link #ACTIONS}; copied into a sorted set
   * @param revertWindows not null and not empty, each a positive whole number of seconds; copied
   * @param pollIntervals not null and not empty, each a positive whole number of seconds; copied
   * @param maxCreatedAt not null and not negative
   * @param readyAfter not null
   * @param actionSpread not null and not negative
   * @param vschemaRate a probability in [0, 1]
   * @throws NullPointerException if a duration, a collection or {@code readyAfter} is null
   * @throws IllegalArgumentException naming the field, if a count, rate, action name or duration is
   *     out of range
   */
  public GeneratorSettings {
    range("keyspaces", minKeyspaces, maxKeyspaces, 1, 3);
    range("shards", minShards, maxShards, 1, 16);
    range("requests", minRequests, maxRequests, 1, 20);
    range("changes", minChanges, maxChanges, 0, 10);
    rate("noChangesRate", noChangesRate);
    rate("autoApplyRate", autoApplyRate);
    rate("instantRate", instantRate);
    rate("approvalRate", approvalRate);
    rate("failureRate", failureRate);
    rate("revertFailureRate", revertFailureRate);
    rate("lintErrorRate", lintErrorRate);
    rate("timingScriptRate", timingScriptRate);
    rate("flappingRate", flappingRate);
    rate("faultRate", faultRate);
    rate("transientFaultShare", transientFaultShare);
    rate("holdQueueOnFailureRate", holdQueueOnFailureRate);
    rate("cutoverStuckRate", cutoverStuckRate);
    rate("deployInstantShare", deployInstantShare);
    rate("keyspaceThrottleShare", keyspaceThrottleShare);
    rate("vschemaRate", vschemaRate);
    Map<String, Double> a = new LinkedHashMap<>();
    Objects.requireNonNull(actions, "actions").forEach((name, p) -> {
      if (!ACTIONS.contains(name)) {
        throw new IllegalArgumentException("actions: unknown action '" + name + "' (known: " + ACTIONS + ")");
      }
      rate("actions." + name, p);
      a.put(name, p);
    });
    actions = Collections.unmodifiableMap(a);
    Set<String> kinds = new java.util.TreeSet<>(Objects.requireNonNull(extraActionKinds, "extraActionKinds"));
    for (String name : kinds) {
      if (!ACTIONS.contains(name)) {
        throw new IllegalArgumentException("extraActionKinds: unknown action '" + name + "' (known: " + ACTIONS + ")");
      }
    }
    extraActionKinds = Collections.unmodifiableSet(kinds);
    if (maxExtraActions < 0) {
      throw new IllegalArgumentException("maxExtraActions: must not be negative, was " + maxExtraActions);
    }
    revertWindows = List.copyOf(revertWindows);
    if (revertWindows.isEmpty()) {
      throw new IllegalArgumentException("revertWindows: needs at least one, was []");
    }
    for (Duration d : revertWindows) {
      if (d.isZero() || d.isNegative() || d.getNano() != 0) {
        throw new IllegalArgumentException("revertWindows: each must be a positive whole number of seconds, was " + d);
      }
    }
    pollIntervals = List.copyOf(pollIntervals);
    if (pollIntervals.isEmpty()) {
      throw new IllegalArgumentException("pollIntervals: needs at least one, was []");
    }
    for (Duration d : pollIntervals) {
      if (d.isZero() || d.isNegative() || d.getNano() != 0) {
        throw new IllegalArgumentException("pollIntervals: each must be a positive whole number of seconds, was " + d);
      }
    }
    notNegative("maxCreatedAt", maxCreatedAt);
    Objects.requireNonNull(readyAfter, "readyAfter");
    notNegative("actionSpread", actionSpread);
  }

  /**
   * What Cutover's own property suite generates.
   *
   * @return the settings the builder starts from (the defaults each setter names)
   */
  public static GeneratorSettings ofDefaults() {
    return custom().build();
  }

  /**
   * Settings to adjust, starting from the defaults.
   *
   * @return a new builder holding {@link #ofDefaults()}'s values
   */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * Settings to adjust, starting from {@code base}.
   *
   * @param base the settings to copy, not null
   * @return a new builder holding {@code base}'s values; changing it leaves {@code base} as it is
   */
  public static Builder from(GeneratorSettings base) {
    return new Builder(base);
  }

  /**
   * The rate of an action.
   *
   * @param name an action name such as {@code "revert"}; a name outside {@link #ACTIONS} is no error
   * @return how often a request gets that action, in [0, 1]; 0 if it was not set or is unknown
   */
  public double actionRate(String name) {
    return actions.getOrDefault(name, 0.0);
  }

  private static void range(String field, int min, int max, int lo, int hi) {
    if (min < lo || max > hi || min > max) {
      throw new IllegalArgumentException(field + ": needs " + lo + " <= min <= max <= " + hi + ", was " + min + ".."
          + max);
    }
  }

  private static void rate(String field, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(field + ": must be a probability in [0, 1], was " + p);
    }
  }

  private static void notNegative(String field, Duration d) {
    Objects.requireNonNull(d, field);
    if (d.isNegative()) {
      throw new IllegalArgumentException(field + ": must not be negative, was " + d);
    }
  }

  /** Builds {@link GeneratorSettings}; each setter checks its argument when {@link #build()} runs. */
  public static final class Builder {
    private int minKeyspaces = 1;
    private int maxKeyspaces = 3;
    private int minShards = 1;
    private int maxShards = 8;
    private int minRequests = 1;
    private int maxRequests = 5;
    private int minChanges = 1;
    private int maxChanges = 6;
    private double noChangesRate = 0.05;
    private double autoApplyRate = 0.8;
    private double instantRate = 0.1;
    private double approvalRate = 0.15;
    private double failureRate = 0.08;
    private double revertFailureRate = 0.05;
    private double lintErrorRate = 0.05;
    private double timingScriptRate = 0.3;
    private double flappingRate = 0.12;
    private double faultRate = 0.3;
    private double transientFaultShare = 0.75;
    private double holdQueueOnFailureRate = 0.15;
    private double cutoverStuckRate = 0.05;
    private double deployInstantShare = 0.1;
    private double keyspaceThrottleShare = 0.5;
    private double vschemaRate = 0.15;
    private final Map<String, Double> actions = new LinkedHashMap<>();
    private int maxExtraActions = 3;
    private final Set<String> extraActionKinds = new java.util.TreeSet<>(ACTIONS);
    private List<Duration> revertWindows = new ArrayList<>(List.of(Duration.ofMinutes(1), Duration.ofMinutes(2),
        Duration.ofMinutes(3), Duration.ofMinutes(5), Duration.ofMinutes(10)));
    private List<Duration> pollIntervals = new ArrayList<>(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10),
        Duration.ofSeconds(15), Duration.ofSeconds(30)));
    private Duration maxCreatedAt = Duration.ofMinutes(3);
    private Range readyAfter = new Range(Duration.ofSeconds(1), Duration.ofMinutes(4));
    private Duration actionSpread = Duration.ofMinutes(15);

    private Builder() {
      actions.put("approve", 0.8);
      actions.put("deploy", 0.9);
      actions.put("apply", 0.7);
      actions.put("revert", 0.2);
      actions.put("skipRevert", 0.15);
      actions.put("close", 0.05);
      actions.put("forceCutover", 0.9);
      actions.put("unblock", 0.6);
    }

    private Builder(GeneratorSettings b) {
      minKeyspaces = b.minKeyspaces;
      maxKeyspaces = b.maxKeyspaces;
      minShards = b.minShards;
      maxShards = b.maxShards;
      minRequests = b.minRequests;
      maxRequests = b.maxRequests;
      minChanges = b.minChanges;
      maxChanges = b.maxChanges;
      noChangesRate = b.noChangesRate;
      autoApplyRate = b.autoApplyRate;
      instantRate = b.instantRate;
      approvalRate = b.approvalRate;
      failureRate = b.failureRate;
      revertFailureRate = b.revertFailureRate;
      lintErrorRate = b.lintErrorRate;
      timingScriptRate = b.timingScriptRate;
      flappingRate = b.flappingRate;
      faultRate = b.faultRate;
      transientFaultShare = b.transientFaultShare;
      holdQueueOnFailureRate = b.holdQueueOnFailureRate;
      cutoverStuckRate = b.cutoverStuckRate;
      deployInstantShare = b.deployInstantShare;
      keyspaceThrottleShare = b.keyspaceThrottleShare;
      vschemaRate = b.vschemaRate;
      actions.putAll(b.actions);
      maxExtraActions = b.maxExtraActions;
      extraActionKinds.clear();
      extraActionKinds.addAll(b.extraActionKinds);
      revertWindows = new ArrayList<>(b.revertWindows);
      pollIntervals = new ArrayList<>(b.pollIntervals);
      maxCreatedAt = b.maxCreatedAt;
      readyAfter = b.readyAfter;
      actionSpread = b.actionSpread;
    }

    /**
     * How many keyspaces (1 to 3). Default 1 to 3.
     *
     * @param min the fewest keyspaces, 1 to 3
     * @param max the most keyspaces, 1 to 3 and not less than {@code min}
     * @return this builder (the value is checked when {@link #build()} runs)
     */
    public Builder keyspaces(int min, int max) {
      minKeyspaces = min;
      maxKeyspaces = max;
      return this;
    }

    /**
     * How many shards per keyspace (1 to 16). Default 1 to 8.
     *
     * @param min the fewest shards per keyspace, 1 to 16
     * @param max the most shards per keyspace, 1 to 16 and not less than {@code min}
     * @return this builder (the value is checked when {@link #build()} runs)
     */
    public Builder shards(int min, int max) {
      minShards = min;
      maxShards = max;
      return this;
    }

    /**
     * How many requests (1 to 20). Default 1 to 5.
     *
     * @param min the fewest requests, 1 to 20
     * @param max the most requests, 1 to 20 and not less than {@code min}
     * @return this builder (the value is checked when {@link #build()} runs)
     */
    public Builder requests(int min, int max) {
      minRequests = min;
      maxRequests = max;
      return this;
    }

    /**
     * How many changes per request (0 to 10). Default 1 to 6.
     *
     * @param min the fewest changes per request, 0 to 10
     * @param max the most changes per request, 0 to 10 and not less than {@code min}
     * @return this builder (the value is checked when {@link #build()} runs)
     */
    public Builder changes(int min, int max) {
      minChanges = min;
      maxChanges = max;
      return this;
    }

    /**
     * How often a request has no changes. Default 0.05.
     *
     * @param p a probability in [0, 1]
     * @return this builder (the value is checked when {@link #build()} runs)
     */
    public Builder noChangesRate(double p) {
      noChangesRate = p;
      return this;
    }

    /**
     * How often a request auto-applies. Default 0.8.
     *
     * @param p a probability in [0, 1]
     * @return this builder (the value is checked when {@link #build()} runs)
     */
    public Builder autoApplyRate(double p) {
      autoApplyRate = p;
      return this;
    }

    /**
     * How often a request asks for an instant deploy. Default 0.1.
     *
     * @param p a probability in [0, 1]
     * @return this builder (the value is checked when {@link #build()} runs)
     */
    public Builder instantRate(double p) {
      instantRate = p;
      return this;
    }

    /**
     * How often a request requires approval. Default 0.15.
     *
     * @param p a probability in [0, 1]
     * @return this builder (the value is checked when {@link #build()} runs)
     */
    public Builder approvalRate(double p) {
      approvalRate = p;
      return this;
    }

    /**
     * Per change, how often its migration fails. Default 0.08.
     *
     * @param p a probability in [0, 1]
     * @return this builder (the value is checked when {@link #build()} runs)
     */
    public Builder failureRate(double p) {
      failureRate = p;
      return this;
    }

    /**
     * Per change, how often its revert fails. Default 0.05.
     *
     * @param p a probability in [0, 1]
     * @return this builder (the value is checked when {@link #build()} runs)
     */
    public Builder revertFailureRate(double p) {
      revertFailureRate = p;
      return this;
    }

    /**
     * Per request, how often analysis finds a lint error. Default 0.05.
     *
     * @param p a probability in [0, 1]
     * @return this builder (the value is checked when {@link #build()} runs)
     */
    public Builder lintErrorRate(double p) {
      lintErrorRate = p;
      return this;
    }

    /**
     * Per change, how often it gets its own timings (slow or invisible shards). Default 0.3.
     *
     * @param p a probability in [0, 1]
     * @return this builder (the value is checked when {@link #build()} runs)
     */
    public Builder timingScriptRate(double p) {
      timingScriptRate = p;
      return this;
    }

    /**
     * Per request, how often its rows are forced (unknown statuses, flapping ready flag, cancelled outside). Default 0.12.
     *
     * @param p a probability in [0, 1]
     * @return this builder (the value is checked when {@link #build()} runs)
     */
    public Builder flappingRate(double p) {
      flappingRate = p;
      return this;
    }

    /**
     * Per scenario, how often backend faults are injected. Default 0.3.
     *
     * @param p a probability in [0, 1]
     * @return this builder (the value is checked when {@link #build()} runs)
     */
    public Builder faultRate(double p) {
      faultRate = p;
      return this;
    }

    /**
     * The share of the faults that are transient. Default 0.75.
     *
     * @param p a probability in [0, 1]
     * @return this builder (the value is checked when {@link #build()} runs)
     */
    public Builder transientFaultShare(double p) {
      transientFaultShare = p;
      return this;
    }

    /**
     * Per request, how often it has {@code holdQueueOnFailure}. Default 0.15.
     *
     * @param p a probability in [0, 1]
     * @return this builder (the value is checked when {@link #build()} runs)
     */
    public Builder holdQueueOnFailureRate(double p) {
      holdQueueOnFailureRate = p;
      return this;
    }

    /**
     * Per change, how often its cutover keeps failing until forced ({@code cutoverStuck}). Default 0.05.
     *
     * @param p a probability in [0, 1]
     * @return this builder (the value is checked when {@link #build()} runs)
     */
    public Builder cutoverStuckRate(double p) {
      cutoverStuckRate = p;
      return this;
    }

    /**
     * Per request, how often it carries VSchema changes (section 8). Default 0.15.
     *
     * @param p a probability in [0, 1]
     * @return this builder (the value is checked when {@link #build()} runs)
     */
    public Builder vschemaRate(double p) {
      vschemaRate = p;
      return this;
    }

    /**
     * Of the deploy actions, the share that say {@code instant} (true or false at random). Default 0.1.
     *
     * @param p a probability in [0, 1]
     * @return this builder (the value is checked when {@link #build()} runs)
     */
    public Builder deployInstantShare(double p) {
      deployInstantShare = p;
      return this;
    }

    /**
     * Of the throttle actions, the share that name a keyspace. Default 0.5.
     *
     * @param p a probability in [0, 1]
     * @return this builder (the value is checked when {@link #build()} runs)
     */
    public Builder keyspaceThrottleShare(double p) {
      keyspaceThrottleShare = p;
      return this;
    }

    /**
     * How often a request gets this action (see {@link GeneratorSettings#ACTIONS}). Defaults: approve
     * 0.8 (of the requests that require approval), deploy 0.9, apply 0.7 (of the manual ones), revert
     * 0.2, skipRevert 0.15, close 0.05, forceCutover 0.9 (of those with a stuck cutover, in the first third of the spread), unblock 0.6
     * (of those with holdQueueOnFailure), cancel, setAutoApply and throttle 0 (they come as extra actions).
     *
     * @param name an action from {@link GeneratorSettings#ACTIONS}; null throws at once, an unknown
     *     name when {@link #build()} runs
     * @param p a probability in [0, 1]
     * @return this builder (the name and rate are checked when {@link #build()} runs)
     */
    public Builder action(String name, double p) {
      actions.put(Objects.requireNonNull(name, "name"), p);
      return this;
    }

    /**
     * Never generates this action: its rate becomes 0 and extra actions are not drawn from it.
     *
     * @param name an action from {@link GeneratorSettings#ACTIONS}; null throws at once, an unknown
     *     name when {@link #build()} runs
     * @return this builder (the name is checked when {@link #build()} runs)
     */
    public Builder withoutAction(String name) {
      actions.put(Objects.requireNonNull(name, "name"), 0.0);
      extraActionKinds.remove(name);
      return this;
    }

    /**
     * Up to this many more random actions per request. Default 3.
     *
     * @param n 0 or more; 0 gives only the scheduled actions
     * @return this builder (the value is checked when {@link #build()} runs)
     */
    public Builder maxExtraActions(int n) {
      maxExtraActions = n;
      return this;
    }

    /**
     * The revert windows to choose from (one request in 20 gets 30 minutes). Default 1, 2, 3, 5 and 10 minutes.
     *
     * @param windows at least one, each a positive whole number of seconds; copied (a null element
     *     throws at once)
     * @return this builder (the windows are checked when {@link #build()} runs)
     */
    public Builder revertWindows(Duration... windows) {
      revertWindows = new ArrayList<>(List.of(windows));
      return this;
    }

    /**
     * The poll intervals to choose from. Default 1, 2, 5, 10, 15 and 30 s (5 and 10 twice as often).
     *
     * @param intervals at least one, each a positive whole number of seconds; a value given twice is
     *     drawn twice as often; copied (a null element throws at once)
     * @return this builder (the intervals are checked when {@link #build()} runs)
     */
    public Builder pollIntervals(Duration... intervals) {
      pollIntervals = new ArrayList<>(List.of(intervals));
      return this;
    }

    /**
     * Requests are created between 0 and this. Default 3 minutes.
     *
     * @param d not null and not negative
     * @return this builder (the value is checked when {@link #build()} runs)
     */
    public Builder maxCreatedAt(Duration d) {
      maxCreatedAt = d;
      return this;
    }

    /**
     * The default time from submission to ready_to_complete. Default 1 s to 4 minutes (sometimes 0).
     *
     * @param min the shortest, not null and not negative
     * @param max the longest, not null and not shorter than {@code min}
     * @return this builder
     * @throws NullPointerException if either bound is null (at once, unlike the other setters)
     * @throws IllegalArgumentException if {@code min} is negative or {@code max} is shorter (at once)
     */
    public Builder readyAfter(Duration min, Duration max) {
      readyAfter = new Range(min, max);
      return this;
    }

    /**
     * User actions come up to this long after the deploy. Default 15 minutes.
     *
     * @param d not null and not negative
     * @return this builder (the value is checked when {@link #build()} runs)
     */
    public Builder actionSpread(Duration d) {
      actionSpread = d;
      return this;
    }

    /**
     * Checks the values set so far and makes the settings.
     *
     * @return new settings; the builder can go on being changed without affecting them
     * @throws IllegalArgumentException naming the field, if a value is out of range (see
     *     {@link GeneratorSettings#GeneratorSettings the constructor})
     */
    public GeneratorSettings build() {
      return new GeneratorSettings(minKeyspaces, maxKeyspaces, minShards, maxShards, minRequests, maxRequests,
          minChanges, maxChanges, noChangesRate, autoApplyRate, instantRate, approvalRate, failureRate,
          revertFailureRate, lintErrorRate, timingScriptRate, flappingRate, faultRate, transientFaultShare,
          holdQueueOnFailureRate, cutoverStuckRate, deployInstantShare, keyspaceThrottleShare, actions,
          maxExtraActions, extraActionKinds, revertWindows, pollIntervals, maxCreatedAt, readyAfter, actionSpread,
          vschemaRate);
    }
  }
}
