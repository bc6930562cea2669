package dev.cutover.planetscale.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * planetscale-go v0.178.0's {@code DeployRequest}, field for field: a request to deploy a branch's
 * schema changes into another branch.
 *
 * @param id the core id, {@code ORG/DB/N}
 * @param branch the branch whose changes it deploys (empty for a request listed again after a restart)
 * @param intoBranch the branch it deploys into, {@code main} by default
 * @param actor who created it
 * @param closedBy who closed it, or null while it is open (and after a restart)
 * @param branchDeletedBy always null: branches are never deleted
 * @param number its number in its database, from 1
 * @param state {@code open} or {@code closed}
 * @param deploymentState the core's state, byte for byte ({@code pending_cutover}, ...)
 * @param approved whether it was approved (an {@code approved} review)
 * @param notes the notes it was created with, empty if none
 * @param deployment its deployment
 * @param htmlUrl a URL on this server (which answers 404 there)
 * @param createdAt when it was created
 * @param updatedAt when it last changed: an accepted action or a state change
 * @param closedAt when it was closed, or null
 * @param deployedAt when its changes completed ({@code complete_pending_revert}, or {@code complete}
 *     for an instant deploy), or null
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
