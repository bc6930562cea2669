package dev.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.planetscale.PlanetScaleServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cutover serve}: every option of before, a refused value exits 2 naming the option and the
 * value (never a stack trace), and the server it starts answers over HTTP.
 */
class ServeTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Cutover.run(args, InputStream.nullInputStream(), out, err);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** The serve command with {@code args} parsed, as {@code cutover serve ARGS} would run it. */
  private Serve parsed(String... args) {
    PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    var cl = Cutover.commandLine(InputStream.nullInputStream(), o, o);
    String[] all = new String[args.length + 1];
    all[0] = "serve";
    System.arraycopy(args, 0, all, 1, args.length);
    cl.parseArgs(all);
    return cl.getSubcommands().get("serve").getCommand();
  }

  @Test
  void aPortThatIsNotANumberOrOutOfRangeIsBadInput() {
    assertThat(run("serve", "--port", "http")).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).isEqualTo("cutover serve: --port: must be a number from 0 to 65535, was 'http'\n");
    err.reset();
    assertThat(run("serve", "--port", "65536")).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).contains("was '65536'");
  }

  @Test
  void aPortInUseIsBadInput_namingThePort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThat(run("serve", "--port", String.valueOf(port))).isEqualTo(Cutover.INVALID_INPUT);
      assertThat(err()).startsWith("cutover serve: --port " + port + ": cannot listen on 127.0.0.1:" + port + ": ")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void aMissingOrInvalidConfigIsBadInput_namingTheFile(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("none.json");
    assertThat(run("serve", "--config", missing.toString())).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).contains("cutover serve: --config " + missing + ": config: no such file: " + missing);
    err.reset();
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"pollInterval\": \"PT0S\"}");
    assertThat(run("serve", "--config", bad.toString())).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).contains("--config " + bad + ": pollInterval: must be within [PT0.01S, PT1H], was PT0S");
  }

  @Test
  void badTokensAddressesAndUrlsAreBadInput_namingTheValue() {
    assertThat(run("serve", "--port", "0", "--token", "nocolon")).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).startsWith("cutover serve: token: ");
    err.reset();
    assertThat(run("serve", "--port", "0", "--bind", "0.0.0.0")).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).contains("refusing to listen on 0.0.0.0 without a token");
    err.reset();
    assertThat(run("serve", "--port", "0", "--vitess", "http://vtgate")).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).contains("--vitess: url: must be a jdbc:mysql: url, was 'http://vtgate'");
    err.reset();
    assertThat(run("serve", "--port", "0", "--vitess", "jdbc:mysql://127.0.0.1:1/", "--vtctld", "no-port"))
        .isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).contains("--vtctld no-port: ");
    err.reset();
    assertThat(run("serve", "--port", "0", "--store", "postgres://x")).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).contains("--store postgres://x: url: must be a jdbc:mysql: url");
    err.reset();
    assertThat(run("serve", "--port")).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).contains("cutover serve: Missing required parameter for option '--port' (N)");
  }

  @Test
  void anUnreachableStoreIsBadInput_namingTheUrl() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    String url = "jdbc:mysql://127.0.0.1:" + closed + "/none?connectTimeout=2000";
    assertThatThrownBy(() -> parsed("--port", "0", "--store", url).start(new PrintWriter(out)))
        .isInstanceOf(Serve.Refused.class).hasMessageStartingWith("--store " + url + ": ");
  }

  @Test
  void theServerItStartsAnswersWithTheTokenItWasGiven() throws Exception {
    Serve serve = parsed("--port", "0", "--token", "ci:s3cret");
    try (PlanetScaleServer server = serve.start(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)))) {
      String printed = out.toString(StandardCharsets.UTF_8);
      assertThat(printed).startsWith("cutover serve: PlanetScale API on " + server.baseUrl() + " over the in-memory backend")
          .contains("--service-token-id ci ");
      HttpClient http = HttpClient.newHttpClient();
      URI list = URI.create(server.baseUrl() + "v1/organizations/acme/databases/shop/deploy-requests");
      HttpResponse<String> denied = http.send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(denied.statusCode()).isEqualTo(401);
      HttpResponse<String> listed = http.send(HttpRequest.newBuilder(list).header("Authorization", "ci:s3cret").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(listed.statusCode()).as(listed.body()).isNotEqualTo(401);
    }
  }

  @Test
  void theConsoleShowsEveryRequestAndEveryStateChange() throws Exception {
    Serve serve = parsed("--port", "0");
    try (PlanetScaleServer server = serve.start(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true))) {
      HttpClient http = HttpClient.newHttpClient();
      String db = server.baseUrl() + "v1/organizations/acme/databases/shop/";
      HttpResponse<String> changes = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
              + "admin/v1/organizations/acme/databases/shop/branches/dev/schema-changes"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"changes\": [{\"keyspace\": \"commerce\", \"sql\": \"ALTER TABLE customer ADD COLUMN email VARCHAR(255)\"}]}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(changes.statusCode()).as(changes.body()).isEqualTo(200);
      HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(db + "deploy-requests"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"branch\": \"dev\"}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String printed = out.toString(StandardCharsets.UTF_8);
      assertThat(printed).contains("INFO acme/shop/1 entered pending at ")
          .containsPattern("(?m)^POST /v1/organizations/acme/databases/shop/deploy-requests 201 \\d+ms$");
    }
  }
}
