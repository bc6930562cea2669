package dev.cutover.inmemory.scenario;

/**
 * Text from a scenario file made safe to print on a terminal: control characters (C0, DEL, C1),
 * the bidirectional overrides and lone surrogates are escaped as {@code \n}, {@code \t},
 * {@code \r} or {@code \}{@code uXXXX}, and a backslash as two, so nothing a file holds can move
 * the cursor, ring the bell or reorder what is shown; long values are cut.
 */
public final class Text {

  /** The most characters of one value an error message echoes. */
  public static final int MAX_ECHO = 200;

  private Text() {}

  /**
   * {@code s} with every character that is not safe on a terminal escaped.
   *
   * @param s any text, not null
   * @return {@code s} itself if nothing needed escaping, else an escaped copy (longer than {@code s})
   */
  public static String printable(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String escape = escape(s, i, c);
      if (escape == null) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      out.append(escape);
    }
    return out == null ? s : out.toString();
  }

  /**
   * {@code s} cut to {@code max} characters, saying how many were left out.
   *
   * @param s any text, not null
   * @param max the most characters to keep, 1 or more ({@link #MAX_ECHO} in error messages); a cut
   *     never splits a surrogate pair, so one fewer may be kept
   * @return {@code s} itself if it is not longer than {@code max}, else its start followed by
   *     {@code … (N more characters)}
   */
  public static String abbreviate(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end) + "… (" + (s.length() - end) + " more characters)";
  }

  /**
   * A message for a person's terminal: printable, and no longer than {@code max} characters (plus the note).
   *
   * @param s any text, not null
   * @param max the most characters of {@code s} to keep, 1 or more (counted before escaping)
   * @return {@code s} {@link #abbreviate abbreviated}, then made {@link #printable printable}
   */
  public static String forTerminal(String s, int max) {
    return printable(abbreviate(s, max));
  }

  private static String escape(String s, int i, char c) {
    switch (c) {
      case '\n':
        return "\\n";
      case '\t':
        return "\\t";
      case '\r':
        return "\\r";
      case '\\':
        return "\\\\";
      default:
        break;
    }
    boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
    boolean bidi = (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e'
        || c == '\u200f' || c == '\u061c';
    boolean loneSurrogate = Character.isHighSurrogate(c)
        ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
        : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    return control || bidi || loneSurrogate ? String.format("\\u%04X", (int) c) : null;
  }
}
