package dev.cutover.planetscale;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.Nullable;
import dev.cutover.core.driver.Driver;
import dev.cutover.core.driver.DriverListener;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.core.spi.StoredRequests;
import dev.cutover.planetscale.Catalog.Database;
import dev.cutover.planetscale.Catalog.RequestInfo;
import dev.cutover.planetscale.json.ApiActor;
import dev.cutover.planetscale.json.ApiError;
import dev.cutover.planetscale.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A local PlanetScale deploy-request API over a {@link Driver}: the endpoints planetscale-go and
 * {@code pscale} call under {@code /v1/organizations/{org}/databases/{db}/}, plus an admin
 * endpoint that sets a branch's schema changes (PlanetScale computes them from the branch; this
 * server is told them). See {@code docs/planetscale-api.md} for every endpoint.
 *
 * <pre>{@code
 * PlanetScaleServer server = PlanetScaleServer.builder(new InMemoryDeployRequestStore(), backend)
 *     .clock(Clock.systemUTC()).token("ci", "s3cret").port(0).start();
 * String url = server.baseUrl();   // http://127.0.0.1:PORT/
 * }</pre>
 *
 * <p>Concurrency: each HTTP connection has its own thread, which reads the whole request within
 * the {@link Limits} before the API sees it ({@code HttpEndpoint}), and the driver ticks on its own
 * thread (when {@link Builder#tickEvery} is set); every call into the driver, the store and the catalog
 * happens under one lock, so the driver sees one caller at a time whether or not it is thread-safe
 * itself. A failed tick is logged and the loop goes on.
 */
public final class PlanetScaleServer implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(PlanetScaleServer.class.getName());

  private final ReentrantLock lock = new ReentrantLock();
  private final HttpEndpoint http;
  private final ScheduledExecutorService ticker;
  private final Driver driver;
  private final Clock clock;
  private final Map<String, ServeToken> tokens;
  private final Router router;
  private final String baseUrl;
  private final Catalog catalog;
  private final CatalogStore catalogStore;
  private final Guard guard;
  private final Consumer<String> requestLog;
  private final AtomicLong incidents = new AtomicLong();
  /** The document saved last (or read at start), to save only what changed; under {@link #lock}. */
  private @Nullable String savedCatalog;

  private PlanetScaleServer(Builder b) throws IOException {
    this.tokens = Map.copyOf(b.tokens);
    this.requestLog = b.requestLog;
    InetAddress address = InetAddress.getByName(b.bind);
    if (!address.isLoopbackAddress() && tokens.isEmpty()) {
      throw new IllegalArgumentException("bind: refusing to listen on " + b.bind + " without a token: anyone who can"
          + " reach it could deploy schema changes; pass --token ID:SECRET (or bind 127.0.0.1)");
    }
    Driver.Builder drive = Driver.builder(b.store, b.backend).owner(b.owner).listener(b.listener);
    if (b.clock != null) {
      drive.clock(b.clock);
    }
    this.driver = drive.build();
    this.clock = driver.clock(); // the backend's own, when it has one (the simulator's)
    Catalog catalog = new Catalog(b.databases, clock.instant());
    this.catalog = catalog;
    this.catalogStore = b.catalogStore;
    String saved = b.catalogStore.load().orElse(null);
    if (saved != null) {
      try {
        CatalogDocument.read(saved, catalog);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("the catalog saved in " + b.catalogStore + " cannot be read (the server"
            + " would lose it by saving over it): " + e.getMessage(), e);
      }
    }
    adoptStored(b.store, catalog, clock);
    this.savedCatalog = saved;
    saveCatalog();
    this.http = new HttpEndpoint(address, b.port, b.limits, new HttpEndpoint.Handler() {
      @Override
      public HttpEndpoint.Response handle(HttpEndpoint.Request request) {
        return PlanetScaleServer.this.handle(request);
      }

      @Override
      public HttpEndpoint.Response refused(int status, String code, String message) {
        requestLog.accept("- - " + status + " (" + message + ")");
        return answer(status, new ApiError(code, message), Map.of());
      }
    });
    String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]"
        : address.getHostAddress();
    if (address.isAnyLocalAddress()) {
      host = "127.0.0.1";
    }
    this.baseUrl = "http://" + host + ":" + http.port() + "/";
    this.guard = new Guard(b.bind, address, http.port());
    DeployRequestsApi api = new DeployRequestsApi(driver, b.store, b.backend, catalog, new Views(baseUrl), clock,
        b.revertWindow);
    this.router = routes(api);
    http.start();
    this.ticker = b.tickEvery == null ? null : Executors.newSingleThreadScheduledExecutor(daemon("cutover-driver"));
    if (ticker != null) {
      long millis = Math.max(1, b.tickEvery.toMillis());
      ticker.scheduleWithFixedDelay(this::tickLogged, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * A builder for a server over {@code store} and {@code backend}.
   *
   * @param store where the requests live, not null; requests already in it are listed again (see
   *     {@code docs/planetscale-api.md})
   * @param backend the migration backend the driver calls, not null
   * @return a new builder with the defaults its setters name
   */
  public static Builder builder(DeployRequestStore store, MigrationBackend backend) {
    return new Builder(store, backend);
  }

  /**
   * The server's URL, ending in {@code /}: pass it to planetscale-go's {@code WithBaseURL} or pscale's
   * {@code --api-url}.
   *
   * @return {@code http://HOST:PORT/}, with the bound port; {@code 127.0.0.1} as the host when bound to
   *     every address
   */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * The port the server listens on.
   *
   * @return the bound port: the one picked when {@link Builder#port(int)} was 0
   */
  public int port() {
    return http.port();
  }

  /**
   * The clock the driver decides by.
   *
   * @return the clock given to {@link Builder#clock(Clock)}, else the backend's own, else the system UTC clock
   */
  public Clock clock() {
    return clock;
  }

  /** Does one driver tick now, at the clock's time (between two HTTP calls, never during one). */
  public void tick() {
    lock.lock();
    try {
      driver.tick();
    } finally {
      lock.unlock();
    }
  }

  private void tickLogged() {
    try {
      tick();
    } catch (Throwable t) {
      LOG.log(System.Logger.Level.WARNING, "driver tick failed; the next tick retries", t);
    }
  }

  /** Stops the server and the driver's thread. */
  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    http.close();
  }

  /**
   * Saves the catalog if it changed since it was saved last; a failure is logged and the next call
   * that changes it saves again (the call itself has happened: its answer stands).
   */
  private void saveCatalog() {
    String document = CatalogDocument.write(catalog);
    if (document.equals(savedCatalog)) {
      return;
    }
    try {
      catalogStore.save(document);
      savedCatalog = document;
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "could not save the catalog to " + catalogStore
          + "; the next change saves it again", e);
    }
  }

  /**
   * Registers the requests a persistent store holds under {@code ORG/DB/N} ids that the saved
   * catalog does not know (none was saved, or it was saved before them): listed again with branch
   * {@code ""} into {@code main}. A stored request this version cannot read is registered too (so its
   * number is taken and its own calls answer what is wrong with it); it stops nothing else.
   */
  private static void adoptStored(DeployRequestStore store, Catalog catalog, Clock clock) {
    StoredRequests stored = store.readAll();
    for (DeployRequest r : stored.requests()) {
      adopt(catalog, r.id(), r.database(), r.createdAt());
    }
    for (String id : stored.unreadable().keySet()) {
      String[] parts = id.split("/");
      adopt(catalog, id, parts.length == 3 ? parts[0] + "/" + parts[1] : "", clock.instant());
    }
  }

  private static void adopt(Catalog catalog, String id, String database, Instant createdAt) {
    String[] parts = id.split("/");
    if (parts.length != 3 || !database.equals(parts[0] + "/" + parts[1]) || !Names.valid(parts[0])
        || !Names.valid(parts[1])) {
      return;
    }
    long number;
    try {
      number = Long.parseLong(parts[2]);
    } catch (NumberFormatException e) {
      return;
    }
    if (number < 1) {
      return;
    }
    catalog.database(parts[0], parts[1], createdAt).filter(db -> !db.requests.containsKey(number))
        .ifPresent(db -> db.adopt(
            new RequestInfo(number, id, "", Catalog.MAIN, "", ApiActor.token("unknown"), createdAt)));
  }

  // ---------------------------------------------------------------------------------------------
  // HTTP

  private static Router routes(DeployRequestsApi api) {
    String db = "/v1/organizations/{org}/databases/{db}";
    String dr = db + "/deploy-requests/{number}";
    Router r = new Router();
    r.add("GET", "/v1/organizations", 200, api::listOrganizations);
    r.add("GET", "/v1/organizations/{org}", 200, api::getOrganization);
    r.add("GET", "/v1/organizations/{org}/databases", 200, api::listDatabases);
    r.add("GET", db, 200, api::getDatabase);
    r.add("POST", db + "/branches", 201, api::createBranch);
    r.add("GET", db + "/branches", 200, api::listBranches);
    r.add("GET", db + "/branches/{branch}", 200, api::getBranch);
    r.add("GET", db + "/deploy-queue", 200, api::deployQueue);
    r.add("POST", db + "/deploy-requests", 201, api::create);
    r.add("GET", db + "/deploy-requests", 200, api::list);
    r.add("GET", dr, 200, api::get);
    r.add("PATCH", dr, 200, api::update);
    r.add("GET", dr + "/deployment", 200, api::deployment);
    r.add("POST", dr + "/deploy", 200, api::deploy);
    r.add("POST", dr + "/cancel", 200, api::cancel);
    r.add("POST", dr + "/apply-deploy", 200, api::applyDeploy);
    r.add("POST", dr + "/force-cutover", 200, api::forceCutover);
    r.add("POST", dr + "/complete-deploy", 200, api::completeDeploy);
    r.add("PUT", dr + "/auto-apply", 200, api::autoApply);
    r.add("POST", dr + "/skip-revert", 200, api::skipRevert);
    r.add("POST", dr + "/revert", 200, api::revert);
    r.add("POST", dr + "/reviews", 201, api::createReview);
    r.add("GET", dr + "/reviews", 200, api::listReviews);
    r.add("GET", dr + "/operations", 200, api::operations);
    r.add("GET", dr + "/diff", 200, api::diff);
    r.add("GET", dr + "/throttler", 200, api::throttler);
    r.add("PATCH", dr + "/throttler", 200, api::updateThrottler);
    String admin = "/admin/v1/organizations/{org}/databases/{db}/branches/{branch}/schema-changes";
    r.add("POST", admin, 200, api::setSchemaChanges);
    r.add("GET", admin, 200, api::getSchemaChanges);
    return r;
  }

  private HttpEndpoint.Response handle(HttpEndpoint.Request ex) {
    long started = System.nanoTime();
    HttpEndpoint.Response response = respond(ex);
    requestLog.accept(ex.method() + " " + ApiText.cap(ex.rawPath()) + " " + response.status() + " "
        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + "ms");
    return response;
  }

  private HttpEndpoint.Response respond(HttpEndpoint.Request ex) {
    Map<String, String> headers = new LinkedHashMap<>();
    int status;
    Object answer;
    try {
      guard.check(ex);
      ServeToken token = authenticate(ex.header("authorization"));
      ApiActor actor = token == null ? anonymous(ex.header("authorization")) : ApiActor.token(token.id());
      Router.Match match = router.match(ex.method(), ex.rawPath());
      reach(token, match.params());
      Body body = Body.parse(ex.body());
      DeployRequestsApi.Call call = new DeployRequestsApi.Call(match.params(), query(ex.rawQuery()), body, actor,
          token, ex.header("idempotency-key"), headers);
      lock.lock();
      try {
        try {
          answer = match.route().handler().handle(call);
        } finally {
          if (!ex.method().equals("GET")) {
            saveCatalog(); // also after a refused call: a refusal may follow a change (a number taken)
          }
        }
      } finally {
        lock.unlock();
      }
      status = match.route().status();
    } catch (ApiException e) {
      status = e.status();
      answer = new ApiError(e.code(), ApiText.message(e.getMessage()));
      if (e.status() == 405) {
        headers.put("Allow", e.getMessage().replaceAll(".*allowed: ", ""));
      }
    } catch (RuntimeException e) {
      String incident = Long.toString(incidents.incrementAndGet());
      LOG.log(System.Logger.Level.WARNING, "internal error " + incident + " on " + ex.method() + " "
          + ApiText.cap(ex.rawPath()), e);
      status = 500;
      answer = new ApiError("internal", "internal error " + incident + " on " + ex.method() + " "
          + ApiText.cap(ex.rawPath()) + "; the server's log has it under that number");
    }
    return answer(status, answer, headers);
  }

  private static HttpEndpoint.Response answer(int status, Object answer, Map<String, String> headers) {
    byte[] out;
    try {
      out = Json.mapper().writeValueAsBytes(answer);
    } catch (JsonProcessingException e) {
      status = 500;
      out = ("{\"code\":\"internal\",\"message\":\"cannot write the answer\"}").getBytes(StandardCharsets.UTF_8);
    }
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put("Content-Type", "application/json; charset=utf-8");
    h.put("Cache-Control", "no-store");
    h.put("X-Content-Type-Options", "nosniff");
    return new HttpEndpoint.Response(status, h, out);
  }

  /**
   * Who calls: with no token configured anyone may (see {@link #anonymous}); otherwise
   * {@code Authorization: ID:SECRET} (a service token) or {@code Bearer SECRET} must match a
   * configured token, which is returned.
   */
  private @Nullable ServeToken authenticate(@Nullable String header) {
    if (tokens.isEmpty()) {
      return null;
    }
    String value = header == null ? "" : header.strip();
    if (value.isEmpty()) {
      throw ApiException.unauthorized("missing Authorization header: send \"Authorization: ID:TOKEN\" (a service"
          + " token) or \"Authorization: Bearer TOKEN\"");
    }
    if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String secret = value.substring(7).strip();
      for (ServeToken t : tokens.values()) {
        if (t.secretIs(secret) || t.secretIs(secret.substring(secret.indexOf(':') + 1))
            && secret.startsWith(t.id() + ":")) {
          return t;
        }
      }
      throw ApiException.unauthorized("the bearer token is not one of this server's tokens");
    }
    int colon = value.indexOf(':');
    if (colon > 0) {
      String id = value.substring(0, colon);
      ServeToken t = tokens.get(id);
      if (t != null && t.secretIs(value.substring(colon + 1))) {
        return t;
      }
      throw ApiException.unauthorized("service token '" + ApiText.cap(id) + "' is unknown or its secret is wrong");
    }
    throw ApiException.unauthorized("the Authorization header must be \"ID:TOKEN\" or \"Bearer TOKEN\"");
  }

  /** With no token configured, the actor is the token id the client sent (if it is a valid id), else anonymous. */
  private static ApiActor anonymous(@Nullable String header) {
    String value = header == null ? "" : header.strip();
    if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return ApiActor.token("bearer");
    }
    int colon = value.indexOf(':');
    String id = colon > 0 ? value.substring(0, colon) : "";
    return ApiActor.token(id.matches("[A-Za-z0-9._-]{1,64}") ? id : "anonymous");
  }

  /**
   * Refuses a call on an organization or database the token does not reach as PlanetScale does: 404,
   * as if it did not exist (pscale then says that a service token may lack the permission).
   */
  private static void reach(@Nullable ServeToken token, Map<String, String> params) {
    if (token == null || token.unrestricted()) {
      return;
    }
    String org = params.get("org");
    String db = params.get("db");
    if (org != null && db != null && !token.reachesDatabase(org, db)) {
      throw ApiException.notFound("database '" + db + "' does not exist in organization '" + org + "', or service"
          + " token '" + token.id() + "' does not reach it");
    }
    if (org != null && !token.reachesOrganization(org)) {
      throw ApiException.notFound("organization '" + org + "' does not exist, or service token '" + token.id()
          + "' does not reach it");
    }
  }

  private static Map<String, String> query(@Nullable String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      try {
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        q.putIfAbsent(k, v);
      } catch (IllegalArgumentException e) {
        throw new ApiException(400, "bad_request", "query: '" + ApiText.cap(pair) + "' is not URL-encoded");
      }
    }
    return q;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Refuses what a browser page of another site could send (decision 108): a {@code Host} that names
   * neither the bound address nor {@code localhost} (DNS rebinding; any {@code Host} is taken when
   * bound to every address, where a token is required), an {@code Origin} that is not this server's,
   * a {@code Sec-Fetch-Site} other than {@code same-origin} or {@code none}, and a write whose body
   * is not {@code application/json}.
   */
  static final class Guard {
    private final Set<String> hosts = new LinkedHashSet<>();
    private final boolean anyHost;
    private final int port;

    Guard(String bind, InetAddress address, int port) {
      this.port = port;
      this.anyHost = address.isAnyLocalAddress();
      hosts.add(bind.toLowerCase(java.util.Locale.ROOT));
      String literal = address.getHostAddress();
      hosts.add(literal.contains(":") ? "[" + literal + "]" : literal);
      if (address.isLoopbackAddress()) {
        hosts.addAll(List.of("localhost", "127.0.0.1", "[::1]"));
      }
    }

    void check(HttpEndpoint.Request ex) {
      String host = ex.header("host");
      if (host == null || host.isEmpty()) {
        throw new ApiException(400, "bad_request", "the Host header is required");
      }
      if (!names(host)) {
        throw new ApiException(421, "misdirected_request", "Host '" + ApiText.cap(host) + "' is not this server ("
            + hosts.iterator().next() + ":" + port + " or localhost:" + port + "); a request for another name"
            + " (a DNS rebinding page) is refused");
      }
      String origin = ex.header("origin");
      if (origin != null) {
        String prefix = "http://";
        if (!origin.regionMatches(true, 0, prefix, 0, prefix.length()) || !names(origin.substring(prefix.length()))) {
          throw new ApiException(403, "forbidden", "cross-site request refused: Origin '" + ApiText.cap(origin)
              + "' is not this server's");
        }
      }
      String site = ex.header("sec-fetch-site");
      if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
        throw new ApiException(403, "forbidden", "cross-site request refused: Sec-Fetch-Site is '"
            + ApiText.cap(site) + "'");
      }
      boolean write = !ex.method().equals("GET") && !ex.method().equals("HEAD");
      String type = ex.header("content-type");
      if (write && (ex.body().length > 0 || type != null) && !json(type)) {
        throw new ApiException(415, "unsupported_media_type", "a request body must be sent as"
            + " Content-Type: application/json, was " + (type == null ? "none" : "'" + ApiText.cap(type) + "'"));
      }
    }

    private static boolean json(@Nullable String type) {
      if (type == null) {
        return false;
      }
      int semicolon = type.indexOf(';');
      return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().equalsIgnoreCase("application/json");
    }

    /** Whether {@code hostAndPort} (a Host header, or an Origin without its scheme) names this server. */
    private boolean names(String hostAndPort) {
      String h = hostAndPort.toLowerCase(java.util.Locale.ROOT);
      int p = 80;
      int colon = h.lastIndexOf(':');
      if (colon > h.lastIndexOf(']')) {
        try {
          p = Integer.parseInt(h.substring(colon + 1));
        } catch (NumberFormatException e) {
          return false;
        }
        h = h.substring(0, colon);
      }
      return p == port && (anyHost || hosts.contains(h));
    }
  }

  /**
   * Routes by method and path pattern ({@code {name}} matches one segment). A path param named
   * {@code org}, {@code db} or {@code branch} must be a valid name ({@link Names}); a path under
   * {@code /v1} that no route serves is answered 501, another 404.
   */
  static final class Router {
    interface Handler {
      Object handle(DeployRequestsApi.Call call);
    }

    record Route(String method, List<String> pattern, int status, Handler handler) {}

    record Match(Route route, Map<String, String> params) {}

    private final List<Route> routes = new ArrayList<>();

    void add(String method, String pattern, int status, Handler handler) {
      routes.add(new Route(method, List.of(pattern.substring(1).split("/")), status, handler));
    }

    Match match(String method, String rawPath) {
      List<String> segments = new ArrayList<>();
      for (String s : rawPath.split("/")) {
        if (!s.isEmpty()) {
          try {
            segments.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
          } catch (IllegalArgumentException e) {
            throw new ApiException(400, "bad_request", "path: '" + ApiText.cap(s) + "' is not URL-encoded");
          }
        }
      }
      Set<String> allowed = new LinkedHashSet<>();
      for (Route r : routes) {
        Map<String, String> params = params(r.pattern(), segments);
        if (params == null) {
          continue;
        }
        if (r.method().equals(method)) {
          for (String name : List.of("org", "db", "branch")) {
            String v = params.get(name);
            if (v != null && !Names.valid(v)) {
              String field = name.equals("org") ? "organization" : name.equals("db") ? "database" : "branch";
              throw ApiException.notFound(field + " '" + ApiText.cap(v) + "' does not exist: " + Names.rule());
            }
          }
          return new Match(r, params);
        }
        allowed.add(r.method());
      }
      if (!allowed.isEmpty()) {
        throw new ApiException(405, "method_not_allowed", method + " is not allowed on " + ApiText.cap(rawPath)
            + "; allowed: " + String.join(", ", allowed));
      }
      if (rawPath.equals("/v1") || rawPath.startsWith("/v1/")) {
        throw new ApiException(501, "not_implemented", method + " " + ApiText.cap(rawPath) + " is a PlanetScale API"
            + " path this server does not implement (docs/planetscale-api.md lists the ones it does)");
      }
      throw ApiException.notFound("no such endpoint: " + method + " " + ApiText.cap(rawPath));
    }

    private static Map<String, String> params(List<String> pattern, List<String> segments) {
      if (pattern.size() != segments.size()) {
        return null;
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 0; i < pattern.size(); i++) {
        String p = pattern.get(i);
        if (p.startsWith("{")) {
          params.put(p.substring(1, p.length() - 1), segments.get(i));
        } else if (!p.equals(segments.get(i))) {
          return null;
        }
      }
      return params;
    }
  }

  /**
   * The bounds on what one HTTP request may take (decision 107).
   *
   * @param maxHeaderBytes the request line and headers, at most; 431 beyond
   * @param maxBodyBytes the body, at most; 413 beyond
   * @param readTimeout the time from a request's first byte to its last (and to write its answer);
   *     the connection is closed beyond
   * @param idleTimeout how long a kept-alive connection may wait for its next request
   * @param maxConnections the connections served at once; one more is answered 503
   */
  public record Limits(int maxHeaderBytes, long maxBodyBytes, Duration readTimeout, Duration idleTimeout,
      int maxConnections) {

    /**
     * Checks the bounds.
     *
     * @param maxHeaderBytes at least 256
     * @param maxBodyBytes from 1 to 2^31 - 9
     * @param readTimeout not null, positive
     * @param idleTimeout not null, positive
     * @param maxConnections at least 1
     * @throws IllegalArgumentException naming the field if a bound is out of its range
     */
    public Limits {
      Objects.requireNonNull(readTimeout, "readTimeout");
      Objects.requireNonNull(idleTimeout, "idleTimeout");
      if (maxHeaderBytes < 256) {
        throw new IllegalArgumentException("maxHeaderBytes: must be at least 256, was " + maxHeaderBytes);
      }
      if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("maxBodyBytes: must be within [1, 2^31 - 9], was " + maxBodyBytes);
      }
      if (readTimeout.isZero() || readTimeout.isNegative()) {
        throw new IllegalArgumentException("readTimeout: must be strictly positive, was " + readTimeout);
      }
      if (idleTimeout.isZero() || idleTimeout.isNegative()) {
        throw new IllegalArgumentException("idleTimeout: must be strictly positive, was " + idleTimeout);
      }
      if (maxConnections < 1) {
        throw new IllegalArgumentException("maxConnections: must be at least 1, was " + maxConnections);
      }
    }

    /**
     * 16 KiB of headers, 1 MiB of body, 10 s to read a request, 30 s idle, 256 connections.
     *
     * @return the defaults
     */
    public static Limits ofDefaults() {
      return new Limits(16 << 10, 1 << 20, Duration.ofSeconds(10), Duration.ofSeconds(30), 256);
    }
  }

  /** Builds and starts a {@link PlanetScaleServer}; every setter checks its argument at once. */
  public static final class Builder {
    private final DeployRequestStore store;
    private final MigrationBackend backend;
    private @Nullable Clock clock;
    private String bind = "127.0.0.1";
    private int port = 0;
    private final Map<String, ServeToken> tokens = new LinkedHashMap<>();
    private Limits limits = Limits.ofDefaults();
    private Consumer<String> requestLog = line -> { };
    private Set<String> databases = Set.of();
    private Duration revertWindow = dev.cutover.core.DeployOptions.DEFAULT_REVERT_WINDOW;
    private Duration tickEvery = ServeConfig.DEFAULT_POLL_INTERVAL;
    private String owner = "cutover-serve";
    private DriverListener listener = DriverListener.none();
    private CatalogStore catalogStore = CatalogStore.inMemory();

    private Builder(DeployRequestStore store, MigrationBackend backend) {
      this.store = Objects.requireNonNull(store, "store");
      this.backend = Objects.requireNonNull(backend, "backend");
    }

    /**
     * Where the catalog (branches, numbers, notes, reviews, actors) is kept. Default:
     * {@link CatalogStore#inMemory()}, lost when the server stops. Over a persistent store, give a
     * persistent catalog store too ({@link JdbcCatalogStore}), so that a restart lists every request
     * as it was; the server reads it at start and refuses to start if it cannot.
     *
     * @param catalogStore the catalog store, not null
     * @return this builder
     */
    public Builder catalogStore(CatalogStore catalogStore) {
      this.catalogStore = Objects.requireNonNull(catalogStore, "catalogStore");
      return this;
    }

    /**
     * The clock the driver decides by. Default: the backend's own clock if it has one (an in-memory
     * backend's), else the system UTC clock; over a backend with its own clock, only that one.
     *
     * @param clock the clock, not null; also the API's timestamps
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The address to listen on. Default {@code 127.0.0.1}; any other needs a token.
     *
     * @param address a host name or IP address, not null or blank; {@code 0.0.0.0} for every address
     * @return this builder
     * @throws IllegalArgumentException if the address is blank or cannot be resolved
     */
    public Builder bind(String address) {
      Objects.requireNonNull(address, "bind");
      if (address.isBlank()) {
        throw new IllegalArgumentException("bind: must not be blank, was '" + address + "'");
      }
      try {
        InetAddress.getByName(address);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("bind: unknown address '" + address + "'", e);
      }
      this.bind = address;
      return this;
    }

    /**
     * The port; 0 (the default) picks a free one.
     *
     * @param port 0 to 65535
     * @return this builder
     * @throws IllegalArgumentException if the port is outside that range
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port: must be within [0, 65535], was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Accepts {@code Authorization: id:secret} and {@code Authorization: Bearer secret}, reaching every
     * organization. Repeatable. With no token at all, every call is accepted.
     *
     * @param id the token's id (see {@link ServeToken}); an id given before gets the new secret
     * @param secret the secret, not blank
     * @return this builder
     * @throws IllegalArgumentException if the id or secret is malformed (the message masks the secret)
     */
    public Builder token(String id, String secret) {
      return token(ServeToken.unrestricted(id, secret));
    }

    /**
     * Accepts a token, limited to what it reaches. Repeatable; an id given before is replaced.
     *
     * @param token the token, not null
     * @return this builder
     */
    public Builder token(ServeToken token) {
      Objects.requireNonNull(token, "token");
      tokens.put(token.id(), token);
      return this;
    }

    /**
     * Parses {@code ID:SECRET}, as {@code --token} takes it; see {@link #token(String, String)}.
     *
     * @param idAndSecret the id, a colon, and the secret (which may itself hold colons); not null
     * @return this builder
     * @throws IllegalArgumentException if either part is missing or blank (the message masks the value)
     */
    public Builder token(String idAndSecret) {
      Objects.requireNonNull(idAndSecret, "token");
      int colon = idAndSecret.indexOf(':');
      if (colon <= 0 || colon == idAndSecret.length() - 1) {
        throw new IllegalArgumentException("token: must be ID:SECRET, was '" + idAndSecret.replaceAll(".", "*") + "'");
      }
      return token(idAndSecret.substring(0, colon), idAndSecret.substring(colon + 1));
    }

    /**
     * The bounds on one HTTP request. Default: {@link Limits#ofDefaults()}.
     *
     * @param limits the bounds, not null
     * @return this builder
     */
    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Where one line per HTTP request goes: method, path, status and milliseconds. Default: nowhere
     * ({@code bin/cutover serve} prints them).
     *
     * @param log the consumer, not null; called on the connection's thread, outside the server's lock
     * @return this builder
     */
    public Builder requestLog(Consumer<String> log) {
      this.requestLog = Objects.requireNonNull(log, "requestLog");
      return this;
    }

    /**
     * The {@code org/db} names that exist; empty (the default) lets any be created on first use.
     *
     * @param names not null, each {@code ORG/DB}; copied. Calls do not add up: the last one counts
     * @return this builder
     */
    public Builder databases(Set<String> names) {
      this.databases = Set.copyOf(Objects.requireNonNull(names, "databases"));
      return this;
    }

    /**
     * The revert window of the requests created through the API. Default: 30 minutes.
     *
     * @param window not null, positive
     * @return this builder
     * @throws IllegalArgumentException if the window is zero or negative
     */
    public Builder revertWindow(Duration window) {
      Objects.requireNonNull(window, "revertWindow");
      if (window.isZero() || window.isNegative()) {
        throw new IllegalArgumentException("revertWindow: must be strictly positive, was " + window);
      }
      this.revertWindow = window;
      return this;
    }

    /**
     * How often the driver ticks on its own thread; {@code null} for never (call {@link #tick()}). Default 1 s.
     *
     * @param interval positive, or {@code null}; the time between the end of one tick and the start of
     *     the next, at millisecond precision (at least 1 ms)
     * @return this builder
     * @throws IllegalArgumentException if the interval is zero or negative
     */
    public Builder tickEvery(Duration interval) {
      if (interval != null && (interval.isZero() || interval.isNegative())) {
        throw new IllegalArgumentException("tickEvery: must be strictly positive or null, was " + interval);
      }
      this.tickEvery = interval;
      return this;
    }

    /**
     * Takes the databases, revert window, poll interval, limits and tokens of a configuration.
     *
     * @param config the configuration, not null; it replaces what {@link #databases},
     *     {@link #revertWindow}, {@link #tickEvery} and {@link #limits} set before, and adds its tokens
     * @return this builder
     */
    public Builder config(ServeConfig config) {
      databases(config.databases());
      revertWindow(config.revertWindow());
      limits(config.limits());
      config.tokens().forEach(this::token);
      return tickEvery(config.pollInterval());
    }

    /**
     * The driver's owner name. Default {@code cutover-serve}.
     *
     * @param owner the driver's name, for logs (its identity adds a random part), not null
     * @return this builder
     */
    public Builder owner(String owner) {
      this.owner = Objects.requireNonNull(owner, "owner");
      return this;
    }

    /**
     * Where the driver's events go. Default: nowhere.
     *
     * @param listener the listener, not null; called on the thread that ticks or acts
     * @return this builder
     */
    public Builder listener(DriverListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Starts the server.
     *
     * @return a server listening now, its driver ticking unless {@link #tickEvery} was null; close it
     *     to stop both
     * @throws IllegalArgumentException naming {@code bind} if it would listen beyond loopback without a token
     * @throws IllegalStateException if the saved catalog cannot be read
     * @throws IOException if the port cannot be bound
     */
    public PlanetScaleServer start() throws IOException {
      return new PlanetScaleServer(this);
    }
  }
}
