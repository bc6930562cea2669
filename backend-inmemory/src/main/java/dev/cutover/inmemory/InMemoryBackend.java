package dev.cutover.inmemory;

import dev.cutover.core.Analysis;
import dev.cutover.core.Change;
import dev.cutover.core.FailureKind;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.Nullable;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.DdlLint;
import dev.cutover.core.spi.FoundMigration;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.core.spi.RevertSubmission;
import dev.cutover.core.spi.RowQuery;
import dev.cutover.core.spi.RowsRead;
import dev.cutover.core.spi.Submission;
import dev.cutover.core.spi.VSchemaUpdate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * A deterministic simulation of Vitess Online DDL, driven by a {@link Clock} (a {@link VirtualClock}
 * in simulations and tests). Every migration row follows {@link MigrationTimings} from the moment
 * its change was submitted, so the same calls at the same times always give the same rows. On top
 * of the timing model, {@link ForcedRow}s make reads report any status at any time, and
 * {@link Fault}s make chosen calls fail, transiently or permanently.
 *
 * <pre>{@code
 * VirtualClock clock = VirtualClock.atEpoch();
 * InMemoryBackend backend = InMemoryBackend.builder()
 *     .keyspace("commerce", "-80", "80-")
 *     .defaults(MigrationTimings.custom().readyAfter(Duration.ofSeconds(30)).build())
 *     .migration("dr-1", 0, "80-", t -> t.failAfter(Duration.ofSeconds(20)).failMessage("duplicate key"))
 *     .fault(Fault.of(BackendOperation.READ, FailureKind.TRANSIENT).from(clock.instant().plusSeconds(5)))
 *     .clock(clock)
 *     .build();
 * Driver driver = Driver.builder(new InMemoryDeployRequestStore(), backend).clock(clock).build();
 * }</pre>
 *
 * <p>The backend keeps a log of the calls it received ({@link #calls()}: the most recent
 * {@link Builder#callLog(int) 10,000 by default}, so a long simulation does not hold every call), counts
 * every call ({@link #callCount}, {@link #completeCalls}), and lets tests look at its migrations and rows
 * without going through the log ({@link #migrations()}, {@link #rowsOf}). Migrations are indexed by
 * migration context and keyspace: a read costs the rows it returns, not the migrations the backend holds.
 * Each migration's timings are turned into instants once, at submission; a row whose fields did not
 * change since it was last reported is handed out again (the same instance), and so is a query's list
 * when none of its rows changed, and the whole {@link RowsRead} when the same queries are read again and
 * nothing moved: a read of a simulation at rest allocates almost nothing. A row that is copying
 * (its progress and ETA moving with the clock) is worked out from primitive arrays kept per (migration
 * context, keyspace), without reading its migration's objects: a read of a simulation whose every row
 * moves costs little more than the new rows. A time past the end of {@code Instant} (a duration of
 * billions of years) never comes.
 *
 * <p>Behaviour where Vitess leaves a choice: {@link #complete}, {@link #forceCutover}, {@link #cancel} and
 * {@link #throttle} are idempotent (the first completion, forced cutover or cancellation request counts);
 * a running row that is not ready yet reports the time left until ready as its ETA; a row's first terminal status is
 * final, and when a failure, a completion and a cancellation fall on the same instant, the failure
 * wins, then the completion; throttling is recorded but does not slow the model; an instant migration
 * never reports ready_to_complete; a revert is refused (permanently) unless its target is complete on
 * every shard. Thread-safe.
 */
public final class InMemoryBackend implements MigrationBackend {

  private final Clock clock;
  private final Map<String, List<String>> topology;
  private final MigrationTimings defaults;
  private final List<TimingOverride> overrides;
  private final Map<String, Map<Integer, String>> lintErrors;
  private final Map<String, Set<Integer>> instantEligible;

  private final List<ForcedRow> forcedRows;
  private final List<FaultState> faults = new ArrayList<>();
  private final Map<MigrationHandle, Migration> migrations = new LinkedHashMap<>();
  private final Map<String, Map<String, Reads>> byContext = new HashMap<>();
  /** How many times a read's rows came out different from the same read's last time. */
  private long rowChanges;
  private @Nullable RowsRead lastRead;
  private List<RowQuery> lastQueries = List.of();
  private long lastReadChanges;
  @SuppressWarnings("unchecked")
  private List<MigrationRow>[] rowLists = new List[0];
  private final int callLogCapacity;
  private final ArrayDeque<BackendCall> calls = new ArrayDeque<>();
  private final long[] callCounts = new long[BackendOperation.values().length];
  private long nextId = 1;
  private final SimulatedVSchemas vschemas;
  /** Mixed into every handle, so that backends built with different seeds never share one. */
  private final long handleSeed;

  private InMemoryBackend(Builder b) {
    this.handleSeed = b.handleSeed;
    this.clock = b.clock;
    this.topology = Collections.unmodifiableMap(new LinkedHashMap<>(b.topology));
    this.defaults = b.defaults;
    this.overrides = List.copyOf(b.overrides);
    Map<String, Map<Integer, String>> lint = new HashMap<>();
    b.lintErrors.forEach((k, v) -> lint.put(k, Map.copyOf(v)));
    this.lintErrors = Map.copyOf(lint);
    Map<String, Set<Integer>> eligible = new HashMap<>();
    b.instantEligible.forEach((k, v) -> eligible.put(k, Set.copyOf(v)));
    this.instantEligible = Map.copyOf(eligible);
    this.forcedRows = new ArrayList<>(b.forcedRows);
    this.callLogCapacity = b.callLogCapacity;
    b.faults.forEach(f -> faults.add(new FaultState(f)));
    Map<String, String> initial = new HashMap<>();
    for (String keyspace : topology.keySet()) {
      initial.put(keyspace, b.vschemas.getOrDefault(keyspace, "{}"));
    }
    this.vschemas = new SimulatedVSchemas(initial, b.vschemaAfter, b.vschemaScripts);
  }

  /**
   * A builder with no keyspace and the default timings; its clock must be set before {@code build()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The clock the backend reads time from, and so the one a driver over it decides by: a driver
   * built over this backend takes it, and refuses another ({@link MigrationBackend#clock()}).
   *
   * @return the clock given to {@link Builder#clock(Clock)}, never null
   */
  @Override
  public Clock clock() {
    return clock;
  }

  // ---------------------------------------------------------------------------------------------
  // MigrationBackend

  /** Zero: a simulated call never waits. */
  @Override
  public java.time.Duration maxCallDuration() {
    return java.time.Duration.ZERO;
  }

  @Override
  public synchronized Set<String> keyspaces() throws BackendException {
    Instant now = clock.instant();
    hit(now, BackendOperation.KEYSPACES, null, null, null, null, "");
    log(now, BackendOperation.KEYSPACES, null, -1, null, null, null, "");
    return Collections.unmodifiableSet(new LinkedHashSet<>(topology.keySet()));
  }

  @Override
  public synchronized List<String> shards(String keyspace) throws BackendException {
    Objects.requireNonNull(keyspace, "keyspace");
    Instant now = clock.instant();
    hit(now, BackendOperation.SHARDS, null, null, keyspace, null, "");
    List<String> shards = topology.get(keyspace);
    if (shards == null) {
      throw refuse(now, BackendOperation.SHARDS, null, -1, keyspace, null, unknownKeyspace(keyspace));
    }
    log(now, BackendOperation.SHARDS, null, -1, keyspace, null, null, "");
    return shards;
  }

  @Override
  public synchronized Analysis analyse(String requestId, List<Change> changes) throws BackendException {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(changes, "changes");
    Instant now = clock.instant();
    hit(now, BackendOperation.ANALYSE, requestId, null, null, null, "");
    Map<Integer, String> lint = lintErrors.getOrDefault(requestId, Map.of());
    Set<Integer> eligible = instantEligible.getOrDefault(requestId, Set.of());
    List<Analysis.ChangeAnalysis> result = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      String error = lint.get(i);
      if (error == null) {
        error = DdlLint.analyse(changes.get(i)).lintError(); // the Vitess backend's lint, so both refuse alike
      }
      result.add(error != null ? Analysis.ChangeAnalysis.lintError(error)
          : Analysis.ChangeAnalysis.ok(eligible.contains(i)));
    }
    log(now, BackendOperation.ANALYSE, requestId, -1, null, null, null, changes.size() + " change(s)");
    return new Analysis(result);
  }

  @Override
  public synchronized MigrationHandle submit(Submission s) throws BackendException {
    Objects.requireNonNull(s, "submission");
    Instant now = clock.instant();
    hit(now, BackendOperation.SUBMIT, s.requestId(), s.change(), s.keyspace(), null, "");
    List<String> shards = topology.get(s.keyspace());
    if (shards == null) {
      throw refuse(now, BackendOperation.SUBMIT, s.requestId(), s.change(), s.keyspace(), null,
          unknownKeyspace(s.keyspace()));
    }
    MigrationHandle handle = nextHandle();
    List<MigrationTimings> timings = new ArrayList<>(shards.size());
    for (String shard : shards) {
      timings.add(timingsOf(s.requestId(), s.change(), shard));
    }
    add(new Migration(handle, s.requestId(), s.change(), s.migrationContext(), s.keyspace(),
        s.sql(), s.instant(), now, shards, null, timings));
    log(now, BackendOperation.SUBMIT, s.requestId(), s.change(), s.keyspace(), handle, null,
        s.instant() ? "instant" : "online");
    return handle;
  }

  @Override
  public synchronized List<FoundMigration> findByContext(String migrationContext, String keyspace)
      throws BackendException {
    Objects.requireNonNull(migrationContext, "migrationContext");
    Objects.requireNonNull(keyspace, "keyspace");
    Instant now = clock.instant();
    hit(now, BackendOperation.FIND_BY_CONTEXT, null, null, keyspace, null, migrationContext);
    List<FoundMigration> found = new ArrayList<>();
    Reads reads = readsOf(migrationContext, keyspace);
    for (Migration m : reads == null ? List.<Migration>of() : reads.migrations) {
      found.add(new FoundMigration(m.handle, m.keyspace, m.revertOf, m.revertOf == null ? m.sql : null));
    }
    log(now, BackendOperation.FIND_BY_CONTEXT, null, -1, keyspace, null, null,
        migrationContext + ": " + found.size() + " found");
    return found;
  }

  @Override
  public synchronized RowsRead readRows(List<RowQuery> queries) throws BackendException {
    Objects.requireNonNull(queries, "queries");
    Instant now = clock.instant();
    String detail = callLogCapacity == 0 ? "" : describe(queries);
    Map<RowQuery, BackendException> failures = new LinkedHashMap<>();
    for (FaultState f : faults) {
      if (!f.armed(BackendOperation.READ, now)) {
        continue;
      }
      if (f.fault.requestId() == null && f.fault.change() == null) {
        f.remaining--;
        BackendException e = simulated(f.fault.kind(), BackendOperation.READ);
        log(now, BackendOperation.READ, null, -1, null, null, e.kind(), detail);
        throw e;
      }
      boolean hitHere = false;
      for (RowQuery q : queries) {
        if (!failures.containsKey(q) && readFaultMatches(f.fault, q)) {
          failures.put(q, simulated(f.fault.kind(), BackendOperation.READ));
          hitHere = true;
        }
      }
      if (hitHere) {
        f.remaining--;
      }
    }
    long changesBefore = rowChanges;
    int n = queries.size();
    List<MigrationRow>[] found = rowLists(n);
    Reads[] entries = entriesOf(queries);
    for (int i = 0; i < n; i++) {
      if (failures.isEmpty() || !failures.containsKey(queries.get(i))) {
        Reads reads = entries[i];
        found[i] = reads == null ? List.of() : rowsOf(reads, now);
      }
    }
    FailureKind failed = failures.isEmpty() ? null : failures.values().iterator().next().kind();
    log(now, BackendOperation.READ, null, -1, null, null, failed,
        failures.isEmpty() || callLogCapacity == 0 ? detail
            : detail + "; failed: " + describe(new ArrayList<>(failures.keySet())));
    if (failures.isEmpty() && lastRead != null && rowChanges == changesBefore && lastReadChanges == rowChanges
        && queries.equals(lastQueries)) {
      return lastRead; // nothing moved since the same read last time: the same answer
    }
    RowsRead read = new RowsRead(answer(queries, found), failures);
    if (failures.isEmpty()) {
      lastRead = read;
      lastQueries = List.copyOf(queries);
      lastReadChanges = rowChanges;
    } else {
      lastRead = null;
      lastQueries = List.of();
    }
    return read;
  }

  /**
   * The entry each query reads, by position ({@code null} where nothing was submitted under it yet).
   * A query whose migration context and keyspace are the same strings (the same instances) as the
   * query at its position in the last read reads the entry found then, without hashing them: entries
   * are never removed, so the same strings always lead to the same one. The array is reused.
   */
  private Reads[] entriesOf(List<RowQuery> queries) {
    int n = queries.size();
    if (entryOf.length < n) {
      int capacity = Math.max(n, entryOf.length * 2);
      entryOf = Arrays.copyOf(entryOf, capacity);
      entryContext = Arrays.copyOf(entryContext, capacity);
      entryKeyspace = Arrays.copyOf(entryKeyspace, capacity);
    }
    for (int i = 0; i < n; i++) {
      RowQuery q = queries.get(i);
      String context = q.migrationContext();
      String keyspace = q.keyspace();
      if (entryOf[i] == null || entryContext[i] != context || entryKeyspace[i] != keyspace) {
        entryOf[i] = readsOf(context, keyspace);
        entryContext[i] = context;
        entryKeyspace[i] = keyspace;
      }
    }
    return entryOf;
  }

  private Reads[] entryOf = new Reads[0];
  private String[] entryContext = new String[0];
  private String[] entryKeyspace = new String[0];

  /**
   * The answer's rows: each query that was read with its list, built as the unmodifiable map
   * {@link RowsRead} keeps (so that it is not copied again) without a {@code HashMap} in between.
   */
  @SuppressWarnings("unchecked")
  private static Map<RowQuery, List<MigrationRow>> answer(List<RowQuery> queries, List<MigrationRow>[] found) {
    int n = queries.size();
    Map.Entry<RowQuery, List<MigrationRow>>[] entries = new Map.Entry[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (found[i] != null) {
        entries[m++] = Map.entry(queries.get(i), found[i]);
      }
    }
    try {
      return Map.ofEntries(m == n ? entries : Arrays.copyOf(entries, m));
    } catch (IllegalArgumentException repeated) {
      // the same query more than once: equal queries read the same entry, so one answer serves them all
      Map<RowQuery, List<MigrationRow>> rows = new HashMap<>();
      for (int i = 0; i < m; i++) {
        rows.put(entries[i].getKey(), entries[i].getValue());
      }
      return rows;
    }
  }

  /** An array of at least {@code n} empty slots for a read's lists, reused from read to read. */
  @SuppressWarnings("unchecked")
  private List<MigrationRow>[] rowLists(int n) {
    if (rowLists.length < n) {
      rowLists = new List[Math.max(n, rowLists.length * 2)];
    } else {
      Arrays.fill(rowLists, 0, n, null);
    }
    return rowLists;
  }

  private boolean readFaultMatches(Fault f, RowQuery q) {
    if (f.requestId() != null && !f.requestId().equals(q.requestId())) {
      return false;
    }
    if (f.change() == null) {
      return true;
    }
    for (Migration m : migrations.values()) {
      if (m.revertOf == null && m.requestId.equals(q.requestId()) && m.change == f.change()
          && m.keyspace.equals(q.keyspace())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public synchronized void complete(String keyspace, MigrationHandle migration) throws BackendException {
    Migration m = target(BackendOperation.COMPLETE, keyspace, migration, "");
    if (m.completionRequestedAt == null) {
      m.completionRequestedAt = clock.instant();
      m.requests++;
      m.reads.version++;
    }
    log(clock.instant(), BackendOperation.COMPLETE, m.requestId, m.change, keyspace, migration, null, "");
  }

  @Override
  public synchronized void forceCutover(String keyspace, MigrationHandle migration) throws BackendException {
    Migration m = target(BackendOperation.FORCE_CUTOVER, keyspace, migration, "");
    if (m.forcedCutoverAt == null) {
      m.forcedCutoverAt = clock.instant();
      m.requests++;
      m.reads.version++;
    }
    log(clock.instant(), BackendOperation.FORCE_CUTOVER, m.requestId, m.change, keyspace, migration, null, "");
  }

  @Override
  public synchronized void cancel(String keyspace, MigrationHandle migration) throws BackendException {
    Migration m = target(BackendOperation.CANCEL, keyspace, migration, "");
    if (m.cancellationRequestedAt == null) {
      m.cancellationRequestedAt = clock.instant();
      m.requests++;
      m.reads.version++;
    }
    log(clock.instant(), BackendOperation.CANCEL, m.requestId, m.change, keyspace, migration, null, "");
  }

  @Override
  public synchronized void throttle(String keyspace, MigrationHandle migration, double ratio)
      throws BackendException {
    String detail = "ratio " + ratio;
    Migration m = target(BackendOperation.THROTTLE, keyspace, migration, detail);
    if (!(ratio >= 0 && ratio <= 0.95)) {
      throw refuse(clock.instant(), BackendOperation.THROTTLE, m.requestId, m.change, keyspace, migration,
          "ratio: must be within [0, 0.95], was " + ratio);
    }
    m.throttleRatio = ratio;
    log(clock.instant(), BackendOperation.THROTTLE, m.requestId, m.change, keyspace, migration, null, detail);
  }

  @Override
  public synchronized MigrationHandle revert(RevertSubmission r) throws BackendException {
    Objects.requireNonNull(r, "revert");
    Instant now = clock.instant();
    hit(now, BackendOperation.REVERT, r.requestId(), r.change(), r.keyspace(), r.target(), "");
    Migration target = migrations.get(r.target());
    if (target == null || !target.keyspace.equals(r.keyspace())) {
      throw refuse(now, BackendOperation.REVERT, r.requestId(), r.change(), r.keyspace(), r.target(),
          "no migration '" + r.target() + "' in keyspace '" + r.keyspace() + "'");
    }
    for (int j = 0; j < target.models.length; j++) {
      MigrationRow row = rowAt(target, j, now);
      if (row == null || !row.status().equals(COMPLETE)) {
        throw refuse(now, BackendOperation.REVERT, r.requestId(), r.change(), r.keyspace(), r.target(),
            "migration '" + r.target() + "' is not complete on shard " + target.models[j].name
            + ", cannot revert it");
      }
    }
    MigrationHandle handle = nextHandle();
    List<MigrationTimings> timings = new ArrayList<>(target.shards.size());
    for (String shard : target.shards) {
      timings.add(timingsOf(r.requestId(), r.change(), shard));
    }
    add(new Migration(handle, r.requestId(), r.change(), r.migrationContext(), r.keyspace(),
        "REVERT VITESS_MIGRATION '" + r.target() + "'", false, now, target.shards, r.target(), timings));
    log(now, BackendOperation.REVERT, r.requestId(), r.change(), r.keyspace(), handle, null,
        "revert of " + r.target());
    return handle;
  }

  // ---------------------------------------------------------------------------------------------
  // Scripting at run time, and inspection

  /**
   * Adds a fault; it competes with the others for calls in the order they were added.
   *
   * @param fault the fault, not null; it hits calls from its {@link Fault#from()} on, or from the next
   *     call if that is already past
   */
  public synchronized void addFault(Fault fault) {
    faults.add(new FaultState(Objects.requireNonNull(fault, "fault")));
  }

  /**
   * Adds a forced row (see {@link ForcedRow}).
   *
   * @param row the forced row, not null; of the forced rows covering a row, the one with the latest
   *     {@code from} that has come wins (on a tie, the one added last)
   */
  public synchronized void forceRow(ForcedRow row) {
    forcedRows.add(Objects.requireNonNull(row, "row"));
  }

  /**
   * The most recent calls received, oldest first, faulted and refused ones included: every call so far
   * unless more than {@link Builder#callLog(int) the log's capacity} were received.
   *
   * @return an unmodifiable copy, empty if nothing was called yet or the capacity is 0
   */
  public synchronized List<BackendCall> calls() {
    return List.copyOf(calls);
  }

  /**
   * How many calls of {@code operation} were received so far, faulted and refused ones included.
   *
   * @param operation the operation, not null
   * @return the count, 0 or more, kept whatever the log's capacity
   */
  public synchronized long callCount(BackendOperation operation) {
    return callCounts[Objects.requireNonNull(operation, "operation").ordinal()];
  }

  /**
   * How many {@link #complete} calls were received for {@code handle} so far, faulted and refused ones
   * included (kept whatever the log's capacity).
   *
   * @param handle the migration, not null
   * @return the count, 0 or more; 0 for a handle this backend never handed out
   */
  public synchronized long completeCalls(MigrationHandle handle) {
    Migration m = migrations.get(Objects.requireNonNull(handle, "handle"));
    return m == null ? 0 : m.completeCalls;
  }

  /**
   * Every migration submitted so far, changes and reverts, in submission order.
   *
   * @return a new list of snapshots taken now, empty if nothing was submitted; later calls to the
   *     backend do not change it
   */
  public synchronized List<SimulatedMigration> migrations() {
    List<SimulatedMigration> all = new ArrayList<>();
    for (Migration m : migrations.values()) {
      all.add(m.snapshot());
    }
    return all;
  }

  /**
   * The rows a read would return now for this migration (visible rows only, forced rows applied),
   * without logging a call or consuming a fault.
   *
   * @param handle the migration, not null
   * @return a new list with one row per visible shard, in the keyspace's shard order; empty if no
   *     shard's row is visible yet
   * @throws IllegalArgumentException if the backend holds no such migration
   */
  public synchronized List<MigrationRow> rowsOf(MigrationHandle handle) {
    Migration m = migrations.get(Objects.requireNonNull(handle, "handle"));
    if (m == null) {
      throw new IllegalArgumentException("handle: no migration '" + handle + "'");
    }
    List<MigrationRow> rows = new ArrayList<>();
    rowsAt(m, clock.instant(), rows);
    return rows;
  }

  /**
   * The timings a migration of change {@code change} of {@code requestId} gets on {@code shard}: the
   * defaults, edited by every matching {@link Builder#migration script} in the order they were added.
   * The request, change and shard need not exist; a migration submitted later gets these timings.
   *
   * @param requestId the deploy request's id
   * @param change the index of the change in the request, from 0
   * @param shard the shard name, such as {@code "-80"}
   * @return the timings, the defaults if no script matches
   */
  public MigrationTimings timingsOf(String requestId, int change, String shard) {
    MigrationTimings.Builder b = null;
    for (TimingOverride o : overrides) {
      if (o.requestId.equals(requestId) && o.change == change && (o.shard == null || o.shard.equals(shard))) {
        b = o.edit.apply(b == null ? MigrationTimings.from(defaults) : b);
      }
    }
    return b == null ? defaults : b.build();
  }

  // ---------------------------------------------------------------------------------------------
  // The timing model

  private void add(Migration m) {
    migrations.put(m.handle, m);
    m.reads = byContext.computeIfAbsent(m.context, k -> new HashMap<>()).computeIfAbsent(m.keyspace, k -> new Reads());
    m.reads.add(m);
  }

  private @Nullable Reads readsOf(String context, String keyspace) {
    Map<String, Reads> byKeyspace = byContext.get(context);
    return byKeyspace == null ? null : byKeyspace.get(keyspace);
  }

  /** Adds the visible rows of {@code m} at {@code now} to {@code rows}. */
  private void rowsAt(Migration m, Instant now, List<MigrationRow> rows) {
    for (int j = 0; j < m.models.length; j++) {
      MigrationRow row = rowAt(m, j, now);
      if (row != null) {
        rows.add(row);
      }
    }
  }

  /**
   * The visible rows of {@code reads}' migrations at {@code now}: the list returned last time when every
   * row is the one returned last time (the usual case while nothing moves), else a new list. A row that
   * is copying inside its window (see {@link Reads}) is worked out from the entry's flat arrays alone;
   * any other goes through the timing model ({@link #rowAt}).
   */
  private List<MigrationRow> rowsOf(Reads reads, Instant now) {
    if (reads.quietVersion == reads.version && reads.quietForced == forcedRows.size()
        && reads.computedAt != null && !now.isBefore(reads.computedAt)
        && (reads.quietUntil == null ? now.equals(reads.computedAt) : now.isBefore(reads.quietUntil))) {
      return reads.last; // no row can have changed: nothing was requested and no time that matters came
    }
    if (reads.armedVersion != reads.version) {
      reads.disarm(); // a request or a new migration may have moved a window's end
    }
    List<MigrationRow> last = reads.last;
    MigrationRow[] fresh = null;
    int n = 0;
    Instant quiet = Instant.MAX;
    boolean forced = !forcedRows.isEmpty();
    boolean moving = forced; // a forced row's progress follows the model: no quiet window
    long nowS = now.getEpochSecond();
    int nowN = now.getNano();
    memoMillis = 0; // a new instant, maybe: nothing worked out yet
    Object[] refs = reads.refs;
    for (int k = 0; k < reads.slots; k++) {
      MigrationRow row = forced ? null : copying(reads, k, nowS, nowN);
      if (row != null) {
        moving = true;
      } else {
        Migration m = (Migration) refs[k * Reads.REFS + Reads.MIGRATION];
        row = rowAt(m, k - m.firstSlot, now);
        Instant until = scratch.until;
        if (until == null) {
          moving = true;
        } else if (until.isBefore(quiet)) {
          quiet = until;
        }
        if (row == null) {
          continue;
        }
      }
      if (fresh == null) {
        if (n < last.size() && last.get(n) == row) {
          n++;
          continue;
        }
        fresh = rowScratch(reads.slots);
        for (int i = 0; i < n; i++) {
          fresh[i] = last.get(i);
        }
      }
      fresh[n++] = row;
    }
    reads.computedAt = now;
    reads.quietUntil = moving ? null : quiet;
    reads.quietVersion = reads.version;
    reads.quietForced = forcedRows.size();
    if (fresh == null) {
      if (n == last.size()) {
        return last;
      }
      reads.last = List.copyOf(last.subList(0, n));
    } else {
      reads.last = immutableList(fresh, n);
    }
    rowChanges++;
    return reads.last;
  }

  /** An array of at least {@code n} slots for a list being built, reused from list to list. */
  private MigrationRow[] rowScratch(int n) {
    if (rowScratch.length < n) {
      rowScratch = new MigrationRow[Math.max(n, rowScratch.length * 2)];
    }
    return rowScratch;
  }

  /**
   * The first {@code n} rows of {@code rows} as an unmodifiable list of the kind {@link List#copyOf}
   * hands back as it is, so that a caller keeping a copy (the core's observations do) copies nothing.
   */
  private List<MigrationRow> immutableList(MigrationRow[] rows, int n) {
    if (exactScratch.length != n) {
      exactScratch = new MigrationRow[n];
    }
    System.arraycopy(rows, 0, exactScratch, 0, n);
    List<MigrationRow> list = List.of(exactScratch); // copies the array: the scratch can be used again
    Arrays.fill(rows, 0, n, null);
    return list;
  }

  private MigrationRow[] rowScratch = new MigrationRow[0];
  private MigrationRow[] exactScratch = new MigrationRow[0];

  /**
   * The row of slot {@code k} of {@code reads} at {@code now} ({@code nowS}, {@code nowN}) if the slot is
   * armed and {@code now} lies inside its copying window, or {@code null} if the timing model must work
   * it out: what {@link #rowAt} would return there (running, not ready, no message, progress and ETA
   * from the clock), worked out from the flat arrays without reading a migration, a model or an
   * {@code Instant}.
   */
  private @Nullable MigrationRow copying(Reads reads, int k, long nowS, int nowN) {
    long[] t = reads.times;
    int at = k * Reads.TIMES;
    long state = t[at + Reads.STATE];
    if ((state & Reads.ARMED) == 0) {
      return null;
    }
    long window = t[at + Reads.WINDOW_NANOS];
    if (before(nowS, nowN, t[at + Reads.FROM_S], (int) window)
        || !before(nowS, nowN, t[at + Reads.TO_S], (int) (window >>> 32))) {
      return null;
    }
    long nanos = t[at + Reads.MODEL_NANOS];
    long progressMillis = t[at + Reads.PROGRESS_MILLIS];
    int progress = 0;
    if (progressMillis != 0) { // inside the window: from the progress start on, before its end
      long fromS = t[at + Reads.PROGRESS_FROM_S];
      int fromN = (int) nanos;
      if (progressMillis == memoMillis && fromS == memoFromS && fromN == memoFromN) {
        progress = memoProgress; // the same progress span as the row before (a sibling shard, say)
      } else {
        long done = millisBetween(fromS, fromN, nowS, nowN);
        progress = (int) Math.min(100, Math.max(0, done * 100 / progressMillis));
        memoMillis = progressMillis;
        memoFromS = fromS;
        memoFromN = fromN;
        memoProgress = progress;
      }
    }
    boolean eta = (state & Reads.WINDOW_ETA) != 0;
    long etaSeconds = 0;
    int etaNanos = 0;
    if (eta) { // the time left until ready
      etaSeconds = t[at + Reads.READY_S] - nowS;
      etaNanos = (int) (nanos >>> 32) - nowN;
      if (etaNanos < 0) {
        etaSeconds--;
        etaNanos += 1_000_000_000;
      }
    }
    Object[] refs = reads.refs;
    int r = k * Reads.REFS;
    if ((state & Reads.LAST_COPYING) != 0 && ((state >>> Reads.LAST_PROGRESS_SHIFT) & 0xFF) == progress
        && (eta ? (state & Reads.LAST_ETA) != 0 && t[at + Reads.LAST_ETA_S] == etaSeconds
            && (int) (state >>> 32) == etaNanos
            : (state & Reads.LAST_ETA) == 0)) {
      return (MigrationRow) refs[r + Reads.LAST];
    }
    MigrationRow row = new MigrationRow((MigrationHandle) refs[r + Reads.HANDLE], (String) refs[r + Reads.NAME],
        RUNNING, false, progress, "", eta ? eta(etaSeconds, etaNanos) : null);
    reads.remember(k, row, true, eta, etaSeconds, etaNanos);
    return row;
  }

  /**
   * The progress {@link #copying} worked out last in this read, and the span it was worked out for
   * ({@code memoMillis} 0: none yet), so that rows with the same span, at the same instant, skip the division.
   */
  private long memoMillis;
  private long memoFromS;
  private int memoFromN;
  private int memoProgress;

  /** Whether {@code (aS, aN)} comes before {@code (bS, bN)}, as epoch seconds and nanos. */
  private static boolean before(long aS, int aN, long bS, int bN) {
    return aS < bS || (aS == bS && aN < bN);
  }

  /** An ETA of {@code seconds} and {@code nanos}: the one handed out last if equal (rows share it). */
  private Duration eta(long seconds, int nanos) {
    Duration d = lastEta;
    if (d == null || d.getSeconds() != seconds || d.getNano() != nanos) {
      d = Duration.ofSeconds(seconds, nanos);
      lastEta = d;
    }
    return d;
  }

  private @Nullable Duration lastEta;

  /**
   * The row of {@code m} on its {@code j}-th shard at {@code now} as reads report it, or {@code null} if
   * invisible; arms the shard's slot (see {@link Reads}) when the row is copying.
   */
  private @Nullable MigrationRow rowAt(Migration m, int j, Instant now) {
    ShardModel shard = m.models[j];
    if (m.revertOf == null && !forcedRows.isEmpty()) {
      ForcedRow forced = null;
      for (ForcedRow f : forcedRows) {
        if (f.covers(m.requestId, m.change, shard.name) && !f.from().isAfter(now)
            && (forced == null || !f.from().isBefore(forced.from()))) {
          forced = f;
        }
      }
      if (forced != null && forced.status() != null) {
        model(m, shard, now, true);
        m.reads.disarm(m.firstSlot + j);
        return row(m, j, forced.status(), forced.readyToComplete(), scratch.progress, "", null, 0, 0);
      }
    }
    if (!model(m, shard, now, false)) {
      m.reads.disarm(m.firstSlot + j);
      return null;
    }
    Scratch o = scratch;
    if (o.copying) {
      m.reads.arm(m.firstSlot + j, m.revertOf != null, shard);
    } else {
      m.reads.disarm(m.firstSlot + j);
    }
    return row(m, j, o.status, o.ready, o.progress, o.message, o.etaTo, o.etaSeconds, o.etaNanos);
  }

  /** The row of {@code m} on its {@code j}-th shard with these fields: the one reported last if it has them all, else a new one. */
  private MigrationRow row(Migration m, int j, String status, boolean ready, int progress, String message,
      @Nullable Instant etaTo, long etaSeconds, int etaNanos) {
    Reads reads = m.reads;
    int k = m.firstSlot + j;
    MigrationRow l = reads.lastRow(k);
    if (l != null && l.readyToComplete() == ready && l.progress() == progress && l.status().equals(status)
        && l.message().equals(message)
        && (etaTo == null ? l.eta() == null
            : l.eta() != null && l.eta().getSeconds() == etaSeconds && l.eta().getNano() == etaNanos)) {
      return l;
    }
    l = new MigrationRow(m.handle, m.models[j].name, status, ready, progress, message,
        etaTo == null ? null : eta(etaSeconds, etaNanos));
    reads.remember(k, l, status.equals(RUNNING) && !ready && message.isEmpty(), etaTo != null, etaSeconds,
        etaNanos);
    return l;
  }

  /**
   * Works out the row of {@code m} on {@code shard} at {@code now} into {@link #scratch}, allocating
   * nothing; false if the row is invisible (and {@code evenIfInvisible} is false).
   */
  private boolean model(Migration m, ShardModel shard, Instant now, boolean evenIfInvisible) {
    boolean revert = m.revertOf != null;
    Scratch o = scratch;
    o.copying = false;
    if (!revert && !evenIfInvisible && now.isBefore(shard.visibleAt)) {
      o.until = shard.visibleAt;
      return false;
    }
    shard.settle(m);
    o.ready = false;
    o.message = "";
    o.etaTo = null;
    Instant end = shard.endAt == null ? Instant.MAX : shard.endAt;
    o.until = end;
    if (shard.endAt != null && !now.isBefore(shard.endAt)) {
      o.status = shard.endStatus;
      o.progress = shard.endProgress;
      o.message = shard.endMessage;
      o.until = Instant.MAX;
    } else if (revert) {
      o.status = RUNNING;
      o.progress = shard.progress(now);
      o.until = null;
      o.copying = true;
    } else if (m.instant) {
      boolean queued = now.isBefore(shard.startAt);
      o.status = queued ? QUEUED : RUNNING;
      o.progress = 0;
      if (queued && shard.startAt.isBefore(end)) {
        o.until = shard.startAt;
      }
    } else if (!now.isBefore(shard.readyAt)) {
      o.status = RUNNING;
      o.ready = true;
      o.progress = 100;
    } else if (!now.isBefore(shard.startAt)) {
      o.status = RUNNING;
      o.progress = shard.progress(now);
      o.until = null; // progress and ETA move with the clock
      o.copying = true;
      o.etaTo = shard.readyAt; // the time left until ready
      long seconds = shard.readyAt.getEpochSecond() - now.getEpochSecond();
      int nanos = shard.readyAt.getNano() - now.getNano();
      if (nanos < 0) {
        seconds--;
        nanos += 1_000_000_000;
      }
      o.etaSeconds = seconds;
      o.etaNanos = nanos;
    } else {
      o.status = QUEUED;
      o.progress = 0;
      Instant moves = shard.readyAt.isBefore(shard.startAt) ? shard.readyAt : shard.startAt; // ready first: running
      if (moves.isBefore(end)) {
        o.until = moves;
      }
    }
    return true;
  }

  private static final String QUEUED = "queued";
  private static final String RUNNING = "running";
  private static final String COMPLETE = "complete";
  private static final String FAILED = "failed";
  private static final String CANCELLED = "cancelled";

  /** {@code at + d}, or {@link Instant#MAX} past it: a time past the end of time never comes. */
  private static Instant after(Instant at, Duration d) {
    try {
      return at.plus(d);
    } catch (java.time.DateTimeException | ArithmeticException e) {
      return Instant.MAX;
    }
  }

  /** The milliseconds from {@code from} to {@code to}, {@code to} not before {@code from}. */
  private static long millisBetween(Instant from, Instant to) {
    return millisBetween(from.getEpochSecond(), from.getNano(), to.getEpochSecond(), to.getNano());
  }

  /** {@link #millisBetween(Instant, Instant)} of instants given as epoch seconds and nanos. */
  private static long millisBetween(long fromS, int fromN, long toS, int toN) {
    long seconds = toS - fromS;
    long nanos = toN - fromN;
    if (nanos < 0) {
      seconds--;
      nanos += 1_000_000_000L;
    }
    return seconds * 1000 + nanos / 1_000_000;
  }

  /** The fields of the row being worked out (the backend is synchronized: one is enough). */
  private static final class Scratch {
    String status;
    boolean ready;
    int progress;
    String message;
    @Nullable Instant etaTo;
    long etaSeconds;
    int etaNanos;
    /** The first time the row may change without a request, or {@code null}: it changes with the clock. */
    @Nullable Instant until;
    /** Running and not ready, progress (and for a change, ETA) moving with the clock. */
    boolean copying;
  }

  private final Scratch scratch = new Scratch();

  /**
   * One migration on one shard: its timings as instants, fixed at submission, and the terminal status
   * those and the requests so far give (worked out again only after a request changed them). The row
   * reported last is kept in the shard's slot of its {@link Reads}.
   */
  private static final class ShardModel {
    final String name;
    final MigrationTimings timings;
    final Instant visibleAt;
    final Instant startAt;
    final Instant readyAt;
    final @Nullable Instant failAt;
    final Instant progressFrom;
    final Instant progressTo;
    final long progressMillis;
    final boolean noProgress;

    int settledAt = -1;
    @Nullable Instant endAt;
    String endStatus;
    String endMessage;
    int endProgress;

    ShardModel(String name, MigrationTimings t, Instant s, boolean revert, boolean instant) {
      this.name = name;
      this.timings = t;
      visibleAt = after(s, t.visibleAfter());
      startAt = after(s, t.startAfter());
      readyAt = after(s, t.readyAfter());
      Duration fail = revert ? t.revertFailAfter() : t.failAfter();
      failAt = fail == null ? null : after(s, fail);
      progressFrom = revert ? s : startAt;
      progressTo = revert ? after(s, t.revertAfter()) : readyAt;
      progressMillis = progressTo.isAfter(progressFrom) ? millisBetween(progressFrom, progressTo) : 0;
      noProgress = instant;
    }

    /** A model on another shard with the same timings as {@code sibling}: its instants are shared. */
    ShardModel(String name, ShardModel sibling) {
      this.name = name;
      timings = sibling.timings;
      visibleAt = sibling.visibleAt;
      startAt = sibling.startAt;
      readyAt = sibling.readyAt;
      failAt = sibling.failAt;
      progressFrom = sibling.progressFrom;
      progressTo = sibling.progressTo;
      progressMillis = sibling.progressMillis;
      noProgress = sibling.noProgress;
    }

    /** Percent copied at {@code at}: linear from start to ready (for a revert: over revertAfter). */
    int progress(Instant at) {
      if (noProgress || at.isBefore(progressFrom)) {
        return 0;
      }
      if (!at.isBefore(progressTo) || progressMillis == 0) {
        return at.isBefore(progressTo) ? 0 : 100;
      }
      long done = millisBetween(progressFrom, at);
      return (int) Math.min(100, Math.max(0, done * 100 / progressMillis));
    }

    /**
     * Works out the first terminal status, if {@code m}'s requests changed since last time: offered in
     * precedence order (failed, complete, cancelled), the earliest wins and a tie goes to the first.
     */
    void settle(Migration m) {
      if (settledAt == m.requests) {
        return;
      }
      settledAt = m.requests;
      endAt = null;
      MigrationTimings t = timings;
      if (m.revertOf != null) {
        if (failAt != null) {
          offer(failAt, FAILED, "revert failed");
        }
        offer(progressTo, COMPLETE, "");
      } else {
        if (failAt != null) {
          offer(failAt, FAILED, t.failMessage());
        }
        if (m.instant) {
          offer(after(m.submittedAt, t.completeAfter()), COMPLETE, "");
        } else if (m.completionRequestedAt != null && (!t.cutoverStuck() || m.forcedCutoverAt != null)) {
          Instant from = m.completionRequestedAt.isAfter(readyAt) ? m.completionRequestedAt : readyAt;
          if (t.cutoverStuck() && m.forcedCutoverAt.isAfter(from)) {
            from = m.forcedCutoverAt; // a stuck cutover goes through once forced
          }
          offer(after(from, t.completeAfter()), COMPLETE, "");
        }
      }
      if (m.cancellationRequestedAt != null) {
        offer(after(m.cancellationRequestedAt, t.cancelAfter()), CANCELLED, "");
      }
      if (endAt != null) {
        endProgress = endStatus == COMPLETE ? 100 : progress(endAt);
      }
    }

    private void offer(Instant when, String status, String message) {
      if (endAt == null || when.isBefore(endAt)) {
        endAt = when;
        endStatus = status;
        endMessage = message;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Faults and the log

  private Migration target(BackendOperation op, String keyspace, MigrationHandle handle, String detail)
      throws BackendException {
    Objects.requireNonNull(keyspace, "keyspace");
    Objects.requireNonNull(handle, "migration");
    Instant now = clock.instant();
    Migration m = migrations.get(handle);
    if (m != null && op == BackendOperation.COMPLETE) {
      m.completeCalls++;
    }
    hit(now, op, m == null ? null : m.requestId, m == null ? null : m.change, keyspace, handle, detail);
    if (m == null || !m.keyspace.equals(keyspace)) {
      throw refuse(now, op, m == null ? null : m.requestId, m == null ? -1 : m.change, keyspace, handle,
          "no migration '" + handle + "' in keyspace '" + keyspace + "'");
    }
    return m;
  }

  /** Throws (and logs) the fault that hits this call, if any. */
  private void hit(Instant now, BackendOperation op, @Nullable String requestId, @Nullable Integer change,
      @Nullable String keyspace, @Nullable MigrationHandle handle, String detail) throws BackendException {
    for (FaultState f : faults) {
      if (f.armed(op, now) && (f.fault.requestId() == null || f.fault.requestId().equals(requestId))
          && (f.fault.change() == null || f.fault.change().equals(change))) {
        f.remaining--;
        BackendException e = simulated(f.fault.kind(), op);
        log(now, op, requestId, change == null ? -1 : change, keyspace, handle, e.kind(), detail);
        throw e;
      }
    }
  }

  private static BackendException simulated(FailureKind kind, BackendOperation op) {
    return new BackendException(kind, "simulated " + kind.wireName() + " failure of " + op.wireName());
  }

  private BackendException refuse(Instant now, BackendOperation op, @Nullable String requestId, int change,
      @Nullable String keyspace, @Nullable MigrationHandle handle, String message) {
    log(now, op, requestId, change, keyspace, handle, FailureKind.PERMANENT, message);
    return BackendException.permanentFailure(message, null);
  }

  private String unknownKeyspace(String keyspace) {
    return "unknown keyspace '" + keyspace + "' (known: " + new TreeSet<>(topology.keySet()) + ")";
  }

  private void log(Instant at, BackendOperation op, @Nullable String requestId, int change, @Nullable String keyspace,
      @Nullable MigrationHandle handle, @Nullable FailureKind failure, String detail) {
    callCounts[op.ordinal()]++;
    if (callLogCapacity == 0) {
      return;
    }
    if (calls.size() == callLogCapacity) {
      calls.removeFirst();
    }
    calls.addLast(new BackendCall(at, op, requestId, change, keyspace, handle, failure, detail));
  }

  /** The queries of a read, for people: the first {@value #DESCRIBED_QUERIES}, then how many more. */
  private static String describe(List<RowQuery> queries) {
    StringBuilder sb = new StringBuilder();
    int n = Math.min(queries.size(), DESCRIBED_QUERIES);
    for (int i = 0; i < n; i++) {
      RowQuery q = queries.get(i);
      sb.append(i == 0 ? "" : ", ").append(q.requestId()).append('/').append(q.keyspace());
    }
    if (queries.size() > n) {
      sb.append(" and ").append(queries.size() - n).append(" more");
    }
    return sb.toString();
  }

  private static final int DESCRIBED_QUERIES = 16;

  // ---------------------------------------------------------------------------------------------
  // Internal state

  private static final class FaultState {
    final Fault fault;
    int remaining;

    FaultState(Fault fault) {
      this.fault = fault;
      this.remaining = fault.times();
    }

    boolean armed(BackendOperation op, Instant now) {
      return remaining > 0 && fault.operation() == op && !now.isBefore(fault.from());
    }
  }

  /**
   * The migrations of one (migration context, keyspace), in submission order, the rows read last, and
   * the entry's shard rows as slots in two flat arrays (slot {@code k} is the {@code k}-th shard row of
   * the entry, in migration then shard order): the last row handed out and its fields, and, when the row
   * is copying (running, not ready), its window, the span of time in which the timing model gives the
   * same row but for progress and ETA, which move with the clock, with what those are worked out from.
   * A read of a slot inside its window reads these arrays only: no migration, model or {@code Instant},
   * which, spread over the heap, are what a read that finds every row moved would otherwise load.
   * Instants are kept exactly, as epoch seconds and nanoseconds (two nanosecond fields to a long).
   */
  private static final class Reads {
    final List<Migration> migrations = new ArrayList<>(1);
    List<MigrationRow> last = List.of();
    /** Bumped when a migration is added or one of them gets a request (completion, cancellation, cutover). */
    int version;
    /** When {@link #last} was worked out, and until when it stays true ({@code null}: that instant only). */
    @Nullable Instant computedAt;
    @Nullable Instant quietUntil;
    int quietVersion = -1;
    int quietForced;

    /** How many slots: the shard rows of {@link #migrations}. */
    int slots;
    /** The {@link #version} the armed windows were worked out under; any other disarms them all. */
    int armedVersion;
    long[] times = new long[TIMES * 4];
    Object[] refs = new Object[REFS * 4];

    // times, per slot: the window [FROM, TO), where progress is counted from, the instant ETA counts to
    static final int TIMES = 9;
    static final int FROM_S = 0;
    static final int TO_S = 1;
    /** The nanoseconds of FROM (low half) and TO (high half). */
    static final int WINDOW_NANOS = 2;
    static final int PROGRESS_FROM_S = 3;
    static final int READY_S = 4;
    /** The nanoseconds of PROGRESS_FROM (low half) and READY (high half). */
    static final int MODEL_NANOS = 5;
    /** The model's milliseconds from progress start to end, as {@link ShardModel#progressMillis}. */
    static final int PROGRESS_MILLIS = 6;
    /** The ETA seconds of the last row; its nanoseconds are the high half of STATE. */
    static final int LAST_ETA_S = 7;
    /** Flags (below), the last row's progress (bits 8 to 15) and its ETA nanoseconds (high half). */
    static final int STATE = 8;
    static final long ARMED = 1;
    /** The window's rows have an ETA (a change; a revert's have none). */
    static final long WINDOW_ETA = 2;
    /** The last row is running, not ready, without a message: a row of a window but for progress and ETA. */
    static final long LAST_COPYING = 4;
    static final long LAST_ETA = 8;
    static final int LAST_PROGRESS_SHIFT = 8;

    // refs, per slot
    static final int REFS = 4;
    static final int LAST = 0;
    static final int HANDLE = 1;
    static final int NAME = 2;
    static final int MIGRATION = 3;

    void add(Migration m) {
      m.firstSlot = slots;
      int need = slots + m.models.length;
      if (need * TIMES > times.length) {
        int capacity = Math.max(need, slots * 2);
        times = Arrays.copyOf(times, capacity * TIMES);
        refs = Arrays.copyOf(refs, capacity * REFS);
      }
      for (ShardModel shard : m.models) {
        int r = slots * REFS;
        refs[r + HANDLE] = m.handle;
        refs[r + NAME] = shard.name;
        refs[r + MIGRATION] = m;
        slots++;
      }
      migrations.add(m);
      version++;
    }

    @Nullable MigrationRow lastRow(int k) {
      return (MigrationRow) refs[k * REFS + LAST];
    }

    /** Keeps {@code row} as slot {@code k}'s last row, with the fields {@link #copying} compares. */
    void remember(int k, MigrationRow row, boolean copying, boolean eta, long etaSeconds, int etaNanos) {
      refs[k * REFS + LAST] = row;
      int at = k * TIMES;
      long state = (times[at + STATE] & (ARMED | WINDOW_ETA)) | (copying ? LAST_COPYING : 0)
          | ((long) (row.progress() & 0xFF) << LAST_PROGRESS_SHIFT);
      if (eta) {
        state |= LAST_ETA | ((long) etaNanos << 32);
        times[at + LAST_ETA_S] = etaSeconds;
      }
      times[at + STATE] = state;
    }

    /**
     * Arms slot {@code k}, whose row {@code shard}'s model just found copying: its window is from the
     * later of visibility and start to the earlier of ready and the terminal status (for a revert: from
     * submission to the terminal status), the span in which the model takes the same branch.
     */
    void arm(int k, boolean revert, ShardModel shard) {
      Instant from;
      Instant to;
      if (revert) {
        from = shard.progressFrom;
        to = shard.endAt == null ? Instant.MAX : shard.endAt;
      } else {
        from = shard.visibleAt.isAfter(shard.startAt) ? shard.visibleAt : shard.startAt;
        to = shard.endAt != null && shard.endAt.isBefore(shard.readyAt) ? shard.endAt : shard.readyAt;
      }
      int at = k * TIMES;
      times[at + FROM_S] = from.getEpochSecond();
      times[at + TO_S] = to.getEpochSecond();
      times[at + WINDOW_NANOS] = from.getNano() | ((long) to.getNano() << 32);
      times[at + PROGRESS_FROM_S] = shard.progressFrom.getEpochSecond();
      times[at + READY_S] = shard.readyAt.getEpochSecond();
      times[at + MODEL_NANOS] = shard.progressFrom.getNano() | ((long) shard.readyAt.getNano() << 32);
      times[at + PROGRESS_MILLIS] = shard.progressMillis;
      times[at + STATE] = (times[at + STATE] & ~(ARMED | WINDOW_ETA)) | ARMED | (revert ? 0 : WINDOW_ETA);
    }

    void disarm(int k) {
      times[k * TIMES + STATE] &= ~(ARMED | WINDOW_ETA);
    }

    /** Disarms every slot, and takes the current version as the one windows are armed under. */
    void disarm() {
      for (int k = 0; k < slots; k++) {
        disarm(k);
      }
      armedVersion = version;
    }
  }

  private record TimingOverride(String requestId, int change, @Nullable String shard,
      UnaryOperator<MigrationTimings.Builder> edit) {}

  private static final class Migration {
    final MigrationHandle handle;
    final String requestId;
    final int change;
    final String context;
    final String keyspace;
    final String sql;
    final boolean instant;
    final Instant submittedAt;
    final List<String> shards;
    final MigrationHandle revertOf;
    final ShardModel[] models;
    Instant completionRequestedAt;
    Instant cancellationRequestedAt;
    Instant forcedCutoverAt;
    double throttleRatio;
    long completeCalls;
    /** How many of completion, cancellation and forced cutover were requested (each counts once). */
    int requests;
    /** The (migration context, keyspace) entry it is read through. */
    Reads reads;
    /** The slot of its first shard in {@link #reads}; the others follow, in shard order. */
    int firstSlot;

    Migration(MigrationHandle handle, String requestId, int change, String context, String keyspace, String sql,
        boolean instant, Instant submittedAt, List<String> shards, @Nullable MigrationHandle revertOf,
        List<MigrationTimings> timings) {
      this.handle = handle;
      this.requestId = requestId;
      this.change = change;
      this.context = context;
      this.keyspace = keyspace;
      this.sql = sql;
      this.instant = instant;
      this.submittedAt = submittedAt;
      this.shards = List.copyOf(shards);
      this.revertOf = revertOf;
      this.models = new ShardModel[this.shards.size()];
      for (int i = 0; i < models.length; i++) {
        models[i] = i > 0 && timings.get(i) == timings.get(i - 1) ? new ShardModel(this.shards.get(i), models[i - 1])
            : new ShardModel(this.shards.get(i), timings.get(i), submittedAt, revertOf != null, instant);
      }
    }

    SimulatedMigration snapshot() {
      return new SimulatedMigration(handle, requestId, change, context, keyspace, sql, instant, submittedAt, shards,
          revertOf, completionRequestedAt, cancellationRequestedAt, throttleRatio, forcedCutoverAt);
    }
  }

  /**
   * The keyspace's VSchema now; {@code {}} for a keyspace given none. A fault of {@code vschema}
   * without a request hits it.
   */
  @Override
  public synchronized String vschema(String keyspace) throws BackendException {
    Objects.requireNonNull(keyspace, "keyspace");
    Instant now = clock.instant();
    hit(now, BackendOperation.VSCHEMA, null, null, keyspace, null, "read");
    String v = vschemas.get(keyspace);
    if (v == null) {
      throw refuse(now, BackendOperation.VSCHEMA, null, -1, keyspace, null, unknownKeyspace(keyspace));
    }
    log(now, BackendOperation.VSCHEMA, null, -1, keyspace, null, null, "read");
    return v;
  }

  /**
   * Applies (or puts back) a keyspace's VSchema as {@link SimulatedVSchemas} models it: in place
   * {@code vschemaAfter} after it was first asked, failing as its script says. A fault of
   * {@code vschema} (for its request, or any) hits it.
   */
  @Override
  public synchronized Optional<String> applyVSchema(VSchemaUpdate update) throws BackendException {
    Objects.requireNonNull(update, "update");
    Instant now = clock.instant();
    String what = update.revert() ? "revert" : "apply";
    hit(now, BackendOperation.VSCHEMA, update.requestId(), null, update.keyspace(), null, what);
    if (vschemas.get(update.keyspace()) == null) {
      throw refuse(now, BackendOperation.VSCHEMA, update.requestId(), -1, update.keyspace(), null,
          unknownKeyspace(update.keyspace()));
    }
    Optional<String> replaced;
    try {
      replaced = vschemas.apply(update, now);
    } catch (BackendException e) {
      log(now, BackendOperation.VSCHEMA, update.requestId(), -1, update.keyspace(), null, e.kind(), what);
      throw e;
    }
    log(now, BackendOperation.VSCHEMA, update.requestId(), -1, update.keyspace(), null, null,
        replaced.isPresent() ? what : what + ": not in place yet");
    return replaced;
  }

  /**
   * A keyspace's VSchema as it is now, for tests and timelines; no call is logged and no fault hits.
   *
   * @param keyspace a keyspace, not null
   * @return its VSchema (JSON text), or empty for a keyspace the backend does not have
   */
  public synchronized Optional<String> currentVSchema(String keyspace) {
    return Optional.ofNullable(vschemas.get(keyspace));
  }

  /**
   * The next migration handle: a uuid-shaped value of the seed and the counter. For one seed the
   * first 64 bits are a bijection of the counter (SplitMix64's finaliser), so no handle repeats.
   */
  private MigrationHandle nextHandle() {
    long n = nextId++;
    long hi = mix(n * 0x9E3779B97F4A7C15L + handleSeed);
    long lo = mix(hi ^ handleSeed ^ 0xD1B54A32D192ED03L);
    String hex = String.format("%016x%016x", hi, lo);
    return new MigrationHandle(hex.substring(0, 8) + "_" + hex.substring(8, 12) + "_" + hex.substring(12, 16)
        + "_" + hex.substring(16, 20) + "_" + hex.substring(20, 32));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  // ---------------------------------------------------------------------------------------------

  /** Builds an {@link InMemoryBackend}; every method checks its arguments at once. */
  public static final class Builder {
    private final Map<String, List<String>> topology = new LinkedHashMap<>();
    private MigrationTimings defaults = MigrationTimings.ofDefaults();
    private final List<TimingOverride> overrides = new ArrayList<>();
    private final Map<String, Map<Integer, String>> lintErrors = new HashMap<>();
    private final Map<String, Set<Integer>> instantEligible = new HashMap<>();
    private final List<ForcedRow> forcedRows = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private Clock clock;
    private int callLogCapacity = 10_000;
    private final Map<String, String> vschemas = new HashMap<>();
    private Duration vschemaAfter = Duration.ZERO;
    private final List<VSchemaScript> vschemaScripts = new ArrayList<>();
    private long handleSeed;

    private Builder() {}

    /**
     * The VSchema a keyspace has at the start (section 8); a keyspace given none has {@code {}}.
     *
     * @param keyspace the keyspace, not null; added with {@link #keyspace} before {@link #build()}
     * @param vschema one JSON object, not null; checked as a request's VSchema change is
     * @return this builder
     * @throws IllegalArgumentException naming {@code vschema} if the text is not one JSON object
     */
    public Builder vschema(String keyspace, String vschema) {
      dev.cutover.core.VSchemaChange checked = new dev.cutover.core.VSchemaChange(keyspace, vschema);
      vschemas.put(checked.keyspace(), checked.vschema());
      return this;
    }

    /**
     * How long applying (or putting back) a VSchema takes from the first call that asks for it.
     * Default: zero, in place at the call that asks.
     *
     * @param after not null, not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code after} is negative
     */
    public Builder vschemaAfter(Duration after) {
      Objects.requireNonNull(after, "vschemaAfter");
      if (after.isNegative()) {
        throw new IllegalArgumentException("vschemaAfter: must not be negative, was " + after);
      }
      this.vschemaAfter = after;
      return this;
    }

    /**
     * Scripts how applying one request's VSchema to one keyspace fails; a later script for the same
     * request, keyspace and direction takes the place of an earlier one.
     *
     * @param script the script, not null
     * @return this builder
     */
    public Builder vschemaScript(VSchemaScript script) {
      vschemaScripts.add(Objects.requireNonNull(script, "script"));
      return this;
    }

    /**
     * The seed of the migration handles: each handle is shaped as Vitess's migration uuids
     * ({@code 8_4_4_4_12} lower-case hex digits), worked out from the seed and a counter, so that a
     * backend never hands out one handle twice and two backends built with different seeds (a
     * server before and after a restart) almost surely never share one. Default 0: the same handles
     * in the same order on every run, as simulations want.
     *
     * @param seed any value
     * @return this builder
     */
    public Builder handleSeed(long seed) {
      this.handleSeed = seed;
      return this;
    }

    /**
     * Adds a keyspace with its shards, in order.
     *
     * @param name the keyspace, not null or blank
     * @param shards its shard names in the order reads report them, such as {@code "-80", "80-"}; at
     *     least one, none null, blank or repeated
     * @return this builder
     * @throws NullPointerException if the name, the array or a shard is null
     * @throws IllegalArgumentException naming the keyspace if it was added before, has no shard, or
     *     a blank or repeated shard
     */
    public Builder keyspace(String name, String... shards) {
      return keyspace(name, Arrays.asList(Objects.requireNonNull(shards, "shards")));
    }

    /**
     * Adds a keyspace with its shards, in order (see {@link #keyspace(String, String...)}).
     *
     * @param name the keyspace, not null or blank, not added before
     * @param shards its shard names in order; at least one, none null, blank or repeated; copied
     * @return this builder
     * @throws NullPointerException if the name, the list or a shard is null
     * @throws IllegalArgumentException naming the keyspace if it was added before, has no shard, or
     *     a blank or repeated shard
     */
    public Builder keyspace(String name, List<String> shards) {
      Objects.requireNonNull(name, "keyspace");
      Objects.requireNonNull(shards, "shards");
      if (name.isBlank()) {
        throw new IllegalArgumentException("keyspace: must not be blank, was '" + name + "'");
      }
      if (topology.containsKey(name)) {
        throw new IllegalArgumentException("keyspace: '" + name + "' was already added");
      }
      if (shards.isEmpty()) {
        throw new IllegalArgumentException("shards: keyspace '" + name + "' must have at least one shard");
      }
      Set<String> seen = new LinkedHashSet<>();
      for (String shard : shards) {
        Objects.requireNonNull(shard, "shard");
        if (shard.isBlank() || !seen.add(shard)) {
          throw new IllegalArgumentException("shards: keyspace '" + name + "' has a blank or repeated shard '"
              + shard + "'");
        }
      }
      topology.put(name, List.copyOf(shards));
      return this;
    }

    /**
     * The timings of every migration not scripted otherwise. Default: {@link MigrationTimings#ofDefaults()}.
     *
     * @param timings the timings, not null; scripts added with {@link #migration} edit these
     * @return this builder
     */
    public Builder defaults(MigrationTimings timings) {
      this.defaults = Objects.requireNonNull(timings, "defaults");
      return this;
    }

    /**
     * Scripts the migration of change {@code change} of {@code requestId} on every shard: {@code edit}
     * changes the timings it would otherwise get (the defaults, then earlier scripts, in order).
     *
     * @param requestId the deploy request's id, not null
     * @param change the index of the change in the request, 0 or more
     * @param edit edits a builder holding the timings so far and returns the builder to use, not null;
     *     it runs at each submission it matches, so it should not keep state
     * @return this builder
     * @throws IllegalArgumentException if {@code change} is negative
     */
    public Builder migration(String requestId, int change, UnaryOperator<MigrationTimings.Builder> edit) {
      return migration(requestId, change, null, edit);
    }

    /**
     * Scripts the migration of one change on one shard; see
     * {@link #migration(String, int, UnaryOperator)}.
     *
     * @param requestId the deploy request's id, not null
     * @param change the index of the change in the request, 0 or more
     * @param shard the shard, or {@code null} for every shard
     * @param edit edits a builder holding the timings so far and returns the builder to use, not null
     * @return this builder
     * @throws IllegalArgumentException if {@code change} is negative
     */
    public Builder migration(String requestId, int change, @Nullable String shard,
        UnaryOperator<MigrationTimings.Builder> edit) {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(edit, "edit");
      requireIndex(change);
      overrides.add(new TimingOverride(requestId, change, shard, edit));
      return this;
    }

    /**
     * Analysis refuses change {@code change} of {@code requestId} with {@code message}.
     *
     * @param requestId the deploy request's id, not null
     * @param change the index of the change in the request, 0 or more; an index past the request's
     *     last change is never read
     * @param message the lint error analysis reports, not null; a second call for the same change
     *     replaces it
     * @return this builder
     * @throws IllegalArgumentException if {@code change} is negative
     */
    public Builder lintError(String requestId, int change, String message) {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(message, "message");
      requireIndex(change);
      lintErrors.computeIfAbsent(requestId, k -> new HashMap<>()).put(change, message);
      return this;
    }

    /**
     * Analysis finds these changes of {@code requestId} eligible for an instant deploy (default: none).
     * Calls add up.
     *
     * @param requestId the deploy request's id, not null
     * @param changes indexes of changes in the request, each 0 or more
     * @return this builder
     * @throws IllegalArgumentException if an index is negative
     */
    public Builder instantEligible(String requestId, int... changes) {
      Objects.requireNonNull(requestId, "requestId");
      Set<Integer> set = instantEligible.computeIfAbsent(requestId, k -> new LinkedHashSet<>());
      for (int change : changes) {
        requireIndex(change);
        set.add(change);
      }
      return this;
    }

    /**
     * Adds a forced row (see {@link ForcedRow} and {@link InMemoryBackend#forceRow}).
     *
     * @param row the forced row, not null
     * @return this builder
     */
    public Builder forceRow(ForcedRow row) {
      forcedRows.add(Objects.requireNonNull(row, "row"));
      return this;
    }

    /**
     * Adds a fault; faults compete for calls in the order they were added.
     *
     * @param fault the fault, not null
     * @return this builder
     */
    public Builder fault(Fault fault) {
      faults.add(Objects.requireNonNull(fault, "fault"));
      return this;
    }

    /**
     * The clock to read time from: the driver's clock (a {@link VirtualClock} moved by hand in tests and
     * simulations, the system clock for a real-time run). Required: there is no default, since a
     * backend on another clock than its driver's never lets a migration progress.
     *
     * @param clock the clock, not null
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How many of the most recent calls {@link InMemoryBackend#calls()} keeps: 0 keeps none (a benchmark's
     * choice), {@link Integer#MAX_VALUE} keeps every call. Default: 10,000.
     *
     * @param capacity how many calls to keep, 0 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public Builder callLog(int capacity) {
      if (capacity < 0) {
        throw new IllegalArgumentException("callLog: capacity must not be negative, was " + capacity);
      }
      this.callLogCapacity = capacity;
      return this;
    }

    /**
     * Builds the backend.
     *
     * @return a new backend with no migration and the faults and forced rows added so far (copied: the
     *     builder can go on being used)
     * @throws IllegalStateException if no clock was set
     */
    public InMemoryBackend build() {
      if (clock == null) {
        throw new IllegalStateException("clock: required; pass the driver's clock (a VirtualClock to move "
            + "time by hand, Clock.systemUTC() for real time)");
      }
      for (String keyspace : vschemas.keySet()) {
        if (!topology.containsKey(keyspace)) {
          throw new IllegalStateException("vschema: keyspace '" + keyspace + "' is not in the topology "
              + topology.keySet());
        }
      }
      return new InMemoryBackend(this);
    }

    private static void requireIndex(int change) {
      if (change < 0) {
        throw new IllegalArgumentException("change: must not be negative, was " + change);
      }
    }
  }
}
