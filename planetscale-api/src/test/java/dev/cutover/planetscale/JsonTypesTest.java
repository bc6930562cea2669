package dev.cutover.planetscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import dev.cutover.planetscale.json.ApiActor;
import dev.cutover.planetscale.json.ApiBranch;
import dev.cutover.planetscale.json.ApiDeployOperation;
import dev.cutover.planetscale.json.ApiDeployRequest;
import dev.cutover.planetscale.json.ApiDeployment;
import dev.cutover.planetscale.json.ApiDiff;
import dev.cutover.planetscale.json.ApiLintError;
import dev.cutover.planetscale.json.ApiQueuedDeployment;
import dev.cutover.planetscale.json.ApiReview;
import dev.cutover.planetscale.json.ApiThrottler;
import dev.cutover.planetscale.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON types: planetscale-go v0.178.0's field names, round trips, unknown fields, bad values. */
class JsonTypesTest {

  static final ObjectMapper M = Json.mapper();
  static final Instant T = Instant.parse("2025-01-02T03:04:05.123456789Z");
  static final ApiActor A = ApiActor.token("ci");

  static ApiDeployment deployment() {
    ApiQueuedDeployment q = new ApiQueuedDeployment("o/d/1", "in_progress", 1, "main", A, T, T, T, T, null);
    return new ApiDeployment("o/d/2", "queued", true,
        List.of(new ApiLintError("SCHEMA_CHANGE_REJECTED", "commerce", "t", "table", "bad", "")), 2, "main",
        List.of(q), true, false, true, A, null, null, T, T, null, T, null);
  }

  static ApiDeployRequest request() {
    return new ApiDeployRequest("o/d/2", "feat", "main", A, null, null, 2, "open", "queued", true, "n", deployment(),
        "http://x/o/d/deploy-requests/2", T, T, null, null);
  }

  @Test
  void deployRequest_hasExactlyTheFieldNamesOfPlanetscaleGo() {
    JsonNode n = M.valueToTree(request());
    assertThat(names(n)).containsExactly("id", "branch", "into_branch", "actor", "closed_by", "branch_deleted_by",
        "number", "state", "deployment_state", "approved", "notes", "deployment", "html_url", "created_at",
        "updated_at", "closed_at", "deployed_at");
    assertThat(names(n.get("actor"))).containsExactly("type", "id", "display_name");
    assertThat(n.get("number").isIntegralNumber()).isTrue();
    assertThat(n.get("created_at").asText()).isEqualTo("2025-01-02T03:04:05.123456789Z");
    assertThat(n.get("closed_at").isNull()).isTrue();
  }

  @Test
  void deployment_hasThePlanetscaleGoFieldsPlusAutoCutover() {
    JsonNode n = M.valueToTree(deployment());
    assertThat(names(n)).containsExactly("id", "state", "deployable", "lint_errors", "deploy_request_number",
        "into_branch", "preceding_deployments", "instant_ddl_eligible", "instant_ddl", "auto_cutover", "actor",
        "cutover_actor", "cancelled_actor", "created_at", "updated_at", "started_at", "queued_at", "finished_at");
    assertThat(names(n.get("lint_errors").get(0))).containsExactly("lint_error", "keyspace_name", "table_name",
        "subject_type", "error_description", "docs_url");
    assertThat(names(n.get("preceding_deployments").get(0))).containsExactly("id", "state", "deploy_request_number",
        "into_branch", "actor", "created_at", "updated_at", "started_at", "queued_at", "finished_at");
  }

  @Test
  void operationReviewDiffThrottlerAndBranch_fieldNames() {
    assertThat(names(M.valueToTree(new ApiDeployOperation("i", "complete", "t", "k", "ALTER", 3, 100, T, T))))
        .containsExactly("id", "state", "table_name", "keyspace_name", "operation_name", "eta_seconds",
            "progress_percentage", "created_at", "updated_at");
    assertThat(names(M.valueToTree(new ApiReview("r", "b", "approved", A, T, T))))
        .containsExactly("id", "body", "state", "actor", "created_at", "updated_at");
    assertThat(names(M.valueToTree(new ApiDiff("t", "raw", "html")))).containsExactly("name", "raw", "html");
    JsonNode th = M.valueToTree(new ApiThrottler(List.of("k"), 10, List.of(new ApiThrottler.Configuration("k", 20))));
    assertThat(names(th)).containsExactly("keyspaces", "ratio", "configurations");
    assertThat(names(th.get("configurations").get(0))).containsExactly("keyspace_name", "ratio");
    JsonNode b = M.valueToTree(new ApiBranch("i", "feat", "main", A, ApiBranch.ApiRegion.local(), true, false, "u", T,
        T, false));
    assertThat(names(b)).containsExactly("id", "name", "parent_branch", "actor", "region", "ready", "production",
        "html_url", "created_at", "updated_at", "safe_migrations");
  }

  @Test
  void everyType_roundTrips() throws Exception {
    ApiDeployRequest r = request();
    assertThat(M.readValue(M.writeValueAsString(r), ApiDeployRequest.class)).isEqualTo(r);
    ApiDeployOperation op = new ApiDeployOperation("i", "complete", "t", "k", "ALTER", 3, 100, T, T);
    assertThat(M.readValue(M.writeValueAsString(op), ApiDeployOperation.class)).isEqualTo(op);
    ApiReview review = new ApiReview("r", "b", "approved", A, T, T);
    assertThat(M.readValue(M.writeValueAsString(review), ApiReview.class)).isEqualTo(review);
    ApiThrottler th = new ApiThrottler(List.of("k"), 10, List.of(new ApiThrottler.Configuration("k", 20)));
    assertThat(M.readValue(M.writeValueAsString(th), ApiThrottler.class)).isEqualTo(th);
  }

  @Test
  void unknownFields_areTolerated_andGoTimestampsWithOffsetsParse() throws Exception {
    String json = M.writeValueAsString(request()).replaceFirst("\\{", "{\"branch_deleted\":false,\"extra\":{\"a\":1},")
        .replace("\"created_at\":\"2025-01-02T03:04:05.123456789Z\"", "\"created_at\":\"2025-01-02T04:04:05.123456789+01:00\"");
    ApiDeployRequest back = M.readValue(json, ApiDeployRequest.class);
    assertThat(back.createdAt()).isEqualTo(T);
    assertThat(back.number()).isEqualTo(2);
  }

  @Test
  void aBadTimestamp_isAnErrorNamingTheField() {
    String json = "{\"id\": \"x\", \"created_at\": \"yesterday\"}";
    assertThatThrownBy(() -> M.readValue(json, ApiReview.class))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageContaining("created_at")
        .hasMessageContaining("yesterday");
  }

  private static List<String> names(JsonNode n) {
    List<String> list = new ArrayList<>();
    n.fieldNames().forEachRemaining(list::add);
    return list;
  }
}
