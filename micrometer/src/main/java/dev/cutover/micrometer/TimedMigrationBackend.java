package dev.cutover.micrometer;

import dev.cutover.core.Analysis;
import dev.cutover.core.Change;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.FoundMigration;
import dev.cutover.core.spi.ForwardingMigrationBackend;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.core.spi.RevertSubmission;
import dev.cutover.core.spi.RowQuery;
import dev.cutover.core.spi.RowsRead;
import dev.cutover.core.spi.Submission;
import java.util.List;
import java.util.Set;

/**
 * A backend that times every call of the backend it wraps into {@link CutoverMetrics#BACKEND_CALLS},
 * tagged by {@code operation} and {@code outcome} ({@code success}, {@code transient},
 * {@code permanent}, or {@code error} for an unchecked exception). Everything else, the backend's own
 * clock and longest call included, is the wrapped backend's. Made by {@link CutoverMetrics#timed}.
 */
public final class TimedMigrationBackend extends ForwardingMigrationBackend {

  /** A backend call, as the timer's {@code operation} tag names it. */
  @FunctionalInterface
  private interface Call<T> {
    T run() throws BackendException;
  }

  private final CutoverMetrics metrics;

  TimedMigrationBackend(MigrationBackend delegate, CutoverMetrics metrics) {
    super(delegate);
    this.metrics = metrics;
  }

  private <T> T timed(String operation, Call<T> call) throws BackendException {
    long start = System.nanoTime();
    String outcome = "error";
    try {
      T result = call.run();
      outcome = "success";
      return result;
    } catch (BackendException e) {
      outcome = e.isTransient() ? "transient" : "permanent";
      throw e;
    } finally {
      metrics.backendCall(operation, outcome, System.nanoTime() - start);
    }
  }

  @Override
  public Set<String> keyspaces() throws BackendException {
    return timed("keyspaces", () -> delegate().keyspaces());
  }

  @Override
  public List<String> shards(String keyspace) throws BackendException {
    return timed("shards", () -> delegate().shards(keyspace));
  }

  @Override
  public Analysis analyse(String requestId, List<Change> changes) throws BackendException {
    return timed("analyse", () -> delegate().analyse(requestId, changes));
  }

  @Override
  public MigrationHandle submit(Submission submission) throws BackendException {
    return timed("submit", () -> delegate().submit(submission));
  }

  @Override
  public List<FoundMigration> findByContext(String migrationContext, String keyspace) throws BackendException {
    return timed("findByContext", () -> delegate().findByContext(migrationContext, keyspace));
  }

  @Override
  public RowsRead readRows(List<RowQuery> queries) throws BackendException {
    return timed("readRows", () -> delegate().readRows(queries));
  }

  @Override
  public void complete(String keyspace, MigrationHandle migration) throws BackendException {
    timed("complete", () -> {
      delegate().complete(keyspace, migration);
      return null;
    });
  }

  @Override
  public void forceCutover(String keyspace, MigrationHandle migration) throws BackendException {
    timed("forceCutover", () -> {
      delegate().forceCutover(keyspace, migration);
      return null;
    });
  }

  @Override
  public void cancel(String keyspace, MigrationHandle migration) throws BackendException {
    timed("cancel", () -> {
      delegate().cancel(keyspace, migration);
      return null;
    });
  }

  @Override
  public void throttle(String keyspace, MigrationHandle migration, double ratio) throws BackendException {
    timed("throttle", () -> {
      delegate().throttle(keyspace, migration, ratio);
      return null;
    });
  }

  @Override
  public MigrationHandle revert(RevertSubmission revert) throws BackendException {
    return timed("revert", () -> delegate().revert(revert));
  }
}
