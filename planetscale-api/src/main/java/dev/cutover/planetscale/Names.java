package dev.cutover.planetscale;

import java.util.regex.Pattern;

/**
 * The names of organizations, databases and branches, checked as PlanetScale checks them: lower-case
 * letters, digits, {@code -} and {@code _}, starting with a letter or a digit, at most
 * {@value #MAX_LENGTH} characters. So no name holds {@code /} (an encoded {@code %2F} included),
 * {@code .}, a space or a control character, and two spellings never name one database.
 */
final class Names {

  /** The longest name. */
  static final int MAX_LENGTH = 64;

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0," + (MAX_LENGTH - 1) + "}");

  private Names() {}

  /** Whether {@code name} is a valid name. */
  static boolean valid(String name) {
    return NAME.matcher(name).matches();
  }

  /**
   * Checks a name.
   *
   * @throws IllegalArgumentException naming the field and the value (shortened) if it is not valid
   */
  static String check(String field, String name) {
    if (!valid(name)) {
      throw new IllegalArgumentException(field + ": " + rule() + ", was '" + ApiText.cap(name) + "'");
    }
    return name;
  }

  /** The rule, for messages. */
  static String rule() {
    return "a name must be 1 to " + MAX_LENGTH + " lower-case letters, digits, '-' or '_', starting with a letter"
        + " or a digit";
  }
}
