package dev.cutover.planetscale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import dev.cutover.inmemory.VirtualClock;
import dev.cutover.planetscale.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 22 items 3, 8, 9, 11, 13, 14 (first half), 15 (the idempotency key) and issue 21's
 * {@code GET /v1/organizations}, 501 and request log: what the server refuses, over real HTTP.
 */
class RefusalsTest {

  private static final String DB = "/v1/organizations/o/databases/d";
  private static final String CHANGES = "{\"changes\": [{\"keyspace\": \"customer\", \"sql\":"
      + " \"DROP TABLE t\"}]}";

  private final HttpClient client = HttpClient.newHttpClient();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private PlanetScaleServer server;
  private Http http;

  @BeforeEach
  void start() throws Exception {
    VirtualClock clock = VirtualClock.atEpoch();
    server = PlanetScaleServer.builder(new InMemoryDeployRequestStore(), ServeConfig.ofDefaults().inMemoryBackend(clock))
        .clock(clock).tickEvery(null).requestLog(log::add).start();
    http = new Http(URI.create(server.baseUrl()), null);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private record Raw(int status, JsonNode json, Map<String, List<String>> headers) {
    String message() {
      return json.path("message").asText();
    }

    String code() {
      return json.path("code").asText();
    }
  }

  private Raw send(String method, String path, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl()).resolve(path.substring(1)))
        .timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Raw(r.statusCode(), Json.mapper().readTree(r.body()), r.headers().map());
  }

  private Raw json(String method, String path, String body, String... headers) throws Exception {
    List<String> h = new ArrayList<>(List.of("Content-Type", "application/json"));
    h.addAll(List.of(headers));
    return send(method, path, body.getBytes(StandardCharsets.UTF_8), h.toArray(new String[0]));
  }

  // ---------------------------------------------------------------------------------------------
  // Item 3: cross-site requests

  @Test
  void crossSiteRequests_areRefused_andDoNothing_whileSameOriginOnesAreServed() throws Exception {
    String changes = "/admin" + DB + "/branches/f/schema-changes";
    Raw plain = send("POST", changes, CHANGES.getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain");
    assertThat(plain.status()).isEqualTo(415);
    assertThat(plain.message()).contains("application/json").contains("text/plain");
    Raw noType = send("POST", changes, CHANGES.getBytes(StandardCharsets.UTF_8));
    assertThat(noType.status()).isEqualTo(415);
    Raw origin = json("POST", changes, CHANGES, "Origin", "http://evil.example");
    assertThat(origin.status()).isEqualTo(403);
    assertThat(origin.message()).contains("cross-site").contains("evil.example");
    Raw site = json("POST", changes, CHANGES, "Sec-Fetch-Site", "cross-site");
    assertThat(site.status()).isEqualTo(403);
    Raw sameSite = json("POST", changes, CHANGES, "Sec-Fetch-Site", "same-site"); // another port of localhost
    assertThat(sameSite.status()).isEqualTo(403);
    Raw otherPort = json("POST", changes, CHANGES, "Origin", "http://127.0.0.1:1");
    assertThat(otherPort.status()).isEqualTo(403);
    Raw emptyPost = send("POST", DB + "/deploy-requests/1/deploy", null, "Origin", "http://evil.example");
    assertThat(emptyPost.status()).isEqualTo(403);
    assertThat(http.get(changes).status()).as("nothing was set").isEqualTo(404);

    assertThat(json("POST", changes, CHANGES, "Origin", "http://127.0.0.1:" + server.port(), "Sec-Fetch-Site",
        "same-origin").status()).isEqualTo(200);
    assertThat(json("POST", changes, CHANGES, "Origin", "http://localhost:" + server.port()).status()).isEqualTo(200);
  }

  @Test
  void aForeignHost_isRefused_localhostAndTheBoundAddressAreServed() throws Exception {
    String foreign = SlowClientsTest.raw(server.port(), "GET /v1/organizations HTTP/1.1\r\nHost: rebind.evil.example:"
        + server.port() + "\r\nConnection: close\r\n\r\n");
    assertThat(foreign).startsWith("HTTP/1.1 421 ").contains("misdirected_request").contains("rebind.evil.example");
    String none = SlowClientsTest.raw(server.port(), "GET /v1/organizations HTTP/1.1\r\nConnection: close\r\n\r\n");
    assertThat(none).startsWith("HTTP/1.1 400 ").contains("Host header is required");
    for (String host : List.of("localhost", "127.0.0.1", "LOCALHOST")) {
      String ok = SlowClientsTest.raw(server.port(), "GET /v1/organizations HTTP/1.1\r\nHost: " + host + ":"
          + server.port() + "\r\nConnection: close\r\n\r\n");
      assertThat(ok).as(host).startsWith("HTTP/1.1 200 ");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Item 8: sizes, echoes, reads that create nothing

  @Test
  void aBodyOverTheLimit_isAnswered413_withoutBeingRead() throws Exception {
    byte[] big = new byte[(1 << 20) + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    Raw r = send("POST", DB + "/branches", big, "Content-Type", "application/json");
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.code()).isEqualTo("body_too_large");
    assertThat(r.message()).contains("1048576 bytes");
    String declared = SlowClientsTest.raw(server.port(), "POST " + DB + "/branches HTTP/1.1\r\nHost: 127.0.0.1:"
        + server.port() + "\r\nContent-Type: application/json\r\nContent-Length: 53687091200\r\n\r\n{");
    assertThat(declared).startsWith("HTTP/1.1 413 ");
    String headers = SlowClientsTest.raw(server.port(), "GET /v1/organizations HTTP/1.1\r\nHost: 127.0.0.1:"
        + server.port() + "\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
    assertThat(headers).startsWith("HTTP/1.1 431 ");
    assertThat(http.get("/v1/organizations").status()).as("the server still answers").isEqualTo(200);
  }

  @Test
  void errorMessages_echoAtMostAShortPieceOfTheInput() throws Exception {
    String huge = "x".repeat(100_000);
    Raw path = send("GET", "/v2/" + huge.substring(0, 10_000), null); // a longer one is over the header limit (431)
    assertThat(path.status()).isEqualTo(404);
    assertThat(path.message().length()).isLessThan(400);
    Raw ratio = json("POST", "/admin" + DB + "/branches/f/schema-changes", "{\"changes\": [{\"keyspace\": \""
        + huge + "\", \"sql\": \"x\"}]}");
    assertThat(ratio.status()).isEqualTo(422);
    assertThat(ratio.message().length()).isLessThan(400);
    Raw token = json("POST", "/v1/organizations/o/databases/d/deploy-requests", "{\"branch\": \"" + huge + "\"}");
    assertThat(token.message().length()).isLessThan(1000);
    String emoji = "x".repeat(119) + "\uD83D\uDE00\uD83D\uDE00"; // the cut falls inside the first emoji
    Raw split = json("POST", "/v1/organizations/o/databases/d/deploy-requests", "{\"branch\": \"" + emoji + "\"}");
    assertThat(split.status()).isEqualTo(422);
    assertThat(split.message()).contains("x".repeat(119) + "... (123 characters)");
  }

  @Test
  void readsOfUnknownNames_createNoDatabase() throws Exception {
    for (int i = 0; i < 200; i++) {
      assertThat(http.get("/v1/organizations/o/databases/made-up-" + i + "/deploy-requests").status()).isEqualTo(200);
      http.get("/v1/organizations/o/databases/made-up-" + i + "/branches");
    }
    assertThat(http.get("/v1/organizations/o/databases").json().get("data")).isEmpty();
    json("POST", DB + "/branches", "{\"name\": \"f\"}");
    JsonNode listed = http.get("/v1/organizations/o/databases").json().get("data");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("name").asText()).isEqualTo("d");
  }

  // ---------------------------------------------------------------------------------------------
  // Item 11: strict bodies

  @Test
  void malformedBodies_areRefusedWith400_namingWhatIsWrong_andNothingIsDone() throws Exception {
    String changes = "/admin" + DB + "/branches/f/schema-changes";
    Raw trailing = json("POST", changes, CHANGES + " x");
    assertThat(trailing.status()).isEqualTo(400);
    assertThat(trailing.message()).startsWith("body: not valid JSON");
    Raw second = json("POST", changes, CHANGES + CHANGES);
    assertThat(second.status()).isEqualTo(400);
    Raw duplicate = json("POST", DB + "/branches", "{\"name\": \"a\", \"name\": \"b\"}");
    assertThat(duplicate.status()).isEqualTo(400);
    assertThat(duplicate.message()).contains("'name'").contains("twice");
    byte[] latin1 = "{\"name\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    Raw utf8 = send("POST", DB + "/branches", latin1, "Content-Type", "application/json");
    assertThat(utf8.status()).isEqualTo(400);
    assertThat(utf8.message()).contains("UTF-8");
    Raw surrogate = json("POST", changes, "{\"changes\": [{\"keyspace\": \"customer\", \"sql\":"
        + " \"ALTER TABLE t ADD COLUMN \\ud800 INT\"}]}");
    assertThat(surrogate.status()).isEqualTo(400);
    assertThat(surrogate.message()).startsWith("changes[0].sql: ").contains("surrogate");
    assertThat(http.get(changes).status()).as("no branch was made by any of them").isEqualTo(404);
    assertThat(http.get(DB + "/branches").json().get("data")).hasSize(1);
  }

  @Test
  void aThrottlerRatioBeyondTheRangeOfALong_isRefused_notReadModulo2To64() throws Exception {
    json("POST", "/admin" + DB + "/branches/f/schema-changes", CHANGES.replace("DROP TABLE t",
        "ALTER TABLE t ADD COLUMN c INT"));
    assertThat(json("POST", DB + "/deploy-requests", "{\"branch\": \"f\"}").status()).isEqualTo(201);
    Raw r = json("PATCH", DB + "/deploy-requests/1/throttler", "{\"ratio\": 18446744073709551666}");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.message()).startsWith("ratio: must be an integer from 0 to 95").contains("18446744073709551666");
  }

  // ---------------------------------------------------------------------------------------------
  // Item 13: names

  @Test
  void namesAreCheckedAsPlanetScaleChecksThem_anEncodedSlashDotsNulAndHugeNamesAreRefused() throws Exception {
    for (String bad : List.of("a%2Fb", "%2E%2E", "a%00b", "A", "-a", "a.b", "x".repeat(65))) {
      Raw r = send("GET", "/v1/organizations/o/databases/" + bad + "/deploy-requests", null);
      assertThat(r.status()).as(bad).isEqualTo(404);
      assertThat(r.message()).as(bad).contains("lower-case letters");
      Raw org = json("POST", "/v1/organizations/" + bad + "/databases/d/branches", "{\"name\": \"f\"}");
      assertThat(org.status()).as(bad).isEqualTo(404);
    }
    Raw branch = json("POST", DB + "/branches", "{\"name\": \"../x\"}");
    assertThat(branch.status()).isEqualTo(422);
    assertThat(branch.message()).startsWith("name: ").contains("../x");
    assertThat(http.get("/v1/organizations").json().get("data")).as("no organization was made").isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // Item 15: the idempotency key

  @Test
  void aCreateRetriedWithTheSameIdempotencyKey_getsTheSameRequest_andAnotherBodyIsRefused() throws Exception {
    json("POST", "/admin" + DB + "/branches/f/schema-changes", CHANGES.replace("DROP TABLE t",
        "ALTER TABLE t ADD COLUMN c INT"));
    Raw first = json("POST", DB + "/deploy-requests", "{\"branch\": \"f\"}", "Idempotency-Key", "k-1");
    Raw again = json("POST", DB + "/deploy-requests", "{\"branch\": \"f\"}", "Idempotency-Key", "k-1");
    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.json().get("number").asLong()).isEqualTo(first.json().get("number").asLong());
    assertThat(again.headers().get("idempotent-replayed")).containsExactly("true");
    Raw other = json("POST", DB + "/deploy-requests", "{\"branch\": \"f\", \"notes\": \"x\"}", "Idempotency-Key",
        "k-1");
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.message()).startsWith("Idempotency-Key: ").contains("another body");
    Raw fresh = json("POST", DB + "/deploy-requests", "{\"branch\": \"f\"}", "Idempotency-Key", "k-2");
    assertThat(fresh.json().get("number").asLong()).isEqualTo(2);
    assertThat(json("POST", DB + "/deploy-requests", "{\"branch\": \"f\"}").json().get("number").asLong())
        .as("without a key, a create is a new request").isEqualTo(3);
  }

  // ---------------------------------------------------------------------------------------------
  // Issue 21: GET /v1/organizations, 501, the request log

  @Test
  void organizationsAreListed_anUnservedV1PathIs501_andEveryRequestIsLogged() throws Exception {
    json("POST", "/v1/organizations/acme/databases/shop/branches", "{\"name\": \"f\"}");
    json("POST", "/v1/organizations/beta/databases/shop/branches", "{\"name\": \"f\"}");
    JsonNode orgs = http.get("/v1/organizations").json().get("data");
    assertThat(orgs).hasSize(2);
    assertThat(orgs.get(0).get("name").asText()).isEqualTo("acme");
    Raw missing = send("DELETE", "/v1/organizations/acme/databases/shop/branches/f/passwords", null);
    assertThat(missing.status()).isEqualTo(501);
    assertThat(missing.code()).isEqualTo("not_implemented");
    assertThat(missing.message()).contains("DELETE /v1/organizations/acme/databases/shop/branches/f/passwords");
    assertThat(log).anySatisfy(line -> assertThat(line).matches(
        "POST /v1/organizations/acme/databases/shop/branches 201 [0-9]+ms"));
    assertThat(log).anySatisfy(line -> assertThat(line).matches("GET /v1/organizations 200 [0-9]+ms"));
    assertThat(log).anySatisfy(line -> assertThat(line).startsWith("DELETE /v1/organizations/acme/databases/shop"
        + "/branches/f/passwords 501 "));
  }

  // ---------------------------------------------------------------------------------------------
  // Item 9: tokens limited to organizations and databases

  @Test
  void aTokenLimitedToOrganizationsAndDatabases_reachesOnlyThem() throws Exception {
    server.close();
    VirtualClock clock = VirtualClock.atEpoch();
    server = PlanetScaleServer.builder(new InMemoryDeployRequestStore(), ServeConfig.ofDefaults().inMemoryBackend(clock))
        .clock(clock).tickEvery(null).token("admin", "a-secret")
        .token(new ServeToken("ci", "ci-secret", Set.of("acme"), Set.of("beta/shop"))).start();
    Http admin = new Http(URI.create(server.baseUrl()), "admin:a-secret");
    Http ci = new Http(URI.create(server.baseUrl()), "ci:ci-secret");
    for (String db : List.of("acme/shop", "beta/shop", "beta/secret", "gamma/x")) {
      assertThat(admin.post("/v1/organizations/" + db.replace("/", "/databases/") + "/branches", "{\"name\": \"f\"}")
          .status()).as(db).isEqualTo(201);
    }
    assertThat(ci.get("/v1/organizations/acme/databases/shop/branches").status()).isEqualTo(200);
    assertThat(ci.get("/v1/organizations/beta/databases/shop/branches").status()).isEqualTo(200);
    Http.Answer secret = ci.get("/v1/organizations/beta/databases/secret/branches");
    assertThat(secret.status()).as("as PlanetScale: what a token does not reach does not exist for it")
        .isEqualTo(404);
    assertThat(secret.json().get("code").asText()).isEqualTo("not_found");
    assertThat(secret.message()).contains("'secret'").contains("token 'ci' does not reach it");
    assertThat(ci.post("/admin/v1/organizations/gamma/databases/x/branches/f/schema-changes", CHANGES).status())
        .isEqualTo(404);
    assertThat(admin.get("/admin/v1/organizations/gamma/databases/x/branches/f/schema-changes").json().get("changes"))
        .as("nothing was set").isEmpty();
    assertThat(ci.get("/v1/organizations/gamma").status()).isEqualTo(404);
    JsonNode dbs = ci.get("/v1/organizations/beta/databases").json().get("data");
    assertThat(dbs).hasSize(1);
    assertThat(dbs.get(0).get("name").asText()).isEqualTo("shop");
    JsonNode orgs = ci.get("/v1/organizations").json().get("data");
    assertThat(orgs).extracting(o -> o.get("name").asText()).containsExactly("acme", "beta");
    assertThat(admin.get("/v1/organizations").json().get("data")).hasSize(3);
  }
}
