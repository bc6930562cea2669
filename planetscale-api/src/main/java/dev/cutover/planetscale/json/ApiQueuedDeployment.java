package dev.cutover.planetscale.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** planetscale-go v0.178.0's {@code QueuedDeployment}: one entry of a database's deploy queue. */
public record ApiQueuedDeployment(
    @JsonProperty("id") String id,
    @JsonProperty("state") String state,
    @JsonProperty("deploy_request_number") long deployRequestNumber,
    @JsonProperty("into_branch") String intoBranch,
    @JsonProperty("actor") ApiActor actor,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt,
    @JsonProperty("started_at") Instant startedAt,
    @JsonProperty("queued_at") Instant queuedAt,
    @JsonProperty("finished_at") Instant finishedAt) {}
