package dev.cutover.planetscale.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * planetscale-go v0.178.0's {@code DeployRequest}, field for field: a request to deploy a branch's
 * schema changes into another branch.
 *
 * @param state {@code open} or {@code closed}
 * @param deploymentState the core's state, byte for byte ({@code pending_cutover}, ...)
 */
public record ApiDeployRequest(
    @JsonProperty("id") String id,
    @JsonProperty("branch") String branch,
    @JsonProperty("into_branch") String intoBranch,
    @JsonProperty("actor") ApiActor actor,
    @JsonProperty("closed_by") ApiActor closedBy,
    @JsonProperty("branch_deleted_by") ApiActor branchDeletedBy,
    @JsonProperty("number") long number,
    @JsonProperty("state") String state,
    @JsonProperty("deployment_state") String deploymentState,
    @JsonProperty("approved") boolean approved,
    @JsonProperty("notes") String notes,
    @JsonProperty("deployment") ApiDeployment deployment,
    @JsonProperty("html_url") String htmlUrl,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt,
    @JsonProperty("closed_at") Instant closedAt,
    @JsonProperty("deployed_at") Instant deployedAt) {}
