package dev.cutover.schema;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An index of a table.
 *
 * @param name its name ({@code PRIMARY} for the primary key)
 * @param kind what kind of index
 * @param parts its parts, in order
 * @param using {@code BTREE} or {@code HASH} when the statement said so, else null
 * @param comment its comment, or the empty string
 * @param visible whether the optimizer sees it (not {@code INVISIBLE})
 */
public record Index(String name, Kind kind, List<KeyPart> parts, String using, String comment, boolean visible) {

  /** What kind of index. */
  public enum Kind {
    /** The primary key. */
    PRIMARY,
    /** A unique key. */
    UNIQUE,
    /** A plain key. */
    INDEX,
    /** A full-text key. */
    FULLTEXT,
    /** A spatial key. */
    SPATIAL
  }

  /**
   * Validates and copies.
   *
   * @param name see the record
   * @param kind see the record
   * @param parts see the record
   * @param using see the record
   * @param comment see the record
   * @param visible see the record
   * @throws NullPointerException if name, kind, parts or comment is null
   * @throws IllegalArgumentException if it has no part
   */
  public Index {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(comment, "comment");
    parts = List.copyOf(parts);
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("index " + name + ": no parts");
    }
  }

  /** Whether the index has a part on {@code column} (case-insensitive). */
  boolean covers(String column) {
    return parts.stream().anyMatch(p -> p.column() != null && p.column().equalsIgnoreCase(column));
  }

  /** The lower-case name, for comparisons: MySQL's index names are case-insensitive. */
  String key() {
    return name.toLowerCase(Locale.ROOT);
  }

  /**
   * The index's line of {@code SHOW CREATE TABLE}, without its indent and comma.
   *
   * @return for example {@code UNIQUE KEY `u` (`a`,`b`)}
   */
  public String sql() {
    return Printer.index(this);
  }
}
