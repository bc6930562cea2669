package dev.cutover.planetscale.json;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * planetscale-go v0.178.0's {@code Diff}: one table's change.
 *
 * @param name the table
 * @param raw the change's SQL
 * @param html the same, HTML-escaped
 */
public record ApiDiff(
    @JsonProperty("name") String name,
    @JsonProperty("raw") String raw,
    @JsonProperty("html") String html) {}
