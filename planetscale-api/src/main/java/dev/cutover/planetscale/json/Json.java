package dev.cutover.planetscale.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The JSON mapping of the API's types: timestamps as RFC 3339 strings in UTC (what Go's
 * {@code time.Time} reads and writes), unknown fields tolerated (newer clients send more).
 */
public final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .registerModule(new SimpleModule("rfc3339")
          .addSerializer(Instant.class, new InstantSerializer())
          .addDeserializer(Instant.class, new InstantDeserializer()));

  private Json() {}

  /**
   * The shared, configured mapper (thread-safe).
   *
   * @return the one mapper; do not reconfigure it, since every caller shares it
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static final class InstantSerializer extends JsonSerializer<Instant> {
    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
      gen.writeString(value.toString());
    }
  }

  private static final class InstantDeserializer extends JsonDeserializer<Instant> {
    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text = p.getValueAsString();
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException | NullPointerException e) {
        return (Instant) ctxt.handleWeirdStringValue(Instant.class, text,
            "not an RFC 3339 timestamp (e.g. 2024-01-02T03:04:05Z)");
      }
    }
  }
}
