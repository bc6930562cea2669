package dev.cutover.planetscale.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * planetscale-go v0.178.0's {@code QueuedDeployment}: one entry of a database's deploy queue.
 *
 * @param id the request's core id, {@code ORG/DB/N}
 * @param state the request's core state, byte for byte
 * @param deployRequestNumber the request's number in its database
 * @param intoBranch the branch it deploys into
 * @param actor who deployed it, or null
 * @param createdAt when the request was created
 * @param updatedAt when it last changed
 * @param startedAt when it entered {@code submitting}, or null
 * @param queuedAt when it last entered {@code queued}, or null
 * @param finishedAt when it reached its first terminal state, or null
 */
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
