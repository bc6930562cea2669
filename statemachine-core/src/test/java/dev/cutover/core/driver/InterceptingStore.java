package dev.cutover.core.driver;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.spi.ForwardingDeployRequestStore;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import java.util.Optional;
import java.util.function.Predicate;

/** A store that runs a hook before (or after) a chosen compare-and-set, to play a concurrent writer or a crash. */
final class InterceptingStore extends ForwardingDeployRequestStore {
  private Predicate<DeployRequest> when = r -> false;
  private Runnable hook = () -> {};
  private boolean after;

  InterceptingStore() {
    super(new InMemoryDeployRequestStore());
  }

  /** Runs {@code hook} once, before (or after) the first CAS whose value matches {@code when}. */
  void once(Predicate<DeployRequest> when, boolean afterSave, Runnable hook) {
    this.when = when;
    this.after = afterSave;
    this.hook = hook;
  }

  @Override
  public Optional<DeployRequest> compareAndSet(DeployRequest next) {
    boolean fire = when.test(next);
    if (fire) {
      when = r -> false;
      if (!after) {
        hook.run();
      }
    }
    Optional<DeployRequest> saved = delegate().compareAndSet(next);
    if (fire && after) {
      hook.run();
    }
    return saved;
  }
}
