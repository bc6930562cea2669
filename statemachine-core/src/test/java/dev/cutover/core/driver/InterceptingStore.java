package dev.cutover.core.driver;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** A store that runs a hook before a chosen compare-and-set, to play a concurrent writer or a crash. */
final class InterceptingStore implements DeployRequestStore {
  final InMemoryDeployRequestStore delegate = new InMemoryDeployRequestStore();
  private Predicate<DeployRequest> when = r -> false;
  private Runnable before = () -> {};
  private boolean after;
  int casCalls;

  /** Runs {@code hook} once, before (or after) the first CAS whose value matches {@code when}. */
  void once(Predicate<DeployRequest> when, boolean afterSave, Runnable hook) {
    this.when = when;
    this.after = afterSave;
    this.before = hook;
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
    casCalls++;
    boolean fire = when.test(next);
    if (fire) {
      when = r -> false;
      if (!after) {
        before.run();
      }
    }
    Optional<DeployRequest> saved = delegate.compareAndSet(next);
    if (fire && after) {
      before.run();
    }
    return saved;
  }

  @Override
  public List<DeployRequest> list() {
    return delegate.list();
  }

  @Override
  public List<DeployRequest> listActive() {
    return delegate.listActive();
  }
}
