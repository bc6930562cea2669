package dev.cutover.inmemory.scenario;

import dev.cutover.core.Action;
import dev.cutover.core.Change;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployState;
import dev.cutover.core.FailureKind;
import dev.cutover.core.Nullable;
import dev.cutover.core.VSchemaChange;
import dev.cutover.inmemory.BackendOperation;
import dev.cutover.inmemory.Fault;
import dev.cutover.inmemory.ForcedRow;
import dev.cutover.inmemory.InMemoryBackend;
import dev.cutover.inmemory.MigrationTimings;
import dev.cutover.inmemory.VSchemaScript;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A scenario file as a value (format: {@code shared/spec/scenarios.md}): a topology, deploy requests,
 * how the in-memory backend behaves, what the user does when, and what should come of it. Every time
 * is a {@link Duration} from the start of the simulation. Read and write files with
 * {@link ScenarioFiles}; run one with {@link Simulator}.
 *
 * <p>The constructor checks that the parts refer to each other correctly (known requests, change
 * indexes in range, known keyspaces and shards), throwing a {@link ScenarioException} that names the
 * field as a file would spell it.
 *
 * @param name free text
 * @param pollInterval the time between ticks; positive
 * @param until when the run stops at the latest
 * @param topology keyspaces and their shards, in order
 * @param requests the deploy requests, at least one, ids unique
 * @param backend how the simulated migrations behave
 * @param actions what the user does, in file order
 * @param expect what the run must show
 * @param vschemas the VSchema of each keyspace at the start, JSON text (section 8); a keyspace without
 *     one has {@code {}}
 */
public record Scenario(String name, Duration pollInterval, Duration until, Map<String, List<String>> topology,
    List<Request> requests, Backend backend, List<ScheduledAction> actions, Expectations expect,
    Map<String, String> vschemas) {

  /** Every request of a scenario belongs to this database. */
  public static final String DATABASE = "main";

  /** Default time between ticks: one second. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  /** Default end of the run: two hours. */
  public static final Duration DEFAULT_UNTIL = Duration.ofHours(2);

  /**
   * Checks the parts and how they refer to each other, and copies the collections.
   *
   * @param name not null (may be empty)
   * @param pollInterval not null, positive
   * @param until not null, not negative
   * @param topology not null; each keyspace with at least one shard, none blank or repeated; copied,
   *     keeping its order
   * @param requests not null, at least one, ids unique, each change's keyspace in the topology; copied
   * @param backend not null; every script names a known request, a change index in range and, if it
   *     names one, a shard of that change's keyspace; faults name only operations scenario files know
   * @param actions not null; each for a known request, not before that request is created; copied
   * @param expect not null; every request it names known, every rejected action a known name
   * @param vschemas not null; each keyspace in the topology, each text one JSON object; copied in
   *     keyspace name order
   * @throws NullPointerException naming the field, if a part is null
   * @throws ScenarioException naming the field as a file spells it, if a part is invalid or refers to
   *     something the scenario does not have
   */
  public Scenario {
    Objects.requireNonNull(name, "name");
    requirePositive(pollInterval, "pollInterval");
    requireNotNegative(until, "until");
    Objects.requireNonNull(topology, "topology");
    Map<String, List<String>> topo = new LinkedHashMap<>();
    topology.forEach((k, v) -> topo.put(k, List.copyOf(v)));
    topology = java.util.Collections.unmodifiableMap(topo);
    requests = List.copyOf(Objects.requireNonNull(requests, "requests"));
    Objects.requireNonNull(backend, "backend");
    actions = List.copyOf(Objects.requireNonNull(actions, "actions"));
    Objects.requireNonNull(expect, "expect");
    checkReferences(topology, requests, backend, actions, expect);
    vschemas = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(Objects.requireNonNull(vschemas,
        "vschemas")));
    checkVSchemas(topology, requests, backend, vschemas);
  }

  /**
   * A scenario without VSchemas of its own (every keyspace has {@code {}}); checks as the canonical
   * constructor does.
   *
   * @param name not null (may be empty)
   * @param pollInterval not null, positive
   * @param until not null, not negative
   * @param topology not null; as the canonical constructor checks it
   * @param requests not null, at least one; as the canonical constructor checks them
   * @param backend not null; as the canonical constructor checks it
   * @param actions not null; as the canonical constructor checks them
   * @param expect not null; as the canonical constructor checks it
   * @throws NullPointerException naming the field, if a part is null
   * @throws ScenarioException naming the field as a file spells it, if a part is invalid
   */
  public Scenario(String name, Duration pollInterval, Duration until, Map<String, List<String>> topology,
      List<Request> requests, Backend backend, List<ScheduledAction> actions, Expectations expect) {
    this(name, pollInterval, until, topology, requests, backend, actions, expect, Map.of());
  }

  /**
   * A copy with other VSchemas at the start.
   *
   * @param vschemas the VSchema of each keyspace, not null; as the canonical constructor checks them
   * @return a new scenario, equal to this one but for its VSchemas
   */
  public Scenario withVSchemas(Map<String, String> vschemas) {
    return new Scenario(name, pollInterval, until, topology, requests, backend, actions, expect, vschemas);
  }

  private static void checkVSchemas(Map<String, List<String>> topology, List<Request> requests, Backend backend,
      Map<String, String> vschemas) {
    for (Map.Entry<String, String> e : vschemas.entrySet()) {
      if (!topology.containsKey(e.getKey())) {
        throw new ScenarioException("vschemas." + e.getKey(), "unknown keyspace '" + e.getKey() + "' (topology has "
            + topology.keySet() + ")");
      }
      try {
        new VSchemaChange(e.getKey(), e.getValue());
      } catch (IllegalArgumentException x) {
        throw new ScenarioException("vschemas." + e.getKey(), x.getMessage(), x);
      }
    }
    Map<String, Request> byId = new LinkedHashMap<>();
    for (int i = 0; i < requests.size(); i++) {
      Request r = requests.get(i);
      byId.put(r.id(), r);
      for (int v = 0; v < r.vschemas().size(); v++) {
        String keyspace = r.vschemas().get(v).keyspace();
        if (!topology.containsKey(keyspace)) {
          throw new ScenarioException("requests[" + i + "].vschemas." + keyspace, "unknown keyspace '" + keyspace
              + "' (topology has " + topology.keySet() + ")");
        }
      }
    }
    for (int i = 0; i < backend.vschemaScripts().size(); i++) {
      VSchemaScript v = backend.vschemaScripts().get(i);
      String path = "backend.migrations[" + i + "]"; // the file spells them as migrations entries
      Request r = requireRequest(byId, path + ".request", v.requestId());
      if (!topology.containsKey(v.keyspace())) {
        throw new ScenarioException(path + ".keyspace", "unknown keyspace '" + v.keyspace() + "' (topology has "
            + topology.keySet() + ")");
      }
      if (r.vschemas().stream().noneMatch(c -> c.keyspace().equals(v.keyspace()))) {
        throw new ScenarioException(path + ".keyspace", "request '" + r.id() + "' has no VSchema change of keyspace '"
            + v.keyspace() + "'");
      }
    }
  }

  /**
   * The request with this id, if the scenario has it.
   *
   * @param id the request's id
   * @return the request, or {@code null} if the scenario has none with that id
   */
  public @Nullable Request request(String id) {
    for (Request r : requests) {
      if (r.id().equals(id)) {
        return r;
      }
    }
    return null;
  }

  /**
   * A backend builder scripted as this scenario says, with times counted from {@code origin}; set its
   * clock and build it.
   *
   * @param origin the instant the scenario's time zero stands for (the epoch in {@link Simulator}); not
   *     null
   * @return a new builder with the topology, the default timings, the migration scripts, the analysis,
   *     the forced rows and the faults; no clock yet
   */
  public InMemoryBackend.Builder backendBuilder(Instant origin) {
    InMemoryBackend.Builder b = InMemoryBackend.builder();
    topology.forEach(b::keyspace);
    b.defaults(backend.defaults());
    vschemas.forEach(b::vschema);
    b.vschemaAfter(backend.vschemaAfter());
    backend.vschemaScripts().forEach(b::vschemaScript);
    for (MigrationScript m : backend.migrations()) {
      b.migration(m.request(), m.change(), m.shard(), m.timings()::applyTo);
    }
    backend.analysis().forEach((id, a) -> {
      a.lintErrors().forEach((change, message) -> b.lintError(id, change, message));
      b.instantEligible(id, a.instantEligible().stream().mapToInt(Integer::intValue).toArray());
    });
    for (RowScript r : backend.rows()) {
      b.forceRow(new ForcedRow(origin.plus(r.at()), r.request(), r.change(), r.shard(), r.status(),
          r.readyToComplete()));
    }
    for (FaultScript f : backend.faults()) {
      b.fault(new Fault(f.operation(), f.kind(), origin.plus(f.at()), f.times(), f.request(), f.change()));
    }
    return b;
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * One deploy request.
   *
   * @param id unique in the scenario
   * @param createdAt when it is created (state {@code pending})
   * @param changes its changes, possibly none
   * @param options its options
   * @param vschemas its VSchema changes (section 8), in keyspace name order
   */
  public record Request(String id, Duration createdAt, List<Change> changes, DeployOptions options,
      List<VSchemaChange> vschemas) {
    /**
     * Checks the fields and copies the changes.
     *
     * @param id not null or blank
     * @param createdAt not null, not negative
     * @param changes not null, possibly empty; copied
     * @param options not null
     * @param vschemas not null, one per keyspace; copied in keyspace name order
     * @throws NullPointerException naming the field, if one is null
     * @throws ScenarioException if {@code id} is blank, {@code createdAt} negative, or a keyspace has
     *     two VSchema changes
     */
    public Request {
      Objects.requireNonNull(id, "id");
      if (id.isBlank()) {
        throw new ScenarioException("id", "must not be blank, was '" + id + "'");
      }
      requireNotNegative(createdAt, "createdAt");
      changes = List.copyOf(Objects.requireNonNull(changes, "changes"));
      Objects.requireNonNull(options, "options");
      java.util.TreeMap<String, VSchemaChange> sorted = new java.util.TreeMap<>();
      for (VSchemaChange v : Objects.requireNonNull(vschemas, "vschemas")) {
        if (sorted.put(v.keyspace(), v) != null) {
          throw new ScenarioException("vschemas." + v.keyspace(), "keyspace '" + v.keyspace() + "' appears twice");
        }
      }
      vschemas = List.copyOf(sorted.values());
    }

    /**
     * A request without VSchema changes.
     *
     * @param id not null or blank
     * @param createdAt not null, not negative
     * @param changes not null, possibly empty; copied
     * @param options not null
     * @throws NullPointerException naming the field, if one is null
     * @throws ScenarioException if {@code id} is blank or {@code createdAt} negative
     */
    public Request(String id, Duration createdAt, List<Change> changes, DeployOptions options) {
      this(id, createdAt, changes, options, List.of());
    }

    /**
     * Whether the request has nothing to deploy: no change and no VSchema change.
     *
     * @return true if both are empty
     */
    public boolean isEmpty() {
      return changes.isEmpty() && vschemas.isEmpty();
    }

    /**
     * A copy with other changes, the VSchema changes kept.
     *
     * @param newChanges the changes, not null
     * @return a new request
     */
    public Request withChanges(List<Change> newChanges) {
      return new Request(id, createdAt, newChanges, options, vschemas);
    }
  }

  /**
   * How the backend behaves.
   *
   * @param defaults the timings of every migration
   * @param migrations per-migration changes to the timings, applied in order
   * @param analysis per request id, what analysis finds
   * @param rows forced rows
   * @param faults injected failures
   * @param vschemaAfter how long applying a VSchema takes (section 8)
   * @param vschemaScripts how applying a request's VSchema to a keyspace fails (the {@code migrations}
   *     entries with a {@code keyspace} in a file)
   */
  public record Backend(MigrationTimings defaults, List<MigrationScript> migrations,
      Map<String, AnalysisScript> analysis, List<RowScript> rows, List<FaultScript> faults, Duration vschemaAfter,
      List<VSchemaScript> vschemaScripts) {
    /**
     * Checks that no part is null and copies the collections (the map keeping its order). Whether the
     * parts name known requests is for {@link Scenario}'s constructor to check.
     *
     * @param defaults not null
     * @param migrations not null; copied
     * @param analysis not null; copied
     * @param rows not null; copied
     * @param faults not null; copied
     * @param vschemaAfter not null, not negative
     * @param vschemaScripts not null; copied
     * @throws NullPointerException naming the field, if one is null
     */
    public Backend {
      requireNotNegative(vschemaAfter, "vschemaAfter");
      vschemaScripts = List.copyOf(Objects.requireNonNull(vschemaScripts, "vschemaScripts"));
      Objects.requireNonNull(defaults, "defaults");
      migrations = List.copyOf(Objects.requireNonNull(migrations, "migrations"));
      analysis = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(analysis,
          "analysis")));
      rows = List.copyOf(Objects.requireNonNull(rows, "rows"));
      faults = List.copyOf(Objects.requireNonNull(faults, "faults"));
    }

    /**
     * The default timings and nothing scripted.
     *
     * @return {@link MigrationTimings#ofDefaults()} and empty scripts
     */
    public static Backend ofDefaults() {
      return new Backend(MigrationTimings.ofDefaults(), List.of(), Map.of(), List.of(), List.of());
    }

    /**
     * A backend whose VSchemas take no time and never fail.
     *
     * @param defaults not null
     * @param migrations not null; copied
     * @param analysis not null; copied
     * @param rows not null; copied
     * @param faults not null; copied
     * @throws NullPointerException naming the field, if one is null
     */
    public Backend(MigrationTimings defaults, List<MigrationScript> migrations, Map<String, AnalysisScript> analysis,
        List<RowScript> rows, List<FaultScript> faults) {
      this(defaults, migrations, analysis, rows, faults, Duration.ZERO, List.of());
    }
  }

  /**
   * Some timing fields, each {@code null} when not set: an entry of {@code migrations}, or the
   * {@code defaults} as written. Nothing is checked here: {@link #applyTo} checks each field set.
   *
   * @param startAfter when the migration starts copying rows, or {@code null}
   * @param readyAfter when it is ready to complete, or {@code null}
   * @param visibleAfter when its row appears in reads, or {@code null}
   * @param completeAfter how long a cut-over takes, or {@code null}
   * @param cancelAfter how long a cancellation takes, or {@code null}
   * @param revertAfter how long a revert takes, or {@code null}
   * @param failAfter when the migration fails, or {@code null} (not set: it keeps the value it had)
   * @param message the failed row's message, or {@code null}
   * @param revertFailAfter when a revert of it fails, or {@code null}
   * @param cutoverStuck whether its cutover keeps failing until forced, or {@code null}
   */
  public record TimingFields(@Nullable Duration startAfter, @Nullable Duration readyAfter,
      @Nullable Duration visibleAfter, @Nullable Duration completeAfter, @Nullable Duration cancelAfter,
      @Nullable Duration revertAfter, @Nullable Duration failAfter, @Nullable String message,
      @Nullable Duration revertFailAfter, @Nullable Boolean cutoverStuck) {

    /**
     * The fields as before {@code cutoverStuck} (not set).
     *
     * @param startAfter when the migration starts copying rows, or {@code null}
     * @param readyAfter when it is ready to complete, or {@code null}
     * @param visibleAfter when its row appears in reads, or {@code null}
     * @param completeAfter how long a cut-over takes, or {@code null}
     * @param cancelAfter how long a cancellation takes, or {@code null}
     * @param revertAfter how long a revert takes, or {@code null}
     * @param failAfter when the migration fails, or {@code null}
     * @param message the failed row's message, or {@code null}
     * @param revertFailAfter when a revert of it fails, or {@code null}
     */
    public TimingFields(@Nullable Duration startAfter, @Nullable Duration readyAfter,
        @Nullable Duration visibleAfter, @Nullable Duration completeAfter, @Nullable Duration cancelAfter,
        @Nullable Duration revertAfter, @Nullable Duration failAfter, @Nullable String message,
        @Nullable Duration revertFailAfter) {
      this(startAfter, readyAfter, visibleAfter, completeAfter, cancelAfter, revertAfter, failAfter, message,
          revertFailAfter, null);
    }

    /**
     * No field set.
     *
     * @return fields that are all {@code null}: {@link #applyTo} changes nothing
     */
    public static TimingFields none() {
      return new TimingFields(null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * Sets the fields that are set on {@code b}.
     *
     * @param b the builder to change, not null
     * @return {@code b} itself, changed
     * @throws IllegalArgumentException naming the field, if a duration set here is negative
     */
    public MigrationTimings.Builder applyTo(MigrationTimings.Builder b) {
      if (startAfter != null) {
        b.startAfter(startAfter);
      }
      if (readyAfter != null) {
        b.readyAfter(readyAfter);
      }
      if (visibleAfter != null) {
        b.visibleAfter(visibleAfter);
      }
      if (completeAfter != null) {
        b.completeAfter(completeAfter);
      }
      if (cancelAfter != null) {
        b.cancelAfter(cancelAfter);
      }
      if (revertAfter != null) {
        b.revertAfter(revertAfter);
      }
      if (failAfter != null) {
        b.failAfter(failAfter);
      }
      if (message != null) {
        b.failMessage(message);
      }
      if (revertFailAfter != null) {
        b.revertFailAfter(revertFailAfter);
      }
      if (cutoverStuck != null) {
        b.cutoverStuck(cutoverStuck);
      }
      return b;
    }
  }

  /**
   * Changes the timings of one change's migration on one shard or all.
   *
   * @param request the request id
   * @param change the change index
   * @param shard the shard, or {@code null} for every shard
   * @param timings the fields to change
   */
  public record MigrationScript(String request, int change, @Nullable String shard, TimingFields timings) {
    /**
     * Checks that the request and timings are set; {@link Scenario}'s constructor checks the rest.
     *
     * @param request not null
     * @param change checked against the request by the scenario
     * @param shard a shard of the change's keyspace, or {@code null}
     * @param timings not null
     * @throws NullPointerException if {@code request} or {@code timings} is null
     */
    public MigrationScript {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(timings, "timings");
    }
  }

  /**
   * What analysis finds for one request.
   *
   * @param lintErrors messages by change index
   * @param instantEligible the changes that may deploy instant
   */
  public record AnalysisScript(Map<Integer, String> lintErrors, List<Integer> instantEligible) {
    /**
     * Copies the collections; {@link Scenario}'s constructor checks the indexes.
     *
     * @param lintErrors not null; copied, keeping its order
     * @param instantEligible not null, no null element; copied
     * @throws NullPointerException if either is null
     */
    public AnalysisScript {
      lintErrors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lintErrors));
      instantEligible = List.copyOf(instantEligible);
    }
  }

  /**
   * A forced row (see {@link ForcedRow}).
   *
   * @param at from when
   * @param request the request id
   * @param change the change index
   * @param shard the shard, or {@code null} for every shard
   * @param status the status to report, or {@code null} to hand the row back to the model
   * @param readyToComplete the flag to report with it
   */
  public record RowScript(Duration at, String request, int change, @Nullable String shard, @Nullable String status,
      boolean readyToComplete) {
    /**
     * Checks the time and request; {@link Scenario}'s constructor checks the rest.
     *
     * @param at not null, not negative
     * @param request not null
     * @param change checked against the request by the scenario
     * @param shard a shard of the change's keyspace, or {@code null}
     * @param status a status, or {@code null}; not blank (checked when the backend is built)
     * @param readyToComplete any value
     * @throws NullPointerException if {@code at} or {@code request} is null
     * @throws ScenarioException if {@code at} is negative
     */
    public RowScript {
      requireNotNegative(at, "at");
      Objects.requireNonNull(request, "request");
    }
  }

  /**
   * An injected failure (see {@link Fault}).
   *
   * @param at from when it may hit
   * @param operation the call
   * @param kind transient or permanent
   * @param times how many calls it hits
   * @param request only calls for this request, or {@code null}
   * @param change only calls for this change, or {@code null}
   */
  public record FaultScript(Duration at, BackendOperation operation, FailureKind kind, int times,
      @Nullable String request, @Nullable Integer change) {
    /**
     * Checks the fields; {@link Scenario}'s constructor checks the request, the change and the operation.
     *
     * @param at not null, not negative
     * @param operation not null; one scenario files name ({@link BackendOperation#inScenarioFiles()})
     * @param kind not null
     * @param times 1 or more
     * @param request a request id, or {@code null}
     * @param change a change index of that request (any request's, without one), or {@code null}; none
     *     for {@code analyse}
     * @throws NullPointerException if {@code at}, {@code operation} or {@code kind} is null
     * @throws ScenarioException if {@code at} is negative or {@code times} less than 1
     */
    public FaultScript {
      requireNotNegative(at, "at");
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(kind, "kind");
      if (times < 1) {
        throw new ScenarioException("times", "must be at least 1, was " + times);
      }
    }
  }

  /**
   * A user action at a given time.
   *
   * @param at when the user acts
   * @param request the request id
   * @param action what the user does
   */
  public record ScheduledAction(Duration at, String request, Action action) {
    /**
     * Checks the fields; {@link Scenario}'s constructor checks the request.
     *
     * @param at not null, not negative, not before the request is created
     * @param request not null
     * @param action not null
     * @throws NullPointerException if a field is null
     * @throws ScenarioException if {@code at} is negative
     */
    public ScheduledAction {
      requireNotNegative(at, "at");
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(action, "action");
    }
  }

  /**
   * What the run must show; empty parts check nothing.
   *
   * @param states per request, the states it entered, in order
   * @param finalStates per request, its state at the end
   * @param rejected actions that must have been rejected
   */
  public record Expectations(Map<String, List<DeployState>> states, Map<String, DeployState> finalStates,
      List<ExpectedRejection> rejected) {
    /**
     * Copies the collections, keeping their order; {@link Scenario}'s constructor checks the requests
     * they name.
     *
     * @param states not null; copied
     * @param finalStates not null; copied
     * @param rejected not null; copied
     * @throws NullPointerException if one is null
     */
    public Expectations {
      Map<String, List<DeployState>> copy = new LinkedHashMap<>();
      states.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      states = java.util.Collections.unmodifiableMap(copy);
      finalStates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(finalStates));
      rejected = List.copyOf(rejected);
    }

    /**
     * Expects nothing.
     *
     * @return expectations with every part empty
     */
    public static Expectations none() {
      return new Expectations(Map.of(), Map.of(), List.of());
    }

    /**
     * Whether nothing is expected.
     *
     * @return true if the states, the final states and the rejections are all empty
     */
    public boolean isEmpty() {
      return states.isEmpty() && finalStates.isEmpty() && rejected.isEmpty();
    }
  }

  /**
   * An action that must have been rejected.
   *
   * @param at when it was applied
   * @param request the request id
   * @param action the action's name ({@code apply}, {@code setAutoApply}, ...)
   */
  public record ExpectedRejection(Duration at, String request, String action) {
    /**
     * Checks the fields; {@link Scenario}'s constructor checks the request and the action's name.
     *
     * @param at not null, not negative
     * @param request not null
     * @param action not null; a name from {@link ScenarioFiles#ACTIONS}
     * @throws NullPointerException if a field is null
     * @throws ScenarioException if {@code at} is negative
     */
    public ExpectedRejection {
      requireNotNegative(at, "at");
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(action, "action");
    }
  }

  // ---------------------------------------------------------------------------------------------

  static void requirePositive(Duration d, String path) {
    Objects.requireNonNull(d, path);
    if (d.isZero() || d.isNegative()) {
      throw new ScenarioException(path, "must be positive, was " + d);
    }
  }

  static void requireNotNegative(Duration d, String path) {
    Objects.requireNonNull(d, path);
    if (d.isNegative()) {
      throw new ScenarioException(path, "must not be negative, was " + d);
    }
  }

  private static void checkReferences(Map<String, List<String>> topology, List<Request> requests, Backend backend,
      List<ScheduledAction> actions, Expectations expect) {
    for (Map.Entry<String, List<String>> e : topology.entrySet()) {
      String path = "topology." + e.getKey();
      if (e.getValue().isEmpty()) {
        throw new ScenarioException(path, "a keyspace needs at least one shard, was []");
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < e.getValue().size(); i++) {
        String shard = e.getValue().get(i);
        if (shard.isBlank() || !seen.add(shard)) {
          throw new ScenarioException(path + "[" + i + "]", "blank or repeated shard '" + shard + "'");
        }
      }
    }
    if (requests.isEmpty()) {
      throw new ScenarioException("requests", "must hold at least one request, was []");
    }
    Map<String, Request> byId = new LinkedHashMap<>();
    for (int i = 0; i < requests.size(); i++) {
      Request r = requests.get(i);
      if (byId.put(r.id(), r) != null) {
        throw new ScenarioException("requests[" + i + "].id", "duplicate id '" + r.id() + "'");
      }
      for (int c = 0; c < r.changes().size(); c++) {
        String keyspace = r.changes().get(c).keyspace();
        if (!topology.containsKey(keyspace)) {
          throw new ScenarioException("requests[" + i + "].changes[" + c + "].keyspace",
              "unknown keyspace '" + keyspace + "' (topology has " + topology.keySet() + ")");
        }
      }
    }
    for (int i = 0; i < backend.migrations().size(); i++) {
      MigrationScript m = backend.migrations().get(i);
      checkTarget(topology, byId, "backend.migrations[" + i + "]", m.request(), m.change(), m.shard());
    }
    for (Map.Entry<String, AnalysisScript> e : backend.analysis().entrySet()) {
      String path = "backend.analysis." + e.getKey();
      Request r = byId.get(e.getKey());
      if (r == null) {
        throw new ScenarioException(path, "unknown request '" + e.getKey() + "' (requests: " + byId.keySet() + ")");
      }
      for (Integer c : e.getValue().lintErrors().keySet()) {
        checkIndex(path + ".lintErrors." + c, r, c);
      }
      List<Integer> eligible = e.getValue().instantEligible();
      for (int j = 0; j < eligible.size(); j++) {
        checkIndex(path + ".instantEligible[" + j + "]", r, eligible.get(j));
      }
    }
    for (int i = 0; i < backend.rows().size(); i++) {
      RowScript row = backend.rows().get(i);
      checkTarget(topology, byId, "backend.rows[" + i + "]", row.request(), row.change(), row.shard());
    }
    for (int i = 0; i < backend.faults().size(); i++) {
      FaultScript f = backend.faults().get(i);
      String path = "backend.faults[" + i + "]";
      if (!f.operation().inScenarioFiles()) {
        throw new ScenarioException(path + ".operation", "unknown operation '" + f.operation().wireName() + "'");
      }
      if (f.request() != null) {
        Request r = requireRequest(byId, path + ".request", f.request());
        if (f.change() != null) {
          checkIndex(path + ".change", r, f.change());
        }
      } else if (f.change() != null && f.change() < 0) {
        throw new ScenarioException(path + ".change", "must not be negative, was " + f.change());
      }
      if (f.change() != null && f.operation() == BackendOperation.ANALYSE) {
        throw new ScenarioException(path + ".change", "analyse concerns a whole request, not one change (was "
            + f.change() + ")");
      }
      if (f.change() != null && f.operation() == BackendOperation.VSCHEMA) {
        throw new ScenarioException(path + ".change", "vschema concerns a keyspace, not one change (was "
            + f.change() + ")");
      }
    }
    for (int i = 0; i < actions.size(); i++) {
      ScheduledAction a = actions.get(i);
      Request r = requireRequest(byId, "actions[" + i + "].request", a.request());
      if (a.at().compareTo(r.createdAt()) < 0) {
        throw new ScenarioException("actions[" + i + "].at", "the action at " + a.at() + " comes before request '"
            + r.id() + "' is created at " + r.createdAt());
      }
    }
    expect.states().keySet().forEach(id -> requireRequest(byId, "expect.states." + id, id));
    expect.finalStates().keySet().forEach(id -> requireRequest(byId, "expect.final." + id, id));
    for (int i = 0; i < expect.rejected().size(); i++) {
      ExpectedRejection x = expect.rejected().get(i);
      requireRequest(byId, "expect.rejected[" + i + "].request", x.request());
      if (!ScenarioFiles.ACTIONS.contains(x.action())) {
        throw new ScenarioException("expect.rejected[" + i + "].action", "unknown action '" + x.action()
            + "' (known: " + ScenarioFiles.ACTIONS + ")");
      }
    }
  }

  private static Request requireRequest(Map<String, Request> byId, String path, String id) {
    Request r = byId.get(id);
    if (r == null) {
      throw new ScenarioException(path, "unknown request '" + id + "' (requests: " + byId.keySet() + ")");
    }
    return r;
  }

  private static void checkTarget(Map<String, List<String>> topology, Map<String, Request> byId, String path,
      String request, int change, @Nullable String shard) {
    Request r = requireRequest(byId, path + ".request", request);
    checkIndex(path + ".change", r, change);
    if (shard != null) {
      String keyspace = r.changes().get(change).keyspace();
      if (!topology.get(keyspace).contains(shard)) {
        throw new ScenarioException(path + ".shard", "unknown shard '" + shard + "' of keyspace '" + keyspace
            + "' (shards: " + topology.get(keyspace) + ")");
      }
    }
  }

  private static void checkIndex(String path, Request r, int change) {
    if (change < 0 || change >= r.changes().size()) {
      throw new ScenarioException(path, "change index " + change + " is out of range: request '" + r.id() + "' has "
          + r.changes().size() + " change(s)");
    }
  }
}
