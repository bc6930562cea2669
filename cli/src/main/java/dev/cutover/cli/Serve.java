package dev.cutover.cli;

import dev.cutover.core.driver.LoggingDriverListener;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.planetscale.CatalogStore;
import dev.cutover.planetscale.JdbcCatalogStore;
import dev.cutover.planetscale.PlanetScaleServer;
import dev.cutover.planetscale.ServeConfig;
import dev.cutover.vitess.JdbcDeployRequestStore;
import dev.cutover.vitess.JdbcDeployRequestStore.StoreException;
import dev.cutover.vitess.SimpleDataSource;
import dev.cutover.vitess.VitessBackend;
import dev.cutover.vitess.VtctldClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cutover serve}: a local PlanetScale deploy-request API. On the embedded in-memory
 * backend on the real clock by default; with {@code --vitess JDBC_URL} over a real Vitess (vtgate),
 * with {@code --store JDBC_URL} keeping the requests in a MySQL table. Exit status:
 * {@link Cutover#INVALID_INPUT} for a bad command line or configuration, a port that cannot be bound
 * or a store that cannot be reached (the message names the option and the value); it runs until
 * killed.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Cutover.Version.class,
    description = {"Runs a local PlanetScale deploy-request API until it is stopped.",
        "On the in-memory backend and the real clock, or over a real Vitess with --vitess",
        "(docs/planetscale-api.md)."})
final class Serve implements Callable<Integer> {

  @ParentCommand private Cutover cutover;

  @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
      description = "the port to listen on, 0 for a free one (default: ${DEFAULT-VALUE})")
  private String port;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "the address to listen on (default: ${DEFAULT-VALUE}); any other than loopback needs a --token")
  private String bind;

  @Option(names = "--token", paramLabel = "ID:SECRET",
      description = "a service token the server accepts (repeatable); with none, every call is accepted")
  private List<String> tokens = new ArrayList<>();

  @Option(names = "--config", paramLabel = "FILE",
      description = "the server's configuration (JSON: topology, backend timings, databases, revertWindow, pollInterval)")
  private Path config;

  @Option(names = "--vitess", paramLabel = "JDBC_URL",
      description = "run over vtgate at this URL (user and password from CUTOVER_VTGATE_USER, CUTOVER_VTGATE_PASSWORD)")
  private String vitess;

  @Option(names = "--vtctld", paramLabel = "HOST:PORT",
      description = "with --vitess: vtctld's gRPC address, for VSchema changes (default: CUTOVER_VTCTLD_ADDR; the"
          + " vtctldclient binary from CUTOVER_VITESS_BIN, else the PATH)")
  private String vtctld;

  @Option(names = "--store", paramLabel = "JDBC_URL",
      description = "keep requests and catalog in this MySQL database (CUTOVER_MYSQL_USER, CUTOVER_MYSQL_PASSWORD)")
  private String storeUrl;

  /** Starts the server and blocks until the JVM is stopped (a shutdown hook closes the server). */
  @Override
  public Integer call() throws InterruptedException {
    PlanetScaleServer server;
    try {
      server = start(cutover.out());
    } catch (Refused e) {
      cutover.err().println("cutover serve: " + e.getMessage());
      return Cutover.INVALID_INPUT;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "cutover-serve-stop"));
    new CountDownLatch(1).await();
    return Cutover.OK;
  }

  /** What the user gave cannot be used: the message names the option and the value. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Starts the server on the options parsed; the caller closes it. */
  /**
   * The vtctld client for VSchema changes: {@code --vtctld}, else {@code CUTOVER_VTCTLD_ADDR}; none when
   * neither is set (a VSchema change then fails as the backend says).
   */
  private @dev.cutover.core.Nullable VtctldClient vtctldClient() throws Refused {
    String server = vtctld != null ? vtctld : System.getenv("CUTOVER_VTCTLD_ADDR");
    if (server == null || server.isBlank()) {
      return null;
    }
    String bin = System.getenv("CUTOVER_VITESS_BIN");
    Path binary = bin != null && !bin.isBlank() ? Path.of(bin, "vtctldclient") : onPath("vtctldclient");
    try {
      return VtctldClient.of(binary, server, VtctldClient.DEFAULT_TIMEOUT);
    } catch (IllegalArgumentException e) {
      throw new Refused("--vtctld " + server + ": " + e.getMessage(), e);
    }
  }

  private static Path onPath(String name) {
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "" : path).split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (java.nio.file.Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return Path.of(name);
  }

  PlanetScaleServer start(PrintWriter out) throws Refused {
    int port = port();
    ServeConfig cfg;
    try {
      cfg = config == null ? ServeConfig.ofDefaults() : ServeConfig.read(config);
    } catch (IllegalArgumentException e) {
      throw new Refused("--config " + config + ": " + e.getMessage(), e);
    }
    Clock clock = Clock.systemUTC();
    MigrationBackend backend;
    String backendName;
    if (vitess != null) {
      try {
        VitessBackend.Builder vb = VitessBackend.builder(SimpleDataSource.of(vitess, env("CUTOVER_VTGATE_USER", "root"),
            System.getenv("CUTOVER_VTGATE_PASSWORD")));
        VtctldClient client = vtctldClient();
        if (client != null) {
          vb.vtctld(client);
        }
        backend = vb.build();
      } catch (IllegalArgumentException e) {
        throw new Refused("--vitess: " + e.getMessage(), e);
      }
      backendName = "Vitess at " + vitess;
    } else {
      backend = cfg.inMemoryBackend(clock);
      backendName = "the in-memory backend (keyspaces " + cfg.topology() + ")";
    }
    DeployRequestStore store;
    CatalogStore catalogStore;
    if (storeUrl != null) {
      try {
        javax.sql.DataSource mysql = SimpleDataSource.of(storeUrl, env("CUTOVER_MYSQL_USER", "root"),
            System.getenv("CUTOVER_MYSQL_PASSWORD"));
        store = JdbcDeployRequestStore.create(mysql);
        catalogStore = JdbcCatalogStore.create(mysql); // branches, notes, reviews: beside the requests
      } catch (IllegalArgumentException | IllegalStateException | StoreException e) {
        throw new Refused("--store " + storeUrl + ": " + e.getMessage(), e);
      }
    } else {
      store = new InMemoryDeployRequestStore();
      catalogStore = CatalogStore.inMemory();
    }
    PlanetScaleServer server;
    try {
      PlanetScaleServer.Builder b = PlanetScaleServer.builder(store, backend).clock(clock).config(cfg).bind(bind)
          .port(port).catalogStore(catalogStore).requestLog(out::println)
          .listener(LoggingDriverListener.to(new ConsoleLogger("cutover.serve", out)));
      tokens.forEach(b::token);
      server = b.start();
    } catch (BindException e) {
      throw new Refused("--port " + port + ": cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw new Refused(e.getMessage(), e);
    }
    String url = server.baseUrl();
    out.println("cutover serve: PlanetScale API on " + url + " over " + backendName + ", real clock, requests in "
        + (storeUrl == null ? "memory" : storeUrl));
    String tokenHint = tokens.isEmpty() ? "any" : tokens.get(0).substring(0, tokens.get(0).indexOf(':'));
    out.println("  pscale:  PLANETSCALE_API_URL=" + url + " pscale --org ORG --service-token-id " + tokenHint
        + " --service-token SECRET deploy-request list DB   (or --api-url " + url + ")");
    out.println("  Go:      planetscale.NewClient(planetscale.WithBaseURL(\"" + url
        + "\"), planetscale.WithServiceToken(ID, SECRET))");
    out.println("  changes: curl -H 'Content-Type: application/json' -X POST " + url + "admin/v1/organizations/ORG/databases/DB/branches/BRANCH/schema-changes"
        + " -d '{\"changes\":[{\"keyspace\":\"commerce\",\"sql\":\"ALTER TABLE ...\"}]}'");
    out.flush();
    return server;
  }

  private int port() throws Refused {
    try {
      int p = Integer.parseInt(port);
      if (p >= 0 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // refused below, with the value
    }
    throw new Refused("--port: must be a number from 0 to 65535, was '" + port + "'", null);
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isEmpty() ? fallback : v;
  }
}
