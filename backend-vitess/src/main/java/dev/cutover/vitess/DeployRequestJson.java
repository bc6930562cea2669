package dev.cutover.vitess;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.core.Cause;
import dev.cutover.core.Change;
import dev.cutover.core.CommandState;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.HistoryEntry;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.SubmissionIntent;
import dev.cutover.core.SubmittedChange;
import dev.cutover.core.VSchemaApplication;
import dev.cutover.core.VSchemaChange;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A {@link DeployRequest} as JSON and back, field by field, so that the stored form does not
 * change when a record gains a method. Times are ISO-8601 strings ({@link Instant#toString()},
 * nanoseconds kept), durations ISO-8601 ({@code PT30M}), states their PlanetScale wire names,
 * nullable fields JSON {@code null}. {@code format} is 1. The fields section 7 added
 * ({@code open}, {@code unblocked}, {@code keyspaceThrottles}, {@code forceCutoverWanted},
 * {@code options.holdQueueOnFailure}, {@code submitted[].forcedCutover}) are always written and,
 * when a document written before them lacks them, read as open, not unblocked, no keyspace
 * throttle, no forced cutover wanted, queue not held, forced cutover not requested. The fields of
 * section 8 ({@code vschemaChanges}: keyspace and VSchema; {@code vschemaApplications}: keyspace,
 * earlier VSchema, application and restoration) hold each VSchema as a JSON string, the text exactly
 * as the request kept it; a document without them has no VSchema change. Each history entry keeps
 * its {@code cause} by the {@link Cause} constant's name (decision 121), left out where the entry has
 * none (the creation entry); an entry written before causes were kept reads as having none.
 */
public final class DeployRequestJson {

  /** The version of the JSON layout written. */
  public static final int FORMAT = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DeployRequestJson() {}

  /**
   * The request as a JSON document.
   *
   * @param r the request, not null
   * @return compact JSON (one line) in layout {@link #FORMAT}, every field written, that {@link #read}
   *     turns back into an equal request
   */
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
        .put("requiresApproval", opts.requiresApproval())
        .put("holdQueueOnFailure", opts.holdQueueOnFailure());
    o.put("migrationContext", r.migrationContext());
    o.put("createdAt", r.createdAt().toString());
    o.put("version", r.version());
    o.put("state", r.state().wireName());
    ArrayNode history = o.putArray("history");
    for (HistoryEntry h : r.history()) {
      ObjectNode entry = history.addObject().put("at", h.at().toString()).put("state", h.state().wireName());
      if (h.cause() != null) {
        entry.put("cause", h.cause().name());
      }
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
      so.put("forcedCutover", s.forcedCutover().name());
    }
    SubmissionIntent p = r.pendingSubmission();
    if (p == null) {
      o.putNull("pendingSubmission");
    } else {
      ObjectNode po = o.putObject("pendingSubmission")
          .put("kind", p.kind().name())
          .put("change", p.change())
          .put("since", p.since().toString())
          .put("owner", p.owner());
      if (p.inDoubt()) {
        po.put("inDoubt", true); // absent when false: rows written before it read the same
      }
    }
    o.put("throttleRatio", r.throttleRatio());
    if (r.revertExpiresAt() == null) {
      o.putNull("revertExpiresAt");
    } else {
      o.put("revertExpiresAt", r.revertExpiresAt().toString());
    }
    o.put("open", r.open());
    o.put("unblocked", r.unblocked());
    ObjectNode throttles = o.putObject("keyspaceThrottles");
    new java.util.TreeMap<>(r.keyspaceThrottles()).forEach(throttles::put);
    o.put("forceCutoverWanted", r.forceCutoverWanted());
    ArrayNode vschemaChanges = o.putArray("vschemaChanges");
    for (VSchemaChange v : r.vschemaChanges()) {
      vschemaChanges.addObject().put("keyspace", v.keyspace()).put("vschema", v.vschema());
    }
    ArrayNode applications = o.putArray("vschemaApplications");
    for (VSchemaApplication a : r.vschemaApplications()) {
      applications.addObject().put("keyspace", a.keyspace()).put("earlier", a.earlier())
          .put("application", a.application().name()).put("restoration", a.restoration().name());
    }
    try {
      return MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write deploy request " + r.id() + " as JSON", e);
    }
  }

  /**
   * The request a JSON document written by {@link #write} holds. Every field is checked, and a
   * wrong one is refused naming it by its path ({@code submitted[0].change}), never read as a
   * default: a number must be an integer in its type's range where one is expected, a string must
   * be well-formed UTF-16 (no lone surrogate), times and durations must parse, states and command
   * states must be known names.
   *
   * @param json a document as {@link #write} makes it, not null
   * @return the request it holds; the fields a document written before they existed lacks take the
   *     values the class comment lists
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
    Node root = new Node(o, "");
    int format = root.integer("format");
    if (format != FORMAT) {
      throw new IllegalArgumentException("format: unknown deploy request JSON format " + format);
    }
    List<Change> changes = root.listOfObjects("changes", c -> {
      String keyspace = c.text("keyspace");
      String sql = c.text("sql");
      return c.construct(() -> new Change(keyspace, sql));
    });
    Node opts = root.object("options");
    boolean autoApply = opts.bool("autoApply");
    boolean instant = opts.bool("instant");
    Duration revertWindow = opts.duration("revertWindow");
    boolean requiresApproval = opts.bool("requiresApproval");
    boolean holdQueueOnFailure = opts.boolOr("holdQueueOnFailure", false);
    DeployOptions options = opts.construct(() -> new DeployOptions(autoApply, instant, revertWindow, requiresApproval,
        holdQueueOnFailure));
    List<HistoryEntry> history = root.listOfObjects("history", h -> {
      Instant at = h.instant("at");
      DeployState state = h.state("state");
      // kept since decision 121; an entry written before it, or the creation entry, has none
      Cause cause = h.has("cause") && !h.isNull("cause") ? h.enumValue("cause", Cause.class) : null;
      return h.construct(() -> new HistoryEntry(at, state, cause));
    });
    List<SubmittedChange> submitted = root.listOfObjects("submitted", sc -> {
      int change = sc.index("change", changes.size());
      MigrationHandle handle = sc.handle("handle");
      List<String> shards = sc.list("shards", e -> e.textValue());
      CommandState completion = sc.commandState("completion");
      CommandState cancellation = sc.commandState("cancellation");
      double throttle = sc.number("throttle");
      MigrationHandle revert = sc.isNull("revert") ? null : sc.handle("revert");
      List<String> revertShards = sc.list("revertShards", e -> e.textValue());
      CommandState forcedCutover = sc.has("forcedCutover") ? sc.commandState("forcedCutover") : CommandState.NONE;
      return sc.construct(() -> new SubmittedChange(change, handle, shards, completion, cancellation, throttle, revert,
          revertShards, forcedCutover));
    });
    SubmissionIntent pending = null;
    if (!root.isNull("pendingSubmission")) {
      Node p = root.object("pendingSubmission");
      SubmissionIntent.Kind kind = p.enumValue("kind", SubmissionIntent.Kind.class);
      int change = p.index("change", changes.size());
      Instant since = p.instant("since");
      String owner = p.text("owner");
      boolean inDoubt = p.boolOr("inDoubt", false);
      pending = p.construct(() -> new SubmissionIntent(kind, change, since, owner, inDoubt));
    }
    String id = root.text("id");
    String database = root.text("database");
    String context = root.text("migrationContext");
    Instant createdAt = root.instant("createdAt");
    long version = root.nonNegativeLong("version");
    DeployState state = root.state("state");
    boolean approved = root.bool("approved");
    List<Boolean> eligible = root.list("instantEligible", e -> e.isBoolean() ? e.booleanValue() : null);
    List<String> errors = root.list("errors", e -> e.textValue());
    List<String> warnings = root.list("warnings", e -> e.textValue());
    long queueTicket = root.nonNegativeLong("queueTicket");
    double throttleRatio = root.number("throttleRatio");
    Instant expires = root.isNull("revertExpiresAt") ? null : root.instant("revertExpiresAt");
    SubmissionIntent pendingSubmission = pending;
    // Section 7 fields: a request stored before them has none, and reads as open, not unblocked,
    // without keyspace throttles or a wanted forced cutover.
    boolean open = root.boolOr("open", true);
    boolean unblocked = root.boolOr("unblocked", false);
    Map<String, Double> keyspaceThrottles = root.has("keyspaceThrottles") ? root.ratios("keyspaceThrottles") : Map.of();
    boolean forceCutoverWanted = root.boolOr("forceCutoverWanted", false);
    // Section 8 fields: a request stored before them has no VSchema change.
    List<VSchemaChange> vschemaChanges = !root.has("vschemaChanges") ? List.of()
        : root.listOfObjects("vschemaChanges", v -> {
          String keyspace = v.text("keyspace");
          String vschema = v.text("vschema");
          return v.construct(() -> new VSchemaChange(keyspace, vschema));
        });
    List<VSchemaApplication> applications = !root.has("vschemaApplications") ? List.of()
        : root.listOfObjects("vschemaApplications", a -> {
          String keyspace = a.text("keyspace");
          String earlier = a.text("earlier");
          CommandState application = a.commandState("application");
          CommandState restoration = a.commandState("restoration");
          return a.construct(() -> new VSchemaApplication(keyspace, earlier, application, restoration));
        });
    return root.construct(() -> new DeployRequest(id, database, changes, options, context, createdAt, version, state,
        history, approved, eligible, errors, warnings, queueTicket, submitted, pendingSubmission, throttleRatio,
        expires, open, unblocked, keyspaceThrottles, forceCutoverWanted, vschemaChanges, applications));
  }

  /** A JSON object and its path in the document, for error messages. */
  private static final class Node {
    private final JsonNode node;
    private final String path;

    Node(JsonNode node, String path) {
      this.node = node;
      this.path = path;
    }

    private String name(String field) {
      return path.isEmpty() ? field : path + "." + field;
    }

    private JsonNode field(String name) {
      JsonNode v = node.get(name);
      if (v == null) {
        throw new IllegalArgumentException(name(name) + ": missing");
      }
      return v;
    }

    private IllegalArgumentException wrong(String field, String what, JsonNode v) {
      String shown = v.toString();
      return new IllegalArgumentException(name(field) + ": must be " + what + ", was "
          + VitessSql.printable(shown));
    }

    boolean isNull(String name) {
      return field(name).isNull();
    }

    /** Whether the field is present (fields added after format 1 was first written may be missing). */
    boolean has(String name) {
      return node.get(name) != null;
    }

    boolean boolOr(String name, boolean missing) {
      return has(name) ? bool(name) : missing;
    }

    /** An object of finite numbers by name (keyspace throttles). */
    Map<String, Double> ratios(String name) {
      Node o = object(name);
      Map<String, Double> out = new java.util.LinkedHashMap<>();
      var fields = o.node.fieldNames();
      while (fields.hasNext()) {
        String key = fields.next();
        wellFormed(o.name(key), key);
        out.put(key, o.number(key));
      }
      return out;
    }

    String text(String name) {
      JsonNode v = field(name);
      if (!v.isTextual()) {
        throw wrong(name, "a string", v);
      }
      return wellFormed(name(name), v.textValue());
    }

    boolean bool(String name) {
      JsonNode v = field(name);
      if (!v.isBoolean()) {
        throw wrong(name, "a boolean", v);
      }
      return v.booleanValue();
    }

    int integer(String name) {
      JsonNode v = field(name);
      if (!v.isIntegralNumber() || !v.canConvertToInt()) {
        throw wrong(name, "an integer within [" + Integer.MIN_VALUE + ", " + Integer.MAX_VALUE + "]", v);
      }
      return v.intValue();
    }

    /** An index into a list of {@code size} elements. */
    int index(String name, int size) {
      JsonNode v = field(name);
      if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0 || v.intValue() >= size) {
        throw wrong(name, "a change index within [0, " + size + ")", v);
      }
      return v.intValue();
    }

    long nonNegativeLong(String name) {
      JsonNode v = field(name);
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
        throw wrong(name, "an integer within [0, " + Long.MAX_VALUE + "]", v);
      }
      return v.longValue();
    }

    double number(String name) {
      JsonNode v = field(name);
      if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
        throw wrong(name, "a finite number", v);
      }
      return v.doubleValue();
    }

    Instant instant(String name) {
      String t = text(name);
      try {
        return Instant.parse(t);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(name(name) + ": must be an ISO-8601 instant, was '" + VitessSql.printable(t)
            + "'", e);
      }
    }

    Duration duration(String name) {
      String t = text(name);
      try {
        return Duration.parse(t);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(name(name) + ": must be an ISO-8601 duration, was '"
            + VitessSql.printable(t) + "'", e);
      }
    }

    DeployState state(String name) {
      String t = text(name);
      for (DeployState s : DeployState.values()) {
        if (s.wireName().equals(t)) {
          return s;
        }
      }
      throw new IllegalArgumentException(name(name) + ": not a deployment state, was '" + VitessSql.printable(t) + "'");
    }

    CommandState commandState(String name) {
      return enumValue(name, CommandState.class);
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type) {
      String t = text(name);
      for (E e : type.getEnumConstants()) {
        if (e.name().equals(t)) {
          return e;
        }
      }
      throw new IllegalArgumentException(name(name) + ": must be one of " + java.util.Arrays.toString(
          type.getEnumConstants()) + ", was '" + VitessSql.printable(t) + "'");
    }

    MigrationHandle handle(String name) {
      String t = text(name);
      return construct(() -> new MigrationHandle(t));
    }

    Node object(String name) {
      JsonNode v = field(name);
      if (!v.isObject()) {
        throw wrong(name, "an object", v);
      }
      return new Node(v, name(name));
    }

    /** A list; {@code element} reads one element, null meaning "of the wrong type". */
    <T> List<T> list(String name, Function<JsonNode, T> element) {
      JsonNode v = field(name);
      if (!v.isArray()) {
        throw wrong(name, "an array", v);
      }
      List<T> out = new ArrayList<>(v.size());
      for (int i = 0; i < v.size(); i++) {
        JsonNode e = v.get(i);
        T value = element.apply(e);
        if (value == null) {
          throw new IllegalArgumentException(name(name) + "[" + i + "]: of the wrong type: "
              + VitessSql.printable(e.toString()));
        }
        if (value instanceof String text) {
          wellFormed(name(name) + "[" + i + "]", text);
        }
        out.add(value);
      }
      return out;
    }

    /** A list of objects, each read by {@code element}. */
    <T> List<T> listOfObjects(String name, Function<Node, T> element) {
      JsonNode v = field(name);
      if (!v.isArray()) {
        throw wrong(name, "an array", v);
      }
      List<T> out = new ArrayList<>(v.size());
      for (int i = 0; i < v.size(); i++) {
        JsonNode e = v.get(i);
        String at = name(name) + "[" + i + "]";
        if (!e.isObject()) {
          throw new IllegalArgumentException(at + ": must be an object, was " + VitessSql.printable(e.toString()));
        }
        out.add(element.apply(new Node(e, at)));
      }
      return out;
    }

    /** Builds a value, naming this node in the message of a refusal. */
    <T> T construct(java.util.function.Supplier<T> build) {
      try {
        return build.get();
      } catch (IllegalArgumentException | NullPointerException | java.time.DateTimeException e) {
        throw new IllegalArgumentException((path.isEmpty() ? "json" : path) + ": " + e.getMessage(), e);
      }
    }
  }

  private static String wellFormed(String field, String text) {
    int lone = VitessSql.loneSurrogate(text);
    if (lone >= 0) {
      throw new IllegalArgumentException(field + ": holds a lone surrogate at offset " + lone);
    }
    return text;
  }
}
