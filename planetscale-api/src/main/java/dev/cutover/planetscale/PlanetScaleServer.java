package dev.cutover.planetscale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.Nullable;
import dev.cutover.core.driver.Driver;
import dev.cutover.core.driver.DriverListener;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.planetscale.Catalog.Database;
import dev.cutover.planetscale.Catalog.RequestInfo;
import dev.cutover.planetscale.json.ApiActor;
import dev.cutover.planetscale.json.ApiError;
import dev.cutover.planetscale.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

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
 * <p>Concurrency: the HTTP handlers run on a small pool and the driver ticks on its own thread
 * (when {@link Builder#tickEvery} is set); every call into the driver, the store and the catalog
 * happens under one lock, so the driver sees one caller at a time whether or not it is thread-safe
 * itself. A failed tick is logged and the loop goes on.
 */
public final class PlanetScaleServer implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(PlanetScaleServer.class.getName());

  private final ReentrantLock lock = new ReentrantLock();
  private final HttpServer http;
  private final ExecutorService handlers;
  private final ScheduledExecutorService ticker;
  private final Driver driver;
  private final Clock clock;
  private final Map<String, String> tokens;
  private final Router router;
  private final String baseUrl;
  private final Catalog catalog;
  private final CatalogStore catalogStore;
  /** The document saved last (or read at start), to save only what changed; under {@link #lock}. */
  private @Nullable String savedCatalog;

  private PlanetScaleServer(Builder b) throws IOException {
    this.tokens = Map.copyOf(b.tokens);
    Driver.Builder drive = Driver.builder(b.store, b.backend).owner(b.owner).listener(b.listener);
    if (b.clock != null) {
      drive.clock(b.clock);
    }
    this.driver = drive.build();
    this.clock = driver.clock(); // the backend's own, when it has one (the simulator's)
    InetAddress address = InetAddress.getByName(b.bind);
    if (!address.isLoopbackAddress() && tokens.isEmpty()) {
      throw new IllegalStateException("refusing to listen on " + b.bind + " without a token: anyone who can reach it"
          + " could deploy schema changes; pass --token ID:SECRET (or bind 127.0.0.1)");
    }
    this.http = HttpServer.create(new InetSocketAddress(address, b.port), 0);
    String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]"
        : address.getHostAddress();
    if (address.isAnyLocalAddress()) {
      host = "127.0.0.1";
    }
    this.baseUrl = "http://" + host + ":" + http.getAddress().getPort() + "/";
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
    adoptStored(b.store, catalog);
    this.savedCatalog = saved;
    saveCatalog();
    DeployRequestsApi api = new DeployRequestsApi(driver, b.store, b.backend, catalog, new Views(baseUrl), clock,
        b.revertWindow);
    this.router = routes(api);
    this.handlers = Executors.newFixedThreadPool(4, daemon("cutover-http"));
    http.setExecutor(handlers);
    http.createContext("/", this::handle);
    this.ticker = b.tickEvery == null ? null : Executors.newSingleThreadScheduledExecutor(daemon("cutover-driver"));
    http.start();
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
    return http.getAddress().getPort();
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
    http.stop(0);
    handlers.shutdownNow();
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
   * {@code ""} into {@code main}.
   */
  private static void adoptStored(DeployRequestStore store, Catalog catalog) {
    for (DeployRequest r : store.list()) {
      String[] parts = r.id().split("/");
      if (parts.length != 3 || !r.database().equals(parts[0] + "/" + parts[1])) {
        continue;
      }
      long number;
      try {
        number = Long.parseLong(parts[2]);
      } catch (NumberFormatException e) {
        continue;
      }
      catalog.database(parts[0], parts[1], r.createdAt()).filter(db -> !db.requests.containsKey(number))
          .ifPresent(db -> db.adopt(
              new RequestInfo(number, r.id(), "", Catalog.MAIN, "", ApiActor.token("unknown"), r.createdAt())));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // HTTP

  private static Router routes(DeployRequestsApi api) {
    String db = "/v1/organizations/{org}/databases/{db}";
    String dr = db + "/deploy-requests/{number}";
    Router r = new Router();
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

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      int status;
      Object answer;
      try {
        ApiActor actor = authenticate(ex.getRequestHeaders().getFirst("Authorization"));
        Router.Match match = router.match(ex.getRequestMethod(), ex.getRequestURI().getRawPath());
        byte[] bytes = ex.getRequestBody().readAllBytes();
        Body body = Body.parse(bytes);
        DeployRequestsApi.Call call = new DeployRequestsApi.Call(match.params(), query(ex.getRequestURI()), body, actor);
        lock.lock();
        try {
          try {
            answer = match.route().handler().handle(call);
          } finally {
            if (!ex.getRequestMethod().equals("GET")) {
              saveCatalog(); // also after a refused call: a refusal may follow a change (a number taken)
            }
          }
        } finally {
          lock.unlock();
        }
        status = match.route().status();
      } catch (ApiException e) {
        status = e.status();
        answer = new ApiError(e.code(), e.getMessage());
        if (e.status() == 405) {
          ex.getResponseHeaders().set("Allow", e.getMessage().replaceAll(".*allowed: ", ""));
        }
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "internal error on " + ex.getRequestMethod() + " "
            + ex.getRequestURI(), e);
        status = 500;
        answer = new ApiError("internal", "internal error: " + e);
      }
      byte[] out;
      try {
        out = Json.mapper().writeValueAsBytes(answer);
      } catch (JsonProcessingException e) {
        status = 500;
        out = ("{\"code\":\"internal\",\"message\":\"cannot write the answer\"}").getBytes(StandardCharsets.UTF_8);
      }
      ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      ex.sendResponseHeaders(status, out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    }
  }

  /**
   * Who calls: with no token configured anyone may (the actor is the token id the client sent, if
   * any); otherwise {@code Authorization: ID:SECRET} (a service token) or {@code Bearer SECRET}
   * must match a configured token.
   */
  private ApiActor authenticate(String header) {
    String value = header == null ? "" : header.strip();
    if (tokens.isEmpty()) {
      if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return ApiActor.token("bearer");
      }
      int colon = value.indexOf(':');
      return ApiActor.token(colon > 0 ? value.substring(0, colon) : "anonymous");
    }
    if (value.isEmpty()) {
      throw ApiException.unauthorized("missing Authorization header: send \"Authorization: ID:TOKEN\" (a service"
          + " token) or \"Authorization: Bearer TOKEN\"");
    }
    if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String secret = value.substring(7).strip();
      for (Map.Entry<String, String> t : tokens.entrySet()) {
        if (t.getValue().equals(secret) || (t.getKey() + ":" + t.getValue()).equals(secret)) {
          return ApiActor.token(t.getKey());
        }
      }
      throw ApiException.unauthorized("the bearer token is not one of this server's tokens");
    }
    int colon = value.indexOf(':');
    if (colon > 0) {
      String id = value.substring(0, colon);
      String secret = value.substring(colon + 1);
      if (secret.equals(tokens.get(id))) {
        return ApiActor.token(id);
      }
      throw ApiException.unauthorized("service token '" + id + "' is unknown or its secret is wrong");
    }
    throw ApiException.unauthorized("the Authorization header must be \"ID:TOKEN\" or \"Bearer TOKEN\"");
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> q = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      q.putIfAbsent(k, v);
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

  /** Routes by method and path pattern ({@code {name}} matches one segment). */
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
          segments.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
        }
      }
      Set<String> allowed = new LinkedHashSet<>();
      for (Route r : routes) {
        Map<String, String> params = params(r.pattern(), segments);
        if (params == null) {
          continue;
        }
        if (r.method().equals(method)) {
          return new Match(r, params);
        }
        allowed.add(r.method());
      }
      if (!allowed.isEmpty()) {
        throw new ApiException(405, "method_not_allowed", method + " is not allowed on " + rawPath + "; allowed: "
            + String.join(", ", allowed));
      }
      throw ApiException.notFound("no such endpoint: " + method + " " + rawPath);
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

  /** Builds and starts a {@link PlanetScaleServer}; every setter checks its argument at once. */
  public static final class Builder {
    private final DeployRequestStore store;
    private final MigrationBackend backend;
    private @Nullable Clock clock;
    private String bind = "127.0.0.1";
    private int port = 0;
    private final Map<String, String> tokens = new LinkedHashMap<>();
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
     * Accepts {@code Authorization: id:secret} and {@code Authorization: Bearer secret}. Repeatable.
     * With no token at all, every call is accepted.
     *
     * @param id the token's id, not blank and without {@code :}; the actor of the calls made with it.
     *     An id given before gets the new secret
     * @param secret the secret, not blank
     * @return this builder
     * @throws IllegalArgumentException if the id or secret is blank or the id holds {@code :} (the
     *     message masks the secret)
     */
    public Builder token(String id, String secret) {
      Objects.requireNonNull(id, "token id");
      Objects.requireNonNull(secret, "token secret");
      if (id.isBlank() || id.contains(":") || secret.isBlank()) {
        throw new IllegalArgumentException("token: must be ID:SECRET with a non-blank id (no ':') and secret, was '"
            + id + ":" + "*".repeat(secret.length()) + "'");
      }
      tokens.put(id, secret);
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
     * Takes the databases, revert window and poll interval of a configuration.
     *
     * @param config the configuration, not null; it replaces what {@link #databases},
     *     {@link #revertWindow} and {@link #tickEvery} set before
     * @return this builder
     */
    public Builder config(ServeConfig config) {
      databases(config.databases());
      revertWindow(config.revertWindow());
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
     * @throws IllegalStateException if it would listen beyond loopback without a token
     * @throws IOException if the port cannot be bound
     */
    public PlanetScaleServer start() throws IOException {
      return new PlanetScaleServer(this);
    }
  }
}
