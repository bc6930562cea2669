package dev.cutover.planetscale;

/** Text from a client, shortened before it goes into an answer or a log line. */
final class ApiText {

  /** The most characters of a client's text an error message repeats. */
  static final int MAX_ECHO = 120;

  /** The most characters of any error message answered. */
  static final int MAX_MESSAGE = 1000;

  private ApiText() {}

  /**
   * The text itself if short, otherwise its start and how long it was; control characters shown as
   * {@code \\uXXXX}.
   */
  static String cap(String text) {
    String s = text.length() > MAX_ECHO ? text.substring(0, MAX_ECHO) : text;
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (text.length() > MAX_ECHO) {
      b.append("... (").append(text.length()).append(" characters)");
    }
    return b.toString();
  }

  /** A message at most {@link #MAX_MESSAGE} characters long. */
  static String message(String message) {
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 3) + "...";
  }
}
