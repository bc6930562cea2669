package dev.cutover.planetscale.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * planetscale-go v0.178.0's {@code Deployment}, field for field, plus {@code auto_cutover} (which
 * PlanetScale's API returns and that client version does not read).
 *
 * @param id the request's core id, {@code ORG/DB/N}
 * @param state the core's state, byte for byte: what {@code pscale deploy-request deploy --wait} polls
 * @param deployable true once the analysis accepted every change (false for a request with no change)
 * @param lintErrors the analysis' errors, when it refused the request; empty otherwise (never null)
 * @param deployRequestNumber the request's number in its database
 * @param intoBranch the branch it deploys into
 * @param precedingDeployments the deployments ahead of this one in its database's deploy queue, in
 *     queue order; empty unless it is {@code queued} (never null)
 * @param instantDdlEligible true when the analysis found every change eligible for an instant deploy
 * @param instantDdl the request's {@code instant} option
 * @param autoCutover the request's auto-apply option
 * @param actor who deployed it, or null before
 * @param cutoverActor who applied it (completed the cutover), or null
 * @param cancelledActor who cancelled it, or null
 * @param createdAt when the request was created
 * @param updatedAt when the request last changed: an accepted action or a state change
 * @param startedAt when it entered {@code submitting}, or null
 * @param queuedAt when it last entered {@code queued}, or null
 * @param finishedAt when it reached its first terminal state, or null
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

  /**
   * Copies the lists, reading a missing one as empty (a client's JSON may leave them out).
   *
   * @param id any value
   * @param state any value
   * @param deployable any value
   * @param lintErrors the errors, or null for none; copied
   * @param deployRequestNumber any value
   * @param intoBranch any value
   * @param precedingDeployments the deployments, or null for none; copied
   * @param instantDdlEligible any value
   * @param instantDdl any value
   * @param autoCutover any value
   * @param actor any value
   * @param cutoverActor any value
   * @param cancelledActor any value
   * @param createdAt any value
   * @param updatedAt any value
   * @param startedAt any value
   * @param queuedAt any value
   * @param finishedAt any value
   * @throws NullPointerException if a list holds a null element
   */
  public ApiDeployment {
    lintErrors = lintErrors == null ? List.of() : List.copyOf(lintErrors);
    precedingDeployments = precedingDeployments == null ? List.of() : List.copyOf(precedingDeployments);
  }
}
