package dev.cutover.vitess;

import com.zaxxer.hikari.HikariDataSource;
import dev.cutover.core.Analysis;
import dev.cutover.core.Analysis.ChangeAnalysis;
import dev.cutover.core.Change;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.DdlLint;
import dev.cutover.core.spi.FoundMigration;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.core.spi.RevertSubmission;
import dev.cutover.core.spi.RowQuery;
import dev.cutover.core.spi.RowsRead;
import dev.cutover.core.spi.Submission;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * A {@link MigrationBackend} over vtgate's MySQL protocol (JDBC, MySQL Connector/J): Vitess
 * Online DDL with the {@code vitess} strategy, completion postponed until the deploy request's
 * gate opens.
 *
 * <p>What it sends, per call, on one connection of its own (session variables live on a
 * connection, so they are set on the connection that runs the statement):
 * <ul>
 *   <li>submit: {@code USE `ks`}, {@code SET @@ddl_strategy = 'vitess --postpone-completion
 *       --allow-concurrent'} (instant: {@code 'vitess --prefer-instant-ddl --allow-concurrent'}),
 *       {@code SET @@migration_context = '<context>'}, then the change's one statement; the
 *       {@code uuid} it answers is the handle.
 *   <li>complete, cancel, throttle: {@code ALTER VITESS_MIGRATION '<uuid>' COMPLETE | CANCEL |
 *       THROTTLE RATIO r | UNTHROTTLE} in the keyspace.
 *   <li>revert: the request's context, then {@code REVERT VITESS_MIGRATION '<uuid>'}; the revert's own
 *       uuid is its handle. vtgate (v24) tags a revert with a context of its own
 *       ({@code vtgate:<session uuid>}), not {@code @@migration_context}, so reads find a request's
 *       reverts by {@code reverted_uuid}: a revert belongs to the request of the migration it reverts.
 *   <li>rows: one {@code SHOW VITESS_MIGRATIONS FROM `ks` WHERE migration_context IN (...) OR
 *       reverted_uuid IN (SELECT migration_uuid FROM `_vt`.schema_migrations WHERE
 *       migration_context IN (...))} per keyspace per call.
 * </ul>
 *
 * <p>{@code --allow-concurrent} lets the changes of one request run side by side: without it, Vitess
 * starts a migration only when no other runs, and a migration waiting for its completion still
 * runs, so a second change would never become ready and the gate would never open. Vitess never
 * runs two migrations of the same table at once; {@link #analyse} refuses a request with two
 * changes to one table for that reason.
 *
 * <p>Every call is bounded by {@link #maxCallDuration()} (the connection wait plus four statement
 * timeouts, enforced on any data source), so a driver's submission lease, at least twice it, never
 * lets a second driver submit while the first call may still be sending.
 *
 * <p>Every keyspace, uuid and context is validated or quoted ({@code VitessSql}); a change holds
 * exactly one statement and connections never allow multi-statements. Failures are typed transient
 * (connection, timeout, vtgate unavailable) or permanent (refused) by {@code SqlErrors}.
 *
 * <p>The rows it reads share their instances: one {@link MigrationHandle} per uuid (the one
 * {@link #submit} answered, kept across reads for the last {@value RowInterner#DEFAULT_CAPACITY}
 * uuids read), the status literals the core compares against ({@code "running"}, {@code "complete"},
 * ...) and one string per shard name (the same as {@link #shards} answers), so that the core's
 * derivation compares them by reference.
 *
 * <p>Thread-safe: besides the data source it holds only those shared instances.
 */
public final class VitessBackend implements MigrationBackend, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(VitessBackend.class.getName());

  /** The strategy of a change's migration: Vitess online DDL, cut-over postponed until COMPLETE. */
  public static final String ONLINE_STRATEGY = "vitess --postpone-completion --allow-concurrent";

  /** The strategy of an instant deploy: MySQL's INSTANT algorithm where possible, completing on its own. */
  public static final String INSTANT_STRATEGY = "vitess --prefer-instant-ddl --allow-concurrent";

  /** The strategy a revert runs with: it completes on its own. */
  public static final String REVERT_STRATEGY = "vitess --allow-concurrent";

  /** Vitess's default sidecar database, where each shard keeps {@code schema_migrations}. */
  public static final String DEFAULT_SIDECAR_DATABASE = "_vt";

  /** Connections of the pool {@link #connect} makes: the driver makes a few calls per tick. */
  public static final int POOL_SIZE = 4;

  /**
   * The most statements one call sends one after another: {@link #submit} and {@link #revert}
   * ({@code USE}, two {@code SET}s, the statement); every other call sends fewer, but for
   * {@link #readRows} over more keyspaces, which the call's deadline cuts off.
   */
  public static final int MAX_STATEMENTS_PER_CALL = 4;

  /**
   * The default bound of one statement (the connection's network timeout while the backend uses
   * it): 60 seconds, {@link SimpleDataSource}'s socket timeout.
   */
  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(60);

  /**
   * The default longest wait to borrow a connection: 15 seconds, the wait of the pool
   * {@link #connect} makes (HikariCP's connection timeout, 10 s, and its validation timeout, 5 s,
   * which the last check of a borrowed connection may add).
   */
  public static final Duration DEFAULT_CONNECTION_WAIT = Duration.ofSeconds(15);

  /** The longest statement timeout and connection wait a builder takes. */
  public static final Duration MAX_TIMEOUT = Duration.ofHours(1);

  private final DataSource dataSource;
  private final String sidecarDatabase;
  private final HikariDataSource ownPool;
  private final Duration connectionWait;
  private final Duration statementTimeout;
  private final Duration maxCallDuration;
  private final long maxCallNanos;
  private final LongSupplier ticker;
  private final RowInterner interner = new RowInterner(RowInterner.DEFAULT_CAPACITY);

  private VitessBackend(Builder b, HikariDataSource ownPool) {
    this.dataSource = b.dataSource;
    this.sidecarDatabase = b.sidecarDatabase;
    this.ownPool = ownPool;
    this.connectionWait = b.connectionWait;
    this.statementTimeout = b.statementTimeout;
    this.maxCallDuration = connectionWait.plus(statementTimeout.multipliedBy(MAX_STATEMENTS_PER_CALL));
    this.maxCallNanos = maxCallDuration.toNanos();
    this.ticker = b.ticker;
  }

  /**
   * The longest one call takes, by construction: the connection wait plus
   * {@value #MAX_STATEMENTS_PER_CALL} statement timeouts ({@link #submit} sends four statements one
   * after another). Every call enforces it whatever the data source: a connection that took longer
   * than the connection wait to borrow is given back before anything is sent, each statement runs
   * with the connection's network timeout set to at most the statement timeout and the time left
   * ({@link java.sql.Connection#setNetworkTimeout}; a shorter socket timeout the connection
   * already has is kept), and a statement due past the deadline is not sent (a transient failure).
   * With the defaults ({@link #connect}): 15 s + 4 × 60 s = 255 s, so a driver's submission lease is
   * at least 510 s.
   *
   * @return the connection wait plus four statement timeouts
   */
  @Override
  public Duration maxCallDuration() {
    return maxCallDuration;
  }

  /**
   * A backend over connections from {@code dataSource}, which must lead to vtgate; default
   * settings. The backend leaves session state on the connections it used ({@code USE},
   * {@code @@ddl_strategy}, {@code @@migration_context}): give it a pool of its own.
   *
   * @param dataSource connections to vtgate, not null; {@link #close} leaves it open
   * @return the backend, with the default sidecar database, connection wait and statement timeout
   *     (so {@link #maxCallDuration()} is 255 s); use {@link #builder} for others
   */
  public static VitessBackend using(DataSource dataSource) {
    return builder(dataSource).build();
  }

  /**
   * A backend over a HikariCP pool of its own ({@value #POOL_SIZE} connections at most,
   * {@link SimpleDataSource#pooled}) to {@code url} ({@code jdbc:mysql://vtgate:15306/});
   * {@link #close} closes the pool.
   *
   * @param url vtgate's MySQL-protocol url, such as {@code jdbc:mysql://vtgate:15306/}; not null, and
   *     not turning {@code allowMultiQueries} on
   * @param user the user name, not null
   * @param password the password, or {@code null} for none
   * @return the backend; no connection is opened until its first call; its connection wait is the
   *     pool's (10 s, and 5 s of validation), its statement timeout {@link #DEFAULT_STATEMENT_TIMEOUT}
   *     (a shorter {@code socketTimeout} in the url stays)
   * @throws IllegalArgumentException if the url is not a MySQL JDBC url or enables multi-statements
   */
  public static VitessBackend connect(String url, String user, String password) {
    HikariDataSource pool = SimpleDataSource.pooled(url, user, password, POOL_SIZE);
    // the pool's own bound on a borrow: its connection timeout, and the validation of the last try
    Duration wait = Duration.ofMillis(pool.getConnectionTimeout() + pool.getValidationTimeout());
    return new VitessBackend(builder(pool).connectionWait(wait), pool);
  }

  /** Closes the pool {@link #connect} made; a backend over a caller's data source leaves it open. */
  @Override
  public void close() {
    if (ownPool != null) {
      ownPool.close();
    }
  }

  /**
   * A builder for a backend over connections from {@code dataSource}, which must lead to vtgate.
   *
   * @param dataSource connections to vtgate, not null; {@link #close} leaves it open
   * @return a new builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** Builds a {@link VitessBackend}; every setter checks its argument at once. */
  public static final class Builder {
    private final DataSource dataSource;
    private String sidecarDatabase = DEFAULT_SIDECAR_DATABASE;
    private Duration connectionWait = DEFAULT_CONNECTION_WAIT;
    private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;
    private LongSupplier ticker = System::nanoTime;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * The sidecar database of the keyspaces ({@code --sidecar-db-name}); default {@value
     * #DEFAULT_SIDECAR_DATABASE}. Reads look up reverts in its {@code schema_migrations}.
     *
     * @param name the database's name, not null: 1 to 64 letters, digits or {@code _}
     * @return this builder
     * @throws IllegalArgumentException if it is not a plain identifier
     */
    public Builder sidecarDatabase(String name) {
      VitessSql.sidecar(name);
      this.sidecarDatabase = name;
      return this;
    }

    /**
     * The longest one statement may take: while the backend uses a connection, its network timeout
     * is at most this (a shorter one of the data source's own stays). Default
     * {@link #DEFAULT_STATEMENT_TIMEOUT}. Four of them and the connection wait make
     * {@link VitessBackend#maxCallDuration()}.
     *
     * @param timeout not null, at least 1 ms and at most {@link #MAX_TIMEOUT}
     * @return this builder
     * @throws IllegalArgumentException if it is out of that range
     */
    public Builder statementTimeout(Duration timeout) {
      this.statementTimeout = checkedTimeout("statementTimeout", timeout, Duration.ofMillis(1));
      return this;
    }

    /**
     * The longest a call waits to borrow a connection from the data source: a connection that
     * took longer is given back before anything is sent, and the call fails as transient. Default
     * {@link #DEFAULT_CONNECTION_WAIT}; give at least the data source's own wait (a pool's
     * connection timeout), or calls that waited long fail instead of running late.
     *
     * @param wait not null, at least 1 ms and at most {@link #MAX_TIMEOUT}
     * @return this builder
     * @throws IllegalArgumentException if it is out of that range
     */
    public Builder connectionWait(Duration wait) {
      this.connectionWait = checkedTimeout("connectionWait", wait, Duration.ofMillis(1));
      return this;
    }

    /** The clock calls measure their time with (nanoseconds, as {@link System#nanoTime}): for tests. */
    Builder ticker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    private static Duration checkedTimeout(String field, Duration value, Duration least) {
      Objects.requireNonNull(value, field);
      if (value.compareTo(least) < 0 || value.compareTo(MAX_TIMEOUT) > 0) {
        throw new IllegalArgumentException(field + ": must be within [" + least + ", " + MAX_TIMEOUT + "], was "
            + value);
      }
      return value;
    }

    /**
     * Makes the backend; nothing is opened until its first call.
     *
     * @return a backend over the builder's data source
     */
    public VitessBackend build() {
      return new VitessBackend(this, null);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Topology

  @Override
  public Set<String> keyspaces() throws BackendException {
    try (Call call = new Call(); ResultSet rs = call.query("SHOW DATABASES")) {
      Set<String> keyspaces = new TreeSet<>();
      while (rs.next()) {
        String name = rs.getString(1);
        if (name != null && !VitessSql.isSystemSchema(name)) {
          keyspaces.add(name);
        }
      }
      return Set.copyOf(keyspaces);
    } catch (SQLException e) {
      throw SqlErrors.map("listing keyspaces", e);
    }
  }

  @Override
  public List<String> shards(String keyspace) throws BackendException {
    checkKeyspace(keyspace);
    List<String> shards = new ArrayList<>();
    try (Call call = new Call(); ResultSet rs = call.query(VitessSql.showShards())) {
      String prefix = keyspace + "/";
      while (rs.next()) {
        String value = rs.getString(1);
        if (value != null && value.startsWith(prefix)) {
          shards.add(interner.shard(value.substring(prefix.length())));
        }
      }
    } catch (SQLException e) {
      throw SqlErrors.map("listing the shards of keyspace " + keyspace, e);
    }
    if (shards.isEmpty()) {
      // An empty list would make every expected row vanish: never answer it.
      throw BackendException.transientFailure("keyspace " + keyspace + " has no serving shard (SHOW VITESS_SHARDS)",
          null);
    }
    shards.sort(Comparator.naturalOrder());
    return List.copyOf(shards);
  }

  // ---------------------------------------------------------------------------------------------
  // Analysis

  /**
   * Lints every change without a server (see {@code DdlLint} for what is accepted and the instant
   * heuristic), and refuses two changes of one request to the same table of one keyspace: Vitess
   * runs them one after the other and the second would never be ready while the first waits.
   */
  @Override
  public Analysis analyse(String requestId, List<Change> changes) {
    Objects.requireNonNull(changes, "changes");
    List<ChangeAnalysis> result = new ArrayList<>();
    Map<String, Integer> tables = new HashMap<>();
    for (int i = 0; i < changes.size(); i++) {
      Change change = changes.get(i);
      ChangeAnalysis a = DdlLint.analyse(change);
      if (a.lintError() == null) {
        String table = DdlLint.objectName(change);
        if (table != null) {
          Integer earlier = tables.putIfAbsent(change.keyspace() + '\u0000' + table, i);
          if (earlier != null) {
            a = ChangeAnalysis.lintError("changes " + earlier + " and " + i + " both change table '" + table
                + "' of keyspace " + change.keyspace() + ": Vitess runs migrations of one table one at a time, "
                + "so merge them into one statement");
          }
        }
      }
      result.add(a);
    }
    return new Analysis(result);
  }

  // ---------------------------------------------------------------------------------------------
  // Submission

  @Override
  public MigrationHandle submit(Submission submission) throws BackendException {
    Objects.requireNonNull(submission, "submission");
    String keyspace = submission.keyspace();
    String statement;
    String strategy = submission.instant() ? INSTANT_STRATEGY : ONLINE_STRATEGY;
    List<String> setup;
    try {
      ChangeAnalysis lint = DdlLint.analyse(new Change(keyspace, submission.sql()));
      if (lint.lintError() != null) {
        throw new IllegalArgumentException(lint.lintError());
      }
      statement = VitessSql.singleStatement(submission.sql());
      setup = List.of(VitessSql.use(keyspace), VitessSql.setDdlStrategy(strategy),
          VitessSql.setMigrationContext(submission.migrationContext()));
    } catch (IllegalArgumentException e) {
      throw BackendException.permanentFailure("change " + submission.change() + " refused: " + e.getMessage(), e);
    }
    return runMigrationStatement(keyspace, setup, statement, "submitting change " + submission.change());
  }

  @Override
  public MigrationHandle revert(RevertSubmission revert) throws BackendException {
    Objects.requireNonNull(revert, "revert");
    List<String> setup;
    String statement;
    try {
      setup = List.of(VitessSql.use(revert.keyspace()), VitessSql.setDdlStrategy(REVERT_STRATEGY),
          VitessSql.setMigrationContext(revert.migrationContext()));
      statement = VitessSql.revert(revert.target());
    } catch (IllegalArgumentException e) {
      throw BackendException.permanentFailure("revert of change " + revert.change() + " refused: " + e.getMessage(), e);
    }
    return runMigrationStatement(revert.keyspace(), setup, statement, "reverting " + revert.target());
  }

  /** Runs the setup statements, then one statement that answers a migration uuid. */
  private MigrationHandle runMigrationStatement(String keyspace, List<String> setup, String statement, String doing)
      throws BackendException {
    List<String> uuids = new ArrayList<>();
    try (Call call = new Call()) {
      for (String s : setup) {
        call.execute(s);
      }
      boolean hasResult = call.execute(statement);
      if (!hasResult) {
        // Vitess answered like MySQL would for a direct DDL: the strategy did not apply.
        throw BackendException.permanentFailure(doing + ": vtgate ran the statement without answering a migration "
            + "uuid; is @@ddl_strategy honoured?", null);
      }
      try (ResultSet rs = call.resultSet()) {
        int column = uuidColumn(rs);
        while (rs.next()) {
          uuids.add(rs.getString(column));
        }
      }
      if (uuids.size() != 1 || !VitessSql.isUuid(uuids.get(0))) {
        // Never leave a migration nobody tracks: cancel whatever came back, within this call's bound
        // (the connection is in the keyspace already).
        for (String uuid : uuids) {
          if (VitessSql.isUuid(uuid)) {
            try {
              call.execute(VitessSql.cancel(new MigrationHandle(uuid)));
            } catch (SQLException e) {
              LOG.log(System.Logger.Level.WARNING, "could not cancel untracked migration {0}: {1}", uuid,
                  e.getMessage());
            }
          }
        }
        throw BackendException.permanentFailure(doing + ": expected one migration uuid, vtgate answered " + uuids,
            null);
      }
    } catch (SQLException e) {
      throw SqlErrors.map(doing, e);
    }
    return interner.handle(uuids.get(0));
  }

  private static int uuidColumn(ResultSet rs) throws SQLException {
    var meta = rs.getMetaData();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      if (meta.getColumnLabel(i).equalsIgnoreCase("uuid")) {
        return i;
      }
    }
    return 1;
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  @Override
  public List<FoundMigration> findByContext(String migrationContext, String keyspace) throws BackendException {
    String sql;
    try {
      sql = VitessSql.showMigrations(keyspace, List.of(migrationContext), sidecarDatabase);
    } catch (IllegalArgumentException e) {
      throw BackendException.permanentFailure("finding migrations refused: " + e.getMessage(), e);
    }
    List<MigrationRecord> records;
    try (Call call = new Call(); ResultSet rs = call.query(sql)) {
      records = MigrationRecord.readAll(rs, true);
    } catch (SQLException e) {
      throw SqlErrors.map("finding migrations of context " + migrationContext + " in " + keyspace, e);
    }
    // One migration has one row per shard; order them as submitted.
    Map<String, List<MigrationRecord>> byUuid = new LinkedHashMap<>();
    String stored = VitessSql.vitessContext(migrationContext);
    Map<String, String> contextOf = contextsOf(records, Set.of(stored));
    for (MigrationRecord r : records) {
      if (stored.equals(contextOf.get(r.uuid()))) {
        byUuid.computeIfAbsent(r.uuid(), k -> new ArrayList<>()).add(r);
      }
    }
    List<String> uuids = new ArrayList<>(byUuid.keySet());
    uuids.sort(submissionOrder(byUuid));
    List<FoundMigration> found = new ArrayList<>();
    for (String uuid : uuids) {
      if (!VitessSql.isUuid(uuid)) {
        continue;
      }
      String revertOf = null;
      String statement = null;
      for (MigrationRecord r : byUuid.get(uuid)) {
        revertOf = revertOf != null ? revertOf : r.revertOf();
        statement = statement != null ? statement : r.statement();
      }
      found.add(new FoundMigration(interner.handle(uuid), keyspace,
          revertOf == null ? null : interner.handle(revertOf), statement));
    }
    return found;
  }

  /**
   * Submission order of migrations: by their {@code id} on a shard both ran on ({@code id} is a
   * shard's own auto-increment), else by {@code added_timestamp}, else by uuid.
   */
  static Comparator<String> submissionOrder(Map<String, List<MigrationRecord>> byUuid) {
    return (a, b) -> {
      for (MigrationRecord ra : byUuid.get(a)) {
        for (MigrationRecord rb : byUuid.get(b)) {
          if (ra.shard().equals(rb.shard()) && ra.id() >= 0 && rb.id() >= 0) {
            return Long.compare(ra.id(), rb.id());
          }
        }
      }
      String addedA = byUuid.get(a).stream().map(MigrationRecord::added).min(Comparator.naturalOrder()).orElse("");
      String addedB = byUuid.get(b).stream().map(MigrationRecord::added).min(Comparator.naturalOrder()).orElse("");
      int c = addedA.compareTo(addedB);
      return c != 0 ? c : a.compareTo(b);
    };
  }

  @Override
  public RowsRead readRows(List<RowQuery> queries) throws BackendException {
    Objects.requireNonNull(queries, "queries");
    Map<String, List<RowQuery>> byKeyspace = new LinkedHashMap<>();
    for (RowQuery q : queries) {
      byKeyspace.computeIfAbsent(q.keyspace(), k -> new ArrayList<>()).add(q);
    }
    Map<RowQuery, List<MigrationRow>> rows = new HashMap<>();
    Map<RowQuery, BackendException> failures = new HashMap<>();
    if (byKeyspace.isEmpty()) {
      return new RowsRead(rows, failures);
    }
    try (Call call = new Call()) {
      for (Map.Entry<String, List<RowQuery>> entry : byKeyspace.entrySet()) {
        String keyspace = entry.getKey();
        List<RowQuery> ofKeyspace = entry.getValue();
        try {
          Map<String, List<MigrationRow>> byContext = readKeyspace(call, keyspace, ofKeyspace);
          for (RowQuery q : ofKeyspace) {
            rows.put(q, List.copyOf(byContext.getOrDefault(q.migrationContext(), List.of())));
          }
        } catch (BackendException e) {
          ofKeyspace.forEach(q -> failures.put(q, e));
        }
      }
    } catch (SQLException e) {
      throw SqlErrors.map("reading migration rows", e);
    }
    return new RowsRead(rows, failures);
  }

  /**
   * The request context each migration of a result belongs to, by uuid: its own
   * {@code migration_context} if it is one of {@code wanted} (compared exactly: MySQL's collation
   * compares loosely), else, for a revert, the context of the migration it reverts.
   */
  static Map<String, String> contextsOf(List<MigrationRecord> records, Set<String> wanted) {
    Map<String, String> contextOf = new HashMap<>();
    for (MigrationRecord r : records) {
      if (wanted.contains(r.context())) {
        contextOf.put(r.uuid(), r.context());
      }
    }
    for (MigrationRecord r : records) {
      if (!contextOf.containsKey(r.uuid()) && r.revertOf() != null && contextOf.containsKey(r.revertOf())) {
        contextOf.put(r.uuid(), contextOf.get(r.revertOf()));
      }
    }
    return contextOf;
  }

  private Map<String, List<MigrationRow>> readKeyspace(Call call, String keyspace, List<RowQuery> queries)
      throws BackendException {
    List<String> contexts = new ArrayList<>(new LinkedHashSet<>(queries.stream().map(RowQuery::migrationContext).toList()));
    String sql;
    try {
      sql = VitessSql.showMigrations(keyspace, contexts, sidecarDatabase);
    } catch (IllegalArgumentException e) {
      throw BackendException.permanentFailure("reading rows of keyspace " + keyspace + " refused: " + e.getMessage(), e);
    }
    Map<String, String> requestContextOf = new HashMap<>(); // as Vitess stores it -> as the request has it
    contexts.forEach(ctx -> requestContextOf.put(VitessSql.vitessContext(ctx), ctx));
    Map<String, List<MigrationRow>> byContext = new HashMap<>();
    try (ResultSet rs = call.query(sql)) {
      List<MigrationRecord> records = MigrationRecord.readAll(rs);
      Map<String, String> contextOf = contextsOf(records, requestContextOf.keySet());
      for (MigrationRecord r : records) {
        String context = contextOf.get(r.uuid());
        if (context != null && !r.uuid().isEmpty()) {
          byContext.computeIfAbsent(requestContextOf.get(context), k -> new ArrayList<>()).add(r.toRow(interner));
        }
      }
    } catch (SQLException e) {
      throw SqlErrors.map("reading migration rows of keyspace " + keyspace, e);
    }
    return byContext;
  }

  // ---------------------------------------------------------------------------------------------
  // Commands

  /**
   * Lets the migration cut over. Vitess answers a completion of a migration that is already
   * complete (or failed, or cancelled) without an error, so repeating it is harmless.
   */
  @Override
  public void complete(String keyspace, MigrationHandle migration) throws BackendException {
    command(keyspace, () -> VitessSql.complete(migration), "completing " + migration);
  }

  /**
   * Forces the cutover: {@code ALTER VITESS_MIGRATION '<uuid>' FORCE_CUTOVER} (Vitess kills the
   * queries and transactions holding the table's locks when it next tries the cutover).
   */
  @Override
  public void forceCutover(String keyspace, MigrationHandle migration) throws BackendException {
    command(keyspace, () -> VitessSql.forceCutover(migration), "forcing the cutover of " + migration);
  }

  /**
   * Cancels the migration where it has not reached a terminal status. Vitess answers a
   * cancellation of a complete, failed or cancelled migration without an error (nothing to do).
   */
  @Override
  public void cancel(String keyspace, MigrationHandle migration) throws BackendException {
    command(keyspace, () -> VitessSql.cancel(migration), "cancelling " + migration);
  }

  /**
   * Throttles the migration: {@code THROTTLE RATIO r} without expiry (Vitess keeps it until
   * unthrottled), or {@code UNTHROTTLE} for 0.
   *
   * @throws IllegalArgumentException if the ratio is outside [0, 0.95]
   */
  @Override
  public void throttle(String keyspace, MigrationHandle migration, double ratio) throws BackendException {
    if (!(ratio >= 0 && ratio <= 0.95)) {
      throw new IllegalArgumentException("ratio: must be within [0, 0.95], was " + ratio);
    }
    command(keyspace, () -> VitessSql.throttle(migration, ratio), "throttling " + migration + " to " + ratio);
  }

  private interface SqlText {
    String get();
  }

  private void command(String keyspace, SqlText sql, String doing) throws BackendException {
    String use;
    String statement;
    try {
      use = VitessSql.use(keyspace);
      statement = sql.get();
    } catch (IllegalArgumentException e) {
      throw BackendException.permanentFailure(doing + " refused: " + e.getMessage(), e);
    }
    try (Call call = new Call()) {
      call.execute(use);
      call.execute(statement);
    } catch (SQLException e) {
      throw SqlErrors.map(doing, e);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static void checkKeyspace(String keyspace) throws BackendException {
    try {
      VitessSql.keyspace(keyspace);
    } catch (IllegalArgumentException e) {
      throw BackendException.permanentFailure(e.getMessage(), e);
    }
  }

  /**
   * One call's connection, borrowed when the call starts, with the call's deadline ({@link
   * #maxCallDuration} after its start): a connection that took longer than the connection wait to
   * borrow is given back unused, and before each statement the connection's network timeout is
   * set to at most the statement timeout and the time left, so that no statement is sent, and no
   * answer waited for, past the deadline.
   */
  private final class Call implements AutoCloseable {
    private final Connection connection;
    private final long deadline;
    private final int ownTimeout;
    private int timeout;
    private Statement statement;

    Call() throws SQLException {
      long start = ticker.getAsLong();
      deadline = start + maxCallNanos;
      Connection c = dataSource.getConnection();
      long waited = ticker.getAsLong() - start;
      if (waited > connectionWait.toNanos()) {
        c.close();
        throw new SQLTimeoutException("borrowing a connection took " + Duration.ofNanos(waited).toMillis()
            + " ms, more than the connection wait (" + connectionWait + "); nothing was sent, so that the call "
            + "stays within maxCallDuration (" + maxCallDuration + ")", "HYT00");
      }
      try {
        ownTimeout = c.getNetworkTimeout();
      } catch (SQLException | RuntimeException e) {
        c.close();
        throw e;
      }
      timeout = ownTimeout;
      connection = c;
    }

    /** Bounds the next statement by the statement timeout and the time left to the deadline. */
    private Statement next() throws SQLException {
      long left = deadline - ticker.getAsLong();
      if (left <= 0) {
        throw new SQLTimeoutException("the call reached its bound, maxCallDuration (" + maxCallDuration
            + "), before its next statement; not sent", "HYT00");
      }
      long millis = Math.min(statementTimeout.toMillis(), Math.max(1, (left + 999_999) / 1_000_000));
      if (ownTimeout > 0) {
        millis = Math.min(millis, ownTimeout); // a shorter socket timeout of the data source's own stays
      }
      if (millis != timeout) {
        connection.setNetworkTimeout(DIRECT, (int) millis);
        timeout = (int) millis;
      }
      if (statement == null) {
        statement = connection.createStatement();
      }
      return statement;
    }

    boolean execute(String sql) throws SQLException {
      return next().execute(sql);
    }

    ResultSet query(String sql) throws SQLException {
      return next().executeQuery(sql);
    }

    ResultSet resultSet() throws SQLException {
      return statement.getResultSet();
    }

    @Override
    public void close() throws SQLException {
      try {
        if (statement != null) {
          statement.close();
        }
      } finally {
        connection.close(); // a pool resets the network timeout it lent the connection with
      }
    }
  }

  /** Runs a network-timeout change on the calling thread, before the next statement is sent. */
  private static final Executor DIRECT = Runnable::run;

  @Override
  public String toString() {
    return "VitessBackend[" + dataSource + ", maxCallDuration=" + maxCallDuration + "]";
  }
}
