package dev.cutover.inmemory.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.core.Action;
import dev.cutover.core.Change;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployState;
import dev.cutover.core.FailureKind;
import dev.cutover.core.Nullable;
import dev.cutover.core.VSchemaChange;
import dev.cutover.inmemory.BackendOperation;
import dev.cutover.inmemory.MigrationTimings;
import dev.cutover.inmemory.VSchemaScript;
import dev.cutover.inmemory.scenario.Scenario.AnalysisScript;
import dev.cutover.inmemory.scenario.Scenario.Backend;
import dev.cutover.inmemory.scenario.Scenario.ExpectedRejection;
import dev.cutover.inmemory.scenario.Scenario.Expectations;
import dev.cutover.inmemory.scenario.Scenario.FaultScript;
import dev.cutover.inmemory.scenario.Scenario.MigrationScript;
import dev.cutover.inmemory.scenario.Scenario.Request;
import dev.cutover.inmemory.scenario.Scenario.RowScript;
import dev.cutover.inmemory.scenario.Scenario.ScheduledAction;
import dev.cutover.inmemory.scenario.Scenario.TimingFields;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and writes scenario files (JSON, format in {@code shared/spec/scenarios.md}) with Jackson.
 * Reading is strict: an unknown field (a typo), a value of the wrong type, a bad duration, a
 * reference to an unknown request, keyspace or shard, or a change index out of range is a
 * {@link ScenarioException} naming the field's path and the value. Absent fields take the defaults
 * of the spec; {@code request} in a migration, row, action or expected rejection defaults to the
 * first request.
 */
public final class ScenarioFiles {

  /** The action names a file may use. */
  public static final Set<String> ACTIONS = actionNames();

  private static Set<String> actionNames() {
    Set<String> names = new java.util.HashSet<>();
    for (Action.Kind kind : Action.Kind.values()) {
      names.add(kind.wireName());
    }
    return Set.copyOf(names);
  }

  /** The largest scenario file read: 4 MiB (the examples are a few kilobytes). */
  public static final int MAX_FILE_BYTES = 4 << 20;

  /** The most ticks a run may take: {@code until / pollInterval + 1}. */
  public static final long MAX_TICKS = 100_000;

  /** The longest duration a scenario file may give any field: 100 years (virtual time starts at the epoch). */
  public static final Duration MAX_DURATION = Duration.ofDays(36_500);

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private static final String BYTE_ORDER_MARK = "\uFEFF";

  private ScenarioFiles() {}

  /**
   * Reads a scenario file.
   *
   * @param file the file, UTF-8 JSON of at most {@link #MAX_FILE_BYTES} (4 MiB), with or without a
   *     byte-order mark; not null
   * @return the scenario it holds
   * @throws ScenarioException if the file is missing, unreadable or invalid
   */
  public static Scenario read(Path file) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = atMostTheLimit(in);
    } catch (NoSuchFileException e) {
      throw new ScenarioException("", "no such file: " + file, e);
    } catch (IOException e) {
      throw new ScenarioException("", "cannot read " + file + ": " + e.getMessage(), e);
    }
    return parseUtf8(bytes);
  }

  /**
   * Reads a scenario from a stream (standard input, say) to its end; does not close it.
   *
   * @param in UTF-8 JSON of at most {@link #MAX_FILE_BYTES} (4 MiB), with or without a byte-order
   *     mark; not null
   * @return the scenario it holds
   * @throws ScenarioException if the stream cannot be read or what it holds is invalid
   */
  public static Scenario read(InputStream in) {
    byte[] bytes;
    try {
      bytes = atMostTheLimit(in);
    } catch (IOException e) {
      throw new ScenarioException("", "cannot read: " + e.getMessage(), e);
    }
    return parseUtf8(bytes);
  }

  /** At most one byte more than the limit is read, whatever the source is (/dev/zero, a pipe). */
  private static byte[] atMostTheLimit(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    if (bytes.length > MAX_FILE_BYTES) {
      throw new ScenarioException("", "the file is larger than " + (MAX_FILE_BYTES >> 20)
          + " MiB, the most a scenario file may hold");
    }
    return bytes;
  }

  private static Scenario parseUtf8(byte[] bytes) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ScenarioException("", "not valid JSON: the file is not UTF-8 text", e);
    }
    return parse(text);
  }

  /**
   * Parses a scenario from JSON text.
   *
   * @param json the text of a scenario file, with or without a byte-order mark ({@code U+FEFF}, which
   *     editors on Windows write and RFC 8259 lets a parser ignore); not null
   * @return the scenario, with the format's defaults for the fields left out
   * @throws ScenarioException if it is not valid
   */
  public static Scenario parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json.startsWith(BYTE_ORDER_MARK) ? json.substring(1) : json);
    } catch (JsonProcessingException e) {
      throw new ScenarioException("", "not valid JSON: " + e.getOriginalMessage() + locationOf(e), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new ScenarioException("", "not valid JSON: the file is empty");
    }
    return new Reader().scenario(new Obj(root, ""));
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null ? ""
        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  private static final class Reader {
    private String firstRequest;

    Scenario scenario(Obj root) {
      root.allow("name", "pollInterval", "until", "topology", "requests", "backend", "actions", "expect",
          "vschemas");
      String name = root.string("name", "");
      Duration pollInterval = root.duration("pollInterval", Scenario.DEFAULT_POLL_INTERVAL);
      Duration until = root.duration("until", Scenario.DEFAULT_UNTIL);
      ticksBounded(pollInterval, until);
      Map<String, List<String>> topology = topology(root.object("topology", true));
      Map<String, String> vschemas = new LinkedHashMap<>();
      Obj vschemaNode = root.object("vschemas", false);
      if (vschemaNode != null) {
        vschemaNode.fieldNames().forEach(k -> vschemas.put(k, vschemaText(vschemaNode, k)));
      }
      List<Request> requests = new ArrayList<>();
      List<Obj> requestNodes = root.array("requests", true);
      for (Obj r : requestNodes) {
        requests.add(request(r));
      }
      if (requests.isEmpty()) {
        throw new ScenarioException("requests", "must hold at least one request, was []");
      }
      firstRequest = requests.get(0).id();
      Obj backendNode = root.object("backend", false);
      Backend backend = backendNode == null ? Scenario.Backend.ofDefaults() : backend(backendNode);
      List<ScheduledAction> actions = new ArrayList<>();
      for (Obj a : root.array("actions", false)) {
        actions.add(action(a));
      }
      Obj expectNode = root.object("expect", false);
      Expectations expect = expectNode == null ? Expectations.none() : expect(expectNode);
      return new Scenario(name, pollInterval, until, topology, requests, backend, actions, expect, vschemas);
    }

    /** The VSchema under {@code field} of {@code o}, which must be a JSON object, as compact JSON text. */
    private static String vschemaText(Obj o, String field) {
      JsonNode v = o.node.get(field);
      if (!v.isObject()) {
        throw new ScenarioException(o.path(field), "must be a VSchema (a JSON object), was " + v);
      }
      return v.toString();
    }

    Map<String, List<String>> topology(Obj node) {
      Map<String, List<String>> topology = new LinkedHashMap<>();
      for (String keyspace : node.fieldNames()) {
        JsonNode shards = node.node.get(keyspace);
        String path = node.path(keyspace);
        if (!shards.isArray()) {
          throw new ScenarioException(path, "must be an array of shard names, was " + shards);
        }
        List<String> list = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
          if (!shards.get(i).isTextual()) {
            throw new ScenarioException(path + "[" + i + "]", "must be a shard name (a string), was " + shards.get(i));
          }
          list.add(shards.get(i).asText());
        }
        topology.put(keyspace, list);
      }
      return topology;
    }

    Request request(Obj r) {
      r.allow("id", "createdAt", "changes", "autoApply", "instant", "revertWindow", "requiresApproval",
          "holdQueueOnFailure", "vschemas");
      String id = r.requiredString("id");
      if (id.isBlank()) {
        throw new ScenarioException(r.path("id"), "must not be blank, was \"" + id + "\"");
      }
      Duration createdAt = r.duration("createdAt", Duration.ZERO);
      notNegative(r, "createdAt", createdAt);
      List<Change> changes = new ArrayList<>();
      List<VSchemaChange> vschemas = new ArrayList<>();
      Obj v = r.object("vschemas", false);
      if (v != null) {
        for (String keyspace : v.fieldNames()) {
          String text = vschemaText(v, keyspace);
          vschemas.add(wrap(v.path(keyspace), () -> new VSchemaChange(keyspace, text)));
        }
      }
      for (Obj c : r.array("changes", true)) {
        c.allow("keyspace", "sql");
        String keyspace = c.requiredString("keyspace");
        String sql = c.requiredString("sql");
        changes.add(wrap(c.path, () -> new Change(keyspace, sql)));
      }
      boolean autoApply = r.bool("autoApply", true);
      boolean instant = r.bool("instant", false);
      boolean requiresApproval = r.bool("requiresApproval", false);
      boolean holdQueueOnFailure = r.bool("holdQueueOnFailure", false);
      Duration revertWindow = r.duration("revertWindow", DeployOptions.DEFAULT_REVERT_WINDOW);
      DeployOptions options = wrap(r.path, () -> DeployOptions.custom().autoApply(autoApply).instant(instant)
          .requiresApproval(requiresApproval).revertWindow(revertWindow).holdQueueOnFailure(holdQueueOnFailure)
          .build());
      return wrap(r.path, () -> new Request(id, createdAt, changes, options, vschemas));
    }

    Backend backend(Obj b) {
      b.allow("defaults", "migrations", "analysis", "rows", "faults");
      Obj d = b.object("defaults", false);
      MigrationTimings defaults = MigrationTimings.ofDefaults();
      Duration vschemaAfter = Duration.ZERO;
      if (d != null) {
        List<String> allowed = new ArrayList<>(List.of(TIMING_FIELDS));
        allowed.add("vschemaAfter");
        d.allow(allowed.toArray(new String[0]));
        TimingFields fields = timingFields(d);
        defaults = wrap(d.path, () -> fields.applyTo(MigrationTimings.custom()).build());
        vschemaAfter = d.duration("vschemaAfter", Duration.ZERO);
        notNegative(d, "vschemaAfter", vschemaAfter);
      }
      List<MigrationScript> migrations = new ArrayList<>();
      List<VSchemaScript> vschemaScripts = new ArrayList<>();
      for (Obj m : b.array("migrations", false)) {
        if (m.has("keyspace")) { // a keyspace's VSchema, not a change's migration (section 8)
          m.allow("request", "keyspace", "vschemaFailAfter", "kind", "revert");
          String request = m.string("request", firstRequest);
          String keyspace = m.requiredString("keyspace");
          Duration failAfter = m.duration("vschemaFailAfter", Duration.ZERO);
          notNegative(m, "vschemaFailAfter", failAfter);
          String k = m.string("kind", "permanent");
          FailureKind kind = switch (k) {
            case "permanent" -> FailureKind.PERMANENT;
            case "transient" -> FailureKind.TRANSIENT;
            default -> throw new ScenarioException(m.path("kind"), "unknown kind \"" + k
                + "\" (known: transient, permanent)");
          };
          boolean revert = m.bool("revert", false);
          vschemaScripts.add(wrap(m.path, () -> new VSchemaScript(request, keyspace, revert, failAfter, kind)));
          continue;
        }
        List<String> allowed = new ArrayList<>(List.of("request", "change", "shard"));
        allowed.addAll(List.of(TIMING_FIELDS));
        m.allow(allowed.toArray(new String[0]));
        String request = m.string("request", firstRequest);
        int change = m.requiredInt("change");
        String shard = m.string("shard", null);
        TimingFields fields = timingFields(m);
        wrap(m.path, () -> fields.applyTo(MigrationTimings.custom()).build()); // checks the values at once
        migrations.add(new MigrationScript(request, change, shard, fields));
      }
      Map<String, AnalysisScript> analysis = new LinkedHashMap<>();
      Obj an = b.object("analysis", false);
      if (an != null) {
        for (String id : an.fieldNames()) {
          Obj a = an.object(id, true);
          a.allow("lintErrors", "instantEligible");
          Map<Integer, String> lint = new LinkedHashMap<>();
          Obj l = a.object("lintErrors", false);
          if (l != null) {
            for (String key : l.fieldNames()) {
              int index;
              try {
                index = Integer.parseInt(key);
              } catch (NumberFormatException e) {
                throw new ScenarioException(l.path(key), "the key must be a change index, was \"" + key + "\"");
              }
              lint.put(index, l.requiredString(key));
            }
          }
          List<Integer> eligible = new ArrayList<>();
          JsonNode e = a.node.get("instantEligible");
          if (e != null && !e.isNull()) {
            if (!e.isArray()) {
              throw new ScenarioException(a.path("instantEligible"), "must be an array of change indexes, was " + e);
            }
            for (int i = 0; i < e.size(); i++) {
              if (!e.get(i).isInt()) {
                throw new ScenarioException(a.path("instantEligible") + "[" + i + "]",
                    "must be a change index, was " + e.get(i));
              }
              eligible.add(e.get(i).asInt());
            }
          }
          analysis.put(id, new AnalysisScript(lint, eligible));
        }
      }
      List<RowScript> rows = new ArrayList<>();
      for (Obj r : b.array("rows", false)) {
        r.allow("at", "request", "change", "shard", "status", "readyToComplete");
        Duration at = r.duration("at", Duration.ZERO);
        notNegative(r, "at", at);
        String status = r.string("status", null);
        if (status != null && status.isBlank()) {
          throw new ScenarioException(r.path("status"), "must not be blank, was \"" + status + "\"");
        }
        rows.add(new RowScript(at, r.string("request", firstRequest), r.requiredInt("change"),
            r.string("shard", null), status, r.bool("readyToComplete", false)));
      }
      List<FaultScript> faults = new ArrayList<>();
      for (Obj f : b.array("faults", false)) {
        f.allow("at", "operation", "kind", "times", "request", "change");
        Duration at = f.duration("at", Duration.ZERO);
        notNegative(f, "at", at);
        String op = f.requiredString("operation");
        BackendOperation operation = BackendOperation.fromWireName(op).filter(BackendOperation::inScenarioFiles)
            .orElseThrow(() -> new ScenarioException(f.path("operation"), "unknown operation \"" + op
                + "\" (known: analyse, submit, read, complete, cancel, revert, throttle, forceCutover, vschema)"));
        String k = f.string("kind", "transient");
        FailureKind kind;
        if (k.equals("transient")) {
          kind = FailureKind.TRANSIENT;
        } else if (k.equals("permanent")) {
          kind = FailureKind.PERMANENT;
        } else {
          throw new ScenarioException(f.path("kind"), "unknown kind \"" + k + "\" (known: transient, permanent)");
        }
        int times = f.integer("times", 1);
        if (times < 1) {
          throw new ScenarioException(f.path("times"), "must be at least 1, was " + times);
        }
        faults.add(new FaultScript(at, operation, kind, times, f.string("request", null),
            f.has("change") ? f.requiredInt("change") : null));
      }
      return new Backend(defaults, migrations, analysis, rows, faults, vschemaAfter, vschemaScripts);
    }

    private static final String[] TIMING_FIELDS = {"startAfter", "readyAfter", "visibleAfter", "completeAfter",
        "cancelAfter", "revertAfter", "failAfter", "message", "revertFailAfter", "cutoverStuck"};

    TimingFields timingFields(Obj o) {
      return new TimingFields(o.duration("startAfter", null), o.duration("readyAfter", null),
          o.duration("visibleAfter", null), o.duration("completeAfter", null), o.duration("cancelAfter", null),
          o.duration("revertAfter", null), o.duration("failAfter", null), o.string("message", null),
          o.duration("revertFailAfter", null), o.has("cutoverStuck") ? o.requiredBool("cutoverStuck") : null);
    }

    ScheduledAction action(Obj a) {
      a.allow("at", "request", "do", "ratio", "on", "instant", "keyspace");
      Duration at = a.requiredDuration("at");
      notNegative(a, "at", at);
      String request = a.string("request", firstRequest);
      String name = a.requiredString("do");
      if (!ACTIONS.contains(name)) {
        throw new ScenarioException(a.path("do"), "unknown action \"" + name + "\" (known: " + new TreeSet<>(ACTIONS)
            + ")");
      }
      if (a.has("ratio") && !name.equals("throttle")) {
        throw new ScenarioException(a.path("ratio"), "only a throttle takes a ratio, this action is " + name);
      }
      if (a.has("on") && !name.equals("setAutoApply")) {
        throw new ScenarioException(a.path("on"), "only setAutoApply takes \"on\", this action is " + name);
      }
      if (a.has("instant") && !name.equals("deploy")) {
        throw new ScenarioException(a.path("instant"), "only a deploy takes \"instant\", this action is " + name);
      }
      if (a.has("keyspace") && !name.equals("throttle")) {
        throw new ScenarioException(a.path("keyspace"), "only a throttle takes a keyspace, this action is " + name);
      }
      Action action;
      switch (name) {
        case "approve":
          action = Action.approve();
          break;
        case "deploy":
          action = a.has("instant") ? Action.deploy(a.requiredBool("instant")) : Action.deploy();
          break;
        case "cancel":
          action = Action.cancel();
          break;
        case "apply":
          action = Action.apply();
          break;
        case "setAutoApply":
          action = Action.setAutoApply(a.requiredBool("on"));
          break;
        case "throttle": {
          double ratio = a.requiredNumber("ratio");
          String keyspace = a.string("keyspace", null);
          if (keyspace != null && keyspace.isBlank()) {
            throw new ScenarioException(a.path("keyspace"), "must not be blank, was \"" + keyspace + "\"");
          }
          action = keyspace == null ? Action.throttle(ratio) : Action.throttle(ratio, keyspace);
          break;
        }
        case "revert":
          action = Action.revert();
          break;
        case "skipRevert":
          action = Action.skipRevert();
          break;
        case "close":
          action = Action.close();
          break;
        case "forceCutover":
          action = Action.forceCutover();
          break;
        case "unblock":
          action = Action.unblock();
          break;
        default:
          throw new AssertionError("action " + name + " is in ACTIONS but not read");
      }
      return new ScheduledAction(at, request, action);
    }

    Expectations expect(Obj e) {
      e.allow("states", "final", "rejected");
      Map<String, List<DeployState>> states = new LinkedHashMap<>();
      Obj s = e.object("states", false);
      if (s != null) {
        for (String id : s.fieldNames()) {
          JsonNode list = s.node.get(id);
          if (!list.isArray()) {
            throw new ScenarioException(s.path(id), "must be an array of states, was " + list);
          }
          List<DeployState> seq = new ArrayList<>();
          for (int i = 0; i < list.size(); i++) {
            seq.add(state(s.path(id) + "[" + i + "]", list.get(i)));
          }
          states.put(id, seq);
        }
      }
      Map<String, DeployState> finals = new LinkedHashMap<>();
      Obj f = e.object("final", false);
      if (f != null) {
        for (String id : f.fieldNames()) {
          finals.put(id, state(f.path(id), f.node.get(id)));
        }
      }
      List<ExpectedRejection> rejected = new ArrayList<>();
      for (Obj r : e.array("rejected", false)) {
        r.allow("at", "request", "action");
        Duration at = r.requiredDuration("at");
        notNegative(r, "at", at);
        String action = r.requiredString("action");
        if (!ACTIONS.contains(action)) {
          throw new ScenarioException(r.path("action"), "unknown action \"" + action + "\" (known: "
              + new TreeSet<>(ACTIONS) + ")");
        }
        rejected.add(new ExpectedRejection(at, r.string("request", firstRequest), action));
      }
      return new Expectations(states, finals, rejected);
    }

    private static DeployState state(String path, JsonNode value) {
      if (!value.isTextual()) {
        throw new ScenarioException(path, "must be a state name (a string), was " + value);
      }
      try {
        return DeployState.fromWireName(value.asText());
      } catch (IllegalArgumentException e) {
        throw new ScenarioException(path, "unknown state " + value, e);
      }
    }

    private static void ticksBounded(Duration pollInterval, Duration until) {
      if (pollInterval.isNegative() || pollInterval.isZero() || until.isNegative()) {
        return; // the Scenario's own checks name these
      }
      BigInteger ticks = BigInteger.valueOf(until.getSeconds()).multiply(BigInteger.valueOf(1_000_000_000L))
          .add(BigInteger.valueOf(until.getNano()))
          .divide(BigInteger.valueOf(pollInterval.getSeconds()).multiply(BigInteger.valueOf(1_000_000_000L))
              .add(BigInteger.valueOf(pollInterval.getNano())))
          .add(BigInteger.ONE);
      if (ticks.compareTo(BigInteger.valueOf(MAX_TICKS)) > 0) {
        throw new ScenarioException("pollInterval", "until \"" + until + "\" / pollInterval \"" + pollInterval
            + "\" makes " + ticks + " ticks, more than the " + MAX_TICKS
            + " a run may take (raise pollInterval or lower until)");
      }
    }

    private static void notNegative(Obj o, String field, Duration d) {
      if (d.isNegative()) {
        throw new ScenarioException(o.path(field), "must not be negative, was \"" + d + "\"");
      }
    }

    private static <T> T wrap(String prefix, java.util.function.Supplier<T> make) {
      try {
        return make.get();
      } catch (ScenarioException e) {
        throw e.under(prefix);
      } catch (IllegalArgumentException e) {
        String m = e.getMessage();
        int colon = m.indexOf(": ");
        if (colon > 0 && m.substring(0, colon).matches("[A-Za-z]+")) {
          throw new ScenarioException(prefix + "." + m.substring(0, colon), m.substring(colon + 2), e);
        }
        throw new ScenarioException(prefix, m, e);
      }
    }
  }

  /** A JSON object and its path, with typed, path-naming accessors. */
  private static final class Obj {
    final JsonNode node;
    final String path;

    Obj(JsonNode node, String path) {
      if (!node.isObject()) {
        throw new ScenarioException(path, "must be an object, was " + node);
      }
      this.node = node;
      this.path = path;
    }

    String path(String field) {
      return path.isEmpty() ? field : path + "." + field;
    }

    void allow(String... fields) {
      Set<String> known = Set.of(fields);
      for (String name : fieldNames()) {
        if (!known.contains(name)) {
          throw new ScenarioException(path(name), "unknown field (known here: " + String.join(", ", fields) + ")");
        }
      }
    }

    List<String> fieldNames() {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      return names;
    }

    boolean has(String field) {
      JsonNode v = node.get(field);
      return v != null && !v.isNull();
    }

    private JsonNode required(String field, String what) {
      if (!has(field)) {
        throw new ScenarioException(path(field), "missing (" + what + " required)");
      }
      return node.get(field);
    }

    String requiredString(String field) {
      JsonNode v = required(field, "a string");
      if (!v.isTextual()) {
        throw new ScenarioException(path(field), "must be a string, was " + v);
      }
      return v.asText();
    }

    @Nullable String string(String field, @Nullable String otherwise) {
      return has(field) ? requiredString(field) : otherwise;
    }

    Duration requiredDuration(String field) {
      JsonNode v = required(field, "an ISO-8601 duration");
      if (!v.isTextual()) {
        throw new ScenarioException(path(field), "must be an ISO-8601 duration such as \"PT5S\", was " + v);
      }
      Duration d;
      try {
        d = Duration.parse(v.asText());
      } catch (DateTimeParseException e) {
        throw new ScenarioException(path(field), "not an ISO-8601 duration such as \"PT5S\", was " + v, e);
      }
      if (d.abs().compareTo(MAX_DURATION) > 0) {
        throw new ScenarioException(path(field), "must be at most " + MAX_DURATION + " (100 years), was " + v);
      }
      return d;
    }

    @Nullable Duration duration(String field, @Nullable Duration otherwise) {
      return has(field) ? requiredDuration(field) : otherwise;
    }

    boolean requiredBool(String field) {
      JsonNode v = required(field, "true or false");
      if (!v.isBoolean()) {
        throw new ScenarioException(path(field), "must be true or false, was " + v);
      }
      return v.asBoolean();
    }

    boolean bool(String field, boolean otherwise) {
      return has(field) ? requiredBool(field) : otherwise;
    }

    int requiredInt(String field) {
      JsonNode v = required(field, "an integer");
      if (!v.isInt()) {
        throw new ScenarioException(path(field), "must be an integer, was " + v);
      }
      return v.asInt();
    }

    int integer(String field, int otherwise) {
      return has(field) ? requiredInt(field) : otherwise;
    }

    double requiredNumber(String field) {
      JsonNode v = required(field, "a number");
      if (!v.isNumber()) {
        throw new ScenarioException(path(field), "must be a number, was " + v);
      }
      return v.asDouble();
    }

    @Nullable Obj object(String field, boolean required) {
      if (!has(field)) {
        if (required) {
          throw new ScenarioException(path(field), "missing (an object required)");
        }
        return null;
      }
      return new Obj(node.get(field), path(field));
    }

    List<Obj> array(String field, boolean required) {
      if (!has(field)) {
        if (required) {
          throw new ScenarioException(path(field), "missing (an array required)");
        }
        return List.of();
      }
      JsonNode v = node.get(field);
      if (!v.isArray()) {
        throw new ScenarioException(path(field), "must be an array, was " + v);
      }
      List<Obj> items = new ArrayList<>();
      for (int i = 0; i < v.size(); i++) {
        items.add(new Obj(v.get(i), path(field) + "[" + i + "]"));
      }
      return items;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  /**
   * The scenario as a file's JSON text, every field written out (defaults included), so that
   * {@link #parse} gives the same scenario back.
   *
   * @param s the scenario, not null
   * @return indented JSON text
   */
  public static String write(Scenario s) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("name", s.name());
    root.put("pollInterval", s.pollInterval().toString());
    root.put("until", s.until().toString());
    ObjectNode topology = root.putObject("topology");
    s.topology().forEach((k, shards) -> shards.forEach(topology.putArray(k)::add));
    if (!s.vschemas().isEmpty()) {
      ObjectNode vschemas = root.putObject("vschemas");
      s.vschemas().forEach((k, text) -> vschemas.set(k, vschemaNode(text)));
    }
    ArrayNode requests = root.putArray("requests");
    for (Request r : s.requests()) {
      ObjectNode n = requests.addObject();
      n.put("id", r.id());
      n.put("createdAt", r.createdAt().toString());
      ArrayNode changes = n.putArray("changes");
      for (Change c : r.changes()) {
        changes.addObject().put("keyspace", c.keyspace()).put("sql", c.sql());
      }
      n.put("autoApply", r.options().autoApply());
      n.put("instant", r.options().instant());
      n.put("revertWindow", r.options().revertWindow().toString());
      n.put("requiresApproval", r.options().requiresApproval());
      n.put("holdQueueOnFailure", r.options().holdQueueOnFailure());
      if (!r.vschemas().isEmpty()) {
        ObjectNode vschemas = n.putObject("vschemas");
        r.vschemas().forEach(v -> vschemas.set(v.keyspace(), vschemaNode(v.vschema())));
      }
    }
    ObjectNode backend = root.putObject("backend");
    MigrationTimings d = s.backend().defaults();
    writeTimings(backend.putObject("defaults"), new TimingFields(d.startAfter(), d.readyAfter(), d.visibleAfter(),
        d.completeAfter(), d.cancelAfter(), d.revertAfter(), d.failAfter(),
        d.failMessage().isEmpty() ? null : d.failMessage(), d.revertFailAfter(), d.cutoverStuck()));
    if (!s.backend().vschemaAfter().isZero()) {
      ((ObjectNode) backend.get("defaults")).put("vschemaAfter", s.backend().vschemaAfter().toString());
    }
    ArrayNode migrations = backend.putArray("migrations");
    for (MigrationScript m : s.backend().migrations()) {
      ObjectNode n = migrations.addObject().put("request", m.request()).put("change", m.change());
      if (m.shard() != null) {
        n.put("shard", m.shard());
      }
      writeTimings(n, m.timings());
    }
    for (VSchemaScript v : s.backend().vschemaScripts()) {
      migrations.addObject().put("request", v.requestId()).put("keyspace", v.keyspace())
          .put("vschemaFailAfter", v.failAfter().toString()).put("kind", v.kind().wireName())
          .put("revert", v.revert());
    }
    ObjectNode analysis = backend.putObject("analysis");
    s.backend().analysis().forEach((id, a) -> {
      ObjectNode n = analysis.putObject(id);
      ObjectNode lint = n.putObject("lintErrors");
      a.lintErrors().forEach((i, message) -> lint.put(String.valueOf(i), message));
      a.instantEligible().forEach(n.putArray("instantEligible")::add);
    });
    ArrayNode rows = backend.putArray("rows");
    for (RowScript r : s.backend().rows()) {
      ObjectNode n = rows.addObject().put("at", r.at().toString()).put("request", r.request())
          .put("change", r.change());
      if (r.shard() != null) {
        n.put("shard", r.shard());
      }
      if (r.status() != null) {
        n.put("status", r.status());
      }
      n.put("readyToComplete", r.readyToComplete());
    }
    ArrayNode faults = backend.putArray("faults");
    for (FaultScript f : s.backend().faults()) {
      ObjectNode n = faults.addObject().put("at", f.at().toString()).put("operation", f.operation().wireName())
          .put("kind", f.kind().wireName()).put("times", f.times());
      if (f.request() != null) {
        n.put("request", f.request());
      }
      if (f.change() != null) {
        n.put("change", f.change());
      }
    }
    ArrayNode actions = root.putArray("actions");
    for (ScheduledAction a : s.actions()) {
      ObjectNode n = actions.addObject().put("at", a.at().toString()).put("request", a.request())
          .put("do", a.action().name());
      if (a.action() instanceof Action.Throttle t) {
        n.put("ratio", t.ratio());
        if (t.keyspace() != null) {
          n.put("keyspace", t.keyspace());
        }
      } else if (a.action() instanceof Action.Deploy deploy && deploy.instant() != null) {
        n.put("instant", deploy.instant());
      } else if (a.action() instanceof Action.SetAutoApply set) {
        n.put("on", set.on());
      }
    }
    ObjectNode expect = root.putObject("expect");
    ObjectNode states = expect.putObject("states");
    s.expect().states().forEach((id, list) -> {
      ArrayNode seq = states.putArray(id);
      list.forEach(st -> seq.add(st.wireName()));
    });
    ObjectNode finals = expect.putObject("final");
    s.expect().finalStates().forEach((id, st) -> finals.put(id, st.wireName()));
    ArrayNode rejected = expect.putArray("rejected");
    for (ExpectedRejection x : s.expect().rejected()) {
      rejected.addObject().put("at", x.at().toString()).put("request", x.request()).put("action", x.action());
    }
    try {
      return MAPPER.writeValueAsString(root) + System.lineSeparator();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write scenario: " + e.getMessage(), e);
    }
  }

  private static JsonNode vschemaNode(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("vschema: not JSON, though it was checked: " + e.getOriginalMessage(), e);
    }
  }

  private static void writeTimings(ObjectNode n, TimingFields t) {
    putDuration(n, "startAfter", t.startAfter());
    putDuration(n, "readyAfter", t.readyAfter());
    putDuration(n, "visibleAfter", t.visibleAfter());
    putDuration(n, "completeAfter", t.completeAfter());
    putDuration(n, "cancelAfter", t.cancelAfter());
    putDuration(n, "revertAfter", t.revertAfter());
    putDuration(n, "failAfter", t.failAfter());
    if (t.message() != null) {
      n.put("message", t.message());
    }
    putDuration(n, "revertFailAfter", t.revertFailAfter());
    if (t.cutoverStuck() != null) {
      n.put("cutoverStuck", t.cutoverStuck());
    }
  }

  private static void putDuration(ObjectNode n, String field, @Nullable Duration d) {
    if (d != null) {
      n.put(field, d.toString());
    }
  }
}
