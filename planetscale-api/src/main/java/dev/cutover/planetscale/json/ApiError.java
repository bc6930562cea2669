package dev.cutover.planetscale.json;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An error as PlanetScale answers it; planetscale-go reads {@code code} and {@code message}.
 *
 * @param code {@code unauthorized} (401), {@code not_found} (404), {@code method_not_allowed} (405),
 *     {@code conflict} (409), {@code invalid_params} (422), {@code unavailable} (503) or
 *     {@code internal} (500)
 * @param message what was wrong, naming the field and the value or the state and the action
 */
public record ApiError(
    @JsonProperty("code") String code,
    @JsonProperty("message") String message) {}
