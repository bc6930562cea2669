package dev.cutover.core.driver;

import dev.cutover.core.Action;
import dev.cutover.core.ActionResult;
import dev.cutover.core.Analysis;
import dev.cutover.core.Change;
import dev.cutover.core.Command;
import dev.cutover.core.DeployMachine;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployQueue;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.FailureKind;
import dev.cutover.core.HistoryEntry;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.Nullable;
import dev.cutover.core.Observation;
import dev.cutover.core.Outcome;
import dev.cutover.core.Plan;
import dev.cutover.core.Progress;
import dev.cutover.core.VSchemaChange;
import dev.cutover.core.SubmissionIntent;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.core.spi.FoundMigration;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.core.spi.RevertSubmission;
import dev.cutover.core.spi.RowQuery;
import dev.cutover.core.spi.RowsRead;
import dev.cutover.core.spi.StoredRequests;
import dev.cutover.core.spi.Submission;
import dev.cutover.core.spi.VSchemaUpdate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs deploy requests: applies user actions, and on every {@link #tick()} visits each request that
 * needs it, in creation order, doing the step of its state (spec section 4). The driver is the only
 * part of the library that touches the store and the backend; all decisions are
 * {@link DeployMachine}'s.
 *
 * <p>Durability (spec section 6): every decision is saved (compare-and-set) before the backend is
 * asked to act on it, and every outcome is merged into the freshest value. A driver killed at any
 * point and restarted over the same store and backend picks up where it stopped; a submission it
 * may have sent is looked up by migration context and adopted, never sent twice.
 *
 * <p>Allocation follows change (decision 97): a request whose last plan was quiet is not planned
 * again while its value and its rows are unchanged and the core's window for that plan holds
 * ({@link Plan#holdsUntil()}); its read queries and progress entry are kept while it is unchanged.
 * A tick in which nothing changed allocates nothing per request. {@link Builder#planEveryTick}
 * turns the skip off.
 *
 * <p>Thread-safe. {@link #create}, {@link #act} and {@link #tick} may be called from any number of
 * threads: ticks of one driver run one at a time (a tick called while another runs waits for it),
 * while {@code create} and {@code act} never wait for a tick. They race it through the store, where
 * every save is a compare-and-set: a writer that lost the race plans again from the fresh value, so
 * an action taken during a tick is neither blocked nor lost (it may be rejected, re-checked against
 * the state the tick reached). The store and the backend must be thread-safe themselves, and the
 * listener is called from the thread that made the call. To run ticks on a thread of their own, use
 * {@link DriverLoop}. Many drivers may share a store.
 *
 * <p>Exceptions (docs/decisions.md): {@code create} throws the checked {@link BackendException}
 * when the backend could not be asked; {@code act} and {@code tick} throw none: a backend failure
 * in a tick becomes an event and a retry. A store failure is unchecked and passes through.
 */
public final class Driver {

  private static final System.Logger LOG = System.getLogger(Driver.class.getName());

  /** Bound on plan/act rounds for one request in one tick; a correct machine converges far sooner. */
  private static final int MAX_ROUNDS_PER_VISIT = 256;

  private final DeployRequestStore store;
  private final MigrationBackend backend;
  private final Clock clock;
  private final String owner;
  private final String identity;
  private final Duration submissionLease;
  /** The backend's longest call: how far ahead of a submission's call its lease must reach (decision 117). */
  private final Duration maxCallDuration;
  private final DriverListener listener;
  /** Ticks of this driver run one at a time; {@code create} and {@code act} do not take it. */
  private final ReentrantLock tickLock = new ReentrantLock();
  /**
   * The progress of every request whose rows were read, from its last successful read; replaced
   * whole at the end of each tick, so readers on other threads see one tick's view.
   */
  private volatile Snapshot progress = Snapshot.EMPTY;
  /**
   * What the ticks keep of each active request, by id: the queries of its reads, its last progress
   * entry, and its last quiet plan (decision 97). Touched only by the tick holding {@link #tickLock};
   * the entries of requests no longer active are dropped at the end of the tick.
   */
  private final Map<String, Kept> kept = new HashMap<>();
  /** Counts the ticks, to tell the entries of {@link #kept} a tick visited from the stale ones. */
  private long ticks;
  /** The arrays of the tick, kept from tick to tick; only the tick holding the lock (not re-entered) uses them. */
  private final Scratch scratch = new Scratch();
  /** Whether every request is planned on every tick, none skipped ({@link Builder#planEveryTick}). */
  private final boolean planEveryTick;
  /**
   * The requests skipped in the last tick and why, and those skipped in this one: a problem is logged
   * at WARNING when it is new, at DEBUG while it lasts. Touched only by the tick holding the lock.
   */
  private Map<String, String> warned = new HashMap<>();
  private Map<String, String> failedNow = new HashMap<>();

  private Driver(Builder b) {
    this.store = b.store;
    this.backend = b.backend;
    this.clock = b.clock;
    this.owner = b.owner;
    this.identity = b.identity != null ? b.identity : b.owner + "#" + UUID.randomUUID();
    this.submissionLease = b.submissionLease;
    this.maxCallDuration = b.backend.maxCallDuration();
    this.listener = b.listener;
    this.planEveryTick = b.planEveryTick;
  }

  /**
   * A builder for a driver over {@code store} and {@code backend}.
   *
   * @param store where the requests live, not null; drivers that share it share the requests
   * @param backend where migrations run, not null; only the driver calls it
   * @return a new builder with the defaults its setters name
   */
  public static Builder builder(DeployRequestStore store, MigrationBackend backend) {
    return new Builder(store, backend);
  }

  /**
   * This driver's name, as given to {@link Builder#owner(String)}.
   *
   * @return the name
   */
  public String owner() {
    return owner;
  }

  /**
   * This driver's identity, recorded on the submissions it saves: unless one was given
   * ({@link Builder#identity(String)}), its name, {@code #}, and a random UUID drawn when it was
   * built, so that no two drivers share one even when their names collide. Only a driver of the
   * same identity resumes a submission at once; any other (a restart under a new identity included)
   * waits for the submission lease.
   *
   * @return the identity
   */
  public String identity() {
    return identity;
  }

  /**
   * The clock this driver decides by: the one given to {@link Builder#clock(Clock)}, else the
   * backend's own ({@link MigrationBackend#clock()}), else the system UTC clock.
   *
   * @return the clock, never null
   */
  public Clock clock() {
    return clock;
  }

  /**
   * How long another driver's unfinished submission is left alone.
   *
   * @return the lease
   */
  public Duration submissionLease() {
    return submissionLease;
  }

  // ---------------------------------------------------------------------------------------------
  // Creation and user actions

  /**
   * Creates a request in {@code pending} (spec section 2). Either the whole request is stored, or
   * nothing is.
   *
   * @param id the request's id, not null or blank; new to the store
   * @param database the database whose deploy queue it joins, not null or blank
   * @param changes the proposed changes in order, not null; possibly empty; each keyspace one the
   *     backend lists
   * @param options the options, not null
   * @return the request as stored: {@code pending}, version 0, created at the clock's time
   * @throws IllegalArgumentException naming the field and the value: a blank id, an id already
   *     used, a change whose keyspace the backend does not know
   * @throws BackendException if the backend could not list its keyspaces
   */
  public DeployRequest create(String id, String database, List<Change> changes, DeployOptions options)
      throws BackendException {
    return create(id, database, changes, List.of(), options);
  }

  /**
   * Creates a request with VSchema changes in {@code pending} (spec sections 2 and 8). Either the
   * whole request is stored, or nothing is.
   *
   * @param id the request's id, not null or blank; new to the store
   * @param database the database whose deploy queue it joins, not null or blank
   * @param changes the proposed changes in order, not null; possibly empty; each keyspace one the
   *     backend lists
   * @param vschemaChanges the new VSchemas, not null; possibly empty; each keyspace one the backend
   *     lists, none twice
   * @param options the options, not null
   * @return the request as stored: {@code pending}, version 0, created at the clock's time
   * @throws IllegalArgumentException naming the field and the value: a blank id, an id already
   *     used, a change or VSchema change whose keyspace the backend does not know, a keyspace with
   *     two VSchema changes
   * @throws BackendException if the backend could not list its keyspaces
   */
  public DeployRequest create(String id, String database, List<Change> changes, List<VSchemaChange> vschemaChanges,
      DeployOptions options) throws BackendException {
    Objects.requireNonNull(changes, "changes");
    Objects.requireNonNull(vschemaChanges, "vschemaChanges");
    Objects.requireNonNull(options, "options");
    DeployRequest request = DeployRequest.create(id, database, changes, vschemaChanges, options, clock.instant());
    if (!vschemaChanges.isEmpty()) {
      Set<String> keyspaces = backend.keyspaces();
      for (int i = 0; i < vschemaChanges.size(); i++) {
        String keyspace = vschemaChanges.get(i).keyspace();
        if (!keyspaces.contains(keyspace)) {
          throw new IllegalArgumentException("vschemaChanges[" + i + "].keyspace: unknown keyspace '" + keyspace
              + "' (known: " + new java.util.TreeSet<>(keyspaces) + ")");
        }
      }
    }
    if (!changes.isEmpty()) {
      Set<String> keyspaces = backend.keyspaces();
      for (int i = 0; i < changes.size(); i++) {
        String keyspace = changes.get(i).keyspace();
        if (!keyspaces.contains(keyspace)) {
          throw new IllegalArgumentException("changes[" + i + "].keyspace: unknown keyspace '" + keyspace
              + "' (known: " + new java.util.TreeSet<>(keyspaces) + ")");
        }
      }
    }
    DeployRequest stored = store.insert(request);
    emit(new DriverEvent.StateEntered(stored.createdAt(), stored.id(), stored.state()));
    return stored;
  }

  /**
   * Applies a user action now. A lost compare-and-set race is retried on the fresh value, where the
   * action may then be rejected.
   *
   * @param requestId the request's id, not null
   * @param action the action, not null
   * @return the saved request, or the rejection (the request unchanged)
   * @throws IllegalArgumentException if no request has this id
   */
  public ActionResult act(String requestId, Action action) {
    Objects.requireNonNull(action, "action");
    Instant now = clock.instant();
    while (true) {
      DeployRequest current = load(requestId);
      long ticket = action instanceof Action.Deploy ? nextQueueTicket(current.database()) : 1;
      ActionResult result = DeployMachine.apply(current, action, now, ticket);
      if (result instanceof ActionResult.Rejected rejected) {
        emit(new DriverEvent.ActionApplied(now, requestId, action, rejected.reason()));
        return result;
      }
      Optional<DeployRequest> saved = store.compareAndSet(result.request());
      if (saved.isPresent()) {
        emit(new DriverEvent.ActionApplied(now, requestId, action, null));
        announce(current, saved.get(), now);
        return new ActionResult.Accepted(saved.get());
      }
    }
  }

  private long nextQueueTicket(String database) {
    // the store keeps the highest ticket (its default reads every readable request: an unreadable
    // request of another id takes no ticket)
    return DeployQueue.nextTicket(store.highestQueueTicket(database));
  }

  private DeployRequest load(String requestId) {
    return store.get(requestId)
        .orElseThrow(() -> new IllegalArgumentException("id: no deploy request '" + requestId + "'"));
  }

  // ---------------------------------------------------------------------------------------------
  // Progress (spec section 7)

  /**
   * The progress of a request this driver watches, from the rows it read last: per change and
   * shard the row observed, and the request-level mean. Empty if the request is not watched (its
   * step reads no rows) or its rows were never read. A read of the last tick: nothing is stored.
   *
   * @param requestId the request's id, not null
   * @return the progress as of the last tick that read the request's rows, or empty
   */
  public Optional<Progress> progress(String requestId) {
    Objects.requireNonNull(requestId, "requestId");
    Snapshot last = progress;
    Observed o = last.get(requestId);
    return o == null ? Optional.empty() : Optional.of(o.progress(last.at));
  }

  /**
   * The progress of every request watched in the last tick, in creation order.
   *
   * @return a new list, empty before the first tick or when no request is watched
   */
  public List<Progress> progress() {
    return progress.all();
  }

  /**
   * What a tick read for one request; the progress is worked out only when asked for. {@code at} is
   * {@code null} for an entry observed in the tick of the snapshot that holds it (the same entry is
   * handed on while the request and its rows do not change), else the time of the older tick it was
   * read in (kept over a failed read).
   */
  private record Observed(DeployRequest request, List<MigrationRow> rows, @Nullable Instant at) {
    Progress progress(Instant tickTime) {
      return Progress.of(request, rows, at != null ? at : tickTime);
    }
  }

  /** The queries of the rows of {@code r} in each of {@code keyspaces}, in their order; unmodifiable. */
  private static List<RowQuery> queriesOf(DeployRequest r, List<String> keyspaces) {
    RowQuery[] queries = new RowQuery[keyspaces.size()];
    for (int i = 0; i < queries.length; i++) {
      queries[i] = new RowQuery(r.id(), r.migrationContext(), keyspaces.get(i));
    }
    return List.of(queries);
  }

  /**
   * What the ticks keep of one active request (only the tick holding the lock touches it): the
   * queries of the reads the core planned for a request value, the request's last progress entry,
   * and its last quiet plan: the request value and rows it was made for, the queue's answer, and the
   * window in which the core said it holds ({@link Plan#holdsUntil()}).
   */
  private static final class Kept {
    /** The request's id, as the instance the entry was made with (compared by identity first). */
    final String id;
    long tick;
    /** How many reads of its rows failed in a row, up to the last one. */
    long readFailures;
    @Nullable DeployRequest readsOf;
    List<RowQuery> queries = List.of();
    @Nullable Observed observed;

    Kept(String id) {
      this.id = id;
    }

    /** The parts of {@link #joined}, as the backend answered them (compared by identity). */
    private @Nullable List<?>[] parts;
    private @Nullable List<MigrationRow> joined;
    @Nullable DeployRequest quietRequest;
    @Nullable List<MigrationRow> quietRows;
    boolean quietAdmissible;
    @Nullable Instant quietFrom;
    @Nullable Instant quietUntil;

    /** The queries of the reads {@link DeployMachine#reads} plans for {@code r}, kept while {@code r} is unchanged. */
    List<RowQuery> queries(DeployRequest r) {
      if (!same(readsOf, r)) {
        readsOf = r;
        queries = queriesOf(r, DeployMachine.reads(r));
      }
      return queries;
    }

    /**
     * The rows of a request read in several keyspaces, one list in the order of {@code queries}: the
     * list made last time while every part is the same unmodifiable list as then (a list the backend
     * may still change is copied, so it is never the same).
     */
    List<MigrationRow> joined(RowsRead read, List<RowQuery> queries) {
      List<?>[] last = parts;
      boolean same = last != null && last.length == queries.size() && joined != null;
      for (int i = 0; same && i < last.length; i++) {
        same = last[i] == List.copyOf(read.rows().getOrDefault(queries.get(i), List.of()));
      }
      if (!same) {
        List<?>[] got = new List<?>[queries.size()];
        List<MigrationRow> all = new ArrayList<>();
        for (int i = 0; i < got.length; i++) {
          List<MigrationRow> part = List.copyOf(read.rows().getOrDefault(queries.get(i), List.of()));
          got[i] = part;
          all.addAll(part);
        }
        parts = got;
        joined = List.copyOf(all);
      }
      return joined;
    }

    /** The progress entry of {@code r} read with {@code rows}: the kept one while neither changed. */
    Observed observed(DeployRequest r, List<MigrationRow> rows) {
      Observed o = observed;
      if (o == null || o.request() != r || o.rows() != rows) { // an equal request or equal rows: made once
        o = new Observed(r, rows, null);
        observed = o;
      }
      return o;
    }

    /**
     * Whether the kept quiet plan holds for {@code r}, {@code rows} and {@code admissible} at {@code now}.
     * When it holds for an equal request or equal rows, it keeps those instances from then on, so
     * the next tick compares by identity.
     */
    boolean quiet(DeployRequest r, @Nullable List<MigrationRow> rows, boolean admissible, Instant now) {
      if (quietUntil == null || !now.isBefore(quietUntil) || now.isBefore(quietFrom)
          || admissible != quietAdmissible || !same(quietRequest, r) || !sameRows(quietRows, rows)) {
        return false;
      }
      quietRequest = r;
      quietRows = rows;
      return true;
    }

    void quietPlan(DeployRequest r, @Nullable List<MigrationRow> rows, boolean admissible, Instant now, Instant until) {
      quietRequest = r;
      quietRows = rows;
      quietAdmissible = admissible;
      quietFrom = now;
      quietUntil = until;
    }

    private static boolean same(@Nullable DeployRequest kept, DeployRequest r) {
      return kept == r || kept != null && kept.version() == r.version() && kept.equals(r);
    }

    private static boolean sameRows(@Nullable List<MigrationRow> kept, @Nullable List<MigrationRow> rows) {
      return kept == rows || kept != null && rows != null && kept.size() == rows.size() && kept.equals(rows);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reads: what a client shows, from the store and the backend as this driver sees them (decision 121)

  /**
   * The request with this id, as the store holds it now: the value every action and tick of this
   * driver starts from. Nothing is cached.
   *
   * @param id the request's id, not null
   * @return the stored request, or empty if the store has none with that id
   * @throws NullPointerException if {@code id} is null
   * @throws RuntimeException what the store throws for a value it cannot read (unchecked, passed through)
   */
  public Optional<DeployRequest> get(String id) {
    Objects.requireNonNull(id, "id");
    return store.get(id);
  }

  /**
   * Every readable request of {@code database}, closed and terminal ones included, in creation
   * order. A stored request that cannot be read is left out (its database cannot be known); the
   * tick reports it ({@link DriverEvent.RequestFailed}).
   *
   * @param database the database, not null
   * @return a new list, empty if the database has no request
   * @throws NullPointerException if {@code database} is null
   */
  public List<DeployRequest> list(String database) {
    Objects.requireNonNull(database, "database");
    List<DeployRequest> of = new ArrayList<>();
    for (DeployRequest r : store.readAll().requests()) {
      if (r.database().equals(database)) {
        of.add(r);
      }
    }
    return of;
  }

  /**
   * The stored requests this driver cannot read (a row this version cannot parse, a field out of
   * range), each with what is wrong, naming the field: the ones {@link #list} and {@link #queue}
   * leave out and the tick skips. A client answers a read of one of these with the problem, not
   * with "no such request".
   *
   * @return id to problem, in creation order; empty when every stored request can be read
   */
  public Map<String, String> unreadable() {
    return store.readAll().unreadable();
  }

  /**
   * The deploy queue of {@code database} as the tick admits from it: {@link DeployQueue#queue} over
   * the store's active requests (those the tick confirms each admission against with
   * {@link DeployQueue#admits}), so the
   * requests occupying the database come first, then the queued ones in
   * {@link DeployQueue#admissionOrder()}. A queued request is the next one admitted exactly when it
   * comes first.
   *
   * @param database the database, not null
   * @return a new list, empty when nothing occupies the database and nothing is queued
   * @throws NullPointerException if {@code database} is null
   */
  public List<DeployRequest> queue(String database) {
    Objects.requireNonNull(database, "database");
    return DeployQueue.queue(database, store.readActive().requests());
  }

  /**
   * The keyspaces of the backend's database with their shards, in name order: the topology as the
   * backend reports it now ({@link MigrationBackend#keyspaces()}, {@link MigrationBackend#shards}),
   * the keyspaces a change may name at {@link #create}.
   *
   * @return a new list, one entry per keyspace
   * @throws BackendException if the backend could not list its keyspaces or the shards of one
   */
  public List<Keyspace> keyspaces() throws BackendException {
    List<String> names = new ArrayList<>(backend.keyspaces());
    names.sort(null);
    List<Keyspace> out = new ArrayList<>(names.size());
    for (String name : names) {
      out.add(new Keyspace(name, backend.shards(name)));
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // The tick

  /**
   * Does one tick at the clock's time: reads the rows of every watching request in one batch, then
   * visits each request that needs driving, in creation order. A request that comes to read rows
   * during its visit (its last change was just submitted) is read with the others that do, in one
   * more batch after the visits, and its step goes on from there. A request that cannot be read
   * from the store, or whose step fails, is reported ({@link DriverEvent.RequestFailed}) and
   * skipped; the others go on. Backend failures become events and retries; a store failure ends the
   * tick (it is thrown, unchecked, and nothing is half-done: the next tick resumes).
   */
  public void tick() {
    tickLock.lock();
    try {
      tickAlone();
    } finally {
      tickLock.unlock();
    }
  }

  private void tickAlone() {
    Instant now = clock.instant();
    if (!warned.isEmpty() || !failedNow.isEmpty()) {
      Map<String, String> last = warned; // the last tick's problems; a request no longer skipped is forgotten
      warned = failedNow;
      last.clear();
      failedNow = last;
    }
    StoredRequests active = store.readActive();
    active.unreadable().forEach((id, problem) -> failed(now, id, "the stored request cannot be read: " + problem));
    long tick = ++ticks;
    // A listener that ticks from inside a tick gets arrays of its own.
    Scratch arrays = tickLock.getHoldCount() == 1 ? scratch : new Scratch();
    Tick t = new Tick(now, active.requests(), arrays);
    int n = t.n;
    List<?>[] planned = arrays.planned;
    for (int i = 0; i < n; i++) {
      Kept k = t.kept[i]; // the last tick's at this position: usually the same request's
      if (k == null || k.id != t.working[i].id()) {
        k = kept.computeIfAbsent(t.working[i].id(), Kept::new);
      }
      k.tick = tick;
      t.kept[i] = k;
      planned[i] = k.queries(t.working[i]);
    }
    if (kept.size() > n) {
      kept.values().removeIf(k -> k.tick != tick); // the requests no longer active
    }
    List<MigrationRow>[] reads = t.read(arrays.all, n, planned);
    for (int i = 0; i < n; i++) {
      t.visit(i, reads[i], true);
    }
    t.continueDeferred();
    // A queued request visited before the request ahead of it freed the database gets its turn in
    // this same tick, so admission never depends on creation order (nor on how many drivers run).
    for (int i = 0; i < n; i++) {
      if (!t.failed[i] && t.working[i].state() == DeployState.QUEUED && t.queueAdmits(i)) {
        t.visit(i, null, true);
      }
    }
    t.continueDeferred();
    progress = progress.next(t.seen, n, now);
  }

  /**
   * The arrays a tick works in, by position, kept from tick to tick so that a tick allocates none
   * while the number of active requests does not grow; each tick clears what the last one used.
   */
  private static final class Scratch {
    DeployRequest[] working = new DeployRequest[0];
    Observed[] seen = new Observed[0];
    boolean[] failed = new boolean[0];
    Kept[] kept = new Kept[0];
    List<?>[] planned = new List<?>[0];
    List<MigrationRow>[] reads = newLists(0);
    /** 0, 1, 2, …: the positions of every request, for the tick's first read. */
    int[] all = new int[0];
    /** By query of a read, the index of the request that asked it. */
    int[] owner = new int[16];
    /** The queries of the last tick's first read, handed to the backend again while none changed. */
    List<RowQuery> lastQueries = List.of();
    private int used;

    /** Clears what the last tick used and makes room for {@code n} requests. */
    void reset(int n) {
      java.util.Arrays.fill(working, 0, used, null);
      java.util.Arrays.fill(seen, 0, used, null);
      java.util.Arrays.fill(failed, 0, used, false);
      if (n < used) {
        java.util.Arrays.fill(kept, n, used, null); // the others are looked at first by the next tick
      }
      java.util.Arrays.fill(planned, 0, used, null);
      java.util.Arrays.fill(reads, 0, used, null);
      if (working.length < n) {
        int size = Math.max(n, working.length + (working.length >> 1));
        working = new DeployRequest[size];
        seen = new Observed[size];
        failed = new boolean[size];
        kept = java.util.Arrays.copyOf(kept, size);
        planned = new List<?>[size];
        reads = newLists(size);
        all = new int[size];
        for (int i = 0; i < size; i++) {
          all[i] = i;
        }
      }
      used = n;
    }

    @SuppressWarnings("unchecked")
    static List<MigrationRow>[] newLists(int n) {
      return new List[n];
    }
  }

  /**
   * The progress read last, by request: one array in creation order, indexed by id only when a
   * reader (or a failed read) first asks for one request.
   */
  private static final class Snapshot {
    static final Snapshot EMPTY = new Snapshot(new Entries(new Observed[0]), Instant.EPOCH);
    private final Entries entries;
    private final Observed[] observed;
    /** The time of the tick: of every entry whose own time is {@code null}. */
    final Instant at;

    private Snapshot(Entries entries, Instant at) {
      this.entries = entries;
      this.observed = entries.observed;
      this.at = at;
    }

    /**
     * The snapshot of a tick at {@code at} that observed {@code seen[0..n)}: it shares this one's
     * entries (and their index) when they are the same ones, in the same order.
     */
    Snapshot next(Observed[] seen, int n, Instant at) {
      boolean same = observed.length == n;
      for (int i = 0; same && i < n; i++) {
        same = observed[i] == seen[i];
      }
      return new Snapshot(same ? entries : new Entries(java.util.Arrays.copyOf(seen, n)), at);
    }

    @Nullable
    Observed get(String id) {
      return entries.get(id);
    }

    List<Progress> all() {
      List<Progress> all = new ArrayList<>();
      for (Observed o : observed) {
        if (o != null) {
          all.add(o.progress(at));
        }
      }
      return all;
    }

    /** The entry of {@code id} with its own time, to hand on to a later snapshot; {@code null} if none. */
    @Nullable
    Observed carried(String id) {
      Observed o = get(id);
      return o == null || o.at() != null ? o : new Observed(o.request(), o.rows(), at);
    }
  }

  /** One tick's progress entries in creation order, indexed by id when first asked for one. */
  private static final class Entries {
    final Observed[] observed;
    private volatile @Nullable Map<String, Observed> byId;

    Entries(Observed[] observed) {
      this.observed = observed;
    }

    @Nullable
    Observed get(String id) {
      Map<String, Observed> index = byId;
      if (index == null) {
        index = new HashMap<>(Math.max(4, observed.length * 2));
        for (Observed o : observed) {
          if (o != null) {
            index.put(o.request().id(), o);
          }
        }
        byId = index; // built by whichever reader comes first; equal if two race
      }
      return index.get(id);
    }
  }

  /**
   * What a read answers for a request whose read failed (the failure is reported as an event), told
   * apart by identity: its visit changes nothing in this tick.
   */
  private static final List<MigrationRow> READ_FAILED = java.util.Collections.unmodifiableList(new ArrayList<>());

  /** A failure of the machine's decision for one request, as opposed to a store or backend failure. */
  private static final class StepFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StepFailed(RuntimeException cause) {
      super(cause.toString(), cause, false, false);
    }
  }

  private void failed(Instant now, String id, String message) {
    // once per request and problem while it lasts, not every tick (an unreadable row names its version)
    boolean again = message.equals(warned.get(id));
    failedNow.put(id, message);
    LOG.log(again ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
        "request {0} skipped in this tick: {1}", id, message);
    emit(new DriverEvent.RequestFailed(now, id, message));
  }

  /**
   * One tick's working set: the active requests by position (creation order), what was observed
   * for each, which failed, the visits waiting for a batched read, and the queue's admitted request
   * per database (worked out by {@link DeployQueue#admitted} when first asked, again after a request
   * of that database was saved).
   */
  private final class Tick {
    final Instant now;
    /** The number of active requests: the positions {@code 0..n)} of the arrays below. */
    final int n;
    final DeployRequest[] working;
    final Observed[] seen;
    final boolean[] failed;
    /** What the driver keeps of the request at each position; at the start, the last tick's at that position. */
    final Kept[] kept;
    private final Scratch arrays;
    /** The visits that stopped for rows they were not given: positions, and the keyspaces each named. */
    private int[] deferred = new int[4];
    private List<?>[] deferredReads = new List<?>[4];
    private int deferredCount;
    private @Nullable Map<String, List<Integer>> byDatabase;
    private final Map<String, Optional<DeployRequest>> admitted = new HashMap<>();

    Tick(Instant now, List<DeployRequest> active, Scratch arrays) {
      this.now = now;
      this.n = active.size();
      arrays.reset(n);
      this.arrays = arrays;
      this.working = arrays.working;
      for (int i = 0; i < n; i++) {
        working[i] = active.get(i);
      }
      this.seen = arrays.seen;
      this.failed = arrays.failed;
      this.kept = arrays.kept;
    }

    /**
     * Continues the visits that stopped because their request entered a state that reads rows in
     * this tick (submitted its last change, say): their rows are read in one batch, not one request
     * at a time, and each visit goes on from where it stopped.
     */
    void continueDeferred() {
      while (deferredCount > 0) {
        int[] batch = deferred;
        List<?>[] asked = deferredReads;
        int count = deferredCount;
        deferred = new int[4];
        deferredReads = new List<?>[4];
        deferredCount = 0;
        List<MigrationRow>[] reads = read(batch, count, asked);
        for (int j = 0; j < count; j++) {
          // a visit given rows never stops for them again; one without (none watched) reads alone
          visit(batch[j], reads[j], false);
        }
      }
    }

    private void defer(int pos, List<String> keyspaces) {
      List<RowQuery> reads = queriesOf(working[pos], keyspaces);
      if (deferredCount == deferred.length) {
        deferred = java.util.Arrays.copyOf(deferred, deferredCount * 2);
        deferredReads = java.util.Arrays.copyOf(deferredReads, deferredCount * 2);
      }
      deferred[deferredCount] = pos;
      deferredReads[deferredCount] = reads;
      deferredCount++;
    }

    /**
     * Reads, in one call, the rows of the requests at {@code positions[0..count)}: for each the
     * queries {@code asked} holds at the same index (of the keyspaces the core planned, {@link
     * DeployMachine#reads} or {@link Plan#reads}). The answer is by index into {@code positions};
     * a request with no query has none. The tick's first read ({@code positions} is every request)
     * hands the backend the same list of queries as the last tick's while no query changed.
     */
    List<MigrationRow>[] read(int[] positions, int count, List<?>[] asked) {
      boolean first = positions == arrays.all;
      List<MigrationRow>[] result = first ? arrays.reads : Scratch.newLists(count);
      List<RowQuery> last = first ? arrays.lastQueries : List.of();
      int lastSize = last.size();
      List<RowQuery> fresh = null; // made at the first query that differs from the last read's
      int size = 0;
      int[] owner = arrays.owner;
      for (int j = 0; j < count; j++) {
        List<?> queriesOfJ = asked[j];
        for (int k = 0, m = queriesOfJ.size(); k < m; k++) {
          RowQuery query = (RowQuery) queriesOfJ.get(k);
          if (size == owner.length) {
            owner = java.util.Arrays.copyOf(owner, owner.length * 2);
            arrays.owner = owner;
          }
          owner[size] = j;
          if (fresh == null && !(size < lastSize && last.get(size) == query)) {
            fresh = new ArrayList<>(Math.max(count, size + 1));
            fresh.addAll(last.subList(0, size));
          }
          if (fresh != null) {
            fresh.add(query);
          }
          size++;
        }
      }
      List<RowQuery> queries;
      if (fresh == null && size == lastSize) {
        queries = last;
      } else {
        queries = java.util.Collections.unmodifiableList(fresh != null ? fresh : new ArrayList<>(last.subList(0, size)));
        if (first) {
          arrays.lastQueries = queries;
        }
      }
      if (size == 0) {
        return result;
      }
      RowsRead read = null;
      BackendException everything = null;
      try {
        read = backend.readRows(queries);
      } catch (BackendException e) {
        everything = e;
      }
      // a request's queries are next to each other: one group per request, in order
      for (int q = 0; q < size; ) {
        int j = owner[q];
        int from = q;
        BackendException failure = everything;
        for (; q < size && owner[q] == j; q++) {
          if (failure == null && !read.failures().isEmpty()) {
            failure = read.failures().get(queries.get(q));
          }
        }
        List<MigrationRow> rows = failure != null ? null
            : q - from == 1 ? List.copyOf(read.rows().getOrDefault(queries.get(from), List.of())) // the usual case
            : kept[positions[j]].joined(read, queries.subList(from, q));
        result[j] = answered(positions[j], rows, failure);
      }
      return result;
    }

    private List<MigrationRow> answered(int pos, @Nullable List<MigrationRow> rows,
        @Nullable BackendException failure) {
      DeployRequest r = working[pos];
      if (failure != null) {
        kept[pos].readFailures++;
        emit(new DriverEvent.ReadFailed(now, r.id(), failure.kind(), String.valueOf(failure.getMessage())));
        Observed last = progress.carried(r.id());
        if (last != null) {
          seen[pos] = last; // the rows observed last stay what was observed last
        }
        return READ_FAILED;
      }
      readAgain(pos);
      seen[pos] = kept[pos].observed(r, rows);
      return rows;
    }

    /** Reports a read of the request at {@code pos} that succeeded after failed ones. */
    private void readAgain(int pos) {
      Kept k = kept[pos];
      if (k.readFailures > 0) {
        long failures = k.readFailures;
        k.readFailures = 0;
        emit(new DriverEvent.ReadRecovered(now, working[pos].id(), failures));
      }
    }

    /**
     * Runs the visit of the request at {@code pos}; if deciding its step fails (its value makes the
     * machine throw: a time past the end of {@code Instant}, say), the request is reported and
     * skipped, and the tick goes on with the others. Store and backend failures are not caught
     * here: they end the tick.
     *
     * @param rows its rows read in this tick, {@link #READ_FAILED} if their read failed, or {@code null}
     *     if none were read
     * @param mayDefer whether a step that needs rows it was not given stops, to be read in a batch
     *     ({@link #continueDeferred}), or reads them alone
     */
    void visit(int pos, @Nullable List<MigrationRow> rows, boolean mayDefer) {
      try {
        run(pos, rows, mayDefer);
      } catch (StepFailed e) {
        failed[pos] = true;
        failed(now, working[pos].id(), "its step failed: " + e.getCause());
      }
    }

    private void run(int pos, @Nullable List<MigrationRow> given, boolean mayDefer) {
      DeployRequest r = working[pos];
      List<MigrationRow> rows = given;
      if (rows == READ_FAILED) {
        return; // a failed read changes nothing in this tick
      }
      if (r.state() == DeployState.PENDING) {
        if (r.open()) {
          analyse(pos, r); // a request closed while pending is never analysed (section 7)
        }
        return;
      }
      Kept k = kept[pos];
      for (int round = 0; round < MAX_ROUNDS_PER_VISIT; round++) {
        boolean admissible = r.state() == DeployState.QUEUED && admissible(pos);
        if (!planEveryTick && k.quiet(r, rows, admissible, now)) {
          return; // the core said this plan holds: nothing to save, nothing to send (decision 97)
        }
        Observation observation = new Observation(now, admissible, rows, identity,
            submissionLease, maxCallDuration);
        Plan plan;
        try {
          plan = DeployMachine.plan(r, observation);
        } catch (RuntimeException e) {
          throw new StepFailed(e);
        }
        if (plan.needsRows()) {
          if (rows != null) {
            throw new IllegalStateException("plan asked for rows twice for " + r.id());
          }
          if (mayDefer) {
            defer(pos, plan.reads()); // saved as it is; read with the others, then continued
            return;
          }
          rows = readSingle(pos, r, plan.reads());
          if (rows == READ_FAILED) {
            return;
          }
          seen[pos] = k.observed(r, rows);
          continue;
        }
        if (plan.holdsUntil() != null) {
          k.quietPlan(r, rows, admissible, now, plan.holdsUntil()); // the request unchanged, no command
          return;
        }
        // The machine returns the very request it was given when nothing changed: no deep compare then.
        if (plan.request() != r && !plan.request().equals(r)) {
          Optional<DeployRequest> saved = store.compareAndSet(plan.request());
          if (saved.isEmpty()) {
            r = reload(pos); // lost a race: plan again from the fresh value
            continue;
          }
          r = saved(pos, r, saved.get());
        }
        if (plan.commands().isEmpty()) {
          return;
        }
        boolean retryLater = false;
        boolean leaseLost = false;
        for (Command command : plan.commands()) {
          Outcome outcome;
          try {
            outcome = perform(pos, r, command);
          } catch (LeaseLost e) {
            leaseLost = true; // the intent changed in the store before its call: nothing was sent
            break;
          }
          r = recordOutcome(pos, working[pos], command, outcome);
          retryLater |= outcome instanceof Outcome.Failed f && f.kind() == FailureKind.TRANSIENT
              || outcome instanceof Outcome.NotYet; // a VSchema not in place yet: asked again next tick
        }
        if (leaseLost) {
          r = reload(pos); // plan again from the fresh value, as after a lost race
          continue;
        }
        if (retryLater) {
          return; // a transient failure stops the step; the command is sent again on a later tick
        }
        // A permanent refusal was recorded as a decision (error, a refused command is not sent
        // again), so planning continues: entering error asks for its cleanup in this same step.
      }
      LOG.log(System.Logger.Level.WARNING, "request {0}: step did not settle in {1} rounds", r.id(),
          MAX_ROUNDS_PER_VISIT);
    }

    private void analyse(int pos, DeployRequest r) {
      Analysis analysis = new Analysis(List.of());
      String rejected = null;
      if (!r.changes().isEmpty()) {
        try {
          analysis = backend.analyse(r.id(), r.changes());
        } catch (BackendException e) {
          if (e.isTransient()) {
            LOG.log(System.Logger.Level.INFO, "request {0}: analysis failed transiently: {1}", r.id(), e.getMessage());
            return;
          }
          rejected = String.valueOf(e.getMessage());
        }
      }
      DeployRequest next;
      try {
        next = rejected != null ? DeployMachine.analysisRejected(r, rejected, now)
            : DeployMachine.analysed(r, analysis, now);
      } catch (RuntimeException e) {
        throw new StepFailed(e);
      }
      store.compareAndSet(next).ifPresent(saved -> saved(pos, r, saved));
      // a lost race leaves it pending for the next tick (analysis has no side effect)
    }

    private List<MigrationRow> readSingle(int pos, DeployRequest r, List<String> keyspaces) {
      try {
        List<RowQuery> queries = queriesOf(r, keyspaces);
        RowsRead read = backend.readRows(queries);
        List<MigrationRow> all = new ArrayList<>();
        for (RowQuery q : queries) {
          BackendException failure = read.failures().get(q);
          if (failure != null) {
            throw failure;
          }
          all.addAll(read.rows().getOrDefault(q, List.of()));
        }
        readAgain(pos);
        return List.copyOf(all);
      } catch (BackendException e) {
        kept[pos].readFailures++;
        emit(new DriverEvent.ReadFailed(now, r.id(), e.kind(), String.valueOf(e.getMessage())));
        return READ_FAILED;
      }
    }

    /** Whether the queue admits the queued request at {@code pos}, here and in the store. */
    private boolean admissible(int pos) {
      if (!queueAdmits(pos)) {
        return false;
      }
      // Confirm against the store: another driver may have admitted or finished something.
      return DeployQueue.admits(working[pos], store.readActive().requests());
    }

    /** Whether the queue of its database admits the request at {@code pos} among this tick's requests. */
    boolean queueAdmits(int pos) {
      DeployRequest r = working[pos];
      Optional<DeployRequest> head = admitted.get(r.database());
      if (head == null) {
        List<DeployRequest> ofDatabase = new ArrayList<>();
        for (int i : byDatabase().getOrDefault(r.database(), List.of())) {
          ofDatabase.add(working[i]);
        }
        head = DeployQueue.admitted(r.database(), ofDatabase);
        admitted.put(r.database(), head);
      }
      return head.isPresent() && head.get().id().equals(r.id());
    }

    private Map<String, List<Integer>> byDatabase() {
      if (byDatabase == null) {
        byDatabase = new HashMap<>();
        for (int i = 0; i < n; i++) {
          byDatabase.computeIfAbsent(working[i].database(), k -> new ArrayList<>()).add(i);
        }
      }
      return byDatabase;
    }

    private DeployRequest reload(int pos) {
      DeployRequest fresh = load(working[pos].id());
      working[pos] = fresh;
      admitted.remove(fresh.database());
      return fresh;
    }

    private DeployRequest saved(int pos, DeployRequest before, DeployRequest after) {
      working[pos] = after;
      admitted.remove(after.database());
      announce(before, after, now);
      return after;
    }

    private DeployRequest recordOutcome(int pos, DeployRequest r, Command command, Outcome outcome) {
      DeployRequest current = r;
      while (true) {
        DeployRequest next;
        try {
          next = DeployMachine.record(current, command, outcome, clock.instant()); // when it became known
        } catch (RuntimeException e) {
          throw new StepFailed(e);
        }
        if (next == current || next.equals(current)) {
          return current;
        }
        Optional<DeployRequest> saved = store.compareAndSet(next);
        if (saved.isPresent()) {
          return saved(pos, current, saved.get());
        }
        current = reload(pos);
      }
    }

    private Outcome perform(int pos, DeployRequest r, Command command) {
      try {
        if (command instanceof Command.Submit s) {
          return submit(pos, r, s);
        }
        if (command instanceof Command.Revert rv) {
          return revert(pos, r, rv);
        }
        if (command instanceof Command.ReadVSchema rv) {
          return new Outcome.VSchemaRead(backend.vschema(rv.keyspace())); // a read: no event unless it fails
        }
        if (command instanceof Command.ApplyVSchema || command instanceof Command.RestoreVSchema) {
          return vschema(r, command);
        }
        if (command instanceof Command.Complete c) {
          backend.complete(c.keyspace(), c.handle());
        } else if (command instanceof Command.ForceCutover f) {
          backend.forceCutover(f.keyspace(), f.handle());
        } else if (command instanceof Command.Cancel c) {
          backend.cancel(c.keyspace(), c.handle());
        } else if (command instanceof Command.Throttle t) {
          backend.throttle(t.keyspace(), t.handle(), t.ratio());
        }
        emit(new DriverEvent.CommandSent(now, r.id(), command, null, ""));
        return Outcome.done();
      } catch (BackendException e) {
        String message = String.valueOf(e.getMessage());
        emit(new DriverEvent.CommandSent(now, r.id(), command, e.kind(), message));
        return Outcome.failed(e.kind(), message);
      }
    }

    /**
     * Makes sure the lease of the request's intent reaches past the end of a call starting now: if
     * the call could end after it ({@code now + maxCallDuration > since + lease}, a late submit in
     * a long tick, say), the intent is saved again stamped now. Throws {@link LeaseLost}, with
     * nothing sent, if the intent is no longer this driver's or the renewal loses its
     * compare-and-set (decision 117).
     */
    private void leaseCoversCall(int pos) {
      DeployRequest current = working[pos];
      SubmissionIntent intent = current.pendingSubmission();
      if (intent == null || !intent.owner().equals(identity)) {
        throw new LeaseLost();
      }
      Instant start = clock.instant();
      if (!start.plus(maxCallDuration).isAfter(intent.since().plus(submissionLease))) {
        return;
      }
      Optional<DeployRequest> renewed = store.compareAndSet(DeployMachine.renewed(current, start));
      if (renewed.isEmpty()) {
        throw new LeaseLost();
      }
      saved(pos, current, renewed.get());
    }

    private Outcome submit(int pos, DeployRequest r, Command.Submit s) throws BackendException {
      if (s.mode() != Command.Mode.FRESH) {
        Set<MigrationHandle> known = new HashSet<>();
        r.submitted().forEach(sc -> known.add(sc.handle()));
        for (FoundMigration found : backend.findByContext(s.migrationContext(), s.keyspace())) {
          if (found.revertOf() == null && !known.contains(found.handle()) && found.keyspace().equals(s.keyspace())
              && found.runs(s.sql())) {
            emit(new DriverEvent.Adopted(now, r.id(), s, found.handle()));
            return Outcome.submitted(found.handle(), backend.shards(s.keyspace()));
          }
        }
        if (s.mode() == Command.Mode.ADOPT_ONLY) {
          return Outcome.notFound();
        }
      }
      List<String> shards = backend.shards(s.keyspace());
      leaseCoversCall(pos);
      MigrationHandle handle = backend.submit(
          new Submission(r.id(), s.change(), s.migrationContext(), s.keyspace(), s.sql(), s.instant()));
      emit(new DriverEvent.CommandSent(now, r.id(), s, null, ""));
      return Outcome.submitted(handle, shards);
    }

    private Outcome vschema(DeployRequest r, Command command) throws BackendException {
      VSchemaUpdate update = command instanceof Command.ApplyVSchema a
          ? new VSchemaUpdate(r.id(), a.keyspace(), a.vschema(), false)
          : new VSchemaUpdate(r.id(), command.keyspace(), ((Command.RestoreVSchema) command).vschema(), true);
      Optional<String> replaced = backend.applyVSchema(update);
      if (replaced.isEmpty()) {
        return new Outcome.NotYet(); // taken, not in place yet: no event until it is
      }
      emit(new DriverEvent.CommandSent(now, r.id(), command, null, ""));
      return new Outcome.VSchemaApplied(replaced.get());
    }

    private Outcome revert(int pos, DeployRequest r, Command.Revert rv) throws BackendException {
      if (rv.mode() != Command.Mode.FRESH) {
        for (FoundMigration found : backend.findByContext(rv.migrationContext(), rv.keyspace())) {
          if (rv.target().equals(found.revertOf()) && found.keyspace().equals(rv.keyspace())) {
            emit(new DriverEvent.Adopted(now, r.id(), rv, found.handle()));
            return Outcome.submitted(found.handle(), backend.shards(rv.keyspace()));
          }
        }
        if (rv.mode() == Command.Mode.ADOPT_ONLY) {
          return Outcome.notFound();
        }
      }
      List<String> shards = backend.shards(rv.keyspace());
      leaseCoversCall(pos);
      MigrationHandle handle = backend.revert(
          new RevertSubmission(r.id(), rv.change(), rv.migrationContext(), rv.keyspace(), rv.target()));
      emit(new DriverEvent.CommandSent(now, r.id(), rv, null, ""));
      return Outcome.submitted(handle, shards);
    }
  }

  /** The intent of a submission changed in the store before its call was sent: nothing was sent. */
  private static final class LeaseLost extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LeaseLost() {
      super(null, null, false, false);
    }
  }

  /** Reports the states and warnings {@code after} has that {@code before} did not. */
  private void announce(DeployRequest before, DeployRequest after, Instant now) {
    List<HistoryEntry> history = after.history();
    for (int i = before.history().size(); i < history.size(); i++) {
      HistoryEntry entered = history.get(i);
      emit(new DriverEvent.StateEntered(entered.at(), after.id(), entered.state(), entered.cause()));
    }
    List<String> warnings = after.warnings();
    for (int i = before.warnings().size(); i < warnings.size(); i++) {
      emit(new DriverEvent.Warning(now, after.id(), warnings.get(i)));
    }
  }

  private void emit(DriverEvent event) {
    listener.onEvent(event);
  }

  /** The submission lease when neither the caller nor the backend asks for a longer one. */
  public static final Duration DEFAULT_SUBMISSION_LEASE = Duration.ofMinutes(1);

  /** Builds a {@link Driver}; every setter checks its argument at once. */
  public static final class Builder {
    private final DeployRequestStore store;
    private final MigrationBackend backend;
    private @Nullable Clock clock;
    private String owner = "driver";
    private @Nullable Duration submissionLease;
    private @Nullable String identity;
    private DriverListener listener = DriverListener.none();
    private boolean planEveryTick;

    private Builder(DeployRequestStore store, MigrationBackend backend) {
      this.store = Objects.requireNonNull(store, "store");
      this.backend = Objects.requireNonNull(backend, "backend");
    }

    /**
     * The clock every decision is timed by; tests pass a fake one. Default: the backend's own clock
     * if it has one ({@link MigrationBackend#clock()}: the simulator's virtual clock), else the system
     * UTC clock. Over a backend with a clock of its own, {@link #build()} refuses any other clock.
     *
     * @param clock the clock, not null; over a backend with its own clock, that one
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * This driver's name, for logs; the driver's {@link Driver#identity() identity} adds a random
     * part to it, so drivers that share a name never take each other's submissions for their own.
     * Default: {@code driver}.
     *
     * @param owner the name, not null or blank
     * @return this builder
     * @throws IllegalArgumentException if {@code owner} is blank
     */
    public Builder owner(String owner) {
      Objects.requireNonNull(owner, "owner");
      if (owner.isBlank()) {
        throw new IllegalArgumentException("owner: must not be blank, was '" + owner + "'");
      }
      this.owner = owner;
      return this;
    }

    /**
     * A stable identity instead of a random one, for a deployment that guarantees no two live drivers
     * ever have it (a StatefulSet pod's name, say): a driver restarted under it resumes the
     * submissions its previous life left unfinished at once instead of after the lease. Two live
     * drivers with one identity could both submit a change; when in doubt, leave the default.
     *
     * @param identity not blank
     * @return this builder
     */
    public Builder identity(String identity) {
      Objects.requireNonNull(identity, "identity");
      if (identity.isBlank()) {
        throw new IllegalArgumentException("identity: must not be blank, was '" + identity + "'");
      }
      this.identity = identity;
      return this;
    }

    /**
     * How long another driver's unfinished submission is left alone before this driver takes it over
     * (looking the migration up by context first). It must be at least twice the backend's
     * {@link MigrationBackend#maxCallDuration()}, so that a submission is never taken over while the
     * call that sends it may still be running; {@link #build()} refuses a shorter one. Default: one
     * minute, or twice the backend's longest call if that is more.
     *
     * @param lease not null, not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code lease} is negative
     */
    public Builder submissionLease(Duration lease) {
      Objects.requireNonNull(lease, "submissionLease");
      if (lease.isNegative()) {
        throw new IllegalArgumentException("submissionLease: must not be negative, was " + lease);
      }
      this.submissionLease = lease;
      return this;
    }

    /**
     * Where events go. Default: nowhere.
     *
     * @param listener the listener, not null; called on the thread that ticks or acts, must not throw
     * @return this builder
     */
    public Builder listener(DriverListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Whether every request is planned on every tick. By default a tick skips the step of a request
     * whose last plan was quiet (nothing to save, nothing to send) while the request value and its
     * rows are unchanged and the core's window for that plan has not ended ({@link Plan#holdsUntil()},
     * decision 97): the same saves, commands and events, without the allocation. {@code true} plans
     * every request every time; it is the reference the skip is tested against.
     *
     * @param on whether to plan every request on every tick
     * @return this builder
     */
    public Builder planEveryTick(boolean on) {
      this.planEveryTick = on;
      return this;
    }

    /**
     * Builds the driver.
     *
     * @return a new driver; it does nothing until {@code tick} or {@code act} is called
     * @throws IllegalArgumentException if the submission lease is shorter than twice the backend's
     *     longest call, or the clock is not the one the backend keeps time by
     */
    public Driver build() {
      Clock own = backend.clock();
      if (clock == null) {
        clock = own != null ? own : Clock.systemUTC();
      } else if (own != null && !own.equals(clock)) {
        throw new IllegalArgumentException("clock: the backend keeps time by a clock of its own (" + own
            + ", MigrationBackend.clock()) and the driver must decide by the same one, was " + clock
            + "; pass the backend's clock, or none to take it");
      }
      Duration longest = backend.maxCallDuration();
      Objects.requireNonNull(longest, "backend.maxCallDuration()");
      if (longest.isNegative()) {
        throw new IllegalArgumentException("backend.maxCallDuration(): must not be negative, was " + longest);
      }
      Duration least = longest.multipliedBy(2);
      if (submissionLease == null) {
        submissionLease = least.compareTo(DEFAULT_SUBMISSION_LEASE) > 0 ? least : DEFAULT_SUBMISSION_LEASE;
      } else if (submissionLease.compareTo(least) < 0) {
        throw new IllegalArgumentException("submissionLease: must be at least twice the backend's longest call ("
            + longest + ", MigrationBackend.maxCallDuration()), so at least " + least + ", was " + submissionLease);
      }
      return new Driver(this);
    }
  }
}
