package dev.cutover.planetscale.json;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * planetscale-go v0.178.0's {@code DeploymentLintError}: why a change cannot deploy.
 *
 * @param lintError the kind of error; always {@code SCHEMA_CHANGE_REJECTED} from this server
 * @param keyspaceName the keyspace of the change the error names (the first change's if it names none)
 * @param tableName the table the error names, empty if it names none of the request's tables
 * @param subjectType always {@code table}
 * @param errorDescription the analysis' message
 * @param docsUrl always empty
 */
public record ApiLintError(
    @JsonProperty("lint_error") String lintError,
    @JsonProperty("keyspace_name") String keyspaceName,
    @JsonProperty("table_name") String tableName,
    @JsonProperty("subject_type") String subjectType,
    @JsonProperty("error_description") String errorDescription,
    @JsonProperty("docs_url") String docsUrl) {}
