package dev.cutover.planetscale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.core.Change;
import dev.cutover.core.Nullable;
import dev.cutover.planetscale.Catalog.Branch;
import dev.cutover.planetscale.Catalog.Database;
import dev.cutover.planetscale.Catalog.RequestInfo;
import dev.cutover.planetscale.json.ApiActor;
import dev.cutover.planetscale.json.ApiReview;
import dev.cutover.planetscale.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog as one JSON document ({@link CatalogStore}): every database with its branches (and
 * their schema changes) and its requests' API side. Read back strictly: a field that is missing or
 * of the wrong type is refused, naming its path in the document, so that a damaged document stops
 * the server instead of being read as defaults (and then saved over).
 */
final class CatalogDocument {

  /** The document's format; a newer one is refused rather than half read. */
  static final int FORMAT = 1;

  private CatalogDocument() {}

  record Doc(int format, List<Db> databases) {}

  record Db(String org, String name, long lastNumber, List<BranchDoc> branches, List<Req> requests) {}

  record BranchDoc(String name, @Nullable String parent, @Nullable ApiActor actor, Instant createdAt,
      Instant updatedAt, boolean production, List<ChangeDoc> changes) {}

  record ChangeDoc(String keyspace, String sql) {}

  record Req(long number, String coreId, String branch, String intoBranch, String notes, ApiActor actor,
      Instant updatedAt, List<ApiReview> reviews, @Nullable ApiActor deployActor, @Nullable ApiActor cutoverActor,
      @Nullable ApiActor cancelledActor, @Nullable ApiActor closedBy, @Nullable Instant closedAt,
      @Nullable String idempotencyKey, @Nullable String idempotencyFingerprint) {}

  /** The whole catalog as JSON. */
  static String write(Catalog catalog) {
    List<Db> dbs = new ArrayList<>();
    for (Database d : catalog.allDatabases()) {
      List<BranchDoc> branches = new ArrayList<>();
      for (Branch b : d.branches.values()) {
        List<ChangeDoc> changes = new ArrayList<>();
        for (Change c : b.changes) {
          changes.add(new ChangeDoc(c.keyspace(), c.sql()));
        }
        branches.add(new BranchDoc(b.name, b.parent, b.actor, b.createdAt, b.updatedAt, b.production, changes));
      }
      List<Req> requests = new ArrayList<>();
      for (RequestInfo i : d.requests.values()) {
        requests.add(new Req(i.number, i.coreId, i.branch, i.intoBranch, i.notes, i.actor, i.updatedAt,
            List.copyOf(i.reviews), i.deployActor, i.cutoverActor, i.cancelledActor, i.closedBy, i.closedAt,
            i.idempotencyKey, i.idempotencyFingerprint));
      }
      dbs.add(new Db(d.org, d.name, d.lastNumber(), branches, requests));
    }
    try {
      return Json.mapper().writeValueAsString(new Doc(FORMAT, dbs));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("writing the catalog: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a saved document into {@code into}: each database in it replaces the one of the same name.
   *
   * @throws IllegalArgumentException naming the path of the first field that is missing or wrong
   */
  static void read(String document, Catalog into) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(document);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("catalog: not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("catalog: must be a JSON object");
    }
    long format = number(root, "format", "catalog");
    if (format != FORMAT) {
      throw new IllegalArgumentException("catalog.format: this server reads format " + FORMAT + ", was " + format);
    }
    JsonNode dbs = array(root, "databases", "catalog");
    for (int k = 0; k < dbs.size(); k++) {
      String at = "catalog.databases[" + k + "]";
      JsonNode d = object(dbs.get(k), at);
      Database db = new Database(text(d, "org", at), text(d, "name", at), Instant.EPOCH);
      db.branches.clear();
      JsonNode branches = array(d, "branches", at);
      for (int j = 0; j < branches.size(); j++) {
        String bat = at + ".branches[" + j + "]";
        JsonNode b = object(branches.get(j), bat);
        Branch branch = new Branch(text(b, "name", bat), optionalText(b, "parent", bat), actor(b, "actor", bat, false),
            instant(b, "createdAt", bat), bool(b, "production", bat));
        branch.updatedAt = instant(b, "updatedAt", bat);
        List<Change> changes = new ArrayList<>();
        JsonNode cs = array(b, "changes", bat);
        for (int i = 0; i < cs.size(); i++) {
          String cat = bat + ".changes[" + i + "]";
          JsonNode c = object(cs.get(i), cat);
          try {
            changes.add(new Change(text(c, "keyspace", cat), text(c, "sql", cat)));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(cat + ": " + e.getMessage());
          }
        }
        branch.changes = List.copyOf(changes);
        db.branches.put(branch.name, branch);
      }
      if (!db.branches.containsKey(Catalog.MAIN)) {
        throw new IllegalArgumentException(at + ".branches: has no '" + Catalog.MAIN + "' branch");
      }
      JsonNode requests = array(d, "requests", at);
      long highest = 0;
      for (int j = 0; j < requests.size(); j++) {
        String rat = at + ".requests[" + j + "]";
        JsonNode r = object(requests.get(j), rat);
        long number = number(r, "number", rat);
        if (number < 1 || db.requests.containsKey(number)) {
          throw new IllegalArgumentException(rat + ".number: must be a positive number not used before, was " + number);
        }
        RequestInfo info = new RequestInfo(number, text(r, "coreId", rat), text(r, "branch", rat),
            text(r, "intoBranch", rat), text(r, "notes", rat), actor(r, "actor", rat, true), instant(r, "updatedAt", rat));
        JsonNode reviews = array(r, "reviews", rat);
        for (int i = 0; i < reviews.size(); i++) {
          String vat = rat + ".reviews[" + i + "]";
          JsonNode v = object(reviews.get(i), vat);
          info.reviews.add(new ApiReview(text(v, "id", vat), text(v, "body", vat), text(v, "state", vat),
              actor(v, "actor", vat, true), instant(v, "created_at", vat), instant(v, "updated_at", vat)));
        }
        info.deployActor = actor(r, "deployActor", rat, false);
        info.cutoverActor = actor(r, "cutoverActor", rat, false);
        info.cancelledActor = actor(r, "cancelledActor", rat, false);
        info.closedBy = actor(r, "closedBy", rat, false);
        info.closedAt = r.hasNonNull("closedAt") ? instant(r, "closedAt", rat) : null;
        info.idempotencyKey = optionalText(r, "idempotencyKey", rat); // optional: absent before they were kept
        info.idempotencyFingerprint = optionalText(r, "idempotencyFingerprint", rat);
        db.requests.put(number, info);
        highest = Math.max(highest, number);
      }
      long lastNumber = number(d, "lastNumber", at);
      if (lastNumber < highest) {
        throw new IllegalArgumentException(at + ".lastNumber: must be at least the highest request number "
            + highest + ", was " + lastNumber);
      }
      db.numberedUpTo(lastNumber);
      into.restore(db);
    }
  }

  private static JsonNode field(JsonNode node, String name, String at) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(at + "." + name + ": missing");
    }
    return v;
  }

  private static JsonNode object(JsonNode node, String at) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(at + ": must be an object");
    }
    return node;
  }

  private static JsonNode array(JsonNode node, String name, String at) {
    JsonNode v = field(node, name, at);
    if (!v.isArray()) {
      throw new IllegalArgumentException(at + "." + name + ": must be an array, was " + v.getNodeType());
    }
    return v;
  }

  private static String text(JsonNode node, String name, String at) {
    JsonNode v = field(node, name, at);
    if (!v.isTextual()) {
      throw new IllegalArgumentException(at + "." + name + ": must be a string, was " + v.getNodeType());
    }
    return v.asText();
  }

  private static @Nullable String optionalText(JsonNode node, String name, String at) {
    return node.hasNonNull(name) ? text(node, name, at) : null;
  }

  private static long number(JsonNode node, String name, String at) {
    JsonNode v = field(node, name, at);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(at + "." + name + ": must be a whole number, was " + v);
    }
    return v.asLong();
  }

  private static boolean bool(JsonNode node, String name, String at) {
    JsonNode v = field(node, name, at);
    if (!v.isBoolean()) {
      throw new IllegalArgumentException(at + "." + name + ": must be true or false, was " + v);
    }
    return v.asBoolean();
  }

  private static Instant instant(JsonNode node, String name, String at) {
    String text = text(node, name, at);
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(at + "." + name + ": not an RFC 3339 timestamp: '" + text + "'");
    }
  }

  private static @Nullable ApiActor actor(JsonNode node, String name, String at, boolean required) {
    if (!required && !node.hasNonNull(name)) {
      return null;
    }
    String aat = at + "." + name;
    JsonNode a = object(field(node, name, at), aat);
    return new ApiActor(text(a, "type", aat), text(a, "id", aat), text(a, "display_name", aat));
  }
}
