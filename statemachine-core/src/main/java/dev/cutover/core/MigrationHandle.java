package dev.cutover.core;

import java.util.Objects;

/**
 * The backend's name for one submitted migration (in Vitess, the migration uuid). One handle covers
 * every shard the migration runs on.
 *
 * @param value the backend's id of the migration ({@link #toString()} gives it too)
 */
public record MigrationHandle(String value) {
  /**
   * Checks the value.
   *
   * @param value not null or blank; the backend's id, kept as given
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is blank
   */
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
