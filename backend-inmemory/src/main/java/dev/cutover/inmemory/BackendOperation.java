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
  /** {@link dev.cutover.core.spi.MigrationBackend#keyspaces()}; not in scenario files. */
  KEYSPACES("keyspaces"),
  /** {@link dev.cutover.core.spi.MigrationBackend#shards(String)}; not in scenario files. */
  SHARDS("shards"),
  /** {@link dev.cutover.core.spi.MigrationBackend#analyse}. */
  ANALYSE("analyse"),
  /** {@link dev.cutover.core.spi.MigrationBackend#submit}. */
  SUBMIT("submit"),
  /** {@link dev.cutover.core.spi.MigrationBackend#findByContext}; not in scenario files. */
  FIND_BY_CONTEXT("findByContext"),
  /** {@link dev.cutover.core.spi.MigrationBackend#readRows}, named {@code read}. */
  READ("read"),
  /** {@link dev.cutover.core.spi.MigrationBackend#complete}. */
  COMPLETE("complete"),
  /** {@link dev.cutover.core.spi.MigrationBackend#cancel}. */
  CANCEL("cancel"),
  /** {@link dev.cutover.core.spi.MigrationBackend#throttle}. */
  THROTTLE("throttle"),
  /** {@link dev.cutover.core.spi.MigrationBackend#revert}. */
  REVERT("revert"),
  /** {@link dev.cutover.core.spi.MigrationBackend#forceCutover}. */
  FORCE_CUTOVER("forceCutover"),
  /** {@code vschema} and {@code applyVSchema}: reading, applying or putting back a keyspace's VSchema (section 8). */
  VSCHEMA("vschema");

  private final String wireName;

  BackendOperation(String wireName) {
    this.wireName = wireName;
  }

  /**
   * The name scenario files and logs use, e.g. {@code read} for {@code readRows}.
   *
   * @return the name, never null: the interface method's name except for {@code read}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Whether a scenario file may name this operation in a fault.
   *
   * @return true for the eight that change or read migrations, false for {@code keyspaces},
   *     {@code shards} and {@code findByContext}
   */
  public boolean inScenarioFiles() {
    return this != KEYSPACES && this != SHARDS && this != FIND_BY_CONTEXT;
  }

  /**
   * The operation with this wire name, if any (case-sensitive).
   *
   * @param name a wire name such as {@code "forceCutover"}; null matches none
   * @return the operation, or empty if no operation has that name
   */
  public static Optional<BackendOperation> fromWireName(String name) {
    return Arrays.stream(values()).filter(o -> o.wireName.equals(name)).findFirst();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
