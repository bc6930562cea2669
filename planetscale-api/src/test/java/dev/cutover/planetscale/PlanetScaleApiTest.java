package dev.cutover.planetscale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.planetscale.Http.Answer;
import dev.cutover.planetscale.junit.PlanetScaleServerExtension;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every endpoint over real HTTP, with its status codes and errors. The server runs on a virtual
 * clock and ticks only when a test says so.
 */
class PlanetScaleApiTest {

  static final String CONFIG = """
      {"topology": {"commerce": ["-80", "80-"], "customer": ["-"]},
       "backend": {"defaults": {"readyAfter": "PT10S", "revertAfter": "PT5S"},
                   "migrations": [{"request": "acme/shop/1", "change": 0, "shard": "80-", "readyAfter": "PT1M"}]},
       "databases": ["acme/shop", "acme/other"],
       "revertWindow": "PT30M"}
      """;

  @RegisterExtension
  final PlanetScaleServerExtension planetscale = PlanetScaleServerExtension.inMemory()
      .config(ServeConfig.parse(CONFIG)).token("ci", "s3cret");

  static final String DB = "/v1/organizations/acme/databases/shop";
  static final String TWO_CHANGES = """
      {"changes": [
        {"keyspace": "commerce", "sql": "ALTER TABLE customer ADD COLUMN email VARCHAR(255)"},
        {"keyspace": "commerce", "sql": "ALTER TABLE corder ADD INDEX idx_sku (sku)"}]}""";

  Http http;

  @BeforeEach
  void client(URI baseUrl) {
    http = new Http(baseUrl, "ci:s3cret");
  }

  private void branchWith(String branch, String changes) {
    Answer a = http.post("/admin" + DB + "/branches/" + branch + "/schema-changes", changes);
    assertThat(a.status()).as(a.raw()).isEqualTo(200);
  }

  private long createRequest(String branch, String extra) {
    Answer a = http.post(DB + "/deploy-requests", "{\"branch\": \"" + branch + "\"" + extra + "}");
    assertThat(a.status()).as(a.raw()).isEqualTo(201);
    return a.json().get("number").asLong();
  }

  private JsonNode get(long n) {
    Answer a = http.get(DB + "/deploy-requests/" + n);
    assertThat(a.status()).as(a.raw()).isEqualTo(200);
    return a.json();
  }

  private Answer action(long n, String action, String body) {
    return http.post(DB + "/deploy-requests/" + n + "/" + action, body);
  }

  private JsonNode ok(Answer a) {
    assertThat(a.status()).as(a.raw()).isEqualTo(200);
    return a.json();
  }

  // ---------------------------------------------------------------------------------------------
  // The gated two-change deploy, end to end

  @Test
  void gatedTwoChangeDeploy_waitsInPendingCutoverForTheSlowestShard_thenApplyCompletesBothTogether() {
    branchWith("add-email", TWO_CHANGES);
    long n = createRequest("add-email", ", \"notes\": \"two changes\"");
    assertThat(n).isEqualTo(1);
    JsonNode created = get(n);
    assertThat(created.get("state").asText()).isEqualTo("open");
    assertThat(created.get("deployment_state").asText()).isEqualTo("pending");
    assertThat(created.get("notes").asText()).isEqualTo("two changes");
    assertThat(created.get("branch").asText()).isEqualTo("add-email");
    assertThat(created.get("into_branch").asText()).isEqualTo("main");
    assertThat(created.get("id").asText()).isEqualTo("acme/shop/1");
    assertThat(created.get("deployment").get("auto_cutover").asBoolean()).isFalse();
    assertThat(created.get("actor").get("id").asText()).isEqualTo("ci");

    planetscale.tick();
    assertThat(get(n).get("deployment_state").asText()).isEqualTo("ready");
    assertThat(get(n).get("deployment").get("deployable").asBoolean()).isTrue();

    JsonNode deployed = ok(action(n, "deploy", "{\"instant_ddl\": false}"));
    assertThat(deployed.get("deployment_state").asText()).isEqualTo("queued");
    assertThat(deployed.get("deployment").get("queued_at").isTextual()).isTrue();

    planetscale.advance(Duration.ofSeconds(30));
    JsonNode waiting = get(n);
    assertThat(waiting.get("deployment_state").asText()).isEqualTo("in_progress");
    assertThat(waiting.get("deployment").get("started_at").isTextual()).isTrue();
    Answer early = action(n, "apply-deploy", "{}");
    assertThat(early.status()).isEqualTo(409);
    assertThat(early.json().get("code").asText()).isEqualTo("conflict");
    assertThat(early.message()).contains("apply").contains("in_progress");

    planetscale.advance(Duration.ofSeconds(31));
    assertThat(get(n).get("deployment").get("state").asText()).isEqualTo("pending_cutover");
    JsonNode ops = ok(http.get(DB + "/deploy-requests/" + n + "/operations")).get("data");
    assertThat(ops).hasSize(2);
    assertThat(ops.get(0).get("table_name").asText()).isEqualTo("customer");
    assertThat(ops.get(1).get("table_name").asText()).isEqualTo("corder");
    assertThat(ops.get(0).get("keyspace_name").asText()).isEqualTo("commerce");
    assertThat(ops.get(0).get("operation_name").asText()).isEqualTo("ALTER");

    JsonNode applied = ok(action(n, "apply-deploy", "{}"));
    assertThat(applied.get("deployment").get("cutover_actor").get("id").asText()).isEqualTo("ci");
    planetscale.tick();
    assertThat(get(n).get("deployment_state").asText()).isEqualTo("in_progress_cutover");
    planetscale.advance(Duration.ofSeconds(1));
    JsonNode done = get(n);
    assertThat(done.get("deployment_state").asText()).isEqualTo("complete_pending_revert");
    assertThat(done.get("deployed_at").isTextual()).isTrue();

    JsonNode skipped = ok(action(n, "skip-revert", "{}"));
    assertThat(skipped.get("deployment_state").asText()).isEqualTo("complete");
    assertThat(skipped.get("deployment").get("finished_at").isTextual()).isTrue();
  }

  @Test
  void autoCutover_true_completesWithoutApply_andRevertInTheWindowReverts() {
    branchWith("feat", "{\"changes\": [{\"keyspace\": \"customer\", \"sql\": \"ALTER TABLE t ADD COLUMN c INT\"}]}");
    long n = createRequest("feat", ", \"auto_cutover\": true");
    assertThat(get(n).get("deployment").get("auto_cutover").asBoolean()).isTrue();
    planetscale.tick();
    ok(action(n, "deploy", "{}"));
    planetscale.advance(Duration.ofSeconds(12));
    assertThat(get(n).get("deployment_state").asText()).isEqualTo("complete_pending_revert");
    JsonNode reverting = ok(action(n, "revert", "{}"));
    assertThat(reverting.get("deployment_state").asText()).isEqualTo("in_progress_revert");
    planetscale.advance(Duration.ofSeconds(6));
    assertThat(get(n).get("deployment_state").asText()).isEqualTo("complete_revert");
  }

  @Test
  void autoApply_put_enable_opensTheGateOfARequestInPendingCutover() {
    branchWith("feat", "{\"changes\": [{\"keyspace\": \"customer\", \"sql\": \"ALTER TABLE t ADD COLUMN c INT\"}]}");
    long n = createRequest("feat", "");
    planetscale.tick();
    ok(action(n, "deploy", "{}"));
    planetscale.advance(Duration.ofSeconds(11));
    assertThat(get(n).get("deployment_state").asText()).isEqualTo("pending_cutover");
    JsonNode on = ok(http.send("PUT", DB + "/deploy-requests/" + n + "/auto-apply", "{\"enable\": true}"));
    assertThat(on.get("deployment").get("auto_cutover").asBoolean()).isTrue();
    planetscale.advance(Duration.ofSeconds(2));
    assertThat(get(n).get("deployment_state").asText()).isEqualTo("complete_pending_revert");
    Answer bad = http.send("PUT", DB + "/deploy-requests/" + n + "/auto-apply", "{\"enable\": \"yes\"}");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.message()).contains("enable").contains("\"yes\"");
  }

  @Test
  void cancel_ofAQueuedRequest_completesTheCancelAtOnce_andRecordsTheActor() {
    branchWith("a", TWO_CHANGES);
    branchWith("b", "{\"changes\": [{\"keyspace\": \"customer\", \"sql\": \"ALTER TABLE t ADD COLUMN c INT\"}]}");
    long first = createRequest("a", "");
    long second = createRequest("b", "");
    planetscale.tick();
    ok(action(first, "deploy", "{}"));
    ok(action(second, "deploy", "{}"));
    planetscale.tick();
    // the second waits behind the first: the deploy queue and preceding_deployments say so
    JsonNode queue = ok(http.get(DB + "/deploy-queue")).get("data");
    assertThat(queue).hasSize(2);
    assertThat(queue.get(0).get("deploy_request_number").asLong()).isEqualTo(first);
    assertThat(queue.get(0).get("state").asText()).isEqualTo("in_progress");
    assertThat(queue.get(1).get("deploy_request_number").asLong()).isEqualTo(second);
    assertThat(queue.get(1).get("state").asText()).isEqualTo("queued");
    JsonNode preceding = get(second).get("deployment").get("preceding_deployments");
    assertThat(preceding).hasSize(1);
    assertThat(preceding.get(0).get("deploy_request_number").asLong()).isEqualTo(first);
    assertThat(ok(http.get(DB + "/deploy-requests/" + second + "/deployment")).get("state").asText())
        .isEqualTo("queued");

    JsonNode cancelled = ok(action(second, "cancel", "{}"));
    assertThat(cancelled.get("deployment_state").asText()).isEqualTo("complete_cancel");
    assertThat(cancelled.get("deployment").get("cancelled_actor").get("id").asText()).isEqualTo("ci");
    JsonNode inProgress = ok(action(first, "cancel", "{}"));
    assertThat(inProgress.get("deployment_state").asText()).isEqualTo("in_progress_cancel");
    planetscale.advance(Duration.ofSeconds(2));
    assertThat(get(first).get("deployment_state").asText()).isEqualTo("complete_cancel");
    Answer again = action(first, "cancel", "{}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.message()).contains("cancel").contains("complete_cancel");
  }

  // ---------------------------------------------------------------------------------------------
  // Numbering, list and filters

  @Test
  void numbers_arePerDatabase_andListFiltersByBranchIntoBranchAndState_newestFirst() {
    branchWith("a", TWO_CHANGES);
    branchWith("b", TWO_CHANGES);
    assertThat(createRequest("a", "")).isEqualTo(1);
    assertThat(createRequest("b", "")).isEqualTo(2);
    assertThat(createRequest("a", "")).isEqualTo(3);
    String other = "/v1/organizations/acme/databases/other";
    http.post("/admin" + other + "/branches/x/schema-changes", TWO_CHANGES);
    Answer firstOfOther = http.post(other + "/deploy-requests", "{\"branch\": \"x\"}");
    assertThat(firstOfOther.json().get("number").asLong()).isEqualTo(1);
    assertThat(firstOfOther.json().get("id").asText()).isEqualTo("acme/other/1");

    assertThat(numbers(http.get(DB + "/deploy-requests"))).containsExactly(3L, 2L, 1L);
    assertThat(numbers(http.get(DB + "/deploy-requests?branch=a"))).containsExactly(3L, 1L);
    assertThat(numbers(http.get(DB + "/deploy-requests?branch=a&state=open"))).containsExactly(3L, 1L);
    assertThat(numbers(http.get(DB + "/deploy-requests?state=closed"))).isEmpty();
    assertThat(numbers(http.get(DB + "/deploy-requests?into_branch=main"))).containsExactly(3L, 2L, 1L);
    assertThat(numbers(http.get(DB + "/deploy-requests?into_branch=dev"))).isEmpty();
    Answer bad = http.get(DB + "/deploy-requests?state=merged");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.message()).contains("state").contains("merged");
  }

  private static List<Long> numbers(Answer a) {
    assertThat(a.status()).as(a.raw()).isEqualTo(200);
    List<Long> list = new ArrayList<>();
    a.json().get("data").forEach(n -> list.add(n.get("number").asLong()));
    return list;
  }

  @Test
  void create_withoutAutoCutover_meansFalse_andAnEmptyBranchGivesNoChanges() {
    http.post(DB + "/branches", "{\"name\": \"empty\", \"parent_branch\": \"main\"}");
    long n = createRequest("empty", "");
    assertThat(get(n).get("deployment").get("auto_cutover").asBoolean()).isFalse();
    planetscale.tick();
    assertThat(get(n).get("deployment_state").asText()).isEqualTo("no_changes");
    assertThat(get(n).get("deployment").get("deployable").asBoolean()).isFalse();
  }

  @Test
  void create_refusesAnUnknownBranch_aMissingBranch_andABadFieldType() {
    Answer unknown = http.post(DB + "/deploy-requests", "{\"branch\": \"nope\"}");
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.json().get("code").asText()).isEqualTo("invalid_params");
    assertThat(unknown.message()).contains("branch").contains("nope");
    Answer missing = http.post(DB + "/deploy-requests", "{\"notes\": \"x\"}");
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.message()).startsWith("branch: required");
    branchWith("a", TWO_CHANGES);
    Answer badType = http.post(DB + "/deploy-requests", "{\"branch\": \"a\", \"auto_cutover\": \"yes\"}");
    assertThat(badType.status()).isEqualTo(422);
    assertThat(badType.message()).contains("auto_cutover").contains("\"yes\"");
    Answer intoUnknown = http.post(DB + "/deploy-requests", "{\"branch\": \"a\", \"into_branch\": \"dev\"}");
    assertThat(intoUnknown.status()).isEqualTo(422);
    assertThat(intoUnknown.message()).contains("into_branch").contains("dev");
    Answer notJson = http.post(DB + "/deploy-requests", "{\"branch\": ");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.message()).startsWith("body: not valid JSON");
    Answer array = http.post(DB + "/deploy-requests", "[1]");
    assertThat(array.status()).isEqualTo(422);
    assertThat(array.message()).contains("body: must be a JSON object");
  }

  @Test
  void unknownFields_inABody_areTolerated() {
    branchWith("a", TWO_CHANGES);
    Answer a = http.post(DB + "/deploy-requests", "{\"branch\": \"a\", \"auto_delete_branch\": true, \"future\": 1}");
    assertThat(a.status()).isEqualTo(201);
  }

  // ---------------------------------------------------------------------------------------------
  // Branches and the admin endpoint

  @Test
  void branches_create_list_get_andDuplicates() {
    Answer created = http.post(DB + "/branches", "{\"name\": \"feat\", \"parent_branch\": \"main\"}");
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    assertThat(created.json().get("name").asText()).isEqualTo("feat");
    assertThat(created.json().get("parent_branch").asText()).isEqualTo("main");
    assertThat(created.json().get("production").asBoolean()).isFalse();
    Answer dup = http.post(DB + "/branches", "{\"name\": \"feat\"}");
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.message()).contains("feat").contains("already exists");
    Answer badParent = http.post(DB + "/branches", "{\"name\": \"x\", \"parent_branch\": \"nope\"}");
    assertThat(badParent.status()).isEqualTo(422);
    assertThat(badParent.message()).contains("parent_branch").contains("nope");
    JsonNode list = ok(http.get(DB + "/branches")).get("data");
    assertThat(list).hasSize(2);
    assertThat(list.get(0).get("name").asText()).isEqualTo("main");
    assertThat(list.get(0).get("production").asBoolean()).isTrue();
    assertThat(ok(http.get(DB + "/branches/feat")).get("name").asText()).isEqualTo("feat");
    assertThat(http.get(DB + "/branches/nope").status()).isEqualTo(404);
  }

  @Test
  void schemaChanges_setAndRead_andCreateFromTheBranchUsesThem() {
    branchWith("feat", TWO_CHANGES);
    JsonNode read = ok(http.get("/admin" + DB + "/branches/feat/schema-changes"));
    assertThat(read.get("changes")).hasSize(2);
    assertThat(read.get("changes").get(1).get("sql").asText()).isEqualTo("ALTER TABLE corder ADD INDEX idx_sku (sku)");
    long n = createRequest("feat", "");
    JsonNode diff = ok(http.get(DB + "/deploy-requests/" + n + "/diff")).get("data");
    assertThat(diff).hasSize(2);
    assertThat(diff.get(0).get("name").asText()).isEqualTo("customer");
    assertThat(diff.get(0).get("raw").asText()).isEqualTo("ALTER TABLE customer ADD COLUMN email VARCHAR(255);");
    assertThat(diff.get(1).get("html").asText()).isEqualTo("ALTER TABLE corder ADD INDEX idx_sku (sku);");
  }

  @Test
  void schemaChanges_refuseAnUnknownKeyspace_twoStatements_andTheMainBranch() {
    Answer ks = http.post("/admin" + DB + "/branches/f/schema-changes",
        "{\"changes\": [{\"keyspace\": \"nope\", \"sql\": \"ALTER TABLE t ADD COLUMN c INT\"}]}");
    assertThat(ks.status()).isEqualTo(422);
    assertThat(ks.message()).startsWith("changes[0].keyspace").contains("nope");
    Answer two = http.post("/admin" + DB + "/branches/f/schema-changes",
        "{\"changes\": [{\"keyspace\": \"commerce\", \"sql\": \"ALTER TABLE t ADD COLUMN c INT; DROP TABLE u\"}]}");
    assertThat(two.status()).isEqualTo(422);
    assertThat(two.message()).startsWith("changes[0].sql");
    Answer notArray = http.post("/admin" + DB + "/branches/f/schema-changes", "{\"changes\": 3}");
    assertThat(notArray.status()).isEqualTo(422);
    assertThat(notArray.message()).startsWith("changes:");
    Answer main = http.post("/admin" + DB + "/branches/main/schema-changes", TWO_CHANGES);
    assertThat(main.status()).isEqualTo(422);
    assertThat(main.message()).contains("main");
  }

  @Test
  void organizationAndDatabases_areAnsweredAsPscaleReadsThemBeforeCreatingABranch() {
    JsonNode org = ok(http.get("/v1/organizations/acme"));
    assertThat(org.get("name").asText()).isEqualTo("acme");
    JsonNode dbs = ok(http.get("/v1/organizations/acme/databases")).get("data");
    assertThat(dbs).hasSize(2);
    JsonNode db = ok(http.get(DB));
    assertThat(db.get("name").asText()).isEqualTo("shop");
    assertThat(db.get("kind").asText()).isEqualTo("mysql");
    assertThat(db.get("state").asText()).isEqualTo("ready");
    assertThat(http.get("/v1/organizations/nope").status()).isEqualTo(404);
    assertThat(http.get("/v1/organizations/acme/databases/nope").status()).isEqualTo(404);
  }

  // ---------------------------------------------------------------------------------------------
  // Reviews

  @Test
  void reviews_approvedApprovesTheRequest_commentedDoesNot_andBothAreListed() {
    branchWith("feat", TWO_CHANGES);
    long n = createRequest("feat", "");
    Answer comment = http.post(DB + "/deploy-requests/" + n + "/reviews", "{\"state\": \"commented\", \"body\": \"lgtm?\"}");
    assertThat(comment.status()).isEqualTo(201);
    assertThat(comment.json().get("state").asText()).isEqualTo("commented");
    assertThat(comment.json().get("body").asText()).isEqualTo("lgtm?");
    assertThat(get(n).get("approved").asBoolean()).isFalse();
    Answer approve = http.post(DB + "/deploy-requests/" + n + "/reviews", "{\"state\": \"approved\", \"body\": \"\"}");
    assertThat(approve.status()).isEqualTo(201);
    assertThat(get(n).get("approved").asBoolean()).isTrue();
    JsonNode list = ok(http.get(DB + "/deploy-requests/" + n + "/reviews")).get("data");
    assertThat(list).hasSize(2);
    assertThat(list.get(1).get("actor").get("id").asText()).isEqualTo("ci");
    Answer bad = http.post(DB + "/deploy-requests/" + n + "/reviews", "{\"state\": \"rejected\"}");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.message()).contains("state").contains("rejected");
  }

  // ---------------------------------------------------------------------------------------------
  // Throttler

  @Test
  void throttler_ratioIsAnInteger0To95_mappedToTheCore0To095() {
    branchWith("feat", TWO_CHANGES);
    long n = createRequest("feat", "");
    planetscale.tick();
    String path = DB + "/deploy-requests/" + n + "/throttler";
    JsonNode initial = ok(http.get(path));
    assertThat(initial.get("ratio").asInt()).isZero();
    assertThat(initial.get("keyspaces").get(0).asText()).isEqualTo("commerce");
    Answer notYet = http.send("PATCH", path, "{\"ratio\": 50}");
    assertThat(notYet.status()).isEqualTo(409);
    assertThat(notYet.message()).contains("throttle").contains("ready");
    ok(action(n, "deploy", "{}"));
    JsonNode set = ok(http.send("PATCH", path, "{\"ratio\": 50}"));
    assertThat(set.get("ratio").asInt()).isEqualTo(50);
    assertThat(set.get("configurations").get(0).get("keyspace_name").asText()).isEqualTo("commerce");
    assertThat(set.get("configurations").get(0).get("ratio").asInt()).isEqualTo(50);
    for (String bad : List.of("96", "-1", "0.5", "\"10\"")) {
      Answer a = http.send("PATCH", path, "{\"ratio\": " + bad + "}");
      assertThat(a.status()).as(bad).isEqualTo(422);
      assertThat(a.message()).as(bad).startsWith("ratio: must be an integer from 0 to 95, was " + bad);
    }
    Answer none = http.send("PATCH", path, "{}");
    assertThat(none.status()).isEqualTo(422);
    Answer unknownKeyspace = http.send("PATCH", path,
        "{\"configurations\": [{\"keyspace_name\": \"customer\", \"ratio\": 10}]}");
    assertThat(unknownKeyspace.status()).isEqualTo(422);
    assertThat(unknownKeyspace.message()).startsWith("configurations[0].keyspace_name").contains("customer");
    Answer badRatio = http.send("PATCH", path,
        "{\"configurations\": [{\"keyspace_name\": \"commerce\", \"ratio\": 99}]}");
    assertThat(badRatio.status()).isEqualTo(422);
    assertThat(badRatio.message()).startsWith("configurations[0].ratio");
  }

  // ---------------------------------------------------------------------------------------------
  // Errors: 404, 401, 405

  @Test
  void notFound_forAnUnknownOrganizationDatabaseNumberOrEndpoint() {
    Answer org = http.get("/v1/organizations/nope/databases/shop/deploy-requests");
    assertThat(org.status()).isEqualTo(404);
    assertThat(org.json().get("code").asText()).isEqualTo("not_found");
    assertThat(org.message()).contains("organization 'nope'");
    Answer db = http.get("/v1/organizations/acme/databases/nope/deploy-requests");
    assertThat(db.status()).isEqualTo(404);
    assertThat(db.message()).contains("database 'nope'");
    Answer number = http.get(DB + "/deploy-requests/7");
    assertThat(number.status()).isEqualTo(404);
    assertThat(number.message()).contains("shop/7");
    assertThat(http.get(DB + "/deploy-requests/abc").status()).isEqualTo(404);
    assertThat(action(7, "deploy", "{}").status()).isEqualTo(404);
    Answer endpoint = http.get("/v2/nothing-here");
    assertThat(endpoint.status()).isEqualTo(404);
    assertThat(endpoint.message()).contains("no such endpoint");
  }

  @Test
  void methodNotAllowed_namesTheAllowedMethods() {
    Answer a = http.send("DELETE", DB + "/deploy-requests", null);
    assertThat(a.status()).isEqualTo(405);
    assertThat(a.message()).contains("GET").contains("POST");
  }

  @Test
  void unauthorized_forAMissingOrWrongToken_andBearerWorks() {
    Http anonymous = http.withAuthorization(null);
    Answer missing = anonymous.get(DB + "/deploy-requests");
    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.json().get("code").asText()).isEqualTo("unauthorized");
    assertThat(http.withAuthorization("ci:wrong").get(DB + "/deploy-requests").status()).isEqualTo(401);
    assertThat(http.withAuthorization("other:s3cret").get(DB + "/deploy-requests").status()).isEqualTo(401);
    assertThat(http.withAuthorization("Bearer wrong").get(DB + "/deploy-requests").status()).isEqualTo(401);
    assertThat(http.withAuthorization("garbage").get(DB + "/deploy-requests").status()).isEqualTo(401);
    assertThat(http.withAuthorization("Bearer s3cret").get(DB + "/deploy-requests").status()).isEqualTo(200);
    assertThat(anonymous.get("/admin" + DB + "/branches/x/schema-changes").status()).isEqualTo(401);
  }
}
