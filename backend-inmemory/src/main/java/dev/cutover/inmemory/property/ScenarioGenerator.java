package dev.cutover.inmemory.property;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Makes valid random scenario files (format: {@code shared/spec/scenarios.md}) from a seed: the same
 * seed always gives the same file. A scenario has up to 3 keyspaces of up to 8 shards, up to 5
 * requests of up to 6 changes with random options, random migration timings, failures, forced rows
 * (unknown statuses, ready flapping, external cancellations), invisible rows, transient and
 * permanent faults, and user actions at random times, legal and illegal.
 *
 * <p>Every entry names its request explicitly, so a {@link Shrinker} can drop requests without
 * changing what the other entries mean.
 */
public final class ScenarioGenerator {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private static final String[] KEYSPACES = {"commerce", "customer", "inventory"};
  private static final String[] ACTIONS =
      {"approve", "deploy", "cancel", "apply", "setAutoApply", "throttle", "revert", "skipRevert"};
  private static final String[] FAULT_OPERATIONS = {"analyse", "submit", "read", "complete", "cancel", "revert",
      "throttle"};
  private static final String[] UNKNOWN_STATUSES = {"some_new_status", "waiting_for_lag", "postponed"};
  private static final double[] RATIOS = {0.0, 0.25, 0.5, 0.9, 0.95, 0.96, 1.5, -0.1};

  private final SplittableRandom random;
  private final long seed;

  private ScenarioGenerator(long seed) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
  }

  /** The scenario of {@code seed}, as a file's JSON tree. */
  public static ObjectNode generate(long seed) {
    return new ScenarioGenerator(seed).scenario();
  }

  /** Shard names of a keyspace with {@code n} shards, as Vitess names key ranges ("-" for one shard). */
  static List<String> shardNames(int n) {
    List<String> shards = new ArrayList<>();
    if (n == 1) {
      shards.add("-");
      return shards;
    }
    String previous = "";
    for (int i = 1; i <= n; i++) {
      String bound = i == n ? "" : String.format(Locale.ROOT, "%02x", i * 256 / n);
      shards.add(previous + "-" + bound);
      previous = bound;
    }
    return shards;
  }

  private record Req(String id, int createdAt, List<String> keyspaces, boolean autoApply, boolean instant,
      int revertWindow, boolean requiresApproval) {}

  private ObjectNode scenario() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("name", "property scenario of seed " + seed);
    int poll = pick(1, 2, 5, 5, 10, 10, 15, 30);
    root.put("pollInterval", secs(poll));

    ObjectNode topology = root.putObject("topology");
    int keyspaces = pick(1, 1, 2, 2, 3);
    List<String> names = new ArrayList<>();
    List<List<String>> shardsOf = new ArrayList<>();
    for (int k = 0; k < keyspaces; k++) {
      int n = chance(0.5) ? pick(1, 2, 2, 4, 8) : between(1, 8);
      List<String> shards = shardNames(n);
      ArrayNode arr = topology.putArray(KEYSPACES[k]);
      shards.forEach(arr::add);
      names.add(KEYSPACES[k]);
      shardsOf.add(shards);
    }

    ArrayNode requests = root.putArray("requests");
    List<Req> reqs = new ArrayList<>();
    int count = pick(1, 1, 2, 2, 3, 3, 4, 5);
    for (int i = 0; i < count; i++) {
      String id = "dr-" + (i + 1);
      int createdAt = i == 0 && chance(0.7) ? 0 : between(0, 180);
      int changes = chance(0.05) ? 0 : pick(1, 1, 1, 2, 2, 3, 4, 5, 6);
      List<String> changeKeyspaces = new ArrayList<>();
      ObjectNode r = requests.addObject();
      r.put("id", id);
      r.put("createdAt", secs(createdAt));
      ArrayNode cs = r.putArray("changes");
      for (int c = 0; c < changes; c++) {
        String ks = names.get(random.nextInt(names.size()));
        changeKeyspaces.add(ks);
        cs.addObject().put("keyspace", ks)
            .put("sql", "ALTER TABLE t" + (i + 1) + "_" + c + " ADD COLUMN c" + c + " INT");
      }
      boolean autoApply = chance(0.8);
      boolean instant = chance(0.1);
      int window = chance(0.05) ? 1800 : 60 * pick(1, 2, 3, 5, 10);
      boolean approval = chance(0.15);
      r.put("autoApply", autoApply);
      r.put("instant", instant);
      r.put("revertWindow", secs(window));
      r.put("requiresApproval", approval);
      reqs.add(new Req(id, createdAt, changeKeyspaces, autoApply, instant, window, approval));
    }

    ObjectNode backend = root.putObject("backend");
    ObjectNode defaults = backend.putObject("defaults");
    defaults.put("startAfter", secs(pick(0, 0, 1, 5, 20)));
    defaults.put("readyAfter", secs(chance(0.1) ? 0 : between(1, 240)));
    defaults.put("visibleAfter", secs(chance(0.8) ? 0 : between(1, 30)));
    defaults.put("completeAfter", secs(chance(0.4) ? 0 : between(1, 20)));
    defaults.put("cancelAfter", secs(chance(0.4) ? 0 : between(1, 20)));
    defaults.put("revertAfter", secs(between(0, 90)));

    ArrayNode migrations = backend.putArray("migrations");
    ObjectNode analysis = MAPPER.createObjectNode();
    ArrayNode rows = MAPPER.createArrayNode();
    for (Req r : reqs) {
      for (int c = 0; c < r.keyspaces.size(); c++) {
        List<String> shards = shardsOf.get(names.indexOf(r.keyspaces.get(c)));
        if (chance(0.3)) {
          ObjectNode m = migrations.addObject().put("request", r.id).put("change", c);
          maybeShard(m, shards);
          if (chance(0.7)) {
            m.put("readyAfter", secs(between(0, 300)));
          }
          if (chance(0.3)) {
            m.put("startAfter", secs(between(0, 30)));
          }
          if (chance(0.2)) {
            m.put("completeAfter", secs(between(0, 30)));
          }
          if (chance(0.25)) {
            m.put("visibleAfter", secs(between(1, 120))); // invisible rows
          }
        }
        if (chance(0.08)) {
          ObjectNode m = migrations.addObject().put("request", r.id).put("change", c);
          maybeShard(m, shards);
          m.put("failAfter", secs(between(0, 300)));
          m.put("message", "Duplicate entry 'x' for key 'uq'");
        }
        if (chance(0.05)) {
          ObjectNode m = migrations.addObject().put("request", r.id).put("change", c);
          maybeShard(m, shards);
          m.put("revertFailAfter", secs(between(0, 60)));
        }
      }
      ObjectNode a = MAPPER.createObjectNode();
      if (!r.keyspaces.isEmpty() && chance(0.05)) {
        a.putObject("lintErrors").put(Integer.toString(random.nextInt(r.keyspaces.size())), "syntax error near 'x'");
      }
      if (!r.keyspaces.isEmpty() && (r.instant || chance(0.1))) {
        ArrayNode eligible = a.putArray("instantEligible");
        boolean all = chance(0.8);
        for (int c = 0; c < r.keyspaces.size(); c++) {
          if (all || chance(0.5)) {
            eligible.add(c);
          }
        }
      }
      if (a.size() > 0) {
        analysis.set(r.id, a);
      }
      if (!r.keyspaces.isEmpty() && chance(0.12)) {
        forcedRows(rows, r, names, shardsOf);
      }
    }
    if (analysis.size() > 0) {
      backend.set("analysis", analysis);
    }
    if (!rows.isEmpty()) {
      backend.set("rows", rows);
    }
    if (chance(0.3)) {
      ArrayNode faults = backend.putArray("faults");
      int n = between(1, 3);
      for (int i = 0; i < n; i++) {
        ObjectNode f = faults.addObject();
        String op = FAULT_OPERATIONS[random.nextInt(FAULT_OPERATIONS.length)];
        f.put("at", secs(between(0, 400)));
        f.put("operation", op);
        f.put("kind", chance(0.75) ? "transient" : "permanent");
        f.put("times", between(1, 3));
        if (chance(0.5)) {
          Req r = reqs.get(random.nextInt(reqs.size()));
          f.put("request", r.id);
          if (!op.equals("analyse") && !r.keyspaces.isEmpty() && chance(0.4)) {
            f.put("change", random.nextInt(r.keyspaces.size()));
          }
        }
      }
    }

    ArrayNode actions = root.putArray("actions");
    int last = 0;
    for (Req r : reqs) {
      int deployAt = r.createdAt + poll * pick(0, 1, 1, 1, 2, 3);
      if (r.requiresApproval && chance(0.8)) {
        last = Math.max(last, action(actions, r.createdAt + poll * pick(0, 0, 1), r.id, "approve"));
      }
      if (chance(0.9)) {
        last = Math.max(last, action(actions, deployAt, r.id, "deploy"));
      }
      if (!r.autoApply && chance(0.7)) {
        int n = pick(1, 1, 2);
        for (int i = 0; i < n; i++) {
          last = Math.max(last, action(actions, deployAt + between(0, 600), r.id, "apply"));
        }
      }
      if (chance(0.2)) {
        last = Math.max(last, action(actions, deployAt + between(0, 900), r.id, "revert"));
      }
      if (chance(0.15)) {
        last = Math.max(last, action(actions, deployAt + between(0, 1200), r.id, "skipRevert"));
      }
      int extra = pick(0, 0, 0, 1, 1, 2, 3);
      for (int i = 0; i < extra; i++) {
        String what = ACTIONS[random.nextInt(ACTIONS.length)];
        last = Math.max(last, action(actions, r.createdAt + between(0, 900), r.id, what));
      }
    }
    sortByTime(actions);

    int maxWindow = reqs.stream().mapToInt(Req::revertWindow).max().orElse(0);
    int created = reqs.stream().mapToInt(Req::createdAt).max().orElse(0);
    int until = Math.max(last, created) + 600 + Math.min(maxWindow, 600);
    root.put("until", secs(until - until % poll));
    return root;
  }

  private void forcedRows(ArrayNode rows, Req r, List<String> names,
      List<List<String>> shardsOf) {
    int groups = between(1, 3);
    for (int g = 0; g < groups; g++) {
      int change = random.nextInt(r.keyspaces.size());
      List<String> changeShards = shardsOf.get(names.indexOf(r.keyspaces.get(change)));
      String shard = chance(0.6) ? changeShards.get(random.nextInt(changeShards.size())) : null;
      int at = r.createdAt + between(0, 400);
      double kind = random.nextDouble();
      if (kind < 0.4) { // an unknown status for a while
        row(rows, at, r.id, change, shard).put("status", UNKNOWN_STATUSES[random.nextInt(UNKNOWN_STATUSES.length)])
            .put("readyToComplete", chance(0.5));
        row(rows, at + between(1, 300), r.id, change, shard);
      } else if (kind < 0.85) { // ready_to_complete flapping
        int flips = between(2, 5);
        int t = at;
        boolean ready = chance(0.5);
        for (int i = 0; i < flips; i++) {
          row(rows, t, r.id, change, shard).put("status", "running").put("readyToComplete", ready);
          ready = !ready;
          t += between(1, 60);
        }
        row(rows, t, r.id, change, shard);
      } else { // cancelled or failed outside this request, for good
        row(rows, at, r.id, change, shard).put("status", chance(0.6) ? "cancelled" : "failed")
            .put("readyToComplete", chance(0.2));
      }
    }
    sortByTime(rows);
  }

  private static ObjectNode row(ArrayNode rows, int at, String request, int change, String shard) {
    ObjectNode n = rows.addObject().put("at", secs(at)).put("request", request).put("change", change);
    if (shard != null) {
      n.put("shard", shard);
    }
    return n;
  }

  private int action(ArrayNode actions, int at, String request, String what) {
    ObjectNode a = actions.addObject().put("at", secs(at)).put("request", request).put("do", what);
    if (what.equals("throttle")) {
      a.put("ratio", RATIOS[random.nextInt(RATIOS.length)]);
    } else if (what.equals("setAutoApply")) {
      a.put("on", chance(0.5));
    }
    return at;
  }

  private void maybeShard(ObjectNode m, List<String> shards) {
    if (chance(0.5)) {
      m.put("shard", shards.get(random.nextInt(shards.size())));
    }
  }

  /** Sorts entries with an "at" by time, keeping the order of ties (the order of a file is meaningful). */
  static void sortByTime(ArrayNode array) {
    List<ObjectNode> items = new ArrayList<>();
    array.forEach(n -> items.add((ObjectNode) n));
    items.sort((a, b) -> Duration.parse(a.get("at").asText()).compareTo(Duration.parse(b.get("at").asText())));
    array.removeAll();
    items.forEach(array::add);
  }

  static String secs(long seconds) {
    return Duration.ofSeconds(seconds).toString();
  }

  private boolean chance(double p) {
    return random.nextDouble() < p;
  }

  private int between(int lo, int hi) {
    return lo + random.nextInt(hi - lo + 1);
  }

  private int pick(int... values) {
    return values[random.nextInt(values.length)];
  }
}
