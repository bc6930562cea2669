package dev.cutover.inmemory.property;

/**
 * Invariant 9: a driver killed between two backend or store calls and restarted from the store
 * reaches the same final states as one uninterrupted driver, with no double submission. The
 * harness checks it by comparing runs (see {@link PropertyCheck}).
 */
final class CrashRestart extends BuiltInInvariant {
  CrashRestart() {
    super(9, "CRASH_RESTART", "a driver killed between two backend or store calls and restarted from the store"
        + " reaches the same final states, with no double submission");
  }
}
