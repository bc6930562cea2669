package dev.cutover.planetscale.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** PlanetScale's list envelope: {@code {"data": [...]}}. */
public record ApiList<T>(@JsonProperty("data") List<T> data) {
  public ApiList {
    data = List.copyOf(data);
  }
}
