package dev.cutover.planetscale.json;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An error as PlanetScale answers it; planetscale-go reads {@code code} and {@code message}.
 *
 * @param code {@code not_found}, {@code unauthorized}, {@code invalid}, {@code unprocessable}, ...
 */
public record ApiError(
    @JsonProperty("code") String code,
    @JsonProperty("message") String message) {}
