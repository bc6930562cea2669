package dev.cutover.core;

import java.util.Objects;

/**
 * One VSchema change of a deploy request (spec section 8): the whole new VSchema of one keyspace,
 * a JSON document kept as the text it was given. It is applied after every schema change of the
 * request has completed, and put back as it was when the request is reverted.
 *
 * @param keyspace the keyspace whose VSchema it replaces
 * @param vschema the new VSchema, one JSON object (Vitess's {@code Keyspace} message as JSON)
 */
public record VSchemaChange(String keyspace, String vschema) {

  /**
   * Checks the keyspace and that the text is one JSON object.
   *
   * @param keyspace not null or blank
   * @param vschema not null; one JSON object, whitespace around it allowed
   * @throws NullPointerException naming the field, if one is null
   * @throws IllegalArgumentException naming the field and the value, if the keyspace is blank or the
   *     text is empty, not JSON, or JSON but not an object
   */
  public VSchemaChange {
    Objects.requireNonNull(keyspace, "keyspace");
    Objects.requireNonNull(vschema, "vschema");
    if (keyspace.isBlank()) {
      throw new IllegalArgumentException("keyspace: must not be blank, was '" + keyspace + "'");
    }
    String refusal = JsonText.objectRefusal(vschema);
    if (refusal != null) {
      throw new IllegalArgumentException("vschema: " + refusal + ", was '" + abbreviated(vschema) + "'");
    }
  }

  private static String abbreviated(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
