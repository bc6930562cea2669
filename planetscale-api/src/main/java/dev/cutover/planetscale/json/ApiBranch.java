package dev.cutover.planetscale.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** planetscale-go v0.178.0's {@code DatabaseBranch}, with the fields this server knows. */
public record ApiBranch(
    @JsonProperty("id") String id,
    @JsonProperty("name") String name,
    @JsonProperty("parent_branch") String parentBranch,
    @JsonProperty("actor") ApiActor actor,
    @JsonProperty("region") ApiRegion region,
    @JsonProperty("ready") boolean ready,
    @JsonProperty("production") boolean production,
    @JsonProperty("html_url") String htmlUrl,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt,
    @JsonProperty("safe_migrations") boolean safeMigrations) {

  /** planetscale-go's {@code Region}, reduced to its slug and name. */
  public record ApiRegion(
      @JsonProperty("slug") String slug,
      @JsonProperty("display_name") String displayName) {

    /** Where every branch of this server lives. */
    public static ApiRegion local() {
      return new ApiRegion("local", "Local (cutover)");
    }
  }
}
