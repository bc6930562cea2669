package dev.cutover.core;

import java.util.Objects;

/**
 * Something the core asks the backend to do for one change of one request. The driver saves the
 * request that holds the intent before it sends the command, and reports the outcome back with
 * {@link DeployMachine#record}. Every command is idempotent from the driver's point of view.
 */
public sealed interface Command {

  /**
   * The request the command is for.
   *
   * @return the request's id, never null
   */
  String requestId();

  /**
   * The index of the change the command is for.
   *
   * @return the index in the request's changes, from 0; {@link #NO_CHANGE} for a command about a
   *     keyspace's VSchema (section 8), which concerns no change
   */
  int change();

  /** What {@link #change()} is for a command about a keyspace's VSchema rather than a change. */
  int NO_CHANGE = -1;

  /**
   * The keyspace the command runs in.
   *
   * @return the change's keyspace, never null
   */
  String keyspace();

  /**
   * The name timelines print: {@code submit}, {@code complete}, {@code cancel}, {@code throttle},
   * {@code revert}, {@code forceCutover}, {@code readVSchema}, {@code vschema}, {@code restoreVSchema}.
   *
   * @return the name, one per record type
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

  /**
   * Submit one change as an online migration, tagged with the request's migration context.
   *
   * @param requestId the request
   * @param change the index of the change
   * @param keyspace the change's keyspace
   * @param sql the change's statement
   * @param migrationContext the request's context, which {@code findByContext} finds the migration by
   * @param instant whether to submit with the instant strategy
   * @param mode whether a migration the request submitted before may exist
   */
  record Submit(String requestId, int change, String keyspace, String sql, String migrationContext, boolean instant,
      Mode mode) implements Command {
    /**
     * Checks that no reference is null.
     *
     * @param requestId not null
     * @param change the index
     * @param keyspace not null
     * @param sql not null
     * @param migrationContext not null
     * @param instant any value
     * @param mode not null
     * @throws NullPointerException naming the field, if one is null
     */
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

  /**
   * Let a migration that is ready (or becomes ready) cut over.
   *
   * @param requestId the request
   * @param change the index of the change
   * @param keyspace the change's keyspace
   * @param handle the change's migration
   */
  record Complete(String requestId, int change, String keyspace, MigrationHandle handle) implements Command {
    /**
     * Checks that no reference is null.
     *
     * @param requestId not null
     * @param change the index
     * @param keyspace not null
     * @param handle not null
     * @throws NullPointerException naming the field, if one is null
     */
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
   *
   * @param requestId the request
   * @param change the index of the change
   * @param keyspace the change's keyspace
   * @param handle the change's migration
   */
  record ForceCutover(String requestId, int change, String keyspace, MigrationHandle handle) implements Command {
    /**
     * Checks that no reference is null.
     *
     * @param requestId not null
     * @param change the index
     * @param keyspace not null
     * @param handle not null
     * @throws NullPointerException naming the field, if one is null
     */
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

  /**
   * Cancel a migration on every shard where it has not reached a terminal status.
   *
   * @param requestId the request
   * @param change the index of the change
   * @param keyspace the change's keyspace
   * @param handle the change's migration
   */
  record Cancel(String requestId, int change, String keyspace, MigrationHandle handle) implements Command {
    /**
     * Checks that no reference is null.
     *
     * @param requestId not null
     * @param change the index
     * @param keyspace not null
     * @param handle not null
     * @throws NullPointerException naming the field, if one is null
     */
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

  /**
   * Throttle a migration to {@code ratio} (0 unthrottles).
   *
   * @param requestId the request
   * @param change the index of the change
   * @param keyspace the change's keyspace
   * @param handle the change's migration
   * @param ratio the ratio wanted for the change's keyspace, 0 to 0.95
   */
  record Throttle(String requestId, int change, String keyspace, MigrationHandle handle, double ratio)
      implements Command {
    /**
     * Checks that no reference is null.
     *
     * @param requestId not null
     * @param change the index
     * @param keyspace not null
     * @param handle not null
     * @param ratio not checked (the request holds only ratios it accepted)
     * @throws NullPointerException naming the field, if one is null
     */
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

  /**
   * Revert a completed migration; the revert is a migration of its own, tagged with the same context.
   *
   * @param requestId the request
   * @param change the index of the reverted change
   * @param keyspace the change's keyspace
   * @param target the change's completed migration
   * @param migrationContext the request's context
   * @param mode whether a revert the request submitted before may exist
   */
  record Revert(String requestId, int change, String keyspace, MigrationHandle target, String migrationContext,
      Mode mode) implements Command {
    /**
     * Checks that no reference is null.
     *
     * @param requestId not null
     * @param change the index
     * @param keyspace not null
     * @param target not null
     * @param migrationContext not null
     * @param mode not null
     * @throws NullPointerException naming the field, if one is null
     */
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

  /**
   * Read a keyspace's VSchema as it is, before the request's is applied (section 8): the earlier
   * VSchema a revert puts back, saved with the request before the new one goes in. A read: it
   * changes nothing in the backend.
   *
   * @param requestId the request
   * @param keyspace the keyspace
   */
  record ReadVSchema(String requestId, String keyspace) implements Command {
    /**
     * Checks that no reference is null.
     *
     * @param requestId not null
     * @param keyspace not null
     * @throws NullPointerException naming the field, if one is null
     */
    public ReadVSchema {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(keyspace, "keyspace");
    }

    @Override
    public int change() {
      return NO_CHANGE;
    }

    @Override
    public String name() {
      return "readVSchema";
    }
  }

  /**
   * Put a request's whole VSchema in place for one keyspace (section 8). Idempotent.
   *
   * @param requestId the request
   * @param keyspace the keyspace
   * @param vschema the request's VSchema for it, JSON text
   * @param mode {@link Mode#FRESH} when the intent was saved just now (the VSchema the backend reports
   *     it replaced is then the earlier one), else {@link Mode#RESUME} (it may be in place already)
   */
  record ApplyVSchema(String requestId, String keyspace, String vschema, Mode mode) implements Command {
    /**
     * Checks that no reference is null and the mode is one a VSchema takes.
     *
     * @param requestId not null
     * @param keyspace not null
     * @param vschema not null
     * @param mode {@link Mode#FRESH} or {@link Mode#RESUME}
     * @throws NullPointerException naming the field, if one is null
     * @throws IllegalArgumentException if the mode is {@link Mode#ADOPT_ONLY}
     */
    public ApplyVSchema {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(keyspace, "keyspace");
      Objects.requireNonNull(vschema, "vschema");
      Objects.requireNonNull(mode, "mode");
      if (mode == Mode.ADOPT_ONLY) {
        throw new IllegalArgumentException("mode: a VSchema is applied FRESH or RESUME, was " + mode);
      }
    }

    @Override
    public int change() {
      return NO_CHANGE;
    }

    @Override
    public String name() {
      return "vschema";
    }
  }

  /**
   * Put a keyspace's earlier VSchema back, reverting a request (section 8). Idempotent.
   *
   * @param requestId the request
   * @param keyspace the keyspace
   * @param vschema the VSchema the keyspace had before the request, JSON text
   */
  record RestoreVSchema(String requestId, String keyspace, String vschema) implements Command {
    /**
     * Checks that no reference is null.
     *
     * @param requestId not null
     * @param keyspace not null
     * @param vschema not null
     * @throws NullPointerException naming the field, if one is null
     */
    public RestoreVSchema {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(keyspace, "keyspace");
      Objects.requireNonNull(vschema, "vschema");
    }

    @Override
    public int change() {
      return NO_CHANGE;
    }

    @Override
    public String name() {
      return "restoreVSchema";
    }
  }
}
