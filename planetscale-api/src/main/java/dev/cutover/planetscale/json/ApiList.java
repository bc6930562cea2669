package dev.cutover.planetscale.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * PlanetScale's list envelope: {@code {"data": [...]}}. This server has no pagination: a list is
 * always one page.
 *
 * @param <T> the type of the entries
 * @param data the entries, in the endpoint's order
 */
public record ApiList<T>(@JsonProperty("data") List<T> data) {
  /**
   * Copies the entries.
   *
   * @param data not null, no null element; copied
   * @throws NullPointerException if {@code data} or an entry is null
   */
  public ApiList {
    data = List.copyOf(data);
  }
}
