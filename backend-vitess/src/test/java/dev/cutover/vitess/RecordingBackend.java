package dev.cutover.vitess;

import dev.cutover.core.MigrationHandle;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.ForwardingMigrationBackend;
import dev.cutover.core.spi.FoundMigration;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.core.spi.RevertSubmission;
import dev.cutover.core.spi.RowQuery;
import dev.cutover.core.spi.Submission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wraps a real backend and records every command the driver sends; for each completion it also
 * reads, just before sending it, the rows of the request the migration belongs to, so a test can
 * check what the gate saw. A hook runs after each submit (a test throws from it to kill the driver).
 */
final class RecordingBackend extends ForwardingMigrationBackend {

  /** One command, and for completions the request's rows at that moment. */
  record Sent(String command, String keyspace, MigrationHandle handle, Instant at, List<MigrationRow> rowsBefore) {}

  /** Runs after a submit returned its handle. */
  interface AfterSubmit {
    void run(Submission submission, MigrationHandle handle);
  }

  private final Map<MigrationHandle, String> contextOf = new ConcurrentHashMap<>();
  private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
  private volatile AfterSubmit afterSubmit = (s, h) -> {};

  RecordingBackend(MigrationBackend delegate) {
    super(delegate);
  }

  void afterSubmit(AfterSubmit hook) {
    afterSubmit = hook;
  }

  List<Sent> sent() {
    synchronized (sent) {
      return List.copyOf(sent);
    }
  }

  List<Sent> sent(String command) {
    return sent().stream().filter(s -> s.command().equals(command)).toList();
  }

  @Override
  public MigrationHandle submit(Submission submission) throws BackendException {
    MigrationHandle handle = delegate().submit(submission);
    contextOf.put(handle, submission.migrationContext());
    sent.add(new Sent("submit", submission.keyspace(), handle, Instant.now(), List.of()));
    afterSubmit.run(submission, handle);
    return handle;
  }

  @Override
  public List<FoundMigration> findByContext(String migrationContext, String keyspace) throws BackendException {
    List<FoundMigration> found = delegate().findByContext(migrationContext, keyspace);
    found.forEach(f -> contextOf.putIfAbsent(f.handle(), migrationContext));
    return found;
  }

  @Override
  public void complete(String keyspace, MigrationHandle migration) throws BackendException {
    List<MigrationRow> before = List.of();
    String context = contextOf.get(migration);
    if (context != null) {
      RowQuery q = new RowQuery("recording", context, keyspace);
      before = delegate().readRows(List.of(q)).rows().getOrDefault(q, List.of());
    }
    sent.add(new Sent("complete", keyspace, migration, Instant.now(), before));
    delegate().complete(keyspace, migration);
  }

  @Override
  public void forceCutover(String keyspace, MigrationHandle migration) throws BackendException {
    sent.add(new Sent("forceCutover", keyspace, migration, Instant.now(), List.of()));
    delegate().forceCutover(keyspace, migration);
  }

  @Override
  public void cancel(String keyspace, MigrationHandle migration) throws BackendException {
    sent.add(new Sent("cancel", keyspace, migration, Instant.now(), List.of()));
    delegate().cancel(keyspace, migration);
  }

  @Override
  public void throttle(String keyspace, MigrationHandle migration, double ratio) throws BackendException {
    sent.add(new Sent("throttle " + ratio, keyspace, migration, Instant.now(), List.of()));
    delegate().throttle(keyspace, migration, ratio);
  }

  @Override
  public MigrationHandle revert(RevertSubmission revert) throws BackendException {
    MigrationHandle handle = delegate().revert(revert);
    contextOf.put(handle, revert.migrationContext());
    sent.add(new Sent("revert", revert.keyspace(), handle, Instant.now(), List.of()));
    return handle;
  }
}
