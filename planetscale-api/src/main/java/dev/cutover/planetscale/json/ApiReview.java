package dev.cutover.planetscale.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * planetscale-go v0.178.0's {@code DeployRequestReview}.
 *
 * @param state {@code approved} or {@code commented}
 */
public record ApiReview(
    @JsonProperty("id") String id,
    @JsonProperty("body") String body,
    @JsonProperty("state") String state,
    @JsonProperty("actor") ApiActor actor,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt) {}
