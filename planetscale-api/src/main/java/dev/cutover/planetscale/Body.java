package dev.cutover.planetscale;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.core.Nullable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * A request body, parsed strictly (a malformed body is refused with 400) and read field by field: a
 * field of the wrong type is refused with a 422 that names it and the value it had. Unknown fields
 * are ignored (newer clients send more).
 */
final class Body {

  private final ObjectNode node;

  private Body(ObjectNode node) {
    this.node = node;
  }

  /** Strict: a repeated key, or anything after the one value, is refused. */
  private static final ObjectMapper STRICT = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * The body's JSON object; an empty body is an empty object. Refused with 400, naming what is wrong:
   * bytes that are not UTF-8, text that is not one JSON value (trailing text, a second object), a key
   * given twice, a string or key holding a lone UTF-16 surrogate ({@code "\\ud800"}).
   */
  static Body parse(byte[] bytes) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw malformed("body: not UTF-8 text (" + e.getMessage() + ")");
    }
    if (text.isBlank()) {
      return new Body(JsonNodeFactory.instance.objectNode());
    }
    JsonNode n;
    try {
      n = STRICT.readTree(text);
    } catch (JsonProcessingException e) {
      String m = e.getOriginalMessage();
      if (m.startsWith("Duplicate field")) {
        throw malformed("body: " + ApiText.cap(m.replace("Duplicate field", "the key")) + " is given twice");
      }
      throw malformed("body: not valid JSON (one object, nothing after it): " + ApiText.cap(m));
    }
    if (n == null || n.isNull()) {
      return new Body(JsonNodeFactory.instance.objectNode());
    }
    if (!n.isObject()) {
      throw ApiException.invalid("body: must be a JSON object, was " + abbreviate(n));
    }
    surrogates(n, "");
    return new Body((ObjectNode) n);
  }

  private static ApiException malformed(String message) {
    return new ApiException(400, "bad_request", message);
  }

  /** Refuses a string or key holding a lone surrogate: it cannot be stored as UTF-8 (it would become '?'). */
  private static void surrogates(JsonNode n, String at) {
    if (n.isTextual()) {
      if (lone(n.textValue())) {
        throw malformed((at.isEmpty() ? "body" : at) + ": holds a lone UTF-16 surrogate (an unpaired \\uD800-\\uDFFF"
            + " escape), which is no character");
      }
    } else if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String path = at.isEmpty() ? e.getKey() : at + "." + e.getKey();
        if (lone(e.getKey())) {
          throw malformed((at.isEmpty() ? "body" : at) + ": a key holds a lone UTF-16 surrogate");
        }
        surrogates(e.getValue(), ApiText.cap(path));
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        surrogates(n.get(i), at + "[" + i + "]");
      }
    }
  }

  private static boolean lone(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  JsonNode node() {
    return node;
  }

  boolean has(String field) {
    return node.has(field) && !node.get(field).isNull();
  }

  @Nullable String string(String field) {
    if (!has(field)) {
      return null;
    }
    JsonNode v = node.get(field);
    if (!v.isTextual()) {
      throw ApiException.invalid(field + ": must be a string, was " + abbreviate(v));
    }
    return v.asText();
  }

  String requiredString(String field) {
    String s = string(field);
    if (s == null || s.isBlank()) {
      throw ApiException.invalid(field + ": required" + (s == null ? "" : ", was \"" + s + "\""));
    }
    return s;
  }

  @Nullable Boolean bool(String field) {
    if (!has(field)) {
      return null;
    }
    JsonNode v = node.get(field);
    if (!v.isBoolean()) {
      throw ApiException.invalid(field + ": must be true or false, was " + abbreviate(v));
    }
    return v.asBoolean();
  }

  /** An integer ratio in [0, 95] (PlanetScale's throttler scale). */
  static int ratio(String field, JsonNode v) {
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0 || v.intValue() > 95) {
      throw ApiException.invalid(field + ": must be an integer from 0 to 95, was " + abbreviate(v));
    }
    return v.asInt();
  }

  static String abbreviate(JsonNode v) {
    String s = v.toString();
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
