package dev.cutover.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A deploy request: an immutable value with a version. Every change to a request produces a new
 * value; a store saves it with compare-and-set on {@link #version()}.
 *
 * <p>Only {@link DeployMachine} moves a request between states, along the edges of
 * {@link Transitions}. The canonical constructor validates shape only, so that stores can
 * rebuild any value they saved.
 *
 * @param id the request's id, unique in its store
 * @param database the database whose deploy queue the request joins
 * @param changes the proposed changes, in order
 * @param options the request's options
 * @param migrationContext the tag every migration of this request carries in the backend, unique to it
 * @param createdAt when the request was created
 * @param version incremented by the store on every save
 * @param state the current state
 * @param history every state entered, with its time and cause; the last entry is the current state
 * @param approved whether {@code approve} was accepted
 * @param instantEligible per change, whether it may deploy instant (empty until analysed)
 * @param errors lint errors, submission rejections and migration failures, in the order seen
 * @param warnings things the driver noticed but could act on (an unknown migration status), each once
 * @param queueTicket the position in the database's deploy queue, taken at deploy; 0 before
 * @param submitted the changes the backend accepted, by change index
 * @param pendingSubmission a submission saved but not yet known to have reached the backend, or {@code null}
 * @param throttleRatio the throttle ratio wanted for this request's migrations (0 = unthrottled)
 * @param revertExpiresAt when the revert window closes, once complete; {@code null} before
 * @param open PlanetScale's {@code state}: {@code true} (open) until {@code close} (section 7)
 * @param unblocked whether {@code unblock} released the database this failed request held
 * @param keyspaceThrottles the throttle ratio wanted per keyspace, overriding {@code throttleRatio} there
 * @param forceCutoverWanted whether {@code forceCutover} was accepted in this {@code in_progress_cutover}
 * @param vschemaChanges the new VSchemas the request applies after its changes (section 8), by keyspace name
 * @param vschemaApplications where each keyspace's VSchema change stands, by keyspace name; a keyspace
 *     appears once its earlier VSchema was read
 */
public record DeployRequest(
    String id,
    String database,
    List<Change> changes,
    DeployOptions options,
    String migrationContext,
    Instant createdAt,
    long version,
    DeployState state,
    List<HistoryEntry> history,
    boolean approved,
    List<Boolean> instantEligible,
    List<String> errors,
    List<String> warnings,
    long queueTicket,
    List<SubmittedChange> submitted,
    @Nullable SubmissionIntent pendingSubmission,
    double throttleRatio,
    @Nullable Instant revertExpiresAt,
    boolean open,
    boolean unblocked,
    Map<String, Double> keyspaceThrottles,
    boolean forceCutoverWanted,
    List<VSchemaChange> vschemaChanges,
    List<VSchemaApplication> vschemaApplications) {

  /** The largest throttle ratio a request accepts. */
  public static final double MAX_THROTTLE_RATIO = 0.95;

  /**
   * Checks the shape of the value and copies the collections. It does not check that the state can
   * be reached or that the history follows {@link Transitions}: a store rebuilds whatever it saved,
   * and {@link #create} is how a new request starts.
   *
   * @param id not null or blank
   * @param database not null or blank
   * @param changes not null, no null element; copied
   * @param options not null
   * @param migrationContext not null or blank
   * @param createdAt not null
   * @param version 0 or more
   * @param state not null; the state of the last history entry
   * @param history not null, not empty, its last entry in {@code state}; copied
   * @param approved any value
   * @param instantEligible not null; empty, or one entry per change; copied
   * @param errors not null; copied
   * @param warnings not null; copied
   * @param queueTicket 0 or more
   * @param submitted not null; each for a change index below {@code changes.size()}, none twice; copied
   * @param pendingSubmission {@code null}, or for a change index below {@code changes.size()}
   * @param throttleRatio 0 to {@link #MAX_THROTTLE_RATIO}
   * @param revertExpiresAt an instant, or {@code null}
   * @param open any value
   * @param unblocked any value
   * @param keyspaceThrottles not null; each ratio 0 to {@link #MAX_THROTTLE_RATIO}, each keyspace one a change
   *     uses; copied
   * @param forceCutoverWanted any value
   * @param vschemaChanges not null, no null element, no keyspace twice; copied in keyspace name order
   * @param vschemaApplications not null, no null element; each for a keyspace of {@code vschemaChanges},
   *     none twice; copied in keyspace name order
   * @throws NullPointerException naming the field, if a required one is null
   * @throws IllegalArgumentException naming the field and the value, if one is out of range or the
   *     parts disagree (a history not ending in {@code state}, an index past the last change)
   */
  public DeployRequest {
    requireText(id, "id");
    requireText(database, "database");
    Objects.requireNonNull(changes, "changes");
    for (int i = 0; i < changes.size(); i++) {
      if (changes.get(i) == null) {
        throw new IllegalArgumentException("changes[" + i + "]: must not be null");
      }
    }
    changes = List.copyOf(changes);
    Objects.requireNonNull(options, "options");
    requireText(migrationContext, "migrationContext");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(state, "state");
    history = List.copyOf(Objects.requireNonNull(history, "history"));
    instantEligible = List.copyOf(Objects.requireNonNull(instantEligible, "instantEligible"));
    errors = List.copyOf(Objects.requireNonNull(errors, "errors"));
    warnings = List.copyOf(Objects.requireNonNull(warnings, "warnings"));
    submitted = List.copyOf(Objects.requireNonNull(submitted, "submitted"));
    if (version < 0) {
      throw new IllegalArgumentException("version: must not be negative, was " + version);
    }
    if (history.isEmpty() || history.get(history.size() - 1).state() != state) {
      throw new IllegalArgumentException("history: must end with the current state " + state + ", was " + history);
    }
    if (!instantEligible.isEmpty() && instantEligible.size() != changes.size()) {
      throw new IllegalArgumentException("instantEligible: must have one entry per change (" + changes.size()
          + "), had " + instantEligible.size());
    }
    if (queueTicket < 0) {
      throw new IllegalArgumentException("queueTicket: must not be negative, was " + queueTicket);
    }
    if (!(throttleRatio >= 0 && throttleRatio <= MAX_THROTTLE_RATIO)) {
      throw new IllegalArgumentException("throttleRatio: must be within [0, 0.95], was " + throttleRatio);
    }
    Set<Integer> seen = new HashSet<>();
    for (SubmittedChange s : submitted) {
      if (s.change() >= changes.size() || !seen.add(s.change())) {
        throw new IllegalArgumentException("submitted: change index " + s.change() + " is out of range or repeated");
      }
    }
    if (pendingSubmission != null && pendingSubmission.change() >= changes.size()) {
      throw new IllegalArgumentException("pendingSubmission: change index " + pendingSubmission.change()
          + " is out of range");
    }
    keyspaceThrottles = Map.copyOf(Objects.requireNonNull(keyspaceThrottles, "keyspaceThrottles"));
    for (Map.Entry<String, Double> e : keyspaceThrottles.entrySet()) {
      double ratio = e.getValue();
      if (!(ratio >= 0 && ratio <= MAX_THROTTLE_RATIO)) {
        throw new IllegalArgumentException("keyspaceThrottles: ratio of keyspace '" + e.getKey()
            + "' must be within [0, 0.95], was " + ratio);
      }
      if (changes.stream().noneMatch(c -> c.keyspace().equals(e.getKey()))) {
        throw new IllegalArgumentException("keyspaceThrottles: keyspace '" + e.getKey()
            + "' is used by no change of the request");
      }
    }
    vschemaChanges = byKeyspace(vschemaChanges, "vschemaChanges", VSchemaChange::keyspace);
    vschemaApplications = byKeyspace(vschemaApplications, "vschemaApplications", VSchemaApplication::keyspace);
    for (VSchemaApplication a : vschemaApplications) {
      if (vschemaChanges.stream().noneMatch(v -> v.keyspace().equals(a.keyspace()))) {
        throw new IllegalArgumentException("vschemaApplications: keyspace '" + a.keyspace()
            + "' has no VSchema change in the request");
      }
    }
  }

  /** A copy sorted by keyspace name; rejects a null element and a keyspace given twice. */
  private static <T> List<T> byKeyspace(List<T> items, String field, java.util.function.Function<T, String> keyspace) {
    Objects.requireNonNull(items, field);
    if (items.isEmpty()) {
      return List.of();
    }
    List<T> sorted = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) == null) {
        throw new IllegalArgumentException(field + "[" + i + "]: must not be null");
      }
      sorted.add(items.get(i));
    }
    sorted.sort(java.util.Comparator.comparing(keyspace));
    for (int i = 1; i < sorted.size(); i++) {
      if (keyspace.apply(sorted.get(i)).equals(keyspace.apply(sorted.get(i - 1)))) {
        throw new IllegalArgumentException(field + ": keyspace '" + keyspace.apply(sorted.get(i)) + "' appears twice");
      }
    }
    return List.copyOf(sorted);
  }

  /**
   * A request as stored before section 8: no VSchema change. Checks as the canonical constructor does.
   *
   * @param id not null or blank
   * @param database not null or blank
   * @param changes not null, no null element; copied
   * @param options not null
   * @param migrationContext not null or blank
   * @param createdAt not null
   * @param version 0 or more
   * @param state not null; the state of the last history entry
   * @param history not null, not empty, its last entry in {@code state}; copied
   * @param approved any value
   * @param instantEligible not null; empty, or one entry per change; copied
   * @param errors not null; copied
   * @param warnings not null; copied
   * @param queueTicket 0 or more
   * @param submitted not null; each for a change index below {@code changes.size()}, none twice; copied
   * @param pendingSubmission {@code null}, or for a change index below {@code changes.size()}
   * @param throttleRatio 0 to {@link #MAX_THROTTLE_RATIO}
   * @param revertExpiresAt an instant, or {@code null}
   * @param open any value
   * @param unblocked any value
   * @param keyspaceThrottles not null; as the canonical constructor checks them
   * @param forceCutoverWanted any value
   * @throws NullPointerException naming the field, if a required one is null
   * @throws IllegalArgumentException naming the field and the value, if one is out of range
   */
  public DeployRequest(String id, String database, List<Change> changes, DeployOptions options,
      String migrationContext, Instant createdAt, long version, DeployState state, List<HistoryEntry> history,
      boolean approved, List<Boolean> instantEligible, List<String> errors, List<String> warnings, long queueTicket,
      List<SubmittedChange> submitted, @Nullable SubmissionIntent pendingSubmission, double throttleRatio,
      @Nullable Instant revertExpiresAt, boolean open, boolean unblocked, Map<String, Double> keyspaceThrottles,
      boolean forceCutoverWanted) {
    this(id, database, changes, options, migrationContext, createdAt, version, state, history, approved,
        instantEligible, errors, warnings, queueTicket, submitted, pendingSubmission, throttleRatio, revertExpiresAt,
        open, unblocked, keyspaceThrottles, forceCutoverWanted, List.of(), List.of());
  }

  /**
   * A request as stored before section 7: open, not unblocked, no keyspace throttle, no forced
   * cutover wanted. Checks as the canonical constructor does.
   *
   * @param id not null or blank
   * @param database not null or blank
   * @param changes not null, no null element; copied
   * @param options not null
   * @param migrationContext not null or blank
   * @param createdAt not null
   * @param version 0 or more
   * @param state not null; the state of the last history entry
   * @param history not null, not empty, its last entry in {@code state}; copied
   * @param approved any value
   * @param instantEligible not null; empty, or one entry per change; copied
   * @param errors not null; copied
   * @param warnings not null; copied
   * @param queueTicket 0 or more
   * @param submitted not null; each for a change index below {@code changes.size()}, none twice; copied
   * @param pendingSubmission {@code null}, or for a change index below {@code changes.size()}
   * @param throttleRatio 0 to {@link #MAX_THROTTLE_RATIO}
   * @param revertExpiresAt an instant, or {@code null}
   * @throws NullPointerException naming the field, if a required one is null
   * @throws IllegalArgumentException naming the field and the value, if one is out of range
   */
  public DeployRequest(String id, String database, List<Change> changes, DeployOptions options,
      String migrationContext, Instant createdAt, long version, DeployState state, List<HistoryEntry> history,
      boolean approved, List<Boolean> instantEligible, List<String> errors, List<String> warnings, long queueTicket,
      List<SubmittedChange> submitted, @Nullable SubmissionIntent pendingSubmission, double throttleRatio,
      @Nullable Instant revertExpiresAt) {
    this(id, database, changes, options, migrationContext, createdAt, version, state, history, approved,
        instantEligible, errors, warnings, queueTicket, submitted, pendingSubmission, throttleRatio, revertExpiresAt,
        true, false, Map.of(), false, List.of(), List.of());
  }

  private static void requireText(String value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + ": must not be blank, was '" + value + "'");
    }
  }

  /**
   * A new request in {@code pending}, version 0. Validates the id and database; the changes and
   * options validated themselves when they were built.
   *
   * @param id the request's id, not null or blank; unique in the store it goes to
   * @param database the database whose deploy queue it joins, not null or blank
   * @param changes the proposed changes in order, not null; possibly empty (the request then ends in
   *     {@code no_changes}); copied
   * @param options the options, not null
   * @param createdAt when it is created, not null; part of its {@link #migrationContextOf migration
   *     context}
   * @return the request, with its state history holding {@code pending} at {@code createdAt}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code id} or {@code database} is blank
   */
  public static DeployRequest create(
      String id, String database, List<Change> changes, DeployOptions options, Instant createdAt) {
    return create(id, database, changes, List.of(), options, createdAt);
  }

  /**
   * A new request in {@code pending}, version 0, with VSchema changes (section 8). Validates as
   * {@link #create(String, String, List, DeployOptions, Instant)} does, and that no keyspace has two
   * VSchema changes; each VSchema change validated itself when it was built.
   *
   * @param id the request's id, not null or blank; unique in the store it goes to
   * @param database the database whose deploy queue it joins, not null or blank
   * @param changes the proposed changes in order, not null; possibly empty; copied
   * @param vschemaChanges the new VSchemas, not null; possibly empty (the request is then empty only if
   *     {@code changes} is too); copied in keyspace name order
   * @param options the options, not null
   * @param createdAt when it is created, not null
   * @return the request, with its state history holding {@code pending} at {@code createdAt}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code id} or {@code database} is blank, or a keyspace has two
   *     VSchema changes
   */
  public static DeployRequest create(String id, String database, List<Change> changes,
      List<VSchemaChange> vschemaChanges, DeployOptions options, Instant createdAt) {
    requireText(id, "id");
    requireText(database, "database");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(changes, "changes");
    Objects.requireNonNull(vschemaChanges, "vschemaChanges");
    String context = migrationContextOf(database, id, createdAt);
    return new DeployRequest(id, database, changes, options, context, createdAt, 0, DeployState.PENDING,
        List.of(new HistoryEntry(createdAt, DeployState.PENDING)), false, List.of(), List.of(), List.of(), 0,
        List.of(), null, 0.0, null, true, false, Map.of(), false, vschemaChanges, List.of());
  }

  /**
   * The migration context of a request: {@code cutover:<database>:<id>:<createdAt epoch millis>},
   * where every character of the database and the id other than {@code A-Z a-z 0-9 . _ -} is written
   * {@code %XXXX} (its UTF-16 code unit in hex, so lone surrogates too). The parts cannot run into
   * each other, so two requests have the same context only if they have the same database, id and
   * creation millisecond.
   *
   * @param database the request's database
   * @param id the request's id
   * @param createdAt when the request was created
   * @return the context, ASCII only
   */
  public static String migrationContextOf(String database, String id, Instant createdAt) {
    return "cutover:" + encodeContextPart(database) + ":" + encodeContextPart(id) + ":" + createdAt.toEpochMilli();
  }

  private static String encodeContextPart(String part) {
    StringBuilder out = new StringBuilder(part.length());
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
          || c == '-') {
        out.append(c);
      } else {
        out.append('%').append(String.format(java.util.Locale.ROOT, "%04X", (int) c));
      }
    }
    return out.toString();
  }

  /**
   * The submitted change with index {@code change}, if the backend accepted it.
   *
   * @param change the index of the change in {@link #changes()}, from 0
   * @return the submitted change, or empty if that change was not submitted (or the index is out of
   *     range)
   */
  public Optional<SubmittedChange> submittedChange(int change) {
    for (SubmittedChange s : submitted) {
      if (s.change() == change) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * Where the VSchema change of {@code keyspace} stands, once its earlier VSchema was read.
   *
   * @param keyspace a keyspace, not null
   * @return its application, or empty if the request has none for it (yet)
   */
  public Optional<VSchemaApplication> vschemaApplication(String keyspace) {
    for (VSchemaApplication a : vschemaApplications) {
      if (a.keyspace().equals(keyspace)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the request has nothing to deploy: no change and no VSchema change.
   *
   * @return true if both lists are empty
   */
  public boolean isEmpty() {
    return changes.isEmpty() && vschemaChanges.isEmpty();
  }

  /**
   * Whether completion was ever asked for any change of this request.
   *
   * @return true if any submitted change's completion was requested, whether or not it was acknowledged
   */
  public boolean completionEverRequested() {
    return submitted.stream().anyMatch(s -> s.completion().wasRequested());
  }

  /**
   * Whether this failed request holds its database (section 7): it ended in {@code complete_error}
   * or {@code complete_revert_error} with {@code holdQueueOnFailure}, and was neither unblocked nor
   * closed.
   *
   * @return true while the request keeps its database's queue held
   */
  public boolean holdsDatabase() {
    return options.holdQueueOnFailure() && open && !unblocked
        && (state == DeployState.COMPLETE_ERROR || state == DeployState.COMPLETE_REVERT_ERROR);
  }

  /**
   * Whether this request keeps the next deploy of its database in the queue: its state occupies
   * the database (section 1), or it holds it after a failure ({@link #holdsDatabase()}).
   *
   * @return true if no other request of its database may be admitted while this one is as it is
   */
  public boolean occupiesDatabase() {
    return state.occupiesDatabase() || holdsDatabase();
  }

  /**
   * The throttle ratio wanted for the migrations of {@code keyspace}: its own, else the request-wide one.
   *
   * @param keyspace a keyspace; one no change uses gets the request-wide ratio
   * @return the ratio, 0 (unthrottled) to {@link #MAX_THROTTLE_RATIO}
   */
  public double throttleRatioOf(String keyspace) {
    Double own = keyspaceThrottles.get(keyspace);
    return own != null ? own : throttleRatio;
  }

  /**
   * Whether a driver still has something to do for this request: it is open and not terminal, it
   * holds its database (the queue must see it), or a cleanup cancellation still waits to reach the
   * backend (even when closed).
   *
   * @return true if the request belongs in {@link dev.cutover.core.spi.DeployRequestStore#listActive()}
   */
  public boolean needsDriving() {
    return (open && !state.isTerminal()) || holdsDatabase() || cleanupOwed();
  }

  /**
   * Whether a cancellation was saved and not yet acknowledged by the backend.
   *
   * @return true if any submitted change's cancellation is {@link CommandState#REQUESTED}
   */
  public boolean cleanupOwed() {
    for (SubmittedChange s : submitted) {
      if (s.cancellation() == CommandState.REQUESTED) {
        return true;
      }
    }
    return false;
  }

  /**
   * A copy with the version the store gave it.
   *
   * @param newVersion the version, 0 or more
   * @return a new request, equal to this one but for its version
   * @throws IllegalArgumentException if {@code newVersion} is negative
   */
  public DeployRequest withVersion(long newVersion) {
    return toBuilder().version(newVersion).build();
  }

  Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Mutable copy used by {@link DeployMachine} to build the next value. Lists are copied only when
   * first written, and {@link #build()} returns the request it started from when nothing was set,
   * so a step that changes nothing allocates no new request.
   */
  static final class Builder {
    private final DeployRequest base;
    private boolean changed;
    private long version;
    private DeployState state;
    private List<HistoryEntry> history;
    private boolean historyOwned;
    private boolean approved;
    private List<Boolean> instantEligible;
    private List<String> errors;
    private boolean errorsOwned;
    private List<String> warnings;
    private boolean warningsOwned;
    private long queueTicket;
    private List<SubmittedChange> submitted;
    private boolean submittedOwned;
    private SubmissionIntent pendingSubmission;
    private DeployOptions options;
    private double throttleRatio;
    private Instant revertExpiresAt;
    private boolean open;
    private boolean unblocked;
    private Map<String, Double> keyspaceThrottles;
    private boolean forceCutoverWanted;
    private List<VSchemaApplication> vschemaApplications;

    private Builder(DeployRequest r) {
      base = r;
      version = r.version;
      state = r.state;
      history = r.history;
      approved = r.approved;
      instantEligible = r.instantEligible;
      errors = r.errors;
      warnings = r.warnings;
      queueTicket = r.queueTicket;
      submitted = r.submitted;
      pendingSubmission = r.pendingSubmission;
      options = r.options;
      throttleRatio = r.throttleRatio;
      revertExpiresAt = r.revertExpiresAt;
      open = r.open;
      unblocked = r.unblocked;
      keyspaceThrottles = r.keyspaceThrottles;
      forceCutoverWanted = r.forceCutoverWanted;
      vschemaApplications = r.vschemaApplications;
    }

    /** The VSchema applications as they stand, in keyspace order; read only (write with the setter). */
    List<VSchemaApplication> vschemaApplications() {
      return vschemaApplications;
    }

    /** Adds or replaces the application of the same keyspace, keeping keyspace order. */
    Builder putVSchemaApplication(VSchemaApplication a) {
      changed = true;
      List<VSchemaApplication> next = new ArrayList<>(vschemaApplications);
      next.removeIf(x -> x.keyspace().equals(a.keyspace()));
      next.add(a);
      next.sort(java.util.Comparator.comparing(VSchemaApplication::keyspace));
      vschemaApplications = next;
      return this;
    }

    DeployState state() {
      return state;
    }

    /**
     * Moves to {@code next} along an edge of the transition table taken for {@code cause}, recording
     * it at {@code at}. Leaving {@code in_progress_cutover} drops a forced cutover still owed (section 7).
     */
    Builder enter(DeployState next, Instant at, Cause cause) {
      Transitions.check(state, next, cause);
      if (state == DeployState.IN_PROGRESS_CUTOVER && next != DeployState.IN_PROGRESS_CUTOVER) {
        forceCutoverWanted = false;
        for (int i = 0; i < submitted.size(); i++) {
          SubmittedChange sc = submitted.get(i);
          if (sc.forcedCutover() == CommandState.REQUESTED) {
            setSubmitted(i, sc.withForcedCutover(CommandState.NONE));
          }
        }
      }
      changed = true;
      state = next;
      if (!historyOwned) {
        history = new ArrayList<>(history);
        historyOwned = true;
      }
      history.add(new HistoryEntry(at, next, cause));
      return this;
    }

    Builder version(long v) {
      changed = true;
      version = v;
      return this;
    }

    Builder approved(boolean a) {
      changed = true;
      approved = a;
      return this;
    }

    Builder instantEligible(List<Boolean> eligible) {
      changed = true;
      instantEligible = eligible;
      return this;
    }

    Builder error(String message) {
      changed = true;
      if (!errorsOwned) {
        errors = new ArrayList<>(errors);
        errorsOwned = true;
      }
      errors.add(message);
      return this;
    }

    List<String> warnings() {
      return warnings;
    }

    /** Records a warning once; returns whether it was new. */
    boolean warn(String message) {
      if (warnings.contains(message)) {
        return false;
      }
      changed = true;
      if (!warningsOwned) {
        warnings = new ArrayList<>(warnings);
        warningsOwned = true;
      }
      warnings.add(message);
      return true;
    }

    Builder queueTicket(long ticket) {
      changed = true;
      queueTicket = ticket;
      return this;
    }

    Builder options(DeployOptions o) {
      changed = true;
      options = o;
      return this;
    }

    Builder throttleRatio(double ratio) {
      changed = true;
      throttleRatio = ratio;
      return this;
    }

    Builder revertExpiresAt(Instant at) {
      changed = true;
      revertExpiresAt = at;
      return this;
    }

    Builder open(boolean o) {
      changed = true;
      open = o;
      return this;
    }

    Builder unblocked(boolean u) {
      changed = true;
      unblocked = u;
      return this;
    }

    /** Sets the ratio of one keyspace, overriding the request-wide ratio there. */
    Builder keyspaceThrottle(String keyspace, double ratio) {
      changed = true;
      Map<String, Double> next = new HashMap<>(keyspaceThrottles);
      next.put(keyspace, ratio);
      keyspaceThrottles = next;
      return this;
    }

    Builder forceCutoverWanted(boolean wanted) {
      changed = true;
      forceCutoverWanted = wanted;
      return this;
    }

    boolean forceCutoverWanted() {
      return forceCutoverWanted;
    }

    DeployOptions options() {
      return options;
    }

    Builder pendingSubmission(SubmissionIntent intent) {
      changed = true;
      pendingSubmission = intent;
      return this;
    }

    SubmissionIntent pendingSubmission() {
      return pendingSubmission;
    }

    /** The submitted changes as they stand, in index order; read only (write with the setters). */
    List<SubmittedChange> submitted() {
      return submitted;
    }

    /** Replaces the submitted change at position {@code i} of {@link #submitted()}. */
    void setSubmitted(int i, SubmittedChange change) {
      ownSubmitted();
      changed = true;
      submitted.set(i, change);
    }

    private void ownSubmitted() {
      if (!submittedOwned) {
        submitted = new ArrayList<>(submitted);
        submittedOwned = true;
      }
    }

    /** Adds or replaces the submitted change with the same index, keeping index order. */
    Builder putSubmitted(SubmittedChange change) {
      ownSubmitted();
      changed = true;
      for (int i = 0; i < submitted.size(); i++) {
        int c = submitted.get(i).change();
        if (c == change.change()) {
          submitted.set(i, change);
          return this;
        }
        if (c > change.change()) {
          submitted.add(i, change);
          return this;
        }
      }
      submitted.add(change);
      return this;
    }

    DeployRequest build() {
      if (!changed) {
        return base;
      }
      return new DeployRequest(base.id, base.database, base.changes, options, base.migrationContext,
          base.createdAt, version, state, history, approved, instantEligible, errors, warnings, queueTicket,
          submitted, pendingSubmission, throttleRatio, revertExpiresAt, open, unblocked, keyspaceThrottles,
          forceCutoverWanted, base.vschemaChanges, vschemaApplications);
    }
  }
}
