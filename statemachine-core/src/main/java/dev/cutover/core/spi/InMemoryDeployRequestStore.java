package dev.cutover.core.spi;

import dev.cutover.core.DeployRequest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A thread-safe {@link DeployRequestStore} in a map, in creation order.
 *
 * <p>The active requests are kept apart, by creation order, so {@link #listActive()} costs nothing
 * for the finished ones; and while no save changed them, it returns the same immutable list again
 * (a driver's tick on which nothing changed copies nothing).
 */
public final class InMemoryDeployRequestStore implements DeployRequestStore {

  private final Map<String, DeployRequest> requests = new LinkedHashMap<>();
  private final Map<String, Long> creationOrder = new HashMap<>();
  private final TreeMap<Long, DeployRequest> active = new TreeMap<>();
  private List<DeployRequest> activeList = List.of();
  private boolean activeChanged;
  /** By database, the highest queue ticket ever saved: tickets never go down, so this is kept, not searched. */
  private final Map<String, Long> highestTicket = new HashMap<>();

  @Override
  public synchronized DeployRequest insert(DeployRequest request) {
    Objects.requireNonNull(request, "request");
    if (requests.containsKey(request.id())) {
      throw new IllegalArgumentException("id: a deploy request '" + request.id() + "' already exists");
    }
    DeployRequest stored = request.withVersion(0);
    requests.put(request.id(), stored);
    creationOrder.put(request.id(), (long) creationOrder.size());
    index(stored);
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
    index(stored);
    return Optional.of(stored);
  }

  private void index(DeployRequest stored) {
    highestTicket.merge(stored.database(), stored.queueTicket(), Math::max);
    Long order = creationOrder.get(stored.id());
    if (stored.needsDriving()) {
      active.put(order, stored);
      activeChanged = true;
    } else if (active.remove(order) != null) {
      activeChanged = true;
    }
  }

  @Override
  public synchronized List<DeployRequest> list() {
    return List.copyOf(requests.values());
  }

  @Override
  public synchronized List<DeployRequest> listActive() {
    if (activeChanged) {
      activeList = List.copyOf(active.values());
      activeChanged = false;
    }
    return activeList;
  }

  @Override
  public synchronized long highestQueueTicket(String database) {
    Objects.requireNonNull(database, "database");
    return highestTicket.getOrDefault(database, 0L);
  }
}
