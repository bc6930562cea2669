package dev.cutover.planetscale.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * planetscale-go v0.178.0's {@code Deployment}, field for field, plus {@code auto_cutover} (which
 * PlanetScale's API returns and that client version does not read).
 *
 * @param state the core's state, byte for byte: what {@code pscale deploy-request deploy --wait} polls
 * @param precedingDeployments the deployments ahead of this one in its database's deploy queue
 */
public record ApiDeployment(
    @JsonProperty("id") String id,
    @JsonProperty("state") String state,
    @JsonProperty("deployable") boolean deployable,
    @JsonProperty("lint_errors") List<ApiLintError> lintErrors,
    @JsonProperty("deploy_request_number") long deployRequestNumber,
    @JsonProperty("into_branch") String intoBranch,
    @JsonProperty("preceding_deployments") List<ApiQueuedDeployment> precedingDeployments,
    @JsonProperty("instant_ddl_eligible") boolean instantDdlEligible,
    @JsonProperty("instant_ddl") boolean instantDdl,
    @JsonProperty("auto_cutover") boolean autoCutover,
    @JsonProperty("actor") ApiActor actor,
    @JsonProperty("cutover_actor") ApiActor cutoverActor,
    @JsonProperty("cancelled_actor") ApiActor cancelledActor,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt,
    @JsonProperty("started_at") Instant startedAt,
    @JsonProperty("queued_at") Instant queuedAt,
    @JsonProperty("finished_at") Instant finishedAt) {

  public ApiDeployment {
    lintErrors = lintErrors == null ? List.of() : List.copyOf(lintErrors);
    precedingDeployments = precedingDeployments == null ? List.of() : List.copyOf(precedingDeployments);
  }
}
