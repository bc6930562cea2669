package dev.cutover.planetscale.json;

import com.fasterxml.jackson.annotation.JsonProperty;

/** planetscale-go v0.178.0's {@code DeploymentLintError}: why a change cannot deploy. */
public record ApiLintError(
    @JsonProperty("lint_error") String lintError,
    @JsonProperty("keyspace_name") String keyspaceName,
    @JsonProperty("table_name") String tableName,
    @JsonProperty("subject_type") String subjectType,
    @JsonProperty("error_description") String errorDescription,
    @JsonProperty("docs_url") String docsUrl) {}
