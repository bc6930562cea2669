package dev.cutover.planetscale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.planetscale.Http.Answer;
import dev.cutover.planetscale.junit.PlanetScaleServerExtension;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The endpoints of spec section 7 over real HTTP: close, force-cutover, complete-deploy (unblock),
 * deploy with instant_ddl, per-keyspace throttling, and operations' progress.
 */
class FurtherActionsApiTest {

  static final String CONFIG = """
      {"topology": {"commerce": ["-80", "80-"], "customer": ["-"]},
       "backend": {"defaults": {"readyAfter": "PT10S", "revertAfter": "PT5S"},
                   "migrations": [
                     {"request": "acme/shop/1", "change": 0, "shard": "80-", "readyAfter": "PT40S"},
                     {"request": "acme/stuck/1", "change": 0, "cutoverStuck": true},
                     {"request": "acme/failing/1", "change": 0, "failAfter": "PT5S", "message": "duplicate key"}],
                   "analysis": {"acme/instant/1": {"instantEligible": [0]}}},
       "databases": ["acme/shop", "acme/stuck", "acme/failing", "acme/instant"]}
      """;

  static final String ONE_CHANGE = "{\"changes\": [{\"keyspace\": \"commerce\", \"sql\": \"ALTER TABLE t ADD COLUMN c INT\"}]}";

  @RegisterExtension
  final PlanetScaleServerExtension planetscale = PlanetScaleServerExtension.inMemory()
      .config(ServeConfig.parse(CONFIG)).token("ci", "s3cret");

  Http http;

  @BeforeEach
  void client(URI baseUrl) {
    http = new Http(baseUrl, "ci:s3cret");
  }

  private long create(String db, String branch, String changes, String extra) {
    String base = "/v1/organizations/acme/databases/" + db;
    assertThat(http.post("/admin" + base + "/branches/" + branch + "/schema-changes", changes).status()).isEqualTo(200);
    Answer a = http.post(base + "/deploy-requests", "{\"branch\": \"" + branch + "\"" + extra + "}");
    assertThat(a.status()).as(a.raw()).isEqualTo(201);
    return a.json().get("number").asLong();
  }

  private String path(String db, long n, String action) {
    return "/v1/organizations/acme/databases/" + db + "/deploy-requests/" + n + (action.isEmpty() ? "" : "/" + action);
  }

  private JsonNode get(String db, long n) {
    Answer a = http.get(path(db, n, ""));
    assertThat(a.status()).as(a.raw()).isEqualTo(200);
    return a.json();
  }

  private static JsonNode ok(Answer a) {
    assertThat(a.status()).as(a.raw()).isEqualTo(200);
    return a.json();
  }

  // close ----------------------------------------------------------------------------------------

  @Test
  void close_ofAReadyRequest_closesIt_keepsItsDeploymentState_andListsItAsClosed() {
    long n = create("shop", "f", ONE_CHANGE, "");
    planetscale.tick();
    JsonNode closed = ok(http.send("PATCH", path("shop", n, ""), "{\"state\": \"closed\"}"));
    assertThat(closed.get("state").asText()).isEqualTo("closed");
    assertThat(closed.get("deployment_state").asText()).isEqualTo("ready");
    assertThat(closed.get("closed_at").isTextual()).isTrue();
    assertThat(closed.get("closed_by").get("id").asText()).isEqualTo("ci");
    JsonNode list = ok(http.get("/v1/organizations/acme/databases/shop/deploy-requests?state=closed")).get("data");
    assertThat(list).hasSize(1);
    assertThat(ok(http.get("/v1/organizations/acme/databases/shop/deploy-requests?state=open")).get("data")).isEmpty();
    Answer deploy = http.post(path("shop", n, "deploy"), "{}");
    assertThat(deploy.status()).isEqualTo(409);
    assertThat(deploy.message()).contains("closed");
    Answer reopen = http.send("PATCH", path("shop", n, ""), "{\"state\": \"open\"}");
    assertThat(reopen.status()).isEqualTo(422);
    assertThat(reopen.message()).startsWith("state:").contains("open");
  }

  @Test
  void close_whileInProgress_isRejectedSayingWhatToDoFirst() {
    long n = create("shop", "f", ONE_CHANGE, "");
    planetscale.tick();
    ok(http.post(path("shop", n, "deploy"), "{}"));
    planetscale.advance(Duration.ofSeconds(2));
    Answer a = http.send("PATCH", path("shop", n, ""), "{\"state\": \"closed\"}");
    assertThat(a.status()).isEqualTo(409);
    assertThat(a.json().get("code").asText()).isEqualTo("conflict");
    assertThat(a.message()).contains("close").contains("cancel it first");
    assertThat(get("shop", n).get("state").asText()).isEqualTo("open");
  }

  // force-cutover --------------------------------------------------------------------------------

  @Test
  void forceCutover_completesACutoverThatKeepsFailing_andIsRejectedOutsideInProgressCutover() {
    long n = create("stuck", "f", ONE_CHANGE, ", \"auto_cutover\": true");
    planetscale.tick();
    Answer early = http.post(path("stuck", n, "force-cutover"), "{}");
    assertThat(early.status()).isEqualTo(409);
    assertThat(early.message()).contains("forceCutover").contains("ready");
    ok(http.post(path("stuck", n, "deploy"), "{}"));
    planetscale.advance(Duration.ofSeconds(30));
    assertThat(get("stuck", n).get("deployment_state").asText()).isEqualTo("in_progress_cutover");
    JsonNode forced = ok(http.post(path("stuck", n, "force-cutover"), "{}"));
    assertThat(forced.get("deployment_state").asText()).isEqualTo("in_progress_cutover");
    planetscale.advance(Duration.ofSeconds(2));
    assertThat(get("stuck", n).get("deployment_state").asText()).isEqualTo("complete_pending_revert");
  }

  // complete-deploy (unblock) --------------------------------------------------------------------

  @Test
  void aFailedDeployHoldsTheQueue_untilCompleteDeployUnblocksIt() {
    long failing = create("failing", "a", ONE_CHANGE, ", \"auto_cutover\": true");
    long next = create("failing", "b", "{\"changes\": [{\"keyspace\": \"customer\", \"sql\": \"ALTER TABLE u ADD COLUMN d INT\"}]}",
        ", \"auto_cutover\": true");
    planetscale.tick();
    Answer notYet = http.post(path("failing", failing, "complete-deploy"), "{}");
    assertThat(notYet.status()).isEqualTo(409);
    assertThat(notYet.message()).contains("unblock");
    ok(http.post(path("failing", failing, "deploy"), "{}"));
    ok(http.post(path("failing", next, "deploy"), "{}"));
    planetscale.advance(Duration.ofSeconds(10));
    assertThat(get("failing", failing).get("deployment_state").asText()).isEqualTo("complete_error");
    planetscale.advance(Duration.ofSeconds(10));
    assertThat(get("failing", next).get("deployment_state").asText()).isEqualTo("queued");
    JsonNode queue = ok(http.get("/v1/organizations/acme/databases/failing/deploy-queue")).get("data");
    assertThat(queue.get(0).get("deploy_request_number").asLong()).isEqualTo(failing);
    assertThat(queue.get(0).get("state").asText()).isEqualTo("complete_error");

    ok(http.post(path("failing", failing, "complete-deploy"), "{}"));
    planetscale.advance(Duration.ofSeconds(1));
    assertThat(get("failing", next).get("deployment_state").asText()).isNotEqualTo("queued");
    Answer again = http.post(path("failing", failing, "complete-deploy"), "{}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.message()).contains("already unblocked");
  }

  // deploy with instant_ddl ----------------------------------------------------------------------

  @Test
  void deploy_instantDdlTrue_deploysInstant_noRevertWindow() {
    long n = create("instant", "f", ONE_CHANGE, ", \"auto_cutover\": true");
    planetscale.tick();
    JsonNode ready = get("instant", n);
    assertThat(ready.get("deployment").get("instant_ddl_eligible").asBoolean()).isTrue();
    assertThat(ready.get("deployment").get("instant_ddl").asBoolean()).isFalse();
    JsonNode deployed = ok(http.post(path("instant", n, "deploy"), "{\"instant_ddl\": true}"));
    assertThat(deployed.get("deployment").get("instant_ddl").asBoolean()).isTrue();
    planetscale.advance(Duration.ofSeconds(3));
    JsonNode done = get("instant", n);
    assertThat(done.get("deployment_state").asText()).isEqualTo("complete");
    assertThat(done.get("deployed_at").isTextual()).isTrue();
  }

  @Test
  void deploy_instantDdlTrue_ofANotEligibleRequest_isRejected_andKeepsTheOption() {
    long n = create("shop", "f", ONE_CHANGE, ", \"auto_cutover\": true");
    planetscale.tick();
    Answer a = http.post(path("shop", n, "deploy"), "{\"instant_ddl\": true}");
    assertThat(a.status()).isEqualTo(409);
    assertThat(a.message()).contains("deploy").contains("instant");
    JsonNode after = get("shop", n);
    assertThat(after.get("deployment_state").asText()).isEqualTo("ready");
    assertThat(after.get("deployment").get("instant_ddl").asBoolean()).isFalse();
    Answer badType = http.post(path("shop", n, "deploy"), "{\"instant_ddl\": 1}");
    assertThat(badType.status()).isEqualTo(422);
    assertThat(badType.message()).startsWith("instant_ddl: must be true or false, was 1");
  }

  // per-keyspace throttling ----------------------------------------------------------------------

  @Test
  void throttler_configurationsSetAKeyspacesOwnRatio_whichKeepsPriorityOverTheRequestWideRatio() {
    long n = create("shop", "f", """
        {"changes": [{"keyspace": "commerce", "sql": "ALTER TABLE t ADD COLUMN c INT"},
                     {"keyspace": "customer", "sql": "ALTER TABLE u ADD COLUMN d INT"}]}""", "");
    planetscale.tick();
    ok(http.post(path("shop", n, "deploy"), "{}"));
    JsonNode own = ok(http.send("PATCH", path("shop", n, "throttler"),
        "{\"configurations\": [{\"keyspace_name\": \"customer\", \"ratio\": 80}]}"));
    assertThat(own.get("ratio").asInt()).isZero();
    assertThat(own.get("configurations").get(0).get("ratio").asInt()).isZero();
    assertThat(own.get("configurations").get(1).get("keyspace_name").asText()).isEqualTo("customer");
    assertThat(own.get("configurations").get(1).get("ratio").asInt()).isEqualTo(80);
    JsonNode wide = ok(http.send("PATCH", path("shop", n, "throttler"), "{\"ratio\": 25}"));
    assertThat(wide.get("ratio").asInt()).isEqualTo(25);
    assertThat(wide.get("configurations").get(0).get("ratio").asInt()).isEqualTo(25);
    assertThat(wide.get("configurations").get(1).get("ratio").asInt()).isEqualTo(80);
    assertThat(ok(http.get(path("shop", n, "throttler"))).get("configurations").get(1).get("ratio").asInt())
        .isEqualTo(80);
  }

  // operations: progress -------------------------------------------------------------------------

  @Test
  void operations_showTheMeanProgressOfEachChangesRows_fromTheDriversLastRead() {
    long n = create("shop", "f", """
        {"changes": [{"keyspace": "commerce", "sql": "ALTER TABLE customer ADD COLUMN e INT"},
                     {"keyspace": "commerce", "sql": "ALTER TABLE corder ADD COLUMN f INT"}]}""", "");
    planetscale.tick();
    JsonNode before = ok(http.get(path("shop", n, "operations"))).get("data");
    assertThat(before.get(0).get("state").asText()).isEqualTo("pending");
    assertThat(before.get(0).get("progress_percentage").asLong()).isZero();
    ok(http.post(path("shop", n, "deploy"), "{}"));
    planetscale.advance(Duration.ofSeconds(21));
    JsonNode during = ok(http.get(path("shop", n, "operations"))).get("data");
    assertThat(during.get(0).get("state").asText()).isEqualTo("in_progress");
    long slow = during.get(0).get("progress_percentage").asLong();
    long fast = during.get(1).get("progress_percentage").asLong();
    assertThat(slow).isStrictlyBetween(50L, 100L); // -80 ready (100), 80- half way to its 40 s
    assertThat(fast).isEqualTo(100L);
    planetscale.advance(Duration.ofSeconds(25));
    ok(http.post(path("shop", n, "apply-deploy"), "{}"));
    planetscale.advance(Duration.ofSeconds(2));
    JsonNode after = ok(http.get(path("shop", n, "operations"))).get("data");
    assertThat(after.get(0).get("progress_percentage").asLong()).isEqualTo(100L);
    assertThat(after.get(0).get("state").asText()).isEqualTo("complete_pending_revert");
  }
}
