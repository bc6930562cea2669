package dev.cutover.core.spi;

import dev.cutover.core.MigrationHandle;
import dev.cutover.core.Nullable;
import java.util.Objects;

/**
 * A migration found by its context, for adoption after a crash.
 *
 * @param handle the migration
 * @param keyspace where it runs
 * @param revertOf the migration it reverts, or {@code null} for a change's own migration
 */
public record FoundMigration(MigrationHandle handle, String keyspace, @Nullable MigrationHandle revertOf) {
  public FoundMigration {
    Objects.requireNonNull(handle, "handle");
    Objects.requireNonNull(keyspace, "keyspace");
  }
}
