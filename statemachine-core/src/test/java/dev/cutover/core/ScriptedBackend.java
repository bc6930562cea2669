package dev.cutover.core;

import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.FoundMigration;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.core.spi.RevertSubmission;
import dev.cutover.core.spi.RowQuery;
import dev.cutover.core.spi.RowsRead;
import dev.cutover.core.spi.Submission;
import dev.cutover.core.spi.VSchemaUpdate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;

/**
 * A backend whose rows the test sets by hand; it records every call, fails calls on request, and
 * can "kill the process" right after an operation. For driver tests of the core; the real
 * simulator is backend-inmemory.
 */
public final class ScriptedBackend implements MigrationBackend {

  /** Thrown to simulate the driver's process dying; the driver must not catch it. */
  public static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Crash(String where) {
      super("crash after " + where);
    }
  }

  /** One migration: its context and its row per shard. */
  public static final class Migration {
    final MigrationHandle handle;
    final String context;
    final String keyspace;
    final MigrationHandle revertOf;
    public final Map<String, MigrationRow> rows = new LinkedHashMap<>();

    public MigrationHandle handle() {
      return handle;
    }

    Migration(MigrationHandle handle, String context, String keyspace, MigrationHandle revertOf, List<String> shards) {
      this.handle = handle;
      this.context = context;
      this.keyspace = keyspace;
      this.revertOf = revertOf;
      for (String shard : shards) {
        rows.put(shard, MigrationRow.of(handle, shard, "queued", false));
      }
    }
  }

  private final Map<String, List<String>> topology = new LinkedHashMap<>();
  public final List<Migration> migrations = new ArrayList<>();
  public final List<String> calls = new ArrayList<>();
  private static final Object PASS = new Object();
  private final Map<String, Queue<Object>> failures = new HashMap<>();
  private String crashAfter;
  private int next;
  /** When set, complete() leaves ready rows as they are (the cutover keeps failing) until forceCutover(). */
  public boolean cutoverStuck;
  /** Each keyspace's VSchema as it is; the test sets or reads it. */
  public final Map<String, String> vschemas = new HashMap<>();
  /** How many more calls of applyVSchema answer "not in place yet" before one puts it in place. */
  public int vschemaNotYet;

  public ScriptedBackend() {
    topology.put("commerce", List.of("-80", "80-"));
    topology.put("customer", List.of("-"));
    vschemas.put("commerce", "{\"sharded\": true}");
    vschemas.put("customer", "{}");
  }

  /** Fails the next call of {@code operation} with {@code kind}; a {@code null} kind lets that call through. */
  public ScriptedBackend failNext(String operation, FailureKind kind) {
    failures.computeIfAbsent(operation, k -> new ArrayDeque<>()).add(kind == null ? PASS : kind);
    return this;
  }

  /** Throws {@link Crash} right after the next successful call of {@code operation}. */
  public ScriptedBackend crashAfter(String operation) {
    crashAfter = operation;
    return this;
  }

  /** Sets every row of every migration that is not terminal yet. */
  public void setAll(String status, boolean readyToComplete) {
    for (Migration m : migrations) {
      m.rows.replaceAll((shard, row) -> RowClass.of(row).isTerminal() ? row
          : MigrationRow.of(m.handle, shard, status, readyToComplete));
    }
  }

  public long count(String callPrefix) {
    return calls.stream().filter(c -> c.startsWith(callPrefix)).count();
  }

  private void enter(String operation, String call) throws BackendException {
    calls.add(call);
    Queue<Object> queue = failures.get(operation);
    Object kind = queue == null ? null : queue.poll();
    if (kind instanceof FailureKind) {
      throw new BackendException((FailureKind) kind, operation + " failed (scripted)");
    }
  }

  private void leave(String operation) {
    if (operation.equals(crashAfter)) {
      crashAfter = null;
      throw new Crash(operation);
    }
  }

  private Migration find(MigrationHandle handle) throws BackendException {
    for (Migration m : migrations) {
      if (m.handle.equals(handle)) {
        return m;
      }
    }
    throw BackendException.permanentFailure("no migration " + handle, null);
  }

  /** Scripted calls return at once. */
  @Override
  public java.time.Duration maxCallDuration() {
    return java.time.Duration.ZERO;
  }

  @Override
  public Set<String> keyspaces() {
    return topology.keySet();
  }

  @Override
  public List<String> shards(String keyspace) throws BackendException {
    enter("shards", "shards " + keyspace);
    return topology.get(keyspace);
  }

  @Override
  public Analysis analyse(String requestId, List<Change> changes) throws BackendException {
    enter("analyse", "analyse " + requestId);
    List<Analysis.ChangeAnalysis> list = new ArrayList<>();
    for (Change c : changes) {
      list.add(c.sql().contains("lint-error") ? Analysis.ChangeAnalysis.lintError("lint") : Analysis.ChangeAnalysis.ok(true));
    }
    return new Analysis(list);
  }

  @Override
  public MigrationHandle submit(Submission s) throws BackendException {
    enter("submit", "submit " + s.requestId() + " " + s.change());
    Migration m = new Migration(new MigrationHandle("m" + (++next)), s.migrationContext(), s.keyspace(), null,
        topology.get(s.keyspace()));
    migrations.add(m);
    leave("submit");
    return m.handle;
  }

  @Override
  public List<FoundMigration> findByContext(String context, String keyspace) throws BackendException {
    enter("find", "find " + context);
    List<FoundMigration> found = new ArrayList<>();
    for (Migration m : migrations) {
      if (m.context.equals(context) && m.keyspace.equals(keyspace)) {
        found.add(new FoundMigration(m.handle, m.keyspace, m.revertOf));
      }
    }
    return found;
  }

  @Override
  public RowsRead readRows(List<RowQuery> queries) throws BackendException {
    enter("read", "read " + queries.size());
    Map<RowQuery, List<MigrationRow>> rows = new HashMap<>();
    for (RowQuery q : queries) {
      List<MigrationRow> list = new ArrayList<>();
      for (Migration m : migrations) {
        if (m.context.equals(q.migrationContext()) && m.keyspace.equals(q.keyspace())) {
          list.addAll(m.rows.values());
        }
      }
      rows.put(q, list);
    }
    return new RowsRead(rows, Map.of());
  }

  @Override
  public void complete(String keyspace, MigrationHandle migration) throws BackendException {
    enter("complete", "complete " + migration);
    Migration m = find(migration);
    if (!cutoverStuck) {
      m.rows.replaceAll((shard, row) -> row.readyToComplete() ? MigrationRow.of(migration, shard, "complete", false)
          : row);
    }
    leave("complete");
  }

  @Override
  public void forceCutover(String keyspace, MigrationHandle migration) throws BackendException {
    enter("forceCutover", "forceCutover " + migration);
    Migration m = find(migration);
    m.rows.replaceAll((shard, row) -> row.readyToComplete() ? MigrationRow.of(migration, shard, "complete", false)
        : row);
    leave("forceCutover");
  }

  @Override
  public void cancel(String keyspace, MigrationHandle migration) throws BackendException {
    enter("cancel", "cancel " + migration);
    Migration m = find(migration);
    m.rows.replaceAll((shard, row) -> RowClass.of(row).isTerminal() ? row
        : MigrationRow.of(migration, shard, "cancelled", false));
    leave("cancel");
  }

  @Override
  public void throttle(String keyspace, MigrationHandle migration, double ratio) throws BackendException {
    enter("throttle", "throttle " + migration + " " + ratio);
    find(migration);
    leave("throttle");
  }

  @Override
  public MigrationHandle revert(RevertSubmission r) throws BackendException {
    enter("revert", "revert " + r.target());
    Migration m = new Migration(new MigrationHandle("r" + (++next)), r.migrationContext(), r.keyspace(), r.target(),
        topology.get(r.keyspace()));
    migrations.add(m);
    leave("revert");
    return m.handle;
  }

  @Override
  public String vschema(String keyspace) throws BackendException {
    enter("vschema", "vschema " + keyspace);
    String v = vschemas.get(keyspace);
    if (v == null) {
      throw BackendException.permanentFailure("no keyspace " + keyspace, null);
    }
    leave("vschema");
    return v;
  }

  @Override
  public Optional<String> applyVSchema(VSchemaUpdate u) throws BackendException {
    enter("applyVSchema", "applyVSchema " + u.keyspace() + (u.revert() ? " revert " : " ") + u.vschema());
    if (vschemaNotYet > 0) {
      vschemaNotYet--;
      return Optional.empty();
    }
    String replaced = vschemas.put(u.keyspace(), u.vschema());
    leave("applyVSchema");
    return Optional.of(replaced);
  }
}
