package dev.cutover.schema;

import java.util.List;
import java.util.Objects;

/**
 * A column's data type in MySQL 8.0's own spelling ({@code int}, not {@code INTEGER(11)}).
 *
 * @param name the type's name in lower case as {@code SHOW CREATE TABLE} prints it ({@code int},
 *     {@code varchar}, {@code decimal}, {@code enum}, {@code geomcollection}, ...)
 * @param length the length or precision in parentheses as MySQL prints it, or null when it prints none
 * @param scale the scale ({@code decimal(10,2)}, {@code float(7,3)}), or null
 * @param fsp the fractional seconds precision of {@code time}, {@code datetime}, {@code timestamp}
 *     (0 prints none)
 * @param unsigned whether {@code unsigned}
 * @param zerofill whether {@code zerofill}
 * @param values an {@code enum} or {@code set}'s members, unquoted; empty for any other type
 */
public record ColumnType(String name, Integer length, Integer scale, int fsp, boolean unsigned, boolean zerofill,
    List<String> values) {

  /**
   * Validates and copies.
   *
   * @param name see the record
   * @param length see the record
   * @param scale see the record
   * @param fsp see the record
   * @param unsigned see the record
   * @param zerofill see the record
   * @param values see the record
   * @throws NullPointerException if name or values is null
   */
  public ColumnType {
    Objects.requireNonNull(name, "name");
    values = List.copyOf(values);
  }

  /** The integer types. */
  static final List<String> INTEGERS = List.of("tinyint", "smallint", "mediumint", "int", "bigint");

  /**
   * Whether values of this type are strings with a character set ({@code char}, {@code varchar}, the
   * {@code text} family, {@code enum}, {@code set}).
   *
   * @return true for the character types
   */
  public boolean hasCharset() {
    return switch (name) {
      case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set" -> true;
      default -> false;
    };
  }

  /**
   * Whether this is one of the types MySQL stores as a BLOB (the {@code text} and {@code blob}
   * families, {@code json}, the spatial types): no literal default, and a key needs a prefix.
   *
   * @return true for those types
   */
  public boolean isBlobLike() {
    return switch (name) {
      case "tinytext", "text", "mediumtext", "longtext", "tinyblob", "blob", "mediumblob", "longblob", "json" -> true;
      default -> isSpatial();
    };
  }

  /**
   * Whether this is a spatial type.
   *
   * @return true for {@code geometry}, {@code point} and the rest
   */
  public boolean isSpatial() {
    return switch (name) {
      case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
          "geomcollection" -> true;
      default -> false;
    };
  }

  /**
   * Whether this is an integer type.
   *
   * @return true for {@code tinyint} up to {@code bigint}
   */
  public boolean isInteger() {
    return INTEGERS.contains(name);
  }

  /**
   * Whether this is a date or time type with fractional seconds.
   *
   * @return true for {@code time}, {@code datetime} and {@code timestamp}
   */
  public boolean isTemporalWithFsp() {
    return name.equals("time") || name.equals("datetime") || name.equals("timestamp");
  }

  /**
   * The type as {@code SHOW CREATE TABLE} prints it.
   *
   * @return for example {@code int unsigned}, {@code decimal(10,2)}, {@code enum('a','b')}
   */
  public String sql() {
    StringBuilder b = new StringBuilder(name);
    if (name.equals("enum") || name.equals("set")) {
      b.append('(');
      for (int i = 0; i < values.size(); i++) {
        b.append(i == 0 ? "" : ",").append(Printer.quote(values.get(i)));
      }
      b.append(')');
    } else if (isTemporalWithFsp()) {
      if (fsp > 0) {
        b.append('(').append(fsp).append(')');
      }
    } else if (length != null) {
      b.append('(').append(length);
      if (scale != null) {
        b.append(',').append(scale);
      }
      b.append(')');
    }
    if (unsigned) {
      b.append(" unsigned");
    }
    if (zerofill) {
      b.append(" zerofill");
    }
    return b.toString();
  }
}
