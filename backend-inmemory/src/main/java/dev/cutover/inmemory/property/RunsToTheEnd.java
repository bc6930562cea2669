package dev.cutover.inmemory.property;

/** Invariant 0, not a spec rule: the driver never throws (an exception is a bug in the library). The harness reports it. */
final class RunsToTheEnd extends BuiltInInvariant {
  RunsToTheEnd() {
    super(0, "RUNS_TO_THE_END", "the driver never throws");
  }
}
