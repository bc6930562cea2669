package dev.cutover.core.spi;

import dev.cutover.core.DeployRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A store that forwards every call to another one: extend it and override only the calls you
 * watch or change (metrics, checks on every save, fault injection in tests).
 */
public abstract class ForwardingDeployRequestStore implements DeployRequestStore {

  private final DeployRequestStore delegate;

  /**
   * Forwards to {@code delegate}.
   *
   * @param delegate the store to call, not null
   */
  protected ForwardingDeployRequestStore(DeployRequestStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * The store calls are forwarded to.
   *
   * @return the store given to the constructor
   */
  protected final DeployRequestStore delegate() {
    return delegate;
  }

  @Override
  public DeployRequest insert(DeployRequest request) {
    return delegate.insert(request);
  }

  @Override
  public Optional<DeployRequest> get(String id) {
    return delegate.get(id);
  }

  @Override
  public Optional<DeployRequest> compareAndSet(DeployRequest next) {
    return delegate.compareAndSet(next);
  }

  @Override
  public List<DeployRequest> list() {
    return delegate.list();
  }

  @Override
  public List<DeployRequest> listActive() {
    return delegate.listActive();
  }

  @Override
  public long highestQueueTicket(String database) {
    return delegate.highestQueueTicket(database);
  }

  // readAll() and readActive() keep their defaults, over this store's list() and listActive(), so
  // that a wrapper overriding those sees every listing.
}
