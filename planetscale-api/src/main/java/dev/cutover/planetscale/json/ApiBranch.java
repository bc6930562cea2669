package dev.cutover.planetscale.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * planetscale-go v0.178.0's {@code DatabaseBranch}, with the fields this server knows.
 *
 * @param id {@code ORG/DB/BRANCH}
 * @param name the branch's name; {@code main} in every database
 * @param parentBranch the branch it was created from, empty for {@code main}
 * @param actor who created it ({@code cutover} for {@code main})
 * @param region always {@link ApiRegion#local()}
 * @param ready always true: there is no database behind a branch to wait for
 * @param production true for {@code main} only
 * @param htmlUrl a URL on this server (which answers 404 there)
 * @param createdAt when the branch was created (for {@code main}: when its database first was)
 * @param updatedAt when its schema changes were last set
 * @param safeMigrations always false
 */
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

  /**
   * planetscale-go's {@code Region}, reduced to its slug and name.
   *
   * @param slug the region's id, such as {@code local}
   * @param displayName the name to show
   */
  public record ApiRegion(
      @JsonProperty("slug") String slug,
      @JsonProperty("display_name") String displayName) {

    /**
     * Where every branch of this server lives.
     *
     * @return the region {@code local}, {@code "Local (cutover)"}
     */
    public static ApiRegion local() {
      return new ApiRegion("local", "Local (cutover)");
    }
  }
}
