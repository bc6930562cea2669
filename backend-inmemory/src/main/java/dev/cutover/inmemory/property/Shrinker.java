package dev.cutover.inmemory.property;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Makes a failing scenario smaller while it still fails: drops requests, changes, actions, faults,
 * forced rows, migration scripts, keyspaces and shards, and shortens durations, greedily, until no
 * single step keeps the failure (or the budget runs out). Works on the file's JSON tree, so what it
 * returns is a scenario file as a person would write it.
 */
public final class Shrinker {

  private static final List<String> DURATION_FIELDS = List.of("at", "createdAt", "startAfter", "readyAfter",
      "visibleAfter", "completeAfter", "cancelAfter", "revertAfter", "failAfter", "revertFailAfter", "revertWindow");

  private final Predicate<ObjectNode> fails;
  private final int maxAttempts;
  private final long deadlineNanos;
  private int attempts;
  private int accepted;

  private Shrinker(Predicate<ObjectNode> fails, int maxAttempts, Duration budget) {
    this.fails = fails;
    this.maxAttempts = maxAttempts;
    this.deadlineNanos = System.nanoTime() + budget.toNanos();
  }

  /** What shrinking gave. */
  public record Result(ObjectNode scenario, int attempts, int steps) {}

  /**
   * Shrinks {@code failing}, which must fail {@code fails}, within {@code maxAttempts} runs and
   * {@code budget} of wall time.
   */
  public static Result shrink(ObjectNode failing, Predicate<ObjectNode> fails, int maxAttempts, Duration budget) {
    Shrinker s = new Shrinker(fails, maxAttempts, budget);
    ObjectNode current = failing.deepCopy();
    boolean progress = true;
    while (progress && s.hasBudget()) {
      progress = false;
      for (ObjectNode candidate : s.candidates(current)) {
        if (!s.hasBudget()) {
          break;
        }
        if (candidate.equals(current)) {
          continue;
        }
        if (s.tryCandidate(candidate)) {
          current = candidate;
          progress = true;
          break;
        }
      }
    }
    return new Result(current, s.attempts, s.accepted);
  }

  private boolean hasBudget() {
    return attempts < maxAttempts && System.nanoTime() < deadlineNanos;
  }

  private boolean tryCandidate(ObjectNode candidate) {
    attempts++;
    boolean failing;
    try {
      failing = fails.test(candidate);
    } catch (RuntimeException invalid) {
      failing = false; // an invalid scenario (a dangling reference) is not a smaller failure
    }
    if (failing) {
      accepted++;
    }
    return failing;
  }

  /** Every one-step simplification of {@code s}, the coarsest first. */
  private List<ObjectNode> candidates(ObjectNode s) {
    List<ObjectNode> out = new ArrayList<>();
    ArrayNode requests = (ArrayNode) s.get("requests");
    for (int i = requests.size() - 1; i >= 0 && requests.size() > 1; i--) {
      out.add(removeRequest(s, requests.get(i).get("id").asText()));
    }
    for (String array : List.of("actions")) {
      addRemovals(out, s, array);
    }
    ObjectNode backend = (ObjectNode) s.get("backend");
    if (backend != null) {
      for (String array : List.of("faults", "rows", "migrations")) {
        if (backend.has(array)) {
          ObjectNode c = s.deepCopy();
          ((ObjectNode) c.get("backend")).remove(array);
          out.add(c);
          for (int i = backend.get(array).size() - 1; i >= 0; i--) {
            ObjectNode d = s.deepCopy();
            ((ArrayNode) d.get("backend").get(array)).remove(i);
            out.add(d);
          }
        }
      }
      if (backend.has("analysis")) {
        Iterator<String> ids = backend.get("analysis").fieldNames();
        while (ids.hasNext()) {
          String id = ids.next();
          ObjectNode d = s.deepCopy();
          ((ObjectNode) d.get("backend").get("analysis")).remove(id);
          out.add(d);
        }
      }
    }
    for (int i = 0; i < requests.size(); i++) {
      int changes = requests.get(i).get("changes").size();
      for (int c = changes - 1; c >= 0; c--) {
        out.add(removeChange(s, i, c));
      }
    }
    ObjectNode topology = (ObjectNode) s.get("topology");
    List<String> keyspaces = new ArrayList<>();
    topology.fieldNames().forEachRemaining(keyspaces::add);
    for (String ks : keyspaces) {
      if (keyspaces.size() > 1) {
        ObjectNode c = s.deepCopy();
        String other = keyspaces.get(0).equals(ks) ? keyspaces.get(1) : keyspaces.get(0);
        moveChanges(c, ks, other);
        ((ObjectNode) c.get("topology")).remove(ks);
        out.add(c);
      }
      ArrayNode shards = (ArrayNode) topology.get(ks);
      for (int i = shards.size() - 1; i >= 0 && shards.size() > 1; i--) {
        out.add(removeShard(s, ks, shards.get(i).asText()));
      }
    }
    out.add(withoutOptions(s));
    shortenDurations(s, s, out, new ArrayList<>());
    return out;
  }

  private static void addRemovals(List<ObjectNode> out, ObjectNode s, String array) {
    JsonNode items = s.get(array);
    if (items == null) {
      return;
    }
    for (int i = items.size() - 1; i >= 0; i--) {
      ObjectNode c = s.deepCopy();
      ((ArrayNode) c.get(array)).remove(i);
      out.add(c);
    }
  }

  private static ObjectNode removeRequest(ObjectNode s, String id) {
    ObjectNode c = s.deepCopy();
    removeWhere((ArrayNode) c.get("requests"), n -> n.path("id").asText().equals(id));
    removeWhere((ArrayNode) c.get("actions"), n -> n.path("request").asText().equals(id));
    ObjectNode backend = (ObjectNode) c.get("backend");
    if (backend != null) {
      for (String array : List.of("migrations", "rows", "faults")) {
        removeWhere((ArrayNode) backend.get(array), n -> n.path("request").asText().equals(id));
      }
      if (backend.get("analysis") instanceof ObjectNode analysis) {
        analysis.remove(id);
      }
    }
    return c;
  }

  private static ObjectNode removeChange(ObjectNode s, int request, int change) {
    ObjectNode c = s.deepCopy();
    ObjectNode r = (ObjectNode) c.get("requests").get(request);
    String id = r.get("id").asText();
    ((ArrayNode) r.get("changes")).remove(change);
    ObjectNode backend = (ObjectNode) c.get("backend");
    if (backend != null) {
      for (String array : List.of("migrations", "rows", "faults")) {
        ArrayNode items = (ArrayNode) backend.get(array);
        if (items == null) {
          continue;
        }
        removeWhere(items, n -> n.path("request").asText().equals(id) && n.has("change")
            && n.get("change").asInt() == change);
        for (JsonNode n : items) {
          if (n.path("request").asText().equals(id) && n.has("change") && n.get("change").asInt() > change) {
            ((ObjectNode) n).put("change", n.get("change").asInt() - 1);
          }
        }
      }
      if (backend.get("analysis") instanceof ObjectNode analysis && analysis.get(id) instanceof ObjectNode a) {
        if (a.get("lintErrors") instanceof ObjectNode lint) {
          ObjectNode shifted = lint.objectNode();
          for (Iterator<Map.Entry<String, JsonNode>> it = lint.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int index = Integer.parseInt(e.getKey());
            if (index != change) {
              shifted.set(Integer.toString(index > change ? index - 1 : index), e.getValue());
            }
          }
          a.set("lintErrors", shifted);
        }
        if (a.get("instantEligible") instanceof ArrayNode eligible) {
          ArrayNode shifted = eligible.arrayNode();
          for (JsonNode e : eligible) {
            int index = e.asInt();
            if (index != change) {
              shifted.add(IntNode.valueOf(index > change ? index - 1 : index));
            }
          }
          a.set("instantEligible", shifted);
        }
      }
    }
    return c;
  }

  private static void moveChanges(ObjectNode c, String from, String to) {
    for (JsonNode r : c.get("requests")) {
      for (JsonNode change : r.get("changes")) {
        if (change.path("keyspace").asText().equals(from)) {
          ((ObjectNode) change).put("keyspace", to);
        }
      }
    }
    // shard names of the old keyspace may not exist in the new one: drop shard-specific entries
    ObjectNode backend = (ObjectNode) c.get("backend");
    if (backend != null) {
      for (String array : List.of("migrations", "rows")) {
        ArrayNode items = (ArrayNode) backend.get(array);
        if (items != null) {
          for (JsonNode n : items) {
            ((ObjectNode) n).remove("shard");
          }
        }
      }
    }
  }

  private static ObjectNode removeShard(ObjectNode s, String keyspace, String shard) {
    ObjectNode c = s.deepCopy();
    removeWhere((ArrayNode) c.get("topology").get(keyspace), n -> n.asText().equals(shard));
    ObjectNode backend = (ObjectNode) c.get("backend");
    if (backend != null) {
      for (String array : List.of("migrations", "rows")) {
        removeWhere((ArrayNode) backend.get(array), n -> n.path("shard").asText().equals(shard));
      }
    }
    return c;
  }

  private static ObjectNode withoutOptions(ObjectNode s) {
    ObjectNode c = s.deepCopy();
    for (JsonNode r : c.get("requests")) {
      ObjectNode o = (ObjectNode) r;
      if (o.path("autoApply").asBoolean(true)) {
        o.remove("autoApply");
      }
      if (!o.path("instant").asBoolean(false)) {
        o.remove("instant");
      }
      if (!o.path("requiresApproval").asBoolean(false)) {
        o.remove("requiresApproval");
      }
      if (o.path("createdAt").asText("PT0S").equals("PT0S")) {
        o.remove("createdAt");
      }
    }
    return c;
  }

  /** Candidates that set one duration to zero, or halve it (to whole seconds). */
  private static void shortenDurations(ObjectNode root, JsonNode node, List<ObjectNode> out, List<Object> path) {
    if (node instanceof ObjectNode o) {
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        List<Object> p = new ArrayList<>(path);
        p.add(e.getKey());
        if ((DURATION_FIELDS.contains(e.getKey()) || (path.isEmpty() && e.getKey().equals("until")))
            && e.getValue().isTextual()) {
          Duration d;
          try {
            d = Duration.parse(e.getValue().asText());
          } catch (RuntimeException bad) {
            continue;
          }
          long seconds = d.getSeconds();
          if (seconds > 0 && !e.getKey().equals("revertWindow") && !e.getKey().equals("until")) {
            out.add(set(root, p, Duration.ZERO));
          }
          if (seconds > 1) {
            out.add(set(root, p, Duration.ofSeconds(seconds / 2)));
          }
        } else if (e.getKey().equals("times") && e.getValue().asInt() > 1) {
          ObjectNode c = root.deepCopy();
          ((ObjectNode) at(c, path)).put("times", 1);
          out.add(c);
        } else {
          shortenDurations(root, e.getValue(), out, p);
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        List<Object> p = new ArrayList<>(path);
        p.add(i);
        shortenDurations(root, a.get(i), out, p);
      }
    }
  }

  private static ObjectNode set(ObjectNode root, List<Object> path, Duration d) {
    ObjectNode c = root.deepCopy();
    ObjectNode parent = (ObjectNode) at(c, path.subList(0, path.size() - 1));
    parent.put((String) path.get(path.size() - 1), d.toString());
    return c;
  }

  private static JsonNode at(JsonNode root, List<Object> path) {
    JsonNode n = root;
    for (Object step : path) {
      n = step instanceof Integer i ? n.get(i) : n.get((String) step);
    }
    return n;
  }

  private static void removeWhere(ArrayNode array, Predicate<JsonNode> drop) {
    if (array == null) {
      return;
    }
    for (int i = array.size() - 1; i >= 0; i--) {
      if (drop.test(array.get(i))) {
        array.remove(i);
      }
    }
  }

  /** A one-line description of a scenario's size. */
  public static String size(ObjectNode s) {
    int changes = 0;
    for (JsonNode r : s.get("requests")) {
      changes += r.path("changes").size();
    }
    int shards = 0;
    for (JsonNode ks : s.get("topology")) {
      shards += ks.size();
    }
    JsonNode backend = s.path("backend");
    return s.get("requests").size() + " request(s), " + changes + " change(s), " + s.get("topology").size()
        + " keyspace(s) with " + shards + " shard(s), " + s.path("actions").size() + " action(s), "
        + backend.path("faults").size() + " fault(s), " + backend.path("rows").size() + " forced row(s), "
        + backend.path("migrations").size() + " migration script(s)";
  }
}
