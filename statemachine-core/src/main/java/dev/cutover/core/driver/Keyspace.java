package dev.cutover.core.driver;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A keyspace of the backend's database and its shards, as {@link Driver#keyspaces()} reads them
 * from the backend ({@link dev.cutover.core.spi.MigrationBackend#keyspaces()} and
 * {@link dev.cutover.core.spi.MigrationBackend#shards(String)}).
 *
 * @param name the keyspace's name, as changes name it
 * @param shards its shards by key range ({@code -80}, {@code 80-}, or {@code -} for one shard), in
 *     the backend's order
 */
public record Keyspace(String name, List<String> shards) {
  /**
   * Checks the parts and copies the shards.
   *
   * @param name not null or blank
   * @param shards not null, not empty, no null or repeated element; copied
   * @throws NullPointerException naming the part, if one is null
   * @throws IllegalArgumentException naming the part and the value, if the name is blank or a shard
   *     is null or repeated, or there is none
   */
  public Keyspace {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name: must not be blank, was '" + name + "'");
    }
    Objects.requireNonNull(shards, "shards");
    if (shards.isEmpty()) {
      throw new IllegalArgumentException("shards: keyspace '" + name + "' must have at least one shard");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < shards.size(); i++) {
      String shard = shards.get(i);
      if (shard == null) {
        throw new IllegalArgumentException("shards[" + i + "]: must not be null (keyspace '" + name + "')");
      }
      if (!seen.add(shard)) {
        throw new IllegalArgumentException("shards[" + i + "]: shard '" + shard + "' of keyspace '" + name
            + "' appears twice");
      }
    }
    shards = List.copyOf(shards);
  }
}
