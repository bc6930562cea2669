package dev.cutover.core.spi;

import dev.cutover.core.DeployRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A listing of stored requests that went on past the ones it could not read: the requests read, in
 * creation order, and for each stored request that could not be read (a row this version cannot
 * parse, a field out of range) its id and what is wrong with it, naming the field.
 *
 * @param requests the requests read
 * @param unreadable id to problem, in creation order
 */
public record StoredRequests(List<DeployRequest> requests, Map<String, String> unreadable) {
  /**
   * Copies the parts, keeping their order.
   *
   * @param requests not null, no null element; copied
   * @param unreadable not null; copied
   * @throws NullPointerException if a part or a request is null
   */
  public StoredRequests {
    requests = List.copyOf(Objects.requireNonNull(requests, "requests"));
    unreadable = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(unreadable,
        "unreadable")));
  }

  /**
   * A listing where every request could be read.
   *
   * @param requests the requests
   * @return the listing
   */
  public static StoredRequests of(List<DeployRequest> requests) {
    return new StoredRequests(requests, Map.of());
  }
}
