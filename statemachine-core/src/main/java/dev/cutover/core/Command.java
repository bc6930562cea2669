package dev.cutover.core;

import java.util.Objects;

/**
 * Something the core asks the backend to do for one change of one request. The driver saves the
 * request that holds the intent before it sends the command, and reports the outcome back with
 * {@link DeployMachine#record}. Every command is idempotent from the driver's point of view.
 */
public sealed interface Command {

  /** The request the command is for. */
  String requestId();

  /** The index of the change the command is for. */
  int change();

  /** The keyspace the command runs in. */
  String keyspace();

  /**
   * The name timelines print: {@code submit}, {@code complete}, {@code cancel}, {@code throttle},
   * {@code revert}, {@code forceCutover}.
   */
  String name();

  /** How a submission treats a migration that may already exist. */
  enum Mode {
    /** The intent was saved just now: submit. */
    FRESH,
    /** The intent predates this step: look the migration up by its context, adopt it if found, else submit. */
    RESUME,
    /** The request no longer wants it: adopt it if found (so it can be cancelled), never submit. */
    ADOPT_ONLY
  }

  /** Submit one change as an online migration, tagged with the request's migration context. */
  record Submit(String requestId, int change, String keyspace, String sql, String migrationContext, boolean instant,
      Mode mode) implements Command {
    public Submit {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(keyspace, "keyspace");
      Objects.requireNonNull(sql, "sql");
      Objects.requireNonNull(migrationContext, "migrationContext");
      Objects.requireNonNull(mode, "mode");
    }

    @Override
    public String name() {
      return "submit";
    }
  }

  /** Let a migration that is ready (or becomes ready) cut over. */
  record Complete(String requestId, int change, String keyspace, MigrationHandle handle) implements Command {
    public Complete {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(keyspace, "keyspace");
      Objects.requireNonNull(handle, "handle");
    }

    @Override
    public String name() {
      return "complete";
    }
  }

  /**
   * Force the cutover of a migration whose completion was sent (section 7): the backend kills what
   * holds the table's locks so that a cutover that keeps failing goes through.
   */
  record ForceCutover(String requestId, int change, String keyspace, MigrationHandle handle) implements Command {
    public ForceCutover {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(keyspace, "keyspace");
      Objects.requireNonNull(handle, "handle");
    }

    @Override
    public String name() {
      return "forceCutover";
    }
  }

  /** Cancel a migration on every shard where it has not reached a terminal status. */
  record Cancel(String requestId, int change, String keyspace, MigrationHandle handle) implements Command {
    public Cancel {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(keyspace, "keyspace");
      Objects.requireNonNull(handle, "handle");
    }

    @Override
    public String name() {
      return "cancel";
    }
  }

  /** Throttle a migration to {@code ratio} (0 unthrottles). */
  record Throttle(String requestId, int change, String keyspace, MigrationHandle handle, double ratio)
      implements Command {
    public Throttle {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(keyspace, "keyspace");
      Objects.requireNonNull(handle, "handle");
    }

    @Override
    public String name() {
      return "throttle";
    }
  }

  /** Revert a completed migration; the revert is a migration of its own, tagged with the same context. */
  record Revert(String requestId, int change, String keyspace, MigrationHandle target, String migrationContext,
      Mode mode) implements Command {
    public Revert {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(keyspace, "keyspace");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(migrationContext, "migrationContext");
      Objects.requireNonNull(mode, "mode");
    }

    @Override
    public String name() {
      return "revert";
    }
  }
}
