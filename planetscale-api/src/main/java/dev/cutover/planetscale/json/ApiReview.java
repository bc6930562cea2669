package dev.cutover.planetscale.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * planetscale-go v0.178.0's {@code DeployRequestReview}.
 *
 * @param id {@code ORG/DB/N/reviews/K}, K counting the request's reviews from 1
 * @param body the review's text, empty if none was sent
 * @param state {@code approved} or {@code commented}
 * @param actor who wrote it
 * @param createdAt when it was written
 * @param updatedAt the same (reviews are never edited)
 */
public record ApiReview(
    @JsonProperty("id") String id,
    @JsonProperty("body") String body,
    @JsonProperty("state") String state,
    @JsonProperty("actor") ApiActor actor,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt) {}
