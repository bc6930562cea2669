package dev.cutover.core;

import java.util.List;
import java.util.Objects;

/** What became of a {@link Command}, as the driver reports it to {@link DeployMachine#record}. */
public sealed interface Outcome {

  /** The backend acknowledged a complete, cancel or throttle. */
  record Done() implements Outcome {}

  /** A submit or revert reached the backend (or was adopted): its migration and shards. */
  record Submitted(MigrationHandle handle, List<String> shards) implements Outcome {
    public Submitted {
      Objects.requireNonNull(handle, "handle");
      shards = List.copyOf(Objects.requireNonNull(shards, "shards"));
    }
  }

  /** An {@link Command.Mode#ADOPT_ONLY} submission found no migration: it never reached the backend. */
  record NotFound() implements Outcome {}

  /** The backend failed the command. */
  record Failed(FailureKind kind, String message) implements Outcome {
    public Failed {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(message, "message");
    }
  }

  static Outcome done() {
    return new Done();
  }

  static Outcome submitted(MigrationHandle handle, List<String> shards) {
    return new Submitted(handle, shards);
  }

  static Outcome notFound() {
    return new NotFound();
  }

  static Outcome failed(FailureKind kind, String message) {
    return new Failed(kind, message);
  }
}
