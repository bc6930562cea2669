package dev.cutover.vitess;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.core.Change;
import dev.cutover.core.CommandState;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.HistoryEntry;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.SubmissionIntent;
import dev.cutover.core.SubmittedChange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link DeployRequest} as JSON and back, field by field, so that the stored form does not
 * change when a record gains a method. Times are ISO-8601 strings ({@link Instant#toString()},
 * nanoseconds kept), durations ISO-8601 ({@code PT30M}), states their PlanetScale wire names,
 * nullable fields JSON {@code null}. {@code format} is 1.
 */
public final class DeployRequestJson {

  /** The version of the JSON layout written. */
  public static final int FORMAT = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DeployRequestJson() {}

  /** The request as a JSON document. */
  public static String write(DeployRequest r) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("format", FORMAT);
    o.put("id", r.id());
    o.put("database", r.database());
    ArrayNode changes = o.putArray("changes");
    for (Change c : r.changes()) {
      changes.addObject().put("keyspace", c.keyspace()).put("sql", c.sql());
    }
    DeployOptions opts = r.options();
    o.putObject("options")
        .put("autoApply", opts.autoApply())
        .put("instant", opts.instant())
        .put("revertWindow", opts.revertWindow().toString())
        .put("requiresApproval", opts.requiresApproval());
    o.put("migrationContext", r.migrationContext());
    o.put("createdAt", r.createdAt().toString());
    o.put("version", r.version());
    o.put("state", r.state().wireName());
    ArrayNode history = o.putArray("history");
    for (HistoryEntry h : r.history()) {
      history.addObject().put("at", h.at().toString()).put("state", h.state().wireName());
    }
    o.put("approved", r.approved());
    ArrayNode eligible = o.putArray("instantEligible");
    r.instantEligible().forEach(eligible::add);
    ArrayNode errors = o.putArray("errors");
    r.errors().forEach(errors::add);
    ArrayNode warnings = o.putArray("warnings");
    r.warnings().forEach(warnings::add);
    o.put("queueTicket", r.queueTicket());
    ArrayNode submitted = o.putArray("submitted");
    for (SubmittedChange s : r.submitted()) {
      ObjectNode so = submitted.addObject();
      so.put("change", s.change());
      so.put("handle", s.handle().value());
      ArrayNode shards = so.putArray("shards");
      s.shards().forEach(shards::add);
      so.put("completion", s.completion().name());
      so.put("cancellation", s.cancellation().name());
      so.put("throttle", s.throttle());
      if (s.revert() == null) {
        so.putNull("revert");
      } else {
        so.put("revert", s.revert().value());
      }
      ArrayNode revertShards = so.putArray("revertShards");
      s.revertShards().forEach(revertShards::add);
    }
    SubmissionIntent p = r.pendingSubmission();
    if (p == null) {
      o.putNull("pendingSubmission");
    } else {
      o.putObject("pendingSubmission")
          .put("kind", p.kind().name())
          .put("change", p.change())
          .put("since", p.since().toString())
          .put("owner", p.owner());
    }
    o.put("throttleRatio", r.throttleRatio());
    if (r.revertExpiresAt() == null) {
      o.putNull("revertExpiresAt");
    } else {
      o.put("revertExpiresAt", r.revertExpiresAt().toString());
    }
    try {
      return MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write deploy request " + r.id() + " as JSON", e);
    }
  }

  /**
   * The request a JSON document written by {@link #write} holds.
   *
   * @throws IllegalArgumentException naming the field if the document is not a valid request
   */
  public static DeployRequest read(String json) {
    JsonNode o;
    try {
      o = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("json: not a JSON document: " + e.getOriginalMessage(), e);
    }
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("json: must be an object");
    }
    int format = integer(o, "format");
    if (format != FORMAT) {
      throw new IllegalArgumentException("format: unknown deploy request JSON format " + format);
    }
    List<Change> changes = list(o, "changes", c -> new Change(text(c, "keyspace"), text(c, "sql")));
    JsonNode opts = field(o, "options");
    DeployOptions options = new DeployOptions(bool(opts, "autoApply"), bool(opts, "instant"),
        Duration.parse(text(opts, "revertWindow")), bool(opts, "requiresApproval"));
    List<HistoryEntry> history = list(o, "history",
        h -> new HistoryEntry(Instant.parse(text(h, "at")), DeployState.fromWireName(text(h, "state"))));
    List<SubmittedChange> submitted = list(o, "submitted", s -> new SubmittedChange(
        integer(s, "change"),
        new MigrationHandle(text(s, "handle")),
        list(s, "shards", JsonNode::textValue),
        CommandState.valueOf(text(s, "completion")),
        CommandState.valueOf(text(s, "cancellation")),
        number(s, "throttle"),
        nullableText(s, "revert") == null ? null : new MigrationHandle(nullableText(s, "revert")),
        list(s, "revertShards", JsonNode::textValue)));
    JsonNode p = field(o, "pendingSubmission");
    SubmissionIntent pending = p.isNull() ? null : new SubmissionIntent(
        SubmissionIntent.Kind.valueOf(text(p, "kind")), integer(p, "change"), Instant.parse(text(p, "since")),
        text(p, "owner"));
    String expires = nullableText(o, "revertExpiresAt");
    return new DeployRequest(
        text(o, "id"),
        text(o, "database"),
        changes,
        options,
        text(o, "migrationContext"),
        Instant.parse(text(o, "createdAt")),
        field(o, "version").asLong(),
        DeployState.fromWireName(text(o, "state")),
        history,
        bool(o, "approved"),
        list(o, "instantEligible", e -> e.isBoolean() ? e.booleanValue() : null),
        list(o, "errors", JsonNode::textValue),
        list(o, "warnings", JsonNode::textValue),
        field(o, "queueTicket").asLong(),
        submitted,
        pending,
        number(o, "throttleRatio"),
        expires == null ? null : Instant.parse(expires));
  }

  private static JsonNode field(JsonNode o, String name) {
    JsonNode v = o.get(name);
    if (v == null) {
      throw new IllegalArgumentException(name + ": missing");
    }
    return v;
  }

  private static String text(JsonNode o, String name) {
    JsonNode v = field(o, name);
    if (!v.isTextual()) {
      throw new IllegalArgumentException(name + ": must be a string, was " + v);
    }
    return v.textValue();
  }

  private static String nullableText(JsonNode o, String name) {
    JsonNode v = field(o, name);
    return v.isNull() ? null : text(o, name);
  }

  private static boolean bool(JsonNode o, String name) {
    JsonNode v = field(o, name);
    if (!v.isBoolean()) {
      throw new IllegalArgumentException(name + ": must be a boolean, was " + v);
    }
    return v.booleanValue();
  }

  private static int integer(JsonNode o, String name) {
    JsonNode v = field(o, name);
    if (!v.isIntegralNumber()) {
      throw new IllegalArgumentException(name + ": must be an integer, was " + v);
    }
    return v.intValue();
  }

  private static double number(JsonNode o, String name) {
    JsonNode v = field(o, name);
    if (!v.isNumber()) {
      throw new IllegalArgumentException(name + ": must be a number, was " + v);
    }
    return v.doubleValue();
  }

  private static <T> List<T> list(JsonNode o, String name, Function<JsonNode, T> element) {
    JsonNode v = field(o, name);
    if (!v.isArray()) {
      throw new IllegalArgumentException(name + ": must be an array, was " + v);
    }
    List<T> out = new ArrayList<>(v.size());
    for (JsonNode e : v) {
      T value = element.apply(e);
      if (value == null) {
        throw new IllegalArgumentException(name + ": has an element of the wrong type: " + e);
      }
      out.add(value);
    }
    return out;
  }
}
