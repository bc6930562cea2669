package dev.cutover.docs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A JSON Schema (draft 2020-12) validator for the keywords {@code docs/spec/scenario.schema.json}
 * uses, and no more: {@code type}, {@code enum}, {@code properties}, {@code required},
 * {@code additionalProperties}, {@code propertyNames}, {@code items}, {@code minItems},
 * {@code pattern}, {@code minimum}, {@code maximum}, {@code anyOf}, {@code $ref} (to
 * {@code #/$defs/NAME}) and {@code $defs}, with the annotations {@code $schema}, {@code $id},
 * {@code title}, {@code description} and {@code $comment}. A schema with any other keyword is refused,
 * so the schema cannot come to use one this class would silently pass over. No JSON Schema library
 * is on the project's list; this one is small enough to read whole.
 */
final class JsonSchema {

  private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "title", "description", "$comment");
  private static final Set<String> KEYWORDS = Set.of("type", "enum", "properties", "required", "additionalProperties",
      "propertyNames", "items", "minItems", "pattern", "minimum", "maximum", "anyOf", "$ref", "$defs");

  private final JsonNode root;

  JsonSchema(JsonNode root) {
    this.root = root;
    checkKeywords(root, "#");
  }

  /** The errors of {@code instance}, each as "POINTER: what is wrong"; empty when it is valid. */
  List<String> validate(JsonNode instance) {
    List<String> errors = new ArrayList<>();
    validate(root, instance, "", errors);
    return errors;
  }

  private static void checkKeywords(JsonNode schema, String where) {
    if (schema.isBoolean()) {
      return;
    }
    if (!schema.isObject()) {
      throw new IllegalArgumentException(where + ": a schema must be an object or a boolean, was " + schema);
    }
    for (Iterator<String> names = schema.fieldNames(); names.hasNext(); ) {
      String k = names.next();
      if (!KEYWORDS.contains(k) && !ANNOTATIONS.contains(k)) {
        throw new IllegalArgumentException(where + ": keyword '" + k + "' is not supported by this validator");
      }
    }
    for (String sub : List.of("additionalProperties", "propertyNames", "items")) {
      if (schema.has(sub)) {
        checkKeywords(schema.get(sub), where + "/" + sub);
      }
    }
    for (String map : List.of("properties", "$defs")) {
      if (schema.has(map)) {
        schema.get(map).fields().forEachRemaining(e -> checkKeywords(e.getValue(), where + "/" + map + "/" + e.getKey()));
      }
    }
    if (schema.has("anyOf")) {
      for (int i = 0; i < schema.get("anyOf").size(); i++) {
        checkKeywords(schema.get("anyOf").get(i), where + "/anyOf/" + i);
      }
    }
  }

  private void validate(JsonNode schema, JsonNode value, String at, List<String> errors) {
    if (schema.isBoolean()) {
      if (!schema.asBoolean()) {
        errors.add(at + ": not allowed here");
      }
      return;
    }
    if (schema.has("$ref")) {
      validate(resolve(schema.get("$ref").asText()), value, at, errors);
    }
    if (schema.has("type") && !hasType(value, schema.get("type").asText())) {
      errors.add(at + ": must be of type " + schema.get("type").asText() + ", was " + abbreviate(value));
      return;
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode option : schema.get("enum")) {
        found |= option.equals(value);
      }
      if (!found) {
        errors.add(at + ": must be one of " + schema.get("enum") + ", was " + abbreviate(value));
      }
    }
    if (schema.has("pattern") && value.isTextual()
        && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
      errors.add(at + ": must match " + schema.get("pattern").asText() + ", was " + abbreviate(value));
    }
    if (schema.has("minimum") && value.isNumber() && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
      errors.add(at + ": must be at least " + schema.get("minimum") + ", was " + value);
    }
    if (schema.has("maximum") && value.isNumber() && value.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
      errors.add(at + ": must be at most " + schema.get("maximum") + ", was " + value);
    }
    if (value.isObject()) {
      object(schema, value, at, errors);
    }
    if (value.isArray()) {
      if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
        errors.add(at + ": must hold at least " + schema.get("minItems") + " item(s), held " + value.size());
      }
      if (schema.has("items")) {
        for (int i = 0; i < value.size(); i++) {
          validate(schema.get("items"), value.get(i), at + "/" + i, errors);
        }
      }
    }
    if (schema.has("anyOf")) {
      List<String> all = new ArrayList<>();
      for (JsonNode option : schema.get("anyOf")) {
        List<String> these = new ArrayList<>();
        validate(option, value, at, these);
        if (these.isEmpty()) {
          return;
        }
        all.add(String.join("; ", these));
      }
      errors.add(at + ": matches none of anyOf: " + all);
    }
  }

  private void object(JsonNode schema, JsonNode value, String at, List<String> errors) {
    if (schema.has("required")) {
      for (JsonNode name : schema.get("required")) {
        if (!value.has(name.asText())) {
          errors.add(at + ": the field '" + name.asText() + "' is required");
        }
      }
    }
    JsonNode properties = schema.get("properties");
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String path = at + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
      if (schema.has("propertyNames")) {
        List<String> nameErrors = new ArrayList<>();
        validate(schema.get("propertyNames"), com.fasterxml.jackson.databind.node.TextNode.valueOf(field.getKey()), path,
            nameErrors);
        nameErrors.forEach(e -> errors.add(e.replaceFirst(": ", ": the name ")));
      }
      if (properties != null && properties.has(field.getKey())) {
        validate(properties.get(field.getKey()), field.getValue(), path, errors);
      } else if (schema.has("additionalProperties")) {
        JsonNode extra = schema.get("additionalProperties");
        if (extra.isBoolean() && !extra.asBoolean()) {
          errors.add(path + ": unknown field '" + field.getKey() + "'");
        } else {
          validate(extra, field.getValue(), path, errors);
        }
      }
    }
  }

  private JsonNode resolve(String ref) {
    if (!ref.startsWith("#/$defs/")) {
      throw new IllegalArgumentException("$ref '" + ref + "': only #/$defs/NAME is supported");
    }
    JsonNode target = root.path("$defs").path(ref.substring("#/$defs/".length()));
    if (target.isMissingNode()) {
      throw new IllegalArgumentException("$ref '" + ref + "': no such definition");
    }
    return target;
  }

  private static boolean hasType(JsonNode value, String type) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "boolean" -> value.isBoolean();
      case "null" -> value.isNull();
      case "number" -> value.isNumber();
      case "integer" -> value.isIntegralNumber()
          || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0);
      default -> throw new IllegalArgumentException("type '" + type + "' is not a JSON Schema type");
    };
  }

  private static String abbreviate(JsonNode value) {
    String s = value.toString();
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
