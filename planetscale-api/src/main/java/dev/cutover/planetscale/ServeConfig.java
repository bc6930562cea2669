package dev.cutover.planetscale;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.FailureKind;
import dev.cutover.core.Nullable;
import dev.cutover.inmemory.BackendOperation;
import dev.cutover.inmemory.Fault;
import dev.cutover.inmemory.ForcedRow;
import dev.cutover.inmemory.InMemoryBackend;
import dev.cutover.inmemory.MigrationTimings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The configuration of {@code bin/cutover serve}: a JSON file with the scenario format's
 * {@code topology} and {@code backend} blocks (shared/spec/scenarios.md; {@code request} in a
 * {@code backend} entry names a core id {@code ORG/DB/N}), plus {@code databases} (the
 * {@code org/db} names that exist; absent means any is created on first use), {@code revertWindow}
 * (of the requests created through the API), {@code pollInterval} (between driver ticks),
 * {@code limits} (of one HTTP request) and {@code tokens} (service tokens, their secrets read from
 * an environment variable or a file, each limited to organizations and databases). Every value is
 * checked when the file is read, so a bad one stops {@code serve} at start (exit 2) naming the field.
 *
 * @param topology keyspaces and their shards of the in-memory backend
 * @param backend what the in-memory backend is told before it is built; times of {@code rows} and
 *     {@code faults} count from the server's start
 * @param databases the {@code org/db} names that exist, or empty for any
 * @param revertWindow the revert window of requests created through the API
 * @param pollInterval the time between driver ticks
 * @param limits the bounds on one HTTP request
 * @param tokens the service tokens the server accepts (besides {@code --token})
 */
public record ServeConfig(Map<String, List<String>> topology, List<BackendSetting> backend, Set<String> databases,
    Duration revertWindow, Duration pollInterval, PlanetScaleServer.Limits limits, List<ServeToken> tokens) {

  /** Keyspace {@code commerce} with shards {@code -80} and {@code 80-}, and the unsharded {@code customer}. */
  public static final Map<String, List<String>> DEFAULT_TOPOLOGY;

  static {
    Map<String, List<String>> t = new LinkedHashMap<>();
    t.put("commerce", List.of("-80", "80-"));
    t.put("customer", List.of("-"));
    DEFAULT_TOPOLOGY = java.util.Collections.unmodifiableMap(t);
  }

  /** One second between ticks. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  /** The shortest poll interval: 10 ms (a shorter one only spins the driver). */
  public static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(10);

  /** The longest poll interval: one hour (the driver must notice a migration's end within it). */
  public static final Duration MAX_POLL_INTERVAL = Duration.ofHours(1);

  /** The largest configuration file read: 1 MiB (only that much is read, so {@code /dev/zero} is refused). */
  public static final int MAX_FILE_BYTES = 1 << 20;

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * Checks the fields and copies the collections; {@link #parse} and {@link #read} make these from a
   * file.
   *
   * @param topology not null; copied, keeping its order. The shards are checked when the backend is
   *     built ({@link #inMemoryBackend})
   * @param backend not null, no null element; copied, kept in order
   * @param databases not null, each {@code ORG/DB} with neither part blank; copied, kept in order
   * @param revertWindow not null, positive, at most {@link DeployOptions#MAX_REVERT_WINDOW}
   * @param pollInterval not null, within [{@link #MIN_POLL_INTERVAL}, {@link #MAX_POLL_INTERVAL}]
   * @param limits not null
   * @param tokens not null, no null element, no id twice; copied
   * @throws NullPointerException if a field or an element is null
   * @throws IllegalArgumentException naming the field, if a duration is out of its range, a database name
   *     is not {@code ORG/DB} or a token id is repeated
   */
  public ServeConfig {
    Map<String, List<String>> topo = new LinkedHashMap<>();
    Objects.requireNonNull(topology, "topology").forEach((k, v) -> topo.put(k, List.copyOf(v)));
    topology = java.util.Collections.unmodifiableMap(topo);
    backend = List.copyOf(backend);
    databases = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(databases));
    checkRevertWindow("revertWindow", revertWindow);
    checkPollInterval("pollInterval", pollInterval);
    Objects.requireNonNull(limits, "limits");
    tokens = List.copyOf(tokens);
    Set<String> ids = new LinkedHashSet<>();
    for (ServeToken t : tokens) {
      if (!ids.add(t.id())) {
        throw new IllegalArgumentException("tokens: the id '" + t.id() + "' is given twice");
      }
    }
    for (String db : databases) {
      checkDatabase("databases", db);
    }
  }

  private static void checkRevertWindow(String field, Duration revertWindow) {
    Objects.requireNonNull(revertWindow, field);
    if (revertWindow.isZero() || revertWindow.isNegative()
        || revertWindow.compareTo(DeployOptions.MAX_REVERT_WINDOW) > 0) {
      throw new IllegalArgumentException(field + ": must be positive and at most "
          + DeployOptions.MAX_REVERT_WINDOW + " (7 days), was " + revertWindow);
    }
  }

  private static void checkPollInterval(String field, Duration pollInterval) {
    Objects.requireNonNull(pollInterval, field);
    if (pollInterval.compareTo(MIN_POLL_INTERVAL) < 0 || pollInterval.compareTo(MAX_POLL_INTERVAL) > 0) {
      throw new IllegalArgumentException(field + ": must be within [" + MIN_POLL_INTERVAL + ", " + MAX_POLL_INTERVAL
          + "], was " + pollInterval);
    }
  }

  private static void checkDatabase(String field, String db) {
    String[] parts = db.split("/", -1);
    if (parts.length != 2 || !Names.valid(parts[0]) || !Names.valid(parts[1])) {
      throw new IllegalArgumentException(field + ": must be an \"org/db\" name (" + Names.rule() + "), was \""
          + ApiText.cap(db) + "\"");
    }
  }

  /**
   * The defaults: {@link #DEFAULT_TOPOLOGY}, the scenario files' migration timings, any database, 30 minutes, 1 s.
   *
   * @return a new configuration with no backend setting
   */
  public static ServeConfig ofDefaults() {
    return new ServeConfig(DEFAULT_TOPOLOGY, List.of(), Set.of(), DeployOptions.DEFAULT_REVERT_WINDOW,
        DEFAULT_POLL_INTERVAL, PlanetScaleServer.Limits.ofDefaults(), List.of());
  }

  /** A setting of the in-memory backend's builder, given the server's start time. */
  @FunctionalInterface
  public interface BackendSetting {
    /**
     * Applies the setting.
     *
     * @param builder the backend's builder, its topology already set
     * @param origin the server's start: the instant a setting's times count from
     */
    void applyTo(InMemoryBackend.Builder builder, Instant origin);
  }

  /**
   * An in-memory backend on {@code clock} with this topology and these settings, times counted from now.
   *
   * @param clock the clock the backend reads (the server's), not null; its instant now is the origin
   *     of the settings' times
   * @return a new backend
   * @throws IllegalArgumentException if the topology has a keyspace with no shard, or a blank or
   *     repeated one
   */
  public InMemoryBackend inMemoryBackend(Clock clock) {
    // A seed of its own per start: handles never repeat across restarts over one store (issue 22, item 7).
    InMemoryBackend.Builder b = InMemoryBackend.builder().handleSeed(new java.security.SecureRandom().nextLong());
    topology.forEach(b::keyspace);
    Instant origin = clock.instant();
    backend.forEach(s -> s.applyTo(b, origin));
    return b.clock(clock).build();
  }

  /**
   * Reads a configuration file.
   *
   * @param file a UTF-8 JSON file of at most {@link #MAX_FILE_BYTES}, not null
   * @return the configuration, with the defaults for the fields it leaves out
   * @throws IllegalArgumentException naming the field (as the file spells it) and the value
   */
  public static ServeConfig read(Path file) {
    return parse(readText("config", file, MAX_FILE_BYTES), System::getenv);
  }

  /** A UTF-8 file of at most {@code max} bytes; only one byte more is read, whatever the file is. */
  private static String readText(String field, Path file, int max) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(max + 1);
      if (bytes.length > max) {
        throw new IllegalArgumentException(field + ": " + file + " is larger than " + max + " bytes, the most it may"
            + " hold");
      }
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(field + ": " + file + " is not UTF-8 text", e);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(field + ": no such file: " + file, e);
    } catch (IOException e) {
      throw new IllegalArgumentException(field + ": cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses a configuration.
   *
   * @param json the text of a configuration file, not null
   * @return the configuration, with the defaults for the fields it leaves out
   * @throws IllegalArgumentException naming the field and the value
   */
  public static ServeConfig parse(String json) {
    return parse(json, System::getenv);
  }

  /**
   * Parses a configuration, reading the tokens' {@code secretEnv} from {@code env}.
   *
   * @param json the text of a configuration file, not null
   * @param env the environment: a variable's value, or null if unset; not null
   * @return the configuration, with the defaults for the fields it leaves out
   * @throws IllegalArgumentException naming the field and the value
   */
  public static ServeConfig parse(String json, java.util.function.Function<String, String> env) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("config: not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("config: must be a JSON object, was " + root);
    }
    Node r = new Node(root, "");
    r.allow("name", "topology", "backend", "databases", "revertWindow", "pollInterval", "limits", "tokens");
    Map<String, List<String>> topology = DEFAULT_TOPOLOGY;
    if (r.has("topology")) {
      topology = topology(r.object("topology"));
    }
    List<BackendSetting> backend = r.has("backend") ? backend(r.object("backend")) : List.of();
    Set<String> databases = new LinkedHashSet<>();
    if (r.has("databases")) {
      JsonNode d = r.node.get("databases");
      if (!d.isArray()) {
        throw new IllegalArgumentException("databases: must be an array of \"org/db\" names, was " + d);
      }
      for (int i = 0; i < d.size(); i++) {
        if (!d.get(i).isTextual()) {
          throw new IllegalArgumentException("databases[" + i + "]: must be an \"org/db\" name, was " + d.get(i));
        }
        String name = d.get(i).asText();
        checkDatabase("databases[" + i + "]", name);
        databases.add(name);
      }
    }
    Duration revertWindow = r.duration("revertWindow", DeployOptions.DEFAULT_REVERT_WINDOW);
    checkRevertWindow("revertWindow", revertWindow);
    Duration pollInterval = r.duration("pollInterval", DEFAULT_POLL_INTERVAL);
    checkPollInterval("pollInterval", pollInterval);
    PlanetScaleServer.Limits limits = r.has("limits") ? limits(r.object("limits")) : PlanetScaleServer.Limits.ofDefaults();
    List<ServeToken> tokens = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    for (Node t : r.array("tokens")) {
      ServeToken token = token(t, env);
      if (!ids.add(token.id())) {
        throw new IllegalArgumentException(t.path("id") + ": the id '" + token.id() + "' is given twice");
      }
      tokens.add(token);
    }
    return new ServeConfig(topology, backend, databases, revertWindow, pollInterval, limits, tokens);
  }

  private static PlanetScaleServer.Limits limits(Node l) {
    l.allow("maxHeaderBytes", "maxBodyBytes", "readTimeout", "idleTimeout", "maxConnections");
    PlanetScaleServer.Limits d = PlanetScaleServer.Limits.ofDefaults();
    int headers = l.has("maxHeaderBytes") ? l.requiredIndex("maxHeaderBytes") : d.maxHeaderBytes();
    int body = l.has("maxBodyBytes") ? l.requiredIndex("maxBodyBytes") : (int) d.maxBodyBytes();
    int connections = l.has("maxConnections") ? l.requiredIndex("maxConnections") : d.maxConnections();
    Duration read = l.duration("readTimeout", d.readTimeout());
    Duration idle = l.duration("idleTimeout", d.idleTimeout());
    if (headers < 1024 || headers > 1 << 20) {
      throw new IllegalArgumentException(l.path("maxHeaderBytes") + ": must be within [1024, 1048576], was " + headers);
    }
    if (body < 1024 || body > 64 << 20) {
      throw new IllegalArgumentException(l.path("maxBodyBytes") + ": must be within [1024, 67108864], was " + body);
    }
    if (connections < 4 || connections > 4096) {
      throw new IllegalArgumentException(l.path("maxConnections") + ": must be within [4, 4096], was " + connections);
    }
    for (Map.Entry<String, Duration> e : Map.of("readTimeout", read, "idleTimeout", idle).entrySet()) {
      if (e.getValue().compareTo(Duration.ofMillis(100)) < 0 || e.getValue().compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException(l.path(e.getKey()) + ": must be within [PT0.1S, PT10M], was "
            + e.getValue());
      }
    }
    return new PlanetScaleServer.Limits(headers, body, read, idle, connections);
  }

  private static ServeToken token(Node t, java.util.function.Function<String, String> env) {
    t.allow("id", "secretEnv", "secretFile", "organizations", "databases");
    String id = t.requiredString("id");
    String fromEnv = t.string("secretEnv", null);
    String fromFile = t.string("secretFile", null);
    if ((fromEnv == null) == (fromFile == null)) {
      throw new IllegalArgumentException(t.path("secretEnv") + ": give exactly one of secretEnv (an environment"
          + " variable's name) and secretFile (a file's path); a secret is never written in the configuration");
    }
    String secret;
    if (fromEnv != null) {
      secret = env.apply(fromEnv);
      if (secret == null || secret.isBlank()) {
        throw new IllegalArgumentException(t.path("secretEnv") + ": the environment variable " + fromEnv
            + " is not set");
      }
    } else {
      secret = readText(t.path("secretFile"), Path.of(fromFile), 4096).strip();
    }
    Set<String> orgs = new LinkedHashSet<>(t.strings("organizations"));
    Set<String> dbs = new LinkedHashSet<>(t.strings("databases"));
    for (String org : orgs) {
      if (!Names.valid(org)) {
        throw new IllegalArgumentException(t.path("organizations") + ": " + Names.rule() + ", was \""
            + ApiText.cap(org) + "\"");
      }
    }
    for (String db : dbs) {
      checkDatabase(t.path("databases"), db);
    }
    try {
      return new ServeToken(id, secret, orgs, dbs);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(t.path("id") + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, List<String>> topology(Node t) {
    Map<String, List<String>> topology = new LinkedHashMap<>();
    for (Iterator<String> it = t.node.fieldNames(); it.hasNext(); ) {
      String keyspace = it.next();
      JsonNode shards = t.node.get(keyspace);
      String path = t.path(keyspace);
      if (!shards.isArray() || shards.isEmpty()) {
        throw new IllegalArgumentException(path + ": must be a non-empty array of shard names, was " + shards);
      }
      List<String> list = new ArrayList<>();
      for (int i = 0; i < shards.size(); i++) {
        if (!shards.get(i).isTextual() || shards.get(i).asText().isBlank() || list.contains(shards.get(i).asText())) {
          throw new IllegalArgumentException(path + "[" + i + "]: must be a new shard name, was " + shards.get(i));
        }
        list.add(shards.get(i).asText());
      }
      topology.put(keyspace, list);
    }
    if (topology.isEmpty()) {
      throw new IllegalArgumentException("topology: must name at least one keyspace, was {}");
    }
    return topology;
  }

  private static final String[] TIMING_FIELDS = {"startAfter", "readyAfter", "visibleAfter", "completeAfter",
      "cancelAfter", "revertAfter", "failAfter", "message", "revertFailAfter", "cutoverStuck"};

  private static List<BackendSetting> backend(Node b) {
    b.allow("defaults", "migrations", "analysis", "rows", "faults");
    List<BackendSetting> settings = new ArrayList<>();
    if (b.has("defaults")) {
      Node d = b.object("defaults");
      d.allow(TIMING_FIELDS);
      Consumer<MigrationTimings.Builder> edit = timings(d);
      MigrationTimings.Builder check = MigrationTimings.custom();
      edit.accept(check);
      MigrationTimings defaults = check.build();
      settings.add((builder, origin) -> builder.defaults(defaults));
    }
    List<Node> migrations = b.array("migrations");
    for (Node m : migrations) {
      List<String> allowed = new ArrayList<>(List.of("request", "change", "shard"));
      allowed.addAll(List.of(TIMING_FIELDS));
      m.allow(allowed.toArray(new String[0]));
      String request = m.requiredString("request");
      int change = m.requiredIndex("change");
      String shard = m.string("shard", null);
      Consumer<MigrationTimings.Builder> edit = timings(m);
      edit.accept(MigrationTimings.custom()); // checks the values at once
      settings.add((builder, origin) -> builder.migration(request, change, shard, t -> {
        edit.accept(t);
        return t;
      }));
    }
    if (b.has("analysis")) {
      Node an = b.object("analysis");
      for (Iterator<String> it = an.node.fieldNames(); it.hasNext(); ) {
        String id = it.next();
        Node a = an.object(id);
        a.allow("lintErrors", "instantEligible");
        Map<Integer, String> lint = new LinkedHashMap<>();
        if (a.has("lintErrors")) {
          Node l = a.object("lintErrors");
          for (Iterator<String> keys = l.node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            int index;
            try {
              index = Integer.parseInt(key);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException(l.path(key) + ": the key must be a change index, was \"" + key + "\"");
            }
            lint.put(index, l.requiredString(key));
          }
        }
        List<Integer> eligible = new ArrayList<>();
        if (a.has("instantEligible")) {
          JsonNode e = a.node.get("instantEligible");
          if (!e.isArray()) {
            throw new IllegalArgumentException(a.path("instantEligible") + ": must be an array of change indexes, was "
                + e);
          }
          for (int i = 0; i < e.size(); i++) {
            if (!e.get(i).isInt() || e.get(i).asInt() < 0) {
              throw new IllegalArgumentException(a.path("instantEligible") + "[" + i + "]: must be a change index, was "
                  + e.get(i));
            }
            eligible.add(e.get(i).asInt());
          }
        }
        settings.add((builder, origin) -> {
          lint.forEach((change, message) -> builder.lintError(id, change, message));
          builder.instantEligible(id, eligible.stream().mapToInt(Integer::intValue).toArray());
        });
      }
    }
    for (Node row : b.array("rows")) {
      row.allow("at", "request", "change", "shard", "status", "readyToComplete");
      Duration at = row.duration("at", Duration.ZERO);
      String request = row.requiredString("request");
      int change = row.requiredIndex("change");
      String shard = row.string("shard", null);
      String status = row.string("status", null);
      boolean ready = row.bool("readyToComplete", false);
      settings.add((builder, origin) -> builder.forceRow(new ForcedRow(origin.plus(at), request, change, shard, status,
          ready)));
    }
    for (Node f : b.array("faults")) {
      f.allow("at", "operation", "kind", "times", "request", "change");
      Duration at = f.duration("at", Duration.ZERO);
      String op = f.requiredString("operation");
      BackendOperation operation = BackendOperation.fromWireName(op).filter(BackendOperation::inScenarioFiles)
          .orElseThrow(() -> new IllegalArgumentException(f.path("operation") + ": unknown operation \"" + op + "\""));
      String k = f.string("kind", "transient");
      FailureKind kind = switch (k) {
        case "transient" -> FailureKind.TRANSIENT;
        case "permanent" -> FailureKind.PERMANENT;
        default -> throw new IllegalArgumentException(f.path("kind") + ": unknown kind \"" + k
            + "\" (known: transient, permanent)");
      };
      int times = f.has("times") ? f.requiredIndex("times") : 1;
      if (times < 1) {
        throw new IllegalArgumentException(f.path("times") + ": must be at least 1, was " + times);
      }
      String request = f.string("request", null);
      Integer change = f.has("change") ? f.requiredIndex("change") : null;
      settings.add((builder, origin) -> builder.fault(new Fault(operation, kind, origin.plus(at), times, request,
          change)));
    }
    return settings;
  }

  private static Consumer<MigrationTimings.Builder> timings(Node o) {
    List<Consumer<MigrationTimings.Builder>> edits = new ArrayList<>();
    Duration startAfter = o.duration("startAfter", null);
    Duration readyAfter = o.duration("readyAfter", null);
    Duration visibleAfter = o.duration("visibleAfter", null);
    Duration completeAfter = o.duration("completeAfter", null);
    Duration cancelAfter = o.duration("cancelAfter", null);
    Duration revertAfter = o.duration("revertAfter", null);
    Duration failAfter = o.duration("failAfter", null);
    String message = o.string("message", null);
    Duration revertFailAfter = o.duration("revertFailAfter", null);
    Boolean cutoverStuck = o.has("cutoverStuck") ? o.bool("cutoverStuck", false) : null;
    if (cutoverStuck != null) {
      edits.add(t -> t.cutoverStuck(cutoverStuck));
    }
    if (startAfter != null) {
      edits.add(t -> t.startAfter(startAfter));
    }
    if (readyAfter != null) {
      edits.add(t -> t.readyAfter(readyAfter));
    }
    if (visibleAfter != null) {
      edits.add(t -> t.visibleAfter(visibleAfter));
    }
    if (completeAfter != null) {
      edits.add(t -> t.completeAfter(completeAfter));
    }
    if (cancelAfter != null) {
      edits.add(t -> t.cancelAfter(cancelAfter));
    }
    if (revertAfter != null) {
      edits.add(t -> t.revertAfter(revertAfter));
    }
    if (failAfter != null) {
      edits.add(t -> t.failAfter(failAfter));
    }
    if (message != null) {
      edits.add(t -> t.failMessage(message));
    }
    if (revertFailAfter != null) {
      edits.add(t -> t.revertFailAfter(revertFailAfter));
    }
    String where = o.path;
    return t -> {
      try {
        edits.forEach(e -> e.accept(t));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException((where.isEmpty() ? "" : where + ".") + e.getMessage(), e);
      }
    };
  }

  /** A JSON object and where it is in the file. */
  private static final class Node {
    final JsonNode node;
    final String path;

    Node(JsonNode node, String path) {
      this.node = node;
      this.path = path;
    }

    String path(String field) {
      return path.isEmpty() ? field : path + "." + field;
    }

    boolean has(String field) {
      return node.has(field) && !node.get(field).isNull();
    }

    void allow(String... fields) {
      Set<String> known = Set.of(fields);
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!known.contains(f)) {
          throw new IllegalArgumentException(path(f) + ": unknown field (known: " + String.join(", ", fields) + ")");
        }
      }
    }

    Node object(String field) {
      JsonNode n = node.get(field);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException(path(field) + ": must be an object, was " + n);
      }
      return new Node(n, path(field));
    }

    List<Node> array(String field) {
      List<Node> list = new ArrayList<>();
      if (!has(field)) {
        return list;
      }
      JsonNode n = node.get(field);
      if (!n.isArray()) {
        throw new IllegalArgumentException(path(field) + ": must be an array, was " + n);
      }
      for (int i = 0; i < n.size(); i++) {
        String p = path(field) + "[" + i + "]";
        if (!n.get(i).isObject()) {
          throw new IllegalArgumentException(p + ": must be an object, was " + n.get(i));
        }
        list.add(new Node(n.get(i), p));
      }
      return list;
    }

    List<String> strings(String field) {
      List<String> list = new ArrayList<>();
      if (!has(field)) {
        return list;
      }
      JsonNode n = node.get(field);
      if (!n.isArray()) {
        throw new IllegalArgumentException(path(field) + ": must be an array of strings, was " + n);
      }
      for (int i = 0; i < n.size(); i++) {
        if (!n.get(i).isTextual()) {
          throw new IllegalArgumentException(path(field) + "[" + i + "]: must be a string, was " + n.get(i));
        }
        list.add(n.get(i).asText());
      }
      return list;
    }

    String requiredString(String field) {
      String s = string(field, null);
      if (s == null) {
        throw new IllegalArgumentException(path(field) + ": required");
      }
      return s;
    }

    @Nullable String string(String field, @Nullable String fallback) {
      if (!has(field)) {
        return fallback;
      }
      JsonNode n = node.get(field);
      if (!n.isTextual()) {
        throw new IllegalArgumentException(path(field) + ": must be a string, was " + n);
      }
      return n.asText();
    }

    int requiredIndex(String field) {
      JsonNode n = node.get(field);
      if (n == null || !n.isInt() || n.asInt() < 0) {
        throw new IllegalArgumentException(path(field) + ": must be a non-negative integer, was " + n);
      }
      return n.asInt();
    }

    boolean bool(String field, boolean fallback) {
      if (!has(field)) {
        return fallback;
      }
      JsonNode n = node.get(field);
      if (!n.isBoolean()) {
        throw new IllegalArgumentException(path(field) + ": must be true or false, was " + n);
      }
      return n.asBoolean();
    }

    @Nullable Duration duration(String field, @Nullable Duration fallback) {
      if (!has(field)) {
        return fallback;
      }
      JsonNode n = node.get(field);
      if (!n.isTextual()) {
        throw new IllegalArgumentException(path(field) + ": must be an ISO-8601 duration such as \"PT30S\", was " + n);
      }
      try {
        Duration d = Duration.parse(n.asText());
        if (d.isNegative()) {
          throw new IllegalArgumentException(path(field) + ": must not be negative, was " + n);
        }
        return d;
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(path(field) + ": must be an ISO-8601 duration such as \"PT30S\", was " + n,
            e);
      }
    }
  }
}
