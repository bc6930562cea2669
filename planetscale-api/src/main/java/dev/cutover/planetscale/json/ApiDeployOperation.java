package dev.cutover.planetscale.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * planetscale-go v0.178.0's {@code DeployOperation}: one change of a deploy request.
 *
 * @param id {@code ORG/DB/N/I}: the request's core id and the change's index, from 0
 * @param state {@code pending} until the change is submitted, then the request's deployment state
 *     ({@code in_progress} while it is {@code submitting}); a change never submitted shows
 *     {@code error}, {@code complete_cancel} or {@code complete_error} when the request ended so
 * @param tableName the table the change's DDL names, empty if none could be read from it
 * @param keyspaceName the change's keyspace
 * @param operationName the statement's verb, upper case: {@code ALTER}, {@code CREATE}, {@code DROP}, ...
 * @param etaSeconds the largest ETA the backend reported for its rows, in whole seconds rounded up;
 *     0 when unknown
 * @param progressPercentage the mean progress of the change's rows, 0 to 100 (a complete row counts
 *     100, one not visible yet 0)
 * @param createdAt when the request was created
 * @param updatedAt when the request last changed state
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
