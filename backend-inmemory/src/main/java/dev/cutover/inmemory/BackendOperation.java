package dev.cutover.inmemory;

import java.util.Arrays;
import java.util.Optional;

/**
 * The calls of {@link dev.cutover.core.spi.MigrationBackend}, as {@link InMemoryBackend} logs them and
 * as {@link Fault}s target them. Scenario files name the eight that change or read migrations:
 * {@code analyse}, {@code submit}, {@code read}, {@code complete}, {@code cancel}, {@code revert},
 * {@code throttle}, {@code forceCutover}.
 */
public enum BackendOperation {
  KEYSPACES("keyspaces"),
  SHARDS("shards"),
  ANALYSE("analyse"),
  SUBMIT("submit"),
  FIND_BY_CONTEXT("findByContext"),
  READ("read"),
  COMPLETE("complete"),
  CANCEL("cancel"),
  THROTTLE("throttle"),
  REVERT("revert"),
  FORCE_CUTOVER("forceCutover");

  private final String wireName;

  BackendOperation(String wireName) {
    this.wireName = wireName;
  }

  /** The name scenario files and logs use, e.g. {@code read} for {@code readRows}. */
  public String wireName() {
    return wireName;
  }

  /** Whether a scenario file may name this operation in a fault. */
  public boolean inScenarioFiles() {
    return this != KEYSPACES && this != SHARDS && this != FIND_BY_CONTEXT;
  }

  /** The operation with this wire name, if any (case-sensitive). */
  public static Optional<BackendOperation> fromWireName(String name) {
    return Arrays.stream(values()).filter(o -> o.wireName.equals(name)).findFirst();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
