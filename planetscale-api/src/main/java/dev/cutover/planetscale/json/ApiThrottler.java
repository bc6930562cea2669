package dev.cutover.planetscale.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A deploy request's throttler, as PlanetScale's API answers {@code GET .../throttler}.
 *
 * @param keyspaces the keyspaces the request's changes use
 * @param ratio the request-wide ratio, 0 to 95
 * @param configurations the effective ratio of every keyspace of the request
 */
public record ApiThrottler(
    @JsonProperty("keyspaces") List<String> keyspaces,
    @JsonProperty("ratio") int ratio,
    @JsonProperty("configurations") List<Configuration> configurations) {

  /**
   * Copies the lists.
   *
   * @param keyspaces not null, no null element; copied
   * @param ratio any value
   * @param configurations not null, no null element; copied
   * @throws NullPointerException if a list or an element is null
   */
  public ApiThrottler {
    keyspaces = List.copyOf(keyspaces);
    configurations = List.copyOf(configurations);
  }

  /**
   * One keyspace's ratio, 0 to 95.
   *
   * @param keyspaceName the keyspace
   * @param ratio its effective ratio, 0 to 95 (the core's 0 to 0.95 times 100, rounded)
   */
  public record Configuration(
      @JsonProperty("keyspace_name") String keyspaceName,
      @JsonProperty("ratio") int ratio) {}
}
