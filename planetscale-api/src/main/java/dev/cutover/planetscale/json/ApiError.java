package dev.cutover.planetscale.json;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An error as PlanetScale answers it; planetscale-go reads {@code code} and {@code message}.
 *
 * @param code {@code bad_request} (400), {@code unauthorized} (401), {@code forbidden} (403),
 *     {@code not_found} (404), {@code method_not_allowed} (405), {@code conflict} (409),
 *     {@code body_too_large} (413), {@code unsupported_media_type} (415), {@code misdirected_request}
 *     (421), {@code invalid_params} (422), {@code headers_too_large} (431), {@code internal} or
 *     {@code unreadable} (500), {@code not_implemented} (501) or {@code unavailable} (503)
 * @param message what was wrong, naming the field and the value or the state and the action
 */
public record ApiError(
    @JsonProperty("code") String code,
    @JsonProperty("message") String message) {}
