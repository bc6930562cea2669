package dev.cutover.planetscale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.core.Nullable;
import dev.cutover.planetscale.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * A request body, read field by field: a field of the wrong type is refused with a 422 that names
 * it and the value it had. Unknown fields are ignored (newer clients send more).
 */
final class Body {

  private final ObjectNode node;

  private Body(ObjectNode node) {
    this.node = node;
  }

  /** The body's JSON object; an empty body is an empty object. */
  static Body parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return new Body(JsonNodeFactory.instance.objectNode());
    }
    JsonNode n;
    try {
      n = Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw ApiException.invalid("body: not valid JSON: " + e.getOriginalMessage());
    }
    if (n == null || n.isNull()) {
      return new Body(JsonNodeFactory.instance.objectNode());
    }
    if (!n.isObject()) {
      throw ApiException.invalid("body: must be a JSON object, was " + abbreviate(n));
    }
    return new Body((ObjectNode) n);
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
    if (!v.isIntegralNumber() || v.asLong() < 0 || v.asLong() > 95) {
      throw ApiException.invalid(field + ": must be an integer from 0 to 95, was " + abbreviate(v));
    }
    return v.asInt();
  }

  static String abbreviate(JsonNode v) {
    String s = v.toString();
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
