package dev.cutover.planetscale.cli;

import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.planetscale.CatalogStore;
import dev.cutover.planetscale.JdbcCatalogStore;
import dev.cutover.planetscale.PlanetScaleServer;
import dev.cutover.planetscale.ServeConfig;
import dev.cutover.vitess.JdbcDeployRequestStore;
import dev.cutover.vitess.SimpleDataSource;
import dev.cutover.vitess.VitessBackend;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/cutover serve}: a local PlanetScale deploy-request API. On the embedded in-memory
 * backend on the real clock by default; with {@code --vitess JDBC_URL} over a real Vitess (vtgate),
 * with {@code --store JDBC_URL} keeping the requests in a MySQL table. Exit status: 2 for a bad
 * command line or configuration, 1 when the server cannot start; it runs until killed.
 */
public final class Serve {

  static final String USAGE = "usage: cutover serve [--port N] [--bind ADDRESS] [--token ID:SECRET]... "
      + "[--config FILE] [--vitess JDBC_URL] [--store JDBC_URL]";

  private Serve() {}

  /**
   * Starts the server and blocks until the JVM is stopped (a shutdown hook closes the server).
   *
   * @param args {@code [serve] [--port N] [--bind ADDRESS] [--token ID:SECRET]... [--config FILE]
   *     [--vitess JDBC_URL] [--store JDBC_URL]}, or {@code --help}
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    List<String> rest = new ArrayList<>(List.of(args));
    if (!rest.isEmpty() && rest.get(0).equals("serve")) {
      rest.remove(0);
    } else if (!rest.isEmpty() && !rest.get(0).startsWith("-")) {
      err.println("cutover: unknown command '" + rest.get(0) + "'");
      err.println(USAGE);
      System.exit(2);
    }
    PlanetScaleServer server;
    try {
      server = start(rest, out);
    } catch (UsageException e) {
      err.println("cutover serve: " + e.getMessage());
      err.println(USAGE);
      System.exit(2);
      return;
    } catch (IllegalArgumentException e) {
      err.println("cutover serve: " + e.getMessage());
      System.exit(2);
      return;
    } catch (IOException | RuntimeException e) {
      err.println("cutover serve: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    if (server == null) {
      System.exit(0);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "cutover-serve-stop"));
    new CountDownLatch(1).await();
  }

  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  /** Parses the options and starts the server; returns null after {@code --help}. */
  static PlanetScaleServer start(List<String> args, PrintStream out) throws IOException {
    int port = 8080;
    String bind = "127.0.0.1";
    List<String> tokens = new ArrayList<>();
    String config = null;
    String vitess = null;
    String storeUrl = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("-h") || a.equals("--help")) {
        out.println(USAGE);
        return null;
      }
      if (!List.of("--port", "--bind", "--token", "--config", "--vitess", "--store").contains(a)) {
        throw new UsageException("unknown option '" + a + "'");
      }
      if (i + 1 >= args.size()) {
        throw new UsageException(a + " needs a value");
      }
      String v = args.get(++i);
      switch (a) {
        case "--port" -> {
          try {
            port = Integer.parseInt(v);
          } catch (NumberFormatException e) {
            throw new UsageException("--port: must be a number from 0 to 65535, was '" + v + "'");
          }
        }
        case "--bind" -> bind = v;
        case "--token" -> tokens.add(v);
        case "--config" -> config = v;
        case "--vitess" -> vitess = v;
        default -> storeUrl = v;
      }
    }
    ServeConfig cfg = config == null ? ServeConfig.ofDefaults() : ServeConfig.read(Path.of(config));
    Clock clock = Clock.systemUTC();
    MigrationBackend backend;
    String backendName;
    if (vitess != null) {
      backend = VitessBackend.using(SimpleDataSource.of(vitess, env("CUTOVER_VTGATE_USER", "root"),
          System.getenv("CUTOVER_VTGATE_PASSWORD")));
      backendName = "Vitess at " + vitess;
    } else {
      backend = cfg.inMemoryBackend(clock);
      backendName = "the in-memory backend (keyspaces " + cfg.topology() + ")";
    }
    DeployRequestStore store;
    CatalogStore catalogStore;
    if (storeUrl != null) {
      javax.sql.DataSource mysql = SimpleDataSource.of(storeUrl, env("CUTOVER_MYSQL_USER", "root"),
          System.getenv("CUTOVER_MYSQL_PASSWORD"));
      store = JdbcDeployRequestStore.create(mysql);
      catalogStore = JdbcCatalogStore.create(mysql); // branches, notes, reviews: beside the requests
    } else {
      store = new InMemoryDeployRequestStore();
      catalogStore = CatalogStore.inMemory();
    }
    PlanetScaleServer.Builder b = PlanetScaleServer.builder(store, backend).clock(clock).config(cfg).bind(bind)
        .port(port).catalogStore(catalogStore).requestLog(out::println);
    tokens.forEach(b::token);
    PlanetScaleServer server = b.start();
    String url = server.baseUrl();
    out.println("cutover serve: PlanetScale API on " + url + " over " + backendName + ", real clock, requests in "
        + (storeUrl == null ? "memory" : storeUrl));
    String tokenHint = tokens.isEmpty() ? "any" : tokens.get(0).substring(0, tokens.get(0).indexOf(':'));
    out.println("  pscale:  PLANETSCALE_API_URL=" + url + " pscale --org ORG --service-token-id " + tokenHint
        + " --service-token SECRET deploy-request list DB   (or --api-url " + url + ")");
    out.println("  Go:      planetscale.NewClient(planetscale.WithBaseURL(\"" + url
        + "\"), planetscale.WithServiceToken(ID, SECRET))");
    out.println("  changes: curl -X POST " + url + "admin/v1/organizations/ORG/databases/DB/branches/BRANCH/schema-changes"
        + " -d '{\"changes\":[{\"keyspace\":\"commerce\",\"sql\":\"ALTER TABLE ...\"}]}'");
    return server;
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isEmpty() ? fallback : v;
  }
}
