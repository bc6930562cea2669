package dev.cutover.planetscale.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * planetscale-go v0.178.0's {@code DeployOperation}: one change of a deploy request.
 *
 * @param state the operation's state: {@code pending}, {@code queued}, {@code in_progress},
 *     {@code ready_to_complete}, {@code complete}, {@code failed} or {@code cancelled}
 * @param progressPercentage the mean progress of the change's rows, 0 to 100
 * @param etaSeconds the largest ETA the backend reported for its rows, 0 when unknown
 */
public record ApiDeployOperation(
    @JsonProperty("id") String id,
    @JsonProperty("state") String state,
    @JsonProperty("table_name") String tableName,
    @JsonProperty("keyspace_name") String keyspaceName,
    @JsonProperty("operation_name") String operationName,
    @JsonProperty("eta_seconds") long etaSeconds,
    @JsonProperty("progress_percentage") long progressPercentage,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt) {}
