package dev.cutover.core;

import java.util.List;
import java.util.Objects;

/** What became of a {@link Command}, as the driver reports it to {@link DeployMachine#record}. */
public sealed interface Outcome {

  /** The backend acknowledged a complete, cancel or throttle. */
  record Done() implements Outcome {}

  /**
   * A submit or revert reached the backend (or was adopted): its migration and shards.
   *
   * @param handle the migration the backend returned, or the one found by context
   * @param shards the shards of its keyspace, as the backend lists them; one expected row each
   */
  record Submitted(MigrationHandle handle, List<String> shards) implements Outcome {
    /**
     * Checks the handle and copies the shards.
     *
     * @param handle not null
     * @param shards not null, no null element; copied
     * @throws NullPointerException if {@code handle}, {@code shards} or a shard is null
     */
    public Submitted {
      Objects.requireNonNull(handle, "handle");
      shards = List.copyOf(Objects.requireNonNull(shards, "shards"));
    }
  }

  /** An {@link Command.Mode#ADOPT_ONLY} submission found no migration: it never reached the backend. */
  record NotFound() implements Outcome {}

  /**
   * A keyspace's VSchema, read ({@link Command.ReadVSchema}).
   *
   * @param vschema the VSchema as the backend gave it, JSON text
   */
  record VSchemaRead(String vschema) implements Outcome {
    /**
     * Checks the text.
     *
     * @param vschema not null
     * @throws NullPointerException if it is null
     */
    public VSchemaRead {
      Objects.requireNonNull(vschema, "vschema");
    }
  }

  /**
   * A VSchema is in place ({@link Command.ApplyVSchema}, {@link Command.RestoreVSchema}).
   *
   * @param replaced the VSchema it replaced, as the backend reports it
   */
  record VSchemaApplied(String replaced) implements Outcome {
    /**
     * Checks the text.
     *
     * @param replaced not null
     * @throws NullPointerException if it is null
     */
    public VSchemaApplied {
      Objects.requireNonNull(replaced, "replaced");
    }
  }

  /**
   * The backend took a VSchema but it is not in place yet: the command is sent again on a later
   * tick, as after a transient failure, but nothing failed.
   */
  record NotYet() implements Outcome {}

  /**
   * The backend failed the command.
   *
   * @param kind transient (the command is sent again later) or permanent (refused)
   * @param message the backend's message
   */
  record Failed(FailureKind kind, String message) implements Outcome {
    /**
     * Checks that no part is null.
     *
     * @param kind not null
     * @param message not null
     * @throws NullPointerException naming the part, if one is null
     */
    public Failed {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * The backend acknowledged a complete, cancel or throttle.
   *
   * @return a {@link Done}
   */
  static Outcome done() {
    return new Done();
  }

  /**
   * A submit or revert reached the backend, or its migration was adopted.
   *
   * @param handle the migration, not null
   * @param shards the shards of its keyspace, not null; copied
   * @return a {@link Submitted}
   */
  static Outcome submitted(MigrationHandle handle, List<String> shards) {
    return new Submitted(handle, shards);
  }

  /**
   * An adopt-only submission found no migration.
   *
   * @return a {@link NotFound}
   */
  static Outcome notFound() {
    return new NotFound();
  }

  /**
   * The backend failed the command.
   *
   * @param kind transient or permanent, not null
   * @param message the backend's message, not null
   * @return a {@link Failed}
   */
  static Outcome failed(FailureKind kind, String message) {
    return new Failed(kind, message);
  }
}
