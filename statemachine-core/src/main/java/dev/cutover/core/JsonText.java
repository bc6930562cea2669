package dev.cutover.core;

/**
 * A syntax check of JSON text (RFC 8259), for the VSchema documents the core keeps as text: the
 * core has no JSON library, and needs none to tell a JSON object from anything else. Nothing is
 * parsed into values; the text is kept as it was given.
 */
final class JsonText {

  /** Deeper than this, the text is refused rather than risk the stack (a VSchema nests a few levels). */
  static final int MAX_DEPTH = 512;

  private final String s;
  private int at;

  private JsonText(String s) {
    this.s = s;
  }

  /**
   * Why {@code text} is not one JSON object (whitespace around it allowed), or {@code null} if it is.
   *
   * @param text the text, not null
   * @return {@code null} for a JSON object, else what is wrong and where (a character offset)
   */
  static @Nullable String objectRefusal(String text) {
    JsonText j = new JsonText(text);
    j.skipSpace();
    if (j.at == text.length()) {
      return "must be a JSON object, was empty";
    }
    if (text.charAt(j.at) != '{') {
      return "must be a JSON object, starts with '" + text.charAt(j.at) + "' at offset " + j.at;
    }
    try {
      j.value(0);
      j.skipSpace();
      if (j.at != text.length()) {
        throw j.error("text after the object");
      }
      return null;
    } catch (IllegalArgumentException e) {
      return "must be a JSON object: " + e.getMessage();
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at offset " + at);
  }

  private void skipSpace() {
    while (at < s.length()) {
      char c = s.charAt(at);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      at++;
    }
  }

  private char peek() {
    if (at >= s.length()) {
      throw error("unexpected end of text");
    }
    return s.charAt(at);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "', found '" + s.charAt(at) + "'");
    }
    at++;
  }

  private void value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    skipSpace();
    char c = peek();
    switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          number();
        } else {
          throw error("unexpected '" + c + "'");
        }
      }
    }
  }

  private void object(int depth) {
    expect('{');
    skipSpace();
    if (peek() == '}') {
      at++;
      return;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw error("expected a member name");
      }
      string();
      skipSpace();
      expect(':');
      value(depth + 1);
      skipSpace();
      if (peek() == ',') {
        at++;
      } else {
        expect('}');
        return;
      }
    }
  }

  private void array(int depth) {
    expect('[');
    skipSpace();
    if (peek() == ']') {
      at++;
      return;
    }
    while (true) {
      value(depth + 1);
      skipSpace();
      if (peek() == ',') {
        at++;
      } else {
        expect(']');
        return;
      }
    }
  }

  private void string() {
    expect('"');
    while (true) {
      char c = peek();
      at++;
      if (c == '"') {
        return;
      }
      if (c < 0x20) {
        at--;
        throw error("control character in a string");
      }
      if (c == '\\') {
        char e = peek();
        at++;
        if (e == 'u') {
          for (int i = 0; i < 4; i++) {
            char h = peek();
            if (Character.digit(h, 16) < 0) {
              throw error("bad \\u escape");
            }
            at++;
          }
        } else if ("\"\\/bfnrt".indexOf(e) < 0) {
          at--;
          throw error("bad escape '\\" + e + "'");
        }
      }
    }
  }

  private void literal(String word) {
    if (!s.startsWith(word, at)) {
      throw error("unexpected '" + s.charAt(at) + "'");
    }
    at += word.length();
  }

  private void number() {
    if (peek() == '-') {
      at++;
    }
    if (peek() == '0') {
      at++;
    } else {
      digits();
    }
    if (at < s.length() && s.charAt(at) == '.') {
      at++;
      digits();
    }
    if (at < s.length() && (s.charAt(at) == 'e' || s.charAt(at) == 'E')) {
      at++;
      if (peek() == '+' || peek() == '-') {
        at++;
      }
      digits();
    }
  }

  private void digits() {
    int start = at;
    while (at < s.length() && s.charAt(at) >= '0' && s.charAt(at) <= '9') {
      at++;
    }
    if (at == start) {
      throw error("expected a digit");
    }
  }
}
