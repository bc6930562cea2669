package dev.cutover.core.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cutover.core.Analysis;
import dev.cutover.core.Change;
import dev.cutover.core.FailureKind;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.Nullable;
import dev.cutover.core.RowClass;
import dev.cutover.core.VSchemaChange;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.FoundMigration;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.core.spi.RevertSubmission;
import dev.cutover.core.spi.RowQuery;
import dev.cutover.core.spi.RowsRead;
import dev.cutover.core.spi.Submission;
import dev.cutover.core.spi.VSchemaUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The contract every {@link MigrationBackend} keeps, as tests: extend this class, provide the
 * backend and a keyspace, and every rule runs against it. The in-memory simulator and the real
 * Vitess backend run the same rules, so nothing here assumes virtual time: the rules wait through
 * a {@link Waiter}, every wait bounded by its timeout, and they read statuses as
 * {@code SHOW VITESS_MIGRATIONS} spells them.
 *
 * <p>Each rule is one test, named {@code ruleNN_whatTheBackendDoes}, independent of the others:
 * it makes its own tables and migrations under a migration context of its own. When a rule fails,
 * its message says what the backend did and what to check in it.
 *
 * <p>What the driver relies on, in short: a submission runs on every shard of its keyspace with
 * postponed completion (it becomes ready to complete and waits); completion, cancellation and
 * throttling are idempotent; a terminal status is final; migrations are found again by their
 * migration context; rows of many requests are read in one call, reported per query.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
public abstract class MigrationBackendContract {

  /**
   * The request id of the submission of {@link #rule24_aFailingMigrationReportsFailedRowsWithAMessage}.
   * A backend whose failures are scripted (the simulator) makes change 0 of this request fail on
   * every shard; a real backend fails {@link #statementThatFails(String)} instead.
   */
  public static final String FAILING_REQUEST_ID = "tck-failing";

  /** The statuses of {@code SHOW VITESS_MIGRATIONS}; a backend reports no other in normal operation. */
  public static final Set<String> VITESS_STATUSES =
      Set.of("requested", "cancelled", "queued", "ready", "running", "complete", "failed");

  private MigrationBackend backend;
  private Waiter waiter;
  private String keyspace;
  private String context;
  private String rule;
  private int tables;

  // ---------------------------------------------------------------------------------------------
  // What a backend's test provides

  /**
   * The backend under test, asked for once before each rule. Return a fresh one (the simulator) or
   * a shared one (a real cluster): the rules never depend on what other rules left behind.
   */
  protected abstract MigrationBackend createBackend() throws Exception;

  /**
   * How the rules let time pass, asked for once before each rule, after {@link #createBackend()}:
   * a virtual clock that moves the simulator, or the system clock for a real backend.
   */
  protected abstract Waiter waiter();

  /** A keyspace of the backend with at least one shard; with two or more, the rules check every shard. */
  protected abstract String keyspace();

  /**
   * A second keyspace, to check that a read batches queries across keyspaces; empty if the backend
   * under test has only one.
   */
  protected Optional<String> secondKeyspace() {
    return Optional.empty();
  }

  /** Whether the backend supports the instant strategy ({@link Submission#instant()}). */
  protected boolean supportsInstant() {
    return false;
  }

  /**
   * How long a rule watches that something does not happen by itself (a ready migration that
   * must not complete). Default: ten seconds.
   */
  protected Duration quietPeriod() {
    return Duration.ofSeconds(10);
  }

  /**
   * The keyspace whose VSchema the VSchema rules change (and put back): by default {@link #keyspace()}.
   * A backend on a shared cluster may give one that no other test routes queries through.
   */
  protected String vschemaKeyspace() {
    return keyspace();
  }

  /**
   * A VSchema for {@link #vschemaKeyspace()} that the backend accepts, made from the keyspace's VSchema as
   * it is ({@code current}, as {@code vschema()} read it) with a table named {@code marker} added, so
   * that the rules can tell it is in place by finding {@code marker} in what the backend reads back.
   * Empty (the default) skips the VSchema rules (26 to 29): a backend without VSchemas.
   */
  protected Optional<String> vschemaWithTable(String current, String marker) {
    return Optional.empty();
  }

  /** A VSchema {@link #vschemaKeyspace()} refuses (a vindex of a type that does not exist); empty to skip rule 29. */
  protected Optional<String> vschemaThatIsRefused() {
    return Optional.empty();
  }

  /** A migration context no other test or run has used. */
  protected String newMigrationContext() {
    return "tck:" + UUID.randomUUID();
  }

  /** A table name no other test or run has used (at most 64 characters, lower case). */
  protected String newTableName() {
    tables++;
    return ("tck_" + tables + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
        .toLowerCase(Locale.ROOT);
  }

  /** A valid statement that creates {@code table}. */
  protected String createTable(String table) {
    return "CREATE TABLE " + table + " (id BIGINT NOT NULL, note VARCHAR(64), PRIMARY KEY (id))";
  }

  /** A valid statement that adds {@code column} to {@code table}, an existing table. */
  protected String alterAddColumn(String table, String column) {
    return "ALTER TABLE " + table + " ADD COLUMN " + column + " INT NULL";
  }

  /** An instant-eligible statement on {@code table}, an existing table (used only if {@link #supportsInstant()}). */
  protected String instantAlter(String table, String column) {
    return alterAddColumn(table, column);
  }

  /** A statement the backend refuses at submission (a syntax error); empty to skip that rule. */
  protected Optional<String> invalidStatement() {
    return Optional.of("ALTER TABLE WHERE ADD");
  }

  /**
   * A statement that is accepted but whose migration fails on every shard (here: it alters a table
   * that does not exist); empty to skip that rule. It is submitted as change 0 of
   * {@link #FAILING_REQUEST_ID}.
   */
  protected Optional<String> statementThatFails(String missingTable) {
    return Optional.of(alterAddColumn(missingTable, "c"));
  }

  /**
   * Makes {@code table} exist, so that an ALTER on it is valid. By default through the backend
   * itself: a {@link #createTable} migration, completed, under a context of its own. A real
   * backend may override this with something faster (direct DDL).
   */
  protected void prepareTable(MigrationBackend backend, String table) throws Exception {
    String setup = newMigrationContext();
    MigrationHandle h = backend.submit(new Submission("tck-setup", 0, setup, keyspace, createTable(table), false));
    backend.complete(keyspace, h);
    awaitEveryShard("setup: the CREATE TABLE migration of " + table + " completes", setup, keyspace, h,
        EnumSet.of(RowClass.COMPLETE), "check that prepareTable works, and that complete() lets a ready migration"
            + " cut over (rule07)");
  }

  // ---------------------------------------------------------------------------------------------
  // Setup

  @BeforeEach
  final void setUpContract(TestInfo info) throws Exception {
    backend = createBackend();
    assertNotNull(backend, "createBackend() returned null");
    waiter = waiter();
    assertNotNull(waiter, "waiter() returned null");
    keyspace = keyspace();
    assertNotNull(keyspace, "keyspace() returned null");
    context = newMigrationContext();
    rule = info.getTestMethod().map(m -> m.getName()).orElse(info.getDisplayName());
    tables = 0;
  }

  /** The backend under test in the running rule. */
  protected final MigrationBackend backend() {
    return backend;
  }

  // ---------------------------------------------------------------------------------------------
  // The rules

  /** keyspaces() lists the keyspace under test (and the second one, if any). */
  @Test
  public void rule01_keyspacesListsTheKeyspaceUnderTest() throws Exception {
    Set<String> keyspaces = backend.keyspaces();
    assertNotNull(keyspaces, msg("keyspaces() returned null", "return an empty set rather than null"));
    assertTrue(keyspaces.contains(keyspace), msg("keyspaces() = " + keyspaces + " does not contain '" + keyspace
        + "'", "check that keyspaces() lists every keyspace of the database (SHOW KEYSPACES)"));
    secondKeyspace().ifPresent(k -> assertTrue(keyspaces.contains(k), msg("keyspaces() = " + keyspaces
        + " does not contain the second keyspace '" + k + "'", "check that keyspaces() lists every keyspace")));
    assertFalse(keyspaces.contains("tck_no_such_keyspace"), msg("keyspaces() lists a keyspace that does not exist",
        "check that keyspaces() lists only real keyspaces"));
  }

  /** shards(keyspace) lists its shards: at least one, distinct, non-blank, the same on every call. */
  @Test
  public void rule02_shardsListsTheKeyspaceShards() throws Exception {
    List<String> shards = backend.shards(keyspace);
    assertNotNull(shards, msg("shards() returned null", "return the keyspace's shards"));
    assertFalse(shards.isEmpty(), msg("shards('" + keyspace + "') is empty",
        "check that shards() lists the serving shards of the keyspace (SHOW VITESS_SHARDS)"));
    assertEquals(shards.size(), new HashSet<>(shards).size(), msg("shards('" + keyspace + "') = " + shards
        + " repeats a shard", "check that each shard is listed once"));
    for (String shard : shards) {
      assertFalse(shard == null || shard.isBlank(), msg("shards('" + keyspace + "') = " + shards
          + " holds a blank shard name", "shards are named by key range, e.g. '-80', '80-', or '-' for one shard"));
      assertFalse(shard.contains("/"), msg("shard '" + shard + "' carries its keyspace",
          "list shard names alone ('-80'), not 'keyspace/-80'"));
    }
    assertEquals(shards, backend.shards(keyspace), msg("two calls of shards('" + keyspace + "') differ",
        "check that shards() returns the shards in a stable order"));
  }

  /** analyse() gives one analysis per change, in order; valid statements get no lint error. */
  @Test
  public void rule03_analyseGivesOneAnalysisPerChangeInOrder() throws Exception {
    String a = newTableName();
    String b = newTableName();
    List<Change> changes = List.of(new Change(keyspace, createTable(a)), new Change(keyspace, createTable(b)),
        new Change(keyspace, createTable(newTableName())));
    Analysis analysis = backend.analyse(requestId(), changes);
    assertNotNull(analysis, msg("analyse() returned null", "return one analysis per change"));
    assertEquals(changes.size(), analysis.changes().size(), msg("analyse() of " + changes.size()
        + " changes returned " + analysis.changes().size() + " entries", "return exactly one entry per change, in order"));
    for (int i = 0; i < changes.size(); i++) {
      assertEquals(null, analysis.changes().get(i).lintError(), msg("analyse() reports a lint error for the valid"
          + " statement '" + changes.get(i).sql() + "'", "check the backend's lint: valid DDL must pass"));
    }
  }

  /** submit() returns a handle, and the migration shows one row per shard of its keyspace, under that handle. */
  @Test
  public void rule04_submitReturnsAHandleAndRowsAppearOnEveryShard() throws Exception {
    MigrationHandle h = submitAlter(0);
    assertNotNull(h, msg("submit() returned null", "return the migration's handle (its uuid)"));
    Map<String, MigrationRow> rows = awaitEveryShard("a row on every shard", h,
        EnumSet.allOf(RowClass.class), "check that readRows() reports the migration on every shard of the keyspace,"
            + " under the handle submit() returned, and matched by its migration context");
    assertEquals(new HashSet<>(shards()), rows.keySet(), msg("rows on shards " + rows.keySet() + ", shards() = "
        + shards(), "one row per shard listed by shards()"));
  }

  /** Two submissions get two different handles, even with the same context. */
  @Test
  public void rule05_submitReturnsADistinctHandleForEachMigration() throws Exception {
    MigrationHandle first = submitAlter(0);
    MigrationHandle second = submitAlter(1);
    assertNotEquals(first, second, msg("two submissions returned the same handle " + first,
        "each submission is a migration of its own, with its own uuid"));
  }

  /**
   * Postponed completion: every row becomes ready to complete (READY as spec section 5 classifies
   * it) and then waits; no row completes without complete().
   */
  @Test
  public void rule06_rowsBecomeReadyToCompleteButDoNotCompleteByThemselves() throws Exception {
    MigrationHandle h = submitAlter(0);
    awaitEveryShard("every row ready to complete", h, EnumSet.of(RowClass.READY),
        "check that submit() uses postponed completion and that rows report ready_to_complete once the copy is done");
    waiter.sleep(quietPeriod());
    Map<String, MigrationRow> rows = readRowsOf(context, keyspace, h);
    for (String shard : shards()) {
      RowClass c = RowClass.of(rows.get(shard));
      assertEquals(RowClass.READY, c, msg("shard " + shard + " went from ready to " + describe(rows.get(shard))
          + " without complete() (after " + quietPeriod() + ")", "a migration submitted with postponed completion"
              + " must wait for complete(); check --postpone-completion in the ddl strategy"));
    }
  }

  /** complete() of a ready migration completes it on every shard. */
  @Test
  public void rule07_completeCompletesEveryShard() throws Exception {
    MigrationHandle h = submitAlter(0);
    awaitEveryShard("every row ready to complete", h, EnumSet.of(RowClass.READY),
        "check that submit() uses postponed completion and that rows report ready_to_complete");
    backend.complete(keyspace, h);
    awaitEveryShard("every row complete after complete()", h, EnumSet.of(RowClass.COMPLETE),
        "check that complete() lets the migration cut over on every shard (ALTER VITESS_MIGRATION ... COMPLETE)");
  }

  /** A complete() sent before the migration is ready is not lost: it holds until ready, then completes. */
  @Test
  public void rule08_completeSentBeforeReadyCompletesOnceReady() throws Exception {
    MigrationHandle h = submitAlter(0);
    backend.complete(keyspace, h);
    awaitEveryShard("every row complete after an early complete()", h, EnumSet.of(RowClass.COMPLETE),
        "check that complete() sent before the migration is ready is remembered (it clears postponed completion)"
            + " and the migration completes once ready");
  }

  /** complete() may be repeated, before and after the migration completed, with the same effect. */
  @Test
  public void rule09_completeIsIdempotent() throws Exception {
    MigrationHandle h = submitAlter(0);
    awaitEveryShard("every row ready to complete", h, EnumSet.of(RowClass.READY),
        "check that rows report ready_to_complete");
    backend.complete(keyspace, h);
    backend.complete(keyspace, h);
    awaitEveryShard("every row complete after complete() twice", h, EnumSet.of(RowClass.COMPLETE),
        "check that a repeated complete() is harmless");
    backend.complete(keyspace, h);
    assertEveryShard(h, EnumSet.of(RowClass.COMPLETE), "a complete() of a completed migration changed its rows",
        "complete() of a complete migration must succeed and change nothing");
  }

  /** cancel() before completion leaves every row cancelled: nothing was applied. */
  @Test
  public void rule10_cancelBeforeCompleteLeavesEveryRowCancelled() throws Exception {
    MigrationHandle h = submitAlter(0);
    awaitEveryShard("every row ready to complete", h, EnumSet.of(RowClass.READY),
        "check that rows report ready_to_complete");
    backend.cancel(keyspace, h);
    awaitEveryShard("every row cancelled after cancel()", h, EnumSet.of(RowClass.CANCELLED),
        "check that cancel() cancels the migration on every shard where it is not terminal"
            + " (ALTER VITESS_MIGRATION ... CANCEL)");
    waiter.sleep(quietPeriod());
    assertEveryShard(h, EnumSet.of(RowClass.CANCELLED), "a cancelled migration changed status",
        "cancelled is terminal: the row must stay cancelled");
  }

  /** cancel() may be repeated, right away and after the rows are cancelled. */
  @Test
  public void rule11_cancelIsIdempotent() throws Exception {
    MigrationHandle h = submitAlter(0);
    backend.cancel(keyspace, h);
    backend.cancel(keyspace, h);
    awaitEveryShard("every row cancelled after cancel() twice", h, EnumSet.of(RowClass.CANCELLED),
        "check that cancel() right after submit() cancels a queued migration, and that repeating it is harmless");
    backend.cancel(keyspace, h);
    assertEveryShard(h, EnumSet.of(RowClass.CANCELLED), "cancel() of a cancelled migration changed its rows",
        "cancel() of a cancelled migration must succeed and change nothing");
  }

  /** A terminal status is final: cancel() after completion succeeds and leaves the rows complete. */
  @Test
  public void rule12_cancelAfterCompleteLeavesRowsComplete() throws Exception {
    MigrationHandle h = submitAlter(0);
    backend.complete(keyspace, h);
    awaitEveryShard("every row complete", h, EnumSet.of(RowClass.COMPLETE), "check that complete() completes");
    backend.cancel(keyspace, h);
    waiter.sleep(quietPeriod());
    assertEveryShard(h, EnumSet.of(RowClass.COMPLETE), "cancel() of a completed migration changed its rows",
        "cancel() touches only rows that are not terminal; complete is final (the driver may send a cleanup cancel"
            + " late)");
  }

  /**
   * A terminal status is final: complete() after cancellation leaves the rows cancelled (the
   * backend may refuse it permanently, but must not resurrect the migration).
   */
  @Test
  public void rule13_completeAfterCancelLeavesRowsCancelled() throws Exception {
    MigrationHandle h = submitAlter(0);
    backend.cancel(keyspace, h);
    awaitEveryShard("every row cancelled", h, EnumSet.of(RowClass.CANCELLED), "check that cancel() cancels");
    try {
      backend.complete(keyspace, h);
    } catch (BackendException e) {
      assertEquals(FailureKind.PERMANENT, e.kind(), msg("complete() of a cancelled migration failed transiently: "
          + e.getMessage(), "a refusal is permanent: retrying cannot help"));
    }
    waiter.sleep(quietPeriod());
    assertEveryShard(h, EnumSet.of(RowClass.CANCELLED), "complete() of a cancelled migration changed its rows",
        "cancelled is final: complete() must not restart or complete a cancelled migration");
  }

  /** findByContext() finds every migration submitted with the context, each once, oldest first. */
  @Test
  public void rule14_findByContextFindsSubmittedMigrationsOldestFirst() throws Exception {
    List<MigrationHandle> submitted = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      submitted.add(submitAlter(i));
      waiter.sleep(waiter.pollInterval()); // a real backend orders by submission time
    }
    List<FoundMigration> found = backend.findByContext(context, keyspace);
    List<MigrationHandle> handles = new ArrayList<>();
    for (FoundMigration f : found) {
      handles.add(f.handle());
      assertEquals(keyspace, f.keyspace(), msg("findByContext() found " + f.handle() + " in keyspace '" + f.keyspace()
          + "'", "report the keyspace the migration runs in"));
      assertEquals(null, f.revertOf(), msg("findByContext() reports " + f.handle() + " as the revert of " + f.revertOf(),
          "revertOf is set only for revert migrations"));
    }
    assertEquals(submitted, handles, msg("findByContext() found " + handles + " for migrations submitted in the order "
        + submitted, "find every migration of the context once (not once per shard), ordered oldest first"));
  }

  /** findByContext() does not see migrations of other contexts; an unknown context finds nothing. */
  @Test
  public void rule15_findByContextDoesNotSeeOtherContexts() throws Exception {
    MigrationHandle mine = submitAlter(0);
    String other = newMigrationContext();
    MigrationHandle theirs = submit(other, requestId() + "-other", 0, alterAddColumn(newPreparedTable(), "c"), false);
    List<MigrationHandle> found = handles(backend.findByContext(context, keyspace));
    assertEquals(List.of(mine), found, msg("findByContext(mine) found " + found + "; mine is " + mine + ", the other"
        + " context's is " + theirs, "match the migration context exactly"));
    assertEquals(List.of(theirs), handles(backend.findByContext(other, keyspace)), msg("findByContext(other) is wrong",
        "match the migration context exactly"));
    List<FoundMigration> none = backend.findByContext(newMigrationContext(), keyspace);
    assertNotNull(none, msg("findByContext() of an unknown context returned null", "return an empty list"));
    assertTrue(none.isEmpty(), msg("findByContext() of an unknown context found " + none, "return an empty list"));
    secondKeyspace().ifPresent(k -> {
      try {
        assertTrue(backend.findByContext(context, k).isEmpty(), msg("findByContext() in keyspace '" + k
            + "' found migrations submitted to '" + keyspace + "'", "look only in the keyspace asked"));
      } catch (BackendException e) {
        fail(msg("findByContext() in the second keyspace failed: " + e, "an empty keyspace has nothing to find"), e);
      }
    });
  }

  /**
   * readRows() answers many queries in one call, each query mapped to its own rows only (or to a
   * failure), across contexts and keyspaces.
   */
  @Test
  public void rule16_readRowsBatchesManyQueriesAndReportsPerQuery() throws Exception {
    String ctxA = context;
    String ctxB = newMigrationContext();
    MigrationHandle a = submitAlter(0);
    MigrationHandle b = submit(ctxB, requestId() + "-b", 0, alterAddColumn(newPreparedTable(), "c"), false);
    Map<RowQuery, MigrationHandle> expected = new LinkedHashMap<>();
    expected.put(new RowQuery(requestId(), ctxA, keyspace), a);
    expected.put(new RowQuery(requestId() + "-b", ctxB, keyspace), b);
    Optional<String> second = secondKeyspace();
    RowQuery inSecond = second.map(k -> new RowQuery(requestId(), ctxA, k)).orElse(null);
    RowQuery unknown = new RowQuery(requestId() + "-unknown", newMigrationContext(), keyspace);
    List<RowQuery> queries = new ArrayList<>(expected.keySet());
    queries.add(unknown);
    if (inSecond != null) {
      queries.add(inSecond);
    }
    List<String> shards = shards();
    RowsRead read = eventually("rows of both migrations on every shard in one read", () -> backend.readRows(queries),
        r -> expected.entrySet().stream().allMatch(e -> shardsOf(r.rows().get(e.getKey()), e.getValue())
            .containsAll(shards)),
        "check that readRows() answers every query of the batch");
    for (RowQuery q : queries) {
      assertTrue(read.rows().containsKey(q) ^ read.failures().containsKey(q), msg("query " + q + " is "
          + (read.rows().containsKey(q) ? "in both rows and failures" : "in neither rows nor failures"),
          "report every query of the batch exactly once: its rows (maybe empty) or its failure"));
    }
    for (Map.Entry<RowQuery, MigrationHandle> e : expected.entrySet()) {
      for (MigrationRow row : read.rows().get(e.getKey())) {
        assertEquals(e.getValue(), row.handle(), msg("query " + e.getKey() + " got a row of " + row.handle()
            + ", which belongs to another context", "map each row to the query of its own context and keyspace"));
        checkRow(row);
      }
    }
    assertEquals(List.of(), read.rows().get(unknown), msg("a query of an unknown context got rows",
        "a context with no migration has no row"));
    if (inSecond != null) {
      assertEquals(List.of(), read.rows().get(inSecond), msg("a query of keyspace '" + inSecond.keyspace()
          + "' got rows of a migration submitted to '" + keyspace + "'", "read only the keyspace of the query"));
    }
  }

  /** readRows() of a context with no migration maps the query to an empty list, not a failure. */
  @Test
  public void rule17_readRowsOfUnknownContextIsEmpty() throws Exception {
    RowQuery q = new RowQuery(requestId(), newMigrationContext(), keyspace);
    RowsRead read = backend.readRows(List.of(q));
    assertNotNull(read, msg("readRows() returned null", "return a RowsRead"));
    assertTrue(read.failures().isEmpty(), msg("readRows() of an unknown context failed: " + read.failures(),
        "an unknown context is not an error: it has no row"));
    assertEquals(List.of(), read.rows().get(q), msg("readRows() of an unknown context gave " + read.rows(),
        "map the query to an empty list"));
    RowsRead none = backend.readRows(List.of());
    assertTrue(none.rows().isEmpty() && none.failures().isEmpty(), msg("readRows() of no query gave " + none,
        "an empty batch has an empty answer"));
  }

  /** throttle() accepts every ratio in [0, 0.95], repeatedly, and 0 unthrottles. */
  @Test
  public void rule18_throttleAcceptsRatiosFromZeroTo95() throws Exception {
    MigrationHandle h = submitAlter(0);
    for (double ratio : new double[] {0.5, 0.5, 0.95, 0.0, 0.25, 0.0}) {
      try {
        backend.throttle(keyspace, h, ratio);
      } catch (BackendException e) {
        fail(msg("throttle(" + ratio + ") failed: " + e.getMessage(), "throttle() accepts any ratio in [0, 0.95]"
            + " and may be repeated (ALTER VITESS_MIGRATION ... THROTTLE EXPIRE ... RATIO ...)"), e);
      }
    }
    backend.complete(keyspace, h);
    awaitEveryShard("every row complete once unthrottled", h, EnumSet.of(RowClass.COMPLETE),
        "check that throttle(0) unthrottles the migration");
  }

  /** Throttling one migration does not hold back another; unthrottled, the first one goes on. */
  @Test
  public void rule19_throttleAppliesToOneMigrationOnly() throws Exception {
    MigrationHandle throttled = submitAlter(0);
    backend.throttle(keyspace, throttled, 0.95);
    MigrationHandle free = submitAlter(1);
    awaitEveryShard("every row of the unthrottled migration ready to complete", free, EnumSet.of(RowClass.READY),
        "check that throttle() throttles only the migration it names, not the keyspace or the table's shard");
    backend.complete(keyspace, free);
    awaitEveryShard("every row of the unthrottled migration complete", free, EnumSet.of(RowClass.COMPLETE),
        "check that throttle() throttles only the migration it names");
    backend.throttle(keyspace, throttled, 0.0);
    backend.complete(keyspace, throttled);
    awaitEveryShard("every row of the formerly throttled migration complete", throttled, EnumSet.of(RowClass.COMPLETE),
        "check that throttle(0) unthrottles the migration");
  }

  /**
   * revert() of a completed migration starts a migration of its own (a new handle, one row per
   * shard) that completes by itself, without complete().
   */
  @Test
  public void rule20_revertOfCompletedMigrationRunsAndCompletes() throws Exception {
    MigrationHandle h = completedMigration();
    MigrationHandle revert = backend.revert(new RevertSubmission(requestId(), 0, context, keyspace, h));
    assertNotNull(revert, msg("revert() returned null", "return the revert migration's handle"));
    assertNotEquals(h, revert, msg("revert() returned the handle of the migration it reverts",
        "a revert is a migration of its own, with its own uuid"));
    awaitEveryShard("every row of the revert complete, without complete()", revert, EnumSet.of(RowClass.COMPLETE),
        "check that the revert runs on every shard, is tagged with the request's migration context (readRows()"
            + " finds it), and completes by itself (REVERT VITESS_MIGRATION without postponed completion)");
    assertEveryShard(h, EnumSet.of(RowClass.COMPLETE), "the reverted migration's own rows changed",
        "the reverted migration stays complete: the revert is a separate migration");
  }

  /** findByContext() finds a revert with revertOf set to the migration it reverts, after it. */
  @Test
  public void rule21_revertIsFoundByContextWithRevertOf() throws Exception {
    MigrationHandle h = completedMigration();
    MigrationHandle revert = backend.revert(new RevertSubmission(requestId(), 0, context, keyspace, h));
    List<FoundMigration> found = backend.findByContext(context, keyspace);
    assertEquals(2, found.size(), msg("findByContext() after a revert found " + found,
        "find the migration and its revert, each once"));
    assertEquals(h, found.get(0).handle(), msg("findByContext() found " + found, "oldest first: the migration first"));
    assertEquals(null, found.get(0).revertOf(), msg("the migration is reported as a revert: " + found,
        "revertOf is null for a change's own migration"));
    assertEquals(revert, found.get(1).handle(), msg("findByContext() found " + found, "the revert comes second"));
    assertEquals(h, found.get(1).revertOf(), msg("the revert's revertOf is " + found.get(1).revertOf() + ", not " + h,
        "report the migration a revert reverts (in Vitess, the uuid in 'revert vitess_migration ...')"));
  }

  /** An instant submission completes on every shard without complete() (if the backend supports instant). */
  @Test
  public void rule22_instantSubmissionCompletesWithoutComplete() throws Exception {
    Assumptions.assumeTrue(supportsInstant(), "the backend does not support the instant strategy");
    String table = newPreparedTable();
    MigrationHandle h = submit(context, requestId(), 0, instantAlter(table, "c"), true);
    awaitEveryShard("every row of the instant migration complete, without complete()", h,
        EnumSet.of(RowClass.COMPLETE), "check that an instant submission is not postponed: it applies at once");
  }

  /** A statement the backend refuses is a permanent failure of submit(); retrying cannot help. */
  @Test
  public void rule23_submitOfInvalidSqlIsPermanent() throws Exception {
    Optional<String> invalid = invalidStatement();
    Assumptions.assumeTrue(invalid.isPresent(), "the backend's test gives no invalid statement");
    try {
      MigrationHandle h = backend.submit(new Submission(requestId(), 0, context, keyspace, invalid.get(), false));
      fail(msg("submit('" + invalid.get() + "') was accepted as " + h, "refuse a statement that does not parse,"
          + " with a permanent BackendException"));
    } catch (BackendException e) {
      assertEquals(FailureKind.PERMANENT, e.kind(), msg("submit() of an invalid statement failed transiently: "
          + e.getMessage(), "map a syntax error or a rejected statement to a permanent failure: the driver retries"
              + " transient failures forever"));
    }
    assertTrue(backend.findByContext(context, keyspace).isEmpty(), msg("a refused submission left a migration",
        "a refused statement creates no migration"));
  }

  /** A migration that fails reports `failed` on its rows, with the reason in the message. */
  @Test
  public void rule24_aFailingMigrationReportsFailedRowsWithAMessage() throws Exception {
    Optional<String> failing = statementThatFails(newTableName());
    Assumptions.assumeTrue(failing.isPresent(), "the backend's test gives no statement that fails");
    MigrationHandle h;
    try {
      h = backend.submit(new Submission(FAILING_REQUEST_ID, 0, context, keyspace, failing.get(), false));
    } catch (BackendException e) {
      assertEquals(FailureKind.PERMANENT, e.kind(), msg("submit('" + failing.get() + "') failed transiently",
          "a statement that cannot succeed is refused permanently, or accepted and failed"));
      return; // refused at once: also a valid mapping
    }
    Map<String, MigrationRow> rows = awaitEveryShard("every row failed", h, EnumSet.of(RowClass.FAILED),
        "check that a migration that cannot run ends 'failed' on every shard");
    for (MigrationRow row : rows.values()) {
      assertFalse(row.message().isBlank(), msg("the failed row " + row + " has no message",
          "report why the migration failed in MigrationRow.message (the message column)"));
    }
    backend.cancel(keyspace, h);
    assertEveryShard(h, EnumSet.of(RowClass.FAILED), "cancel() of a failed migration changed its rows",
        "failed is final; cancel() of a failed migration succeeds and changes nothing");
  }

  /**
   * forceCutover() after complete() is accepted and lets the migration complete on every shard; it
   * may be repeated, and on a complete migration it succeeds and changes nothing (spec section 7).
   */
  @Test
  public void rule25_forceCutoverAfterCompleteCompletesEveryShardAndIsIdempotent() throws Exception {
    MigrationHandle h = submitAlter(0);
    awaitEveryShard("every row ready to complete", h, EnumSet.of(RowClass.READY),
        "check that rows report ready_to_complete");
    backend.complete(keyspace, h);
    backend.forceCutover(keyspace, h);
    backend.forceCutover(keyspace, h);
    awaitEveryShard("every row complete after complete() and forceCutover()", h, EnumSet.of(RowClass.COMPLETE),
        "check that forceCutover() (ALTER VITESS_MIGRATION ... FORCE_CUTOVER) is accepted on a migration whose"
            + " completion was requested, and that a repeated one is harmless");
    backend.forceCutover(keyspace, h);
    assertEveryShard(h, EnumSet.of(RowClass.COMPLETE), "a forceCutover() of a completed migration changed its rows",
        "forceCutover() of a complete migration must succeed and change nothing");
  }

  /** vschema(keyspace) reads the keyspace's whole VSchema as one JSON object, the same on two reads. */
  @Test
  public void rule26_vschemaReadsTheKeyspacesVSchemaAsOneJsonObject() throws Exception {
    assumeVSchemas();
    String ks = vschemaKeyspace();
    String v = backend.vschema(ks);
    assertNotNull(v, msg("vschema() returned null", "return the keyspace's VSchema as JSON text, {} for none"));
    try {
      new VSchemaChange(ks, v);
    } catch (IllegalArgumentException e) {
      fail(msg("vschema('" + ks + "') is not one JSON object: " + e.getMessage(),
          "return the keyspace's VSchema (Vitess: GetVSchema) as a JSON object"));
    }
    assertEquals(v, backend.vschema(ks), msg("two reads of vschema('" + ks + "') differ",
        "read the VSchema in a stable form"));
  }

  /**
   * applyVSchema() puts a whole VSchema in place (vschema() then reads it), reports the one it
   * replaced as vschema() read it before, and puts the earlier one back the same way.
   */
  @Test
  public void rule27_applyVSchemaPutsTheWholeVSchemaInPlaceAndReportsTheOneItReplaced() throws Exception {
    assumeVSchemas();
    String ks = vschemaKeyspace();
    String earlier = backend.vschema(ks);
    String marker = newTableName();
    String changed = vschemaWithTable(earlier, marker).orElseThrow();
    try {
      String replaced = awaitVSchema(new VSchemaUpdate(requestId(), ks, changed, false));
      assertEquals(earlier, replaced, msg("applyVSchema() reported it replaced " + replaced + ", but vschema() read "
          + earlier + " before", "report the VSchema the keyspace had right before this one (GetVSchema first)"));
      assertTrue(backend.vschema(ks).contains(marker), msg("after applyVSchema(), vschema() = "
          + backend.vschema(ks) + " does not name the table " + marker,
          "put the whole VSchema in place (Vitess: ApplyVSchema with the JSON document)"));
    } finally {
      awaitVSchema(new VSchemaUpdate(requestId(), ks, earlier, true));
    }
    assertFalse(backend.vschema(ks).contains(marker), msg("putting the earlier VSchema back left the table "
        + marker + " in " + backend.vschema(ks), "apply the whole earlier VSchema, replacing the one in place"));
  }

  /** applyVSchema() is idempotent: the same VSchema applied twice is in place once, and the second call succeeds. */
  @Test
  public void rule28_applyVSchemaIsIdempotent() throws Exception {
    assumeVSchemas();
    String ks = vschemaKeyspace();
    String earlier = backend.vschema(ks);
    String marker = newTableName();
    String changed = vschemaWithTable(earlier, marker).orElseThrow();
    try {
      awaitVSchema(new VSchemaUpdate(requestId(), ks, changed, false));
      String afterFirst = backend.vschema(ks);
      awaitVSchema(new VSchemaUpdate(requestId(), ks, changed, false));
      assertEquals(afterFirst, backend.vschema(ks), msg("a second applyVSchema() of the same VSchema changed"
          + " what vschema() reads", "applying a VSchema that is in place must change nothing"));
    } finally {
      awaitVSchema(new VSchemaUpdate(requestId(), ks, earlier, true));
    }
  }

  /** A VSchema the backend refuses, and the VSchema of a keyspace it does not have, fail permanently and change nothing. */
  @Test
  public void rule29_aRefusedVSchemaOrAnUnknownKeyspaceIsPermanent() throws Exception {
    assumeVSchemas();
    String ks = vschemaKeyspace();
    String earlier = backend.vschema(ks);
    expectPermanent(() -> backend.vschema("tck_no_such_keyspace"), "vschema() of an unknown keyspace",
        "refuse an unknown keyspace permanently");
    expectPermanent(() -> backend.applyVSchema(new VSchemaUpdate(requestId(), "tck_no_such_keyspace", "{}", false)),
        "applyVSchema() of an unknown keyspace", "refuse an unknown keyspace permanently");
    Optional<String> refused = vschemaThatIsRefused();
    if (refused.isPresent()) {
      expectPermanent(() -> awaitVSchema(new VSchemaUpdate(requestId(), ks, refused.get(), false)),
          "applyVSchema() of " + refused.get(), "refuse a VSchema the database refuses, permanently");
    }
    assertEquals(earlier, backend.vschema(ks), msg("a refused applyVSchema() changed the keyspace's VSchema",
        "leave the VSchema as it was when refusing"));
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private void assumeVSchemas() throws BackendException {
    Assumptions.assumeTrue(vschemaWithTable("{}", "t").isPresent(),
        "the backend under test declares no VSchema support (vschemaWithTable is empty)");
  }

  /** Calls applyVSchema() until it is in place, within the waiter's timeout; returns what it replaced. */
  private String awaitVSchema(VSchemaUpdate update) throws Exception {
    Instant deadline = waiter.now().plus(waiter.timeout());
    while (true) {
      Optional<String> replaced = backend.applyVSchema(update);
      assertNotNull(replaced, msg("applyVSchema() returned null", "return empty while not in place"));
      if (replaced.isPresent()) {
        return replaced.get();
      }
      if (!waiter.now().isBefore(deadline)) {
        fail(msg("the VSchema of '" + update.keyspace() + "' was not in place after " + waiter.timeout(),
            "put an applied VSchema in place in a bounded time"));
      }
      waiter.sleep(waiter.pollInterval());
    }
  }

  @FunctionalInterface
  private interface Call {
    void run() throws Exception;
  }

  private void expectPermanent(Call call, String what, String check) throws Exception {
    try {
      call.run();
    } catch (BackendException e) {
      assertEquals(FailureKind.PERMANENT, e.kind(), msg(what + " failed " + e.kind() + ": " + e.getMessage(), check));
      return;
    }
    fail(msg(what + " succeeded", check));
  }

  /** The request id this rule submits under. */
  protected final String requestId() {
    return "tck-" + rule;
  }

  /** The migration context of the running rule. */
  protected final String context() {
    return context;
  }

  private List<String> shards() throws BackendException {
    return backend.shards(keyspace);
  }

  private String newPreparedTable() throws Exception {
    String table = newTableName();
    prepareTable(backend, table);
    return table;
  }

  private MigrationHandle submitAlter(int change) throws Exception {
    return submit(context, requestId(), change, alterAddColumn(newPreparedTable(), "c" + change), false);
  }

  private MigrationHandle submit(String ctx, String request, int change, String sql, boolean instant)
      throws BackendException {
    return backend.submit(new Submission(request, change, ctx, keyspace, sql, instant));
  }

  private MigrationHandle completedMigration() throws Exception {
    MigrationHandle h = submitAlter(0);
    backend.complete(keyspace, h);
    awaitEveryShard("every row complete", h, EnumSet.of(RowClass.COMPLETE),
        "check that complete() completes the migration on every shard");
    return h;
  }

  private static List<MigrationHandle> handles(List<FoundMigration> found) {
    List<MigrationHandle> handles = new ArrayList<>();
    found.forEach(f -> handles.add(f.handle()));
    return handles;
  }

  private static Set<String> shardsOf(@Nullable List<MigrationRow> rows, MigrationHandle h) {
    Set<String> shards = new HashSet<>();
    if (rows != null) {
      rows.stream().filter(r -> r.handle().equals(h)).forEach(r -> shards.add(r.shard()));
    }
    return shards;
  }

  /** Reads the rows of one migration through readRows(), by shard, checking each row's shape. */
  private Map<String, MigrationRow> readRowsOf(String ctx, String ks, MigrationHandle h) throws BackendException {
    RowQuery q = new RowQuery(requestId(), ctx, ks);
    RowsRead read = backend.readRows(List.of(q));
    BackendException failure = read.failures().get(q);
    if (failure != null) {
      throw failure;
    }
    List<MigrationRow> rows = read.rows().get(q);
    assertNotNull(rows, msg("readRows() did not answer the query " + q, "map every query to its rows or a failure"));
    List<String> shards = backend.shards(ks);
    Map<String, MigrationRow> byShard = new TreeMap<>();
    for (MigrationRow row : rows) {
      checkRow(row);
      if (!row.handle().equals(h)) {
        continue;
      }
      assertTrue(shards.contains(row.shard()), msg("row " + row + " is on shard '" + row.shard() + "', not one of "
          + shards, "name a row's shard as shards() does"));
      MigrationRow previous = byShard.put(row.shard(), row);
      assertEquals(null, previous, msg("two rows of " + h + " on shard " + row.shard() + ": " + previous + " and " + row,
          "report one row per migration and shard"));
    }
    return byShard;
  }

  private void checkRow(MigrationRow row) {
    assertTrue(VITESS_STATUSES.contains(row.status()), msg("row " + row + " has status '" + row.status() + "'",
        "spell statuses as SHOW VITESS_MIGRATIONS does: " + new java.util.TreeSet<>(VITESS_STATUSES)));
  }

  private Map<String, MigrationRow> awaitEveryShard(String what, MigrationHandle h, Set<RowClass> wanted, String check)
      throws Exception {
    return awaitEveryShard(what, context, keyspace, h, wanted, check);
  }

  private Map<String, MigrationRow> awaitEveryShard(String what, String ctx, String ks, MigrationHandle h,
      Set<RowClass> wanted, String check) throws Exception {
    List<String> shards = backend.shards(ks);
    return eventually(what, () -> readRowsOf(ctx, ks, h),
        rows -> shards.stream().allMatch(s -> rows.containsKey(s) && wanted.contains(RowClass.of(rows.get(s)))),
        check);
  }

  private void assertEveryShard(MigrationHandle h, Set<RowClass> wanted, String problem, String check)
      throws BackendException {
    Map<String, MigrationRow> rows = readRowsOf(context, keyspace, h);
    for (String shard : shards()) {
      assertTrue(wanted.contains(RowClass.of(rows.get(shard))), msg(problem + ": shard " + shard + " is "
          + describe(rows.get(shard)) + ", expected " + wanted, check));
    }
  }

  /** Something the backend does in time. */
  @FunctionalInterface
  private interface Probe<T> {
    T get() throws Exception;
  }

  /**
   * Looks at the backend every poll interval until {@code done} holds, failing after the waiter's
   * timeout. Transient read failures are retried: the backend may fail a call now and then.
   */
  private <T> T eventually(String what, Probe<T> probe, Predicate<T> done, String check) throws Exception {
    Instant start = waiter.now();
    Instant deadline = start.plus(waiter.timeout());
    T last = null;
    BackendException lastFailure = null;
    while (true) {
      try {
        last = probe.get();
        lastFailure = null;
        if (done.test(last)) {
          return last;
        }
      } catch (BackendException e) {
        if (!e.isTransient()) {
          throw new AssertionError(msg("waiting for " + what + ", a read failed permanently: " + e.getMessage(),
              "reads fail permanently only for a bad query"), e);
        }
        lastFailure = e;
      }
      if (!waiter.now().isBefore(deadline)) {
        break;
      }
      waiter.sleep(waiter.pollInterval());
    }
    throw new AssertionError(msg("timed out after " + Duration.between(start, waiter.now()) + " waiting for " + what
        + "; last seen: " + (lastFailure != null ? "transient failure " + lastFailure.getMessage() : describeAll(last)),
        check));
  }

  private static String describe(@Nullable MigrationRow row) {
    if (row == null) {
      return "not visible";
    }
    return "'" + row.status() + "'" + (row.readyToComplete() ? " (ready_to_complete)" : "")
        + (row.message().isEmpty() ? "" : " [" + row.message() + "]");
  }

  private static String describeAll(@Nullable Object seen) {
    if (seen instanceof Map<?, ?> map) {
      StringBuilder sb = new StringBuilder("{");
      map.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=')
          .append(v instanceof MigrationRow row ? describe(row) : String.valueOf(v)));
      return sb.append('}').toString();
    }
    return String.valueOf(seen);
  }

  /** A failure message: the rule, what was seen, and what to check in the backend. */
  private String msg(String problem, String check) {
    String name = backend == null ? "?" : backend.getClass().getSimpleName();
    return rule + ": " + problem + ". Check: " + check + ". (backend "
        + (name.isEmpty() ? backend.getClass().getName() : name)
        + ", keyspace '" + keyspace + "', context '" + context + "')";
  }
}
