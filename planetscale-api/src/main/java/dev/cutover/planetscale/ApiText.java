package dev.cutover.planetscale;

/** Text from a client, shortened before it goes into an answer or a log line. */
final class ApiText {

  /** The most characters of a client's text an error message repeats. */
  static final int MAX_ECHO = 120;

  /** The most characters of any error message answered. */
  static final int MAX_MESSAGE = 1000;

  private ApiText() {}

  /**
   * The text itself if short, otherwise its start and how long it was; control characters and lone
   * surrogates shown as {@code \\uXXXX}.
   */
  static String cap(String text) {
    int end = Math.min(text.length(), MAX_ECHO);
    if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // never half a character: the answer must stay valid UTF-8
    }
    String s = text.substring(0, end);
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !paired(s, i)) {
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

  private static boolean paired(String s, int i) {
    char c = s.charAt(i);
    return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  /** A message at most {@link #MAX_MESSAGE} characters long. */
  static String message(String message) {
    if (message.length() <= MAX_MESSAGE) {
      return message;
    }
    int end = MAX_MESSAGE - 3;
    return message.substring(0, Character.isHighSurrogate(message.charAt(end - 1)) ? end - 1 : end) + "...";
  }
}
