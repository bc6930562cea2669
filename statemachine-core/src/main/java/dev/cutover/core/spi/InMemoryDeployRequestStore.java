package dev.cutover.core.spi;

import dev.cutover.core.DeployRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A thread-safe {@link DeployRequestStore} in a map, in creation order. */
public final class InMemoryDeployRequestStore implements DeployRequestStore {

  private final Map<String, DeployRequest> requests = new LinkedHashMap<>();

  @Override
  public synchronized DeployRequest insert(DeployRequest request) {
    Objects.requireNonNull(request, "request");
    if (requests.containsKey(request.id())) {
      throw new IllegalArgumentException("id: a deploy request '" + request.id() + "' already exists");
    }
    DeployRequest stored = request.withVersion(0);
    requests.put(request.id(), stored);
    return stored;
  }

  @Override
  public synchronized Optional<DeployRequest> get(String id) {
    return Optional.ofNullable(requests.get(Objects.requireNonNull(id, "id")));
  }

  @Override
  public synchronized Optional<DeployRequest> compareAndSet(DeployRequest next) {
    Objects.requireNonNull(next, "next");
    DeployRequest current = requests.get(next.id());
    if (current == null) {
      throw new IllegalArgumentException("id: no deploy request '" + next.id() + "'");
    }
    if (current.version() != next.version()) {
      return Optional.empty();
    }
    DeployRequest stored = next.withVersion(next.version() + 1);
    requests.put(next.id(), stored);
    return Optional.of(stored);
  }

  @Override
  public synchronized List<DeployRequest> list() {
    return List.copyOf(requests.values());
  }

  @Override
  public synchronized List<DeployRequest> listActive() {
    List<DeployRequest> active = new ArrayList<>();
    for (DeployRequest r : requests.values()) {
      if (r.needsDriving()) {
        active.add(r);
      }
    }
    return active;
  }
}
