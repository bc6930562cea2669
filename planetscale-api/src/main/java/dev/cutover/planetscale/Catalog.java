package dev.cutover.planetscale;

import dev.cutover.core.Change;
import dev.cutover.core.Nullable;
import dev.cutover.planetscale.json.ApiActor;
import dev.cutover.planetscale.json.ApiReview;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the API knows beside the core's requests: organizations, databases, branches and their
 * changes, and per deploy request its number, branches, notes, reviews and who did what. Not
 * thread-safe: the server calls it under its one lock.
 */
final class Catalog {

  /** The branch every database has, and the default {@code into_branch}. */
  static final String MAIN = "main";

  private final Set<String> allowed;
  private final Map<String, Database> databases = new LinkedHashMap<>();

  /** @param allowed the {@code org/db} names that exist, or empty for any (created on first use) */
  Catalog(Set<String> allowed, Instant now) {
    this.allowed = Set.copyOf(allowed);
    for (String name : allowed) {
      String[] parts = name.split("/", 2);
      databases.put(name, new Database(parts[0], parts[1], now));
    }
  }

  /** Whether an organization of this name exists (or could be created on first use). */
  boolean organizationExists(String org) {
    return allowed.isEmpty() || allowed.stream().anyMatch(n -> n.startsWith(org + "/"));
  }

  /** The database, created now if any database may exist; empty if the configuration does not list it. */
  Optional<Database> database(String org, String db, Instant now) {
    String key = org + "/" + db;
    if (!served(key)) {
      return Optional.empty();
    }
    Database d = databases.get(key);
    if (d == null) {
      d = new Database(org, db, now);
      databases.put(key, d);
    }
    return Optional.ofNullable(d);
  }

  /**
   * The database for a read: the one known, or (if any database may exist) a new empty one that is
   * not kept, so that reads of made-up names create nothing.
   */
  Optional<Database> find(String org, String db, Instant now) {
    String key = org + "/" + db;
    if (!served(key)) {
      return Optional.empty();
    }
    Database d = databases.get(key);
    return Optional.of(d != null ? d : new Database(org, db, now));
  }

  /** The organizations of the databases served, in the order first known. */
  Set<String> organizations() {
    Set<String> orgs = new java.util.LinkedHashSet<>();
    databases().forEach(d -> orgs.add(d.org));
    return orgs;
  }

  /** Whether the configuration lets this {@code org/db} be served (a saved one it no longer lists is kept, not served). */
  private boolean served(String key) {
    return allowed.isEmpty() || allowed.contains(key);
  }

  /** The databases served, in the order first known. */
  Collection<Database> databases() {
    List<Database> served = new ArrayList<>();
    for (Map.Entry<String, Database> e : databases.entrySet()) {
      if (served(e.getKey())) {
        served.add(e.getValue());
      }
    }
    return served;
  }

  /** Every database known, served or not: what is saved. */
  Collection<Database> allDatabases() {
    return databases.values();
  }

  /** Puts a database read from a saved catalog in place of the one of the same name. */
  void restore(Database d) {
    databases.put(d.org + "/" + d.name, d);
  }

  /** One database: its branches, and its deploy requests by number. */
  static final class Database {
    final String org;
    final String name;
    final Map<String, Branch> branches = new LinkedHashMap<>();
    final Map<Long, RequestInfo> requests = new TreeMap<>();
    private long lastNumber;

    Database(String org, String name, Instant now) {
      this.org = org;
      this.name = name;
      branches.put(MAIN, new Branch(MAIN, null, null, now, true));
    }

    /** The core id of request {@code number}: {@code ORG/DB/N}. */
    String coreId(long number) {
      return org + "/" + name + "/" + number;
    }

    /** The core database of this database's requests (their deploy queue): {@code ORG/DB}. */
    String coreDatabase() {
      return org + "/" + name;
    }

    long nextNumber() {
      return ++lastNumber;
    }

    /** The highest number given so far (0 if none). */
    long lastNumber() {
      return lastNumber;
    }

    /** Numbering goes on after {@code number} (at least): from a saved catalog. */
    void numberedUpTo(long number) {
      lastNumber = Math.max(lastNumber, number);
    }

    /** The request created before by this actor with this {@code Idempotency-Key}, or null. */
    @Nullable RequestInfo idempotent(String actor, String key) {
      for (RequestInfo info : requests.values()) {
        if (key.equals(info.idempotencyKey) && info.actor.id().equals(actor)) {
          return info;
        }
      }
      return null;
    }

    /** Records a request found in the store (a restart over a persistent store). */
    void adopt(RequestInfo info) {
      requests.put(info.number, info);
      lastNumber = Math.max(lastNumber, info.number);
    }
  }

  /** A branch and the schema changes it proposes (set through the admin endpoint). */
  static final class Branch {
    final String name;
    final @Nullable String parent;
    final @Nullable ApiActor actor;
    final Instant createdAt;
    final boolean production;
    Instant updatedAt;
    List<Change> changes = List.of();

    Branch(String name, @Nullable String parent, @Nullable ApiActor actor, Instant createdAt, boolean production) {
      this.name = name;
      this.parent = parent;
      this.actor = actor;
      this.createdAt = createdAt;
      this.updatedAt = createdAt;
      this.production = production;
    }
  }

  /** The API's side of one deploy request. */
  static final class RequestInfo {
    final long number;
    final String coreId;
    final String branch;
    final String intoBranch;
    final String notes;
    final ApiActor actor;
    final List<ApiReview> reviews = new ArrayList<>();
    @Nullable ApiActor deployActor;
    @Nullable ApiActor cutoverActor;
    @Nullable ApiActor cancelledActor;
    @Nullable ApiActor closedBy;
    @Nullable Instant closedAt;
    /** The {@code Idempotency-Key} it was created with, and its body as JSON text; or null. */
    @Nullable String idempotencyKey;
    @Nullable String idempotencyFingerprint;
    Instant updatedAt;

    RequestInfo(long number, String coreId, String branch, String intoBranch, String notes, ApiActor actor,
        Instant createdAt) {
      this.number = number;
      this.coreId = coreId;
      this.branch = branch;
      this.intoBranch = intoBranch;
      this.notes = notes;
      this.actor = actor;
      this.updatedAt = createdAt;
    }

    void touch(Instant now) {
      if (now.isAfter(updatedAt)) {
        updatedAt = now;
      }
    }
  }
}
