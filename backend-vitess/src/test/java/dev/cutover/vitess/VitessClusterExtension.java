package dev.cutover.vitess;

import dev.cutover.core.spi.BackendException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that hands a test a running real Vitess cluster ({@link VitessCluster}: the
 * vtgate's JDBC URL and the topology), for users' own tests as for this module's. Add
 * {@code @ExtendWith(VitessClusterExtension.class)} and take a {@code VitessCluster} parameter of a
 * test method; a test that takes one is skipped (or fails) before it starts when there is no
 * cluster. The cluster is found, in this order:
 *
 * <ol>
 *   <li>the system properties {@code cutover.vtgate.url} (with {@code .user}, {@code .password}) or
 *       the environment variables {@code CUTOVER_VTGATE_URL} ({@code _USER}, {@code _PASSWORD}), as
 *       {@code eval "$(bash backend-vitess/src/test/vitess/cluster.sh env)"} sets them;
 *   <li>the {@code env} output of the cluster script named by {@code cutover.vitess.cluster.script}
 *       or {@code CUTOVER_VITESS_CLUSTER_SCRIPT} (the path of {@code cluster.sh}): the extension runs
 *       {@code bash <script> env} and reads its {@code export} lines;
 *   <li>otherwise the test is skipped, saying how to start the cluster; with
 *       {@code CUTOVER_REQUIRE_VITESS} set (not {@code 0}) it fails instead.
 * </ol>
 *
 * <p>It attaches to a cluster; it does not start one: {@code cluster.sh up} does (it builds a pinned
 * Vitess release and starts etcd, vtctld, the vttablets and vtgate, which takes minutes), and
 * {@code cluster.sh down} stops it. A configured vtgate that does not answer fails the test rather
 * than skipping it. The cluster is looked up once per test run and shared by every test.
 */
public final class VitessClusterExtension implements ParameterResolver, BeforeEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(VitessClusterExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == VitessCluster.class;
  }

  /** Skips (or fails) a test that takes a cluster before it starts, when there is none. */
  @Override
  public void beforeEach(ExtensionContext context) {
    boolean takesOne = context.getTestMethod()
        .map(m -> java.util.Arrays.asList(m.getParameterTypes()).contains(VitessCluster.class)).orElse(false);
    if (takesOne) {
      found(context);
    }
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    try {
      return found(context);
    } catch (IllegalStateException e) {
      throw new ParameterResolutionException(e.getMessage(), e);
    }
  }

  private static VitessCluster found(ExtensionContext context) {
    Found found = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Found.class, k -> find(), Found.class);
    if (found.cluster == null) {
      String required = setting("cutover.require.vitess", "CUTOVER_REQUIRE_VITESS", Map.of());
      if (required != null && !required.isBlank() && !required.equals("0")) {
        throw new IllegalStateException("CUTOVER_REQUIRE_VITESS is set, but " + found.why);
      }
      Assumptions.abort("skipped: " + found.why);
    }
    return found.cluster;
  }

  /** The cluster found, or why there is none. */
  private record Found(VitessCluster cluster, String why) {}

  private static Found find() {
    Map<String, String> fromScript = Map.of();
    String source = "CUTOVER_VTGATE_URL";
    String url = setting("cutover.vtgate.url", "CUTOVER_VTGATE_URL", fromScript);
    if (url == null || url.isBlank()) {
      String script = setting("cutover.vitess.cluster.script", "CUTOVER_VITESS_CLUSTER_SCRIPT", Map.of());
      if (script == null || script.isBlank()) {
        return new Found(null, "no vtgate configured (CUTOVER_VTGATE_URL, or CUTOVER_VITESS_CLUSTER_SCRIPT naming "
            + "cluster.sh); start one with: bash backend-vitess/src/test/vitess/cluster.sh up && "
            + "eval \"$(bash backend-vitess/src/test/vitess/cluster.sh env)\"");
      }
      fromScript = scriptEnv(Path.of(script));
      url = fromScript.get("CUTOVER_VTGATE_URL");
      source = "bash " + script + " env";
      if (url == null || url.isBlank()) {
        return new Found(null, source + " printed no CUTOVER_VTGATE_URL (is the cluster up? bash " + script
            + " status)");
      }
    }
    String user = setting("cutover.vtgate.user", "CUTOVER_VTGATE_USER", fromScript);
    String password = setting("cutover.vtgate.password", "CUTOVER_VTGATE_PASSWORD", fromScript);
    user = user == null || user.isBlank() ? "root" : user;
    password = password == null || password.isEmpty() ? null : password;
    try (VitessBackend backend = VitessBackend.connect(url, user, password)) {
      return new Found(new VitessCluster(url, user, password, VitessCluster.topologyOf(backend), source), null);
    } catch (BackendException e) {
      throw new IllegalStateException("vtgate at " + url + " (from " + source + ") is configured but does not answer: "
          + e.getMessage(), e);
    }
  }

  /** The {@code export NAME=value} lines {@code bash script env} prints. */
  static Map<String, String> scriptEnv(Path script) {
    if (!Files.isRegularFile(script)) {
      throw new IllegalArgumentException("CUTOVER_VITESS_CLUSTER_SCRIPT: no such file: " + script);
    }
    try {
      Process p = new ProcessBuilder("bash", script.toString(), "env").redirectErrorStream(false).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("bash " + script + " env did not finish within 60 s");
      }
      return parseExports(out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run bash " + script + " env: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running bash " + script + " env", e);
    }
  }

  /** {@code export NAME=value} lines (no quoting: the script prints none) into a map; other lines ignored. */
  static Map<String, String> parseExports(String text) {
    Map<String, String> env = new HashMap<>();
    for (String line : List.of(text.split("\n"))) {
      String l = line.strip();
      if (l.startsWith("export ") && l.indexOf('=') > 7) {
        int eq = l.indexOf('=');
        env.put(l.substring(7, eq), l.substring(eq + 1));
      }
    }
    return env;
  }

  private static String setting(String property, String env, Map<String, String> fromScript) {
    String v = System.getProperty(property);
    if (v == null) {
      v = System.getenv(env);
    }
    return v != null ? v : fromScript.get(env);
  }
}
