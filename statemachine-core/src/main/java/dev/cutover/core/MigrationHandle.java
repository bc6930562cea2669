package dev.cutover.core;

import java.util.Objects;

/**
 * The backend's name for one submitted migration (in Vitess, the migration uuid). One handle covers
 * every shard the migration runs on.
 */
public record MigrationHandle(String value) {
  public MigrationHandle {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("handle: must not be blank, was '" + value + "'");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
