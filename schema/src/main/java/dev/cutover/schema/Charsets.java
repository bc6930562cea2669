package dev.cutover.schema;

import java.util.Locale;
import java.util.Map;

/** The character sets and collations this module knows, with MySQL 8.0's defaults. */
final class Charsets {

  private Charsets() {}

  /** Each known character set's default collation. */
  private static final Map<String, String> DEFAULT_COLLATION = Map.of(
      "utf8mb4", "utf8mb4_0900_ai_ci",
      "utf8mb3", "utf8mb3_general_ci",
      "latin1", "latin1_swedish_ci",
      "ascii", "ascii_general_ci",
      "binary", "binary");

  /** Each known collation's character set. */
  private static final Map<String, String> CHARSET = Map.ofEntries(
      Map.entry("utf8mb4_0900_ai_ci", "utf8mb4"), Map.entry("utf8mb4_bin", "utf8mb4"),
      Map.entry("utf8mb4_general_ci", "utf8mb4"), Map.entry("utf8mb4_unicode_ci", "utf8mb4"),
      Map.entry("utf8mb4_0900_as_cs", "utf8mb4"), Map.entry("utf8mb4_0900_bin", "utf8mb4"),
      Map.entry("utf8mb3_general_ci", "utf8mb3"), Map.entry("utf8mb3_bin", "utf8mb3"),
      Map.entry("utf8mb3_unicode_ci", "utf8mb3"),
      Map.entry("latin1_swedish_ci", "latin1"), Map.entry("latin1_bin", "latin1"),
      Map.entry("latin1_general_ci", "latin1"), Map.entry("latin1_general_cs", "latin1"),
      Map.entry("ascii_general_ci", "ascii"), Map.entry("ascii_bin", "ascii"),
      Map.entry("binary", "binary"));

  /** The charset's canonical name ({@code utf8} is {@code utf8mb3}), or null if unknown. */
  static String charset(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.equals("utf8")) {
      n = "utf8mb3";
    }
    return DEFAULT_COLLATION.containsKey(n) ? n : null;
  }

  /** The collation's canonical name ({@code utf8_bin} is {@code utf8mb3_bin}), or null if unknown. */
  static String collation(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.startsWith("utf8_")) {
      n = "utf8mb3_" + n.substring(5);
    }
    return CHARSET.containsKey(n) ? n : null;
  }

  static String defaultCollation(String charset) {
    return DEFAULT_COLLATION.get(charset);
  }

  static String charsetOf(String collation) {
    return CHARSET.get(collation);
  }

  static boolean isPrimary(String collation) {
    return DEFAULT_COLLATION.containsValue(collation);
  }

  /** The most bytes a character takes. */
  static int maxBytes(String charset) {
    return switch (charset) {
      case "utf8mb4" -> 4;
      case "utf8mb3" -> 3;
      default -> 1;
    };
  }

  /** The collation named {@code <charset>_bin}, which {@code BINARY} after a type asks for. */
  static String binCollation(String charset) {
    return charset.equals("binary") ? "binary" : charset + "_bin";
  }
}
