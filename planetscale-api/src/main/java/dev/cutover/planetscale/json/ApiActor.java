package dev.cutover.planetscale.json;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * planetscale-go's {@code Actor}: who did something. The server's actors are its service tokens
 * ({@code type} {@code "ServiceToken"}, {@code id} and {@code display_name} the token id).
 */
public record ApiActor(
    @JsonProperty("type") String type,
    @JsonProperty("id") String id,
    @JsonProperty("display_name") String displayName) {

  /** The actor of a service token (or of a bearer token) with this id. */
  public static ApiActor token(String id) {
    return new ApiActor("ServiceToken", id, id);
  }
}
