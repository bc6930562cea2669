package dev.cutover.planetscale;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.core.Action;
import dev.cutover.core.ActionResult;
import dev.cutover.core.Change;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.Nullable;
import dev.cutover.core.driver.Driver;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.planetscale.Catalog.Branch;
import dev.cutover.planetscale.Catalog.Database;
import dev.cutover.planetscale.Catalog.RequestInfo;
import dev.cutover.planetscale.json.ApiActor;
import dev.cutover.planetscale.json.ApiList;
import dev.cutover.planetscale.json.ApiReview;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The endpoints' logic, over the catalog and the driver. Every method runs under the server's one
 * lock, so the driver (not thread-safe) sees one caller at a time; each returns the object to
 * answer or throws an {@link ApiException}.
 */
final class DeployRequestsApi {

  private final Driver driver;
  private final DeployRequestStore store;
  private final MigrationBackend backend;
  private final Catalog catalog;
  private final Views views;
  private final Clock clock;
  private final Duration revertWindow;

  DeployRequestsApi(Driver driver, DeployRequestStore store, MigrationBackend backend, Catalog catalog, Views views,
      Clock clock, Duration revertWindow) {
    this.driver = driver;
    this.store = store;
    this.backend = backend;
    this.catalog = catalog;
    this.views = views;
    this.clock = clock;
    this.revertWindow = revertWindow;
  }

  /**
   * A call's inputs: the path's parameters, the query, the body, who calls (and with which token, null
   * when the server has none), the {@code Idempotency-Key} header, and headers to add to the answer.
   */
  record Call(Map<String, String> path, Map<String, String> query, Body body, ApiActor actor,
      @Nullable ServeToken token, @Nullable String idempotencyKey, Map<String, String> answerHeaders) {
    Call(Map<String, String> path, Map<String, String> query, Body body, ApiActor actor) {
      this(path, query, body, actor, null, null, new LinkedHashMap<>());
    }

    String param(String name) {
      return path.get(name);
    }

    boolean reaches(String org, String db) {
      return token == null || token.reachesDatabase(org, db);
    }

    boolean reaches(String org) {
      return token == null || token.reachesOrganization(org);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Lookup

  /** The database of a read: one never written to is answered as empty, and not created (decision 109). */
  Database database(Call c) {
    String org = c.param("org");
    String db = c.param("db");
    if (!catalog.organizationExists(org)) {
      throw ApiException.notFound("organization '" + org + "' does not exist");
    }
    return catalog.find(org, db, clock.instant()).orElseThrow(
        () -> ApiException.notFound("database '" + db + "' does not exist in organization '" + org + "'"));
  }

  /** The database of a write that may create it (a branch, its changes, a deploy request). */
  Database databaseToWrite(Call c) {
    database(c);
    return catalog.database(c.param("org"), c.param("db"), clock.instant()).orElseThrow();
  }

  private RequestInfo info(Database db, Call c) {
    String n = c.param("number");
    long number;
    try {
      number = Long.parseLong(n);
    } catch (NumberFormatException e) {
      number = -1;
    }
    RequestInfo info = number > 0 ? db.requests.get(number) : null;
    if (info == null) {
      throw ApiException.notFound("deploy request '" + db.name + "/" + n + "' does not exist in organization '"
          + db.org + "'");
    }
    return info;
  }

  /**
   * The stored request; one this version cannot read is answered 500 {@code unreadable}, naming it
   * and what is wrong, and stops no other request (decision 109).
   */
  private DeployRequest core(RequestInfo info) {
    Optional<DeployRequest> r;
    try {
      r = store.get(info.coreId);
    } catch (RuntimeException e) {
      String problem = store.readAll().unreadable().get(info.coreId);
      if (problem != null) {
        throw unreadable(info, problem);
      }
      throw e;
    }
    return r.orElseThrow(() -> new IllegalStateException("the store lost " + info.coreId));
  }

  private static ApiException unreadable(RequestInfo info, String problem) {
    return new ApiException(500, "unreadable", "deploy request " + info.coreId + " is stored in a form this server"
        + " cannot read: " + ApiText.cap(problem) + "; the other requests are served as usual");
  }

  /** The readable requests of the database (an unreadable one is left out: it holds no queue place here). */
  private List<DeployRequest> ofDatabase(Database db) {
    List<DeployRequest> list = new ArrayList<>();
    for (DeployRequest r : store.readAll().requests()) {
      if (r.database().equals(db.coreDatabase())) {
        list.add(r);
      }
    }
    return list;
  }

  private Object view(Database db, RequestInfo info) {
    return views.deployRequest(db, info, core(info), ofDatabase(db));
  }

  /**
   * The view after a write that is done: from the value the driver returned, so that a failing read
   * afterwards never answers as failed what was done (the queue positions then count this one alone).
   */
  private Object viewAfter(Database db, RequestInfo info, DeployRequest done) {
    List<DeployRequest> all;
    try {
      all = new ArrayList<>(ofDatabase(db));
      all.replaceAll(r -> r.id().equals(done.id()) && r.version() < done.version() ? done : r);
      if (all.stream().noneMatch(r -> r.id().equals(done.id()))) {
        all.add(done);
      }
    } catch (RuntimeException e) {
      all = List.of(done);
    }
    return views.deployRequest(db, info, done, all);
  }

  // ---------------------------------------------------------------------------------------------
  // Organizations and databases (what pscale reads before creating a branch)

  /** {@code GET /v1/organizations}: the organizations known (configured or written to) that the token reaches. */
  Object listOrganizations(Call c) {
    Set<String> orgs = new LinkedHashSet<>(catalog.organizations());
    if (c.token() != null) {
      orgs.addAll(c.token().organizations());
      c.token().databases().forEach(d -> orgs.add(d.substring(0, d.indexOf('/'))));
    }
    List<Object> list = new ArrayList<>();
    for (String org : orgs) {
      if (c.reaches(org) && catalog.organizationExists(org)) {
        list.add(organizationView(org));
      }
    }
    return new ApiList<>(list);
  }

  private static Map<String, Object> organizationView(String org) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("id", org);
    answer.put("name", org);
    return answer;
  }

  Object getOrganization(Call c) {
    String org = c.param("org");
    if (!catalog.organizationExists(org)) {
      throw ApiException.notFound("organization '" + org + "' does not exist");
    }
    return organizationView(org);
  }

  Object listDatabases(Call c) {
    String org = c.param("org");
    getOrganization(c);
    List<Object> list = new ArrayList<>();
    for (Database db : catalog.databases()) {
      if (db.org.equals(org) && c.reaches(db.org, db.name)) {
        list.add(databaseView(db));
      }
    }
    return new ApiList<>(list);
  }

  Object getDatabase(Call c) {
    return databaseView(database(c));
  }

  /** planetscale-go's {@code Database}: a MySQL (Vitess) database, ready. */
  private Map<String, Object> databaseView(Database db) {
    Branch main = db.branches.get(Catalog.MAIN);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("name", db.name);
    answer.put("notes", "");
    answer.put("region", dev.cutover.planetscale.json.ApiBranch.ApiRegion.local());
    answer.put("state", "ready");
    answer.put("kind", "mysql");
    answer.put("html_url", views.baseUrl() + db.org + "/" + db.name);
    answer.put("created_at", main.createdAt);
    answer.put("updated_at", main.updatedAt);
    return answer;
  }

  // ---------------------------------------------------------------------------------------------
  // Branches

  Object createBranch(Call c) {
    Database db = database(c);
    String name = c.body().requiredString("name");
    if (!Names.valid(name)) {
      throw ApiException.invalid("name: " + Names.rule() + ", was '" + ApiText.cap(name) + "'");
    }
    String parent = c.body().string("parent_branch");
    if (parent == null || parent.isBlank()) {
      parent = Catalog.MAIN;
    }
    if (db.branches.containsKey(name)) {
      throw ApiException.conflict("branch '" + name + "' already exists in database '" + db.name + "'");
    }
    if (!db.branches.containsKey(parent)) {
      throw ApiException.invalid("parent_branch: no branch '" + ApiText.cap(parent) + "' in database '" + db.name + "'");
    }
    Branch b = new Branch(name, parent, c.actor(), clock.instant(), false);
    db = databaseToWrite(c);
    db.branches.put(name, b);
    return views.branch(db, b);
  }

  Object listBranches(Call c) {
    Database db = database(c);
    return new ApiList<>(db.branches.values().stream().map(b -> views.branch(db, b)).toList());
  }

  Object getBranch(Call c) {
    Database db = database(c);
    return views.branch(db, branch(db, c.param("branch")));
  }

  private static Branch branch(Database db, String name) {
    Branch b = db.branches.get(name);
    if (b == null) {
      throw ApiException.notFound("branch '" + name + "' does not exist in database '" + db.name + "'");
    }
    return b;
  }

  /** {@code POST /admin/v1/.../branches/{branch}/schema-changes}: sets the branch's changes (creating it). */
  Object setSchemaChanges(Call c) {
    Database db = database(c);
    String name = c.param("branch");
    if (name.equals(Catalog.MAIN)) {
      throw ApiException.invalid("branch: 'main' is the production branch; put the changes on another branch");
    }
    JsonNode list = c.body().node().get("changes");
    if (list == null || !list.isArray()) {
      throw ApiException.invalid("changes: must be an array of {\"keyspace\", \"sql\"}, was "
          + (list == null ? "absent" : Body.abbreviate(list)));
    }
    Set<String> keyspaces;
    try {
      keyspaces = backend.keyspaces();
    } catch (BackendException e) {
      throw new ApiException(503, "unavailable", "the backend could not list its keyspaces: " + e.getMessage());
    }
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "changes[" + i + "]";
      JsonNode entry = list.get(i);
      if (!entry.isObject()) {
        throw ApiException.invalid(at + ": must be an object {\"keyspace\", \"sql\"}, was " + Body.abbreviate(entry));
      }
      JsonNode ks = entry.get("keyspace");
      JsonNode sql = entry.get("sql");
      if (ks == null || !ks.isTextual() || ks.asText().isBlank()) {
        throw ApiException.invalid(at + ".keyspace: required, a keyspace name, was "
            + (ks == null ? "absent" : Body.abbreviate(ks)));
      }
      if (!keyspaces.contains(ks.asText())) {
        throw ApiException.invalid(at + ".keyspace: unknown keyspace '" + ApiText.cap(ks.asText()) + "' (known: "
            + new TreeSet<>(keyspaces) + ")");
      }
      if (sql == null || !sql.isTextual()) {
        throw ApiException.invalid(at + ".sql: required, one DDL statement, was "
            + (sql == null ? "absent" : Body.abbreviate(sql)));
      }
      try {
        changes.add(new Change(ks.asText(), sql.asText()));
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid(at + "." + e.getMessage());
      }
    }
    db = databaseToWrite(c);
    Branch b = db.branches.get(name);
    if (b == null) {
      b = new Branch(name, Catalog.MAIN, c.actor(), clock.instant(), false);
      db.branches.put(name, b);
    }
    b.changes = List.copyOf(changes);
    b.updatedAt = clock.instant();
    return schemaChanges(b);
  }

  Object getSchemaChanges(Call c) {
    Database db = database(c);
    return schemaChanges(branch(db, c.param("branch")));
  }

  private static Map<String, Object> schemaChanges(Branch b) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("branch", b.name);
    List<Map<String, String>> list = new ArrayList<>();
    for (Change ch : b.changes) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("keyspace", ch.keyspace());
      m.put("sql", ch.sql());
      list.add(m);
    }
    answer.put("changes", list);
    return answer;
  }

  // ---------------------------------------------------------------------------------------------
  // Deploy requests

  Object create(Call c) {
    Database db = database(c); // a create needs a branch, so the database exists already
    Body body = c.body();
    String key = c.idempotencyKey();
    String fingerprint = null;
    if (key != null) {
      if (!key.matches("[\\x21-\\x7e]{1,255}")) {
        throw ApiException.invalid("Idempotency-Key: must be 1 to 255 printable ASCII characters without spaces, was '"
            + ApiText.cap(key) + "'");
      }
      fingerprint = body.node().toString();
      RequestInfo before = db.idempotent(c.actor().id(), key);
      if (before != null) {
        if (!fingerprint.equals(before.idempotencyFingerprint)) {
          throw new ApiException(422, "invalid_params", "Idempotency-Key: '" + ApiText.cap(key) + "' was used for"
              + " deploy request " + before.number + " with another body; a retry must send the same body");
        }
        c.answerHeaders().put("Idempotent-Replayed", "true");
        return view(db, before);
      }
    }
    String branchName = body.requiredString("branch");
    String into = body.string("into_branch");
    if (into == null || into.isBlank()) {
      into = Catalog.MAIN;
    }
    String notes = body.string("notes");
    Boolean autoCutover = body.bool("auto_cutover");
    body.bool("auto_delete_branch"); // accepted (type-checked); branches are never deleted here
    Branch branch = db.branches.get(branchName);
    if (branch == null) {
      throw ApiException.invalid("branch: no branch '" + ApiText.cap(branchName) + "' in database '" + db.name
          + "' (create it with POST .../branches or the admin schema-changes endpoint)");
    }
    if (!db.branches.containsKey(into)) {
      throw ApiException.invalid("into_branch: no branch '" + ApiText.cap(into) + "' in database '" + db.name + "'");
    }
    if (into.equals(branchName)) {
      throw ApiException.invalid("into_branch: must differ from branch, both were '" + ApiText.cap(into) + "'");
    }
    DeployOptions options = DeployOptions.custom()
        .autoApply(autoCutover != null && autoCutover)
        .revertWindow(revertWindow)
        .holdQueueOnFailure(true) // PlanetScale holds the queue after a failed deploy or revert
        .build();
    long number = db.nextNumber();
    String id = db.coreId(number);
    Instant now = clock.instant();
    DeployRequest created;
    try {
      created = driver.create(id, db.coreDatabase(), branch.changes, options);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(e.getMessage());
    } catch (BackendException e) {
      throw new ApiException(503, "unavailable", "the backend could not be reached: " + e.getMessage());
    }
    RequestInfo info = new RequestInfo(number, id, branchName, into, notes == null ? "" : notes, c.actor(),
        created.createdAt());
    info.touch(now);
    if (key != null) {
      info.idempotencyKey = key;
      info.idempotencyFingerprint = fingerprint;
    }
    db.requests.put(number, info);
    return viewAfter(db, info, created);
  }

  Object list(Call c) {
    Database db = database(c);
    String state = c.query().get("state");
    if (state != null && !state.isEmpty() && !state.equals("open") && !state.equals("closed")) {
      throw ApiException.invalid("state: must be open or closed, was \"" + ApiText.cap(state) + "\"");
    }
    String branch = c.query().get("branch");
    String into = c.query().get("into_branch");
    List<DeployRequest> all = ofDatabase(db);
    List<Object> answer = new ArrayList<>();
    List<RequestInfo> infos = new ArrayList<>(db.requests.values());
    java.util.Collections.reverse(infos); // newest first, as PlanetScale lists them
    Map<String, DeployRequest> byId = new LinkedHashMap<>();
    all.forEach(r -> byId.put(r.id(), r));
    for (RequestInfo info : infos) {
      DeployRequest r = byId.get(info.coreId);
      if (r == null) {
        continue; // unreadable (its own call names what is wrong) or lost
      }
      String s = Views.open(r, info) ? "open" : "closed";
      if ((state == null || state.isEmpty() || state.equals(s))
          && (branch == null || branch.isEmpty() || branch.equals(info.branch))
          && (into == null || into.isEmpty() || into.equals(info.intoBranch))) {
        answer.add(views.deployRequest(db, info, r, all));
      }
    }
    return new ApiList<>(answer);
  }

  Object get(Call c) {
    Database db = database(c);
    return view(db, info(db, c));
  }

  Object deployment(Call c) {
    Database db = database(c);
    RequestInfo info = info(db, c);
    return views.deployment(db, info, core(info), ofDatabase(db));
  }

  /** {@code PATCH .../N} with {@code {"state": "closed"}}: closes the request (a closed one cannot reopen). */
  Object update(Call c) {
    Database db = database(c);
    RequestInfo info = info(db, c);
    String state = c.body().requiredString("state");
    if (!state.equals("closed")) {
      throw ApiException.invalid("state: the only change allowed is \"closed\", was \"" + ApiText.cap(state) + "\"");
    }
    DeployRequest done = act(info, Action.close());
    info.closedBy = c.actor();
    info.closedAt = clock.instant();
    return viewAfter(db, info, done);
  }

  /** {@code instant_ddl} replaces the request's instant option for this deploy (kept if the deploy is rejected). */
  Object deploy(Call c) {
    Database db = database(c);
    RequestInfo info = info(db, c);
    Boolean instant = c.body().bool("instant_ddl");
    c.body().string("strategy"); // accepted (type-checked) and ignored
    DeployRequest done = act(info, instant == null ? Action.deploy() : Action.deploy(instant));
    info.deployActor = c.actor();
    return viewAfter(db, info, done);
  }

  Object forceCutover(Call c) {
    return acted(c, Action.forceCutover());
  }

  /** {@code complete-deploy}: releases the database a failed request holds (unblock). */
  Object completeDeploy(Call c) {
    return acted(c, Action.unblock());
  }

  /** The endpoints that only apply an action: the request's view after it, or the rejection. */
  private Object acted(Call c, Action action) {
    Database db = database(c);
    RequestInfo info = info(db, c);
    return viewAfter(db, info, act(info, action));
  }

  Object cancel(Call c) {
    Database db = database(c);
    RequestInfo info = info(db, c);
    DeployRequest done = act(info, Action.cancel());
    info.cancelledActor = c.actor();
    return viewAfter(db, info, done);
  }

  Object applyDeploy(Call c) {
    Database db = database(c);
    RequestInfo info = info(db, c);
    DeployRequest done = act(info, Action.apply());
    info.cutoverActor = c.actor();
    return viewAfter(db, info, done);
  }

  Object autoApply(Call c) {
    Database db = database(c);
    RequestInfo info = info(db, c);
    Boolean enable = c.body().bool("enable");
    if (enable == null) {
      throw ApiException.invalid("enable: required, true or false");
    }
    return viewAfter(db, info, act(info, Action.setAutoApply(enable)));
  }

  Object skipRevert(Call c) {
    return acted(c, Action.skipRevert());
  }

  Object revert(Call c) {
    return acted(c, Action.revert());
  }

  Object createReview(Call c) {
    Database db = database(c);
    RequestInfo info = info(db, c);
    String state = c.body().string("state");
    if (state == null) {
      state = "commented";
    }
    if (!state.equals("approved") && !state.equals("commented")) {
      throw ApiException.invalid("state: must be approved or commented, was \"" + ApiText.cap(state) + "\"");
    }
    String text = c.body().string("body");
    if (state.equals("approved")) {
      act(info, Action.approve());
    }
    Instant now = clock.instant();
    ApiReview review = new ApiReview(info.coreId + "/reviews/" + (info.reviews.size() + 1), text == null ? "" : text,
        state, c.actor(), now, now);
    info.reviews.add(review);
    return review;
  }

  Object listReviews(Call c) {
    Database db = database(c);
    return new ApiList<>(info(db, c).reviews);
  }

  Object operations(Call c) {
    Database db = database(c);
    RequestInfo info = info(db, c);
    DeployRequest r = core(info);
    return new ApiList<>(views.operations(r, OperationView.of(driver.progress(r.id()).orElse(null))));
  }

  Object diff(Call c) {
    Database db = database(c);
    return new ApiList<>(views.diff(core(info(db, c))));
  }

  Object throttler(Call c) {
    Database db = database(c);
    return views.throttler(core(info(db, c)));
  }

  Object updateThrottler(Call c) {
    Database db = database(c);
    RequestInfo info = info(db, c);
    DeployRequest r = core(info);
    Body body = c.body();
    Integer ratio = body.has("ratio") ? Body.ratio("ratio", body.node().get("ratio")) : null;
    Map<String, Integer> perKeyspace = new LinkedHashMap<>();
    if (body.has("configurations")) {
      JsonNode list = body.node().get("configurations");
      if (!list.isArray()) {
        throw ApiException.invalid("configurations: must be an array of {\"keyspace_name\", \"ratio\"}, was "
            + Body.abbreviate(list));
      }
      Set<String> keyspaces = new LinkedHashSet<>();
      r.changes().forEach(ch -> keyspaces.add(ch.keyspace()));
      for (int i = 0; i < list.size(); i++) {
        String at = "configurations[" + i + "]";
        JsonNode e = list.get(i);
        if (!e.isObject()) {
          throw ApiException.invalid(at + ": must be an object {\"keyspace_name\", \"ratio\"}, was "
              + Body.abbreviate(e));
        }
        JsonNode ks = e.get("keyspace_name");
        if (ks == null || !ks.isTextual()) {
          throw ApiException.invalid(at + ".keyspace_name: required, a keyspace name, was "
              + (ks == null ? "absent" : Body.abbreviate(ks)));
        }
        if (!keyspaces.contains(ks.asText())) {
          throw ApiException.invalid(at + ".keyspace_name: keyspace '" + ApiText.cap(ks.asText())
              + "' is used by no change of this deploy request (its keyspaces: " + keyspaces + ")");
        }
        JsonNode v = e.get("ratio");
        perKeyspace.put(ks.asText(), Body.ratio(at + ".ratio", v == null ? com.fasterxml.jackson.databind.node
            .NullNode.getInstance() : v));
      }
    }
    if (ratio == null && perKeyspace.isEmpty()) {
      throw ApiException.invalid("ratio: required (an integer from 0 to 95), or configurations");
    }
    if (ratio != null) {
      act(info, Action.throttle(ratio / 100.0));
    }
    for (Map.Entry<String, Integer> e : perKeyspace.entrySet()) {
      act(info, Action.throttle(e.getValue() / 100.0, e.getKey()));
    }
    return views.throttler(core(info));
  }

  Object deployQueue(Call c) {
    Database db = database(c);
    List<Object> answer = new ArrayList<>();
    for (DeployRequest r : Views.queue(ofDatabase(db))) {
      answer.add(views.queued(db, r, null));
    }
    return new ApiList<>(answer);
  }

  /** Applies an action; a rejection becomes 409 (not allowed in the state) or 422 (a bad argument). */
  private DeployRequest act(RequestInfo info, Action action) {
    ActionResult result;
    try {
      result = driver.act(info.coreId, action);
    } catch (RuntimeException e) {
      String problem = store.readAll().unreadable().get(info.coreId);
      if (problem != null) {
        throw unreadable(info, problem);
      }
      throw e;
    }
    if (result instanceof ActionResult.Rejected rejected) {
      throw rejected.kind() == ActionResult.Kind.INVALID_ARGUMENT ? ApiException.invalid(rejected.reason())
          : ApiException.conflict(rejected.reason());
    }
    info.touch(clock.instant());
    return result.request();
  }
}
