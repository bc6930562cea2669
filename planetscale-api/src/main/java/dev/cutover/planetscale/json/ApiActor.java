package dev.cutover.planetscale.json;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * planetscale-go's {@code Actor}: who did something. The server's actors are its service tokens
 * ({@code type} {@code "ServiceToken"}, {@code id} and {@code display_name} the token id).
 *
 * @param type the kind of actor; always {@code "ServiceToken"} from this server
 * @param id the token id; when the server has no token configured, the id the client sent,
 *     {@code "bearer"} for a bearer token, or {@code "anonymous"}
 * @param displayName the name to show; the token id again
 */
public record ApiActor(
    @JsonProperty("type") String type,
    @JsonProperty("id") String id,
    @JsonProperty("display_name") String displayName) {

  /**
   * The actor of a service token (or of a bearer token) with this id.
   *
   * @param id the token id, used as both {@code id} and {@code display_name}
   * @return a {@code ServiceToken} actor
   */
  public static ApiActor token(String id) {
    return new ApiActor("ServiceToken", id, id);
  }
}
