package dev.cutover.docs.janitor;

import dev.cutover.core.Action;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.driver.Driver;
import dev.cutover.core.spi.DeployRequestStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The example of docs/property-testing.md: a small tool that skips the revert of every request that
 * has waited 5 minutes in {@code complete_pending_revert}, so the deploy queue moves on.
 */
// doc:janitor
public final class Janitor {

  public static final Duration PATIENCE = Duration.ofMinutes(5);

  private final Map<String, Instant> waitingSince = new HashMap<>();

  /** One pass over the requests; run it every poll interval. */
  public void run(Driver driver, DeployRequestStore store, Clock clock) {
    Instant now = clock.instant();
    for (DeployRequest r : store.list()) {
      if (r.state() != DeployState.COMPLETE_PENDING_REVERT) {
        waitingSince.remove(r.id());
        continue;
      }
      Instant since = waitingSince.computeIfAbsent(r.id(), id -> now);
      if (!now.isBefore(since.plus(PATIENCE))) {
        driver.act(r.id(), Action.skipRevert());
      }
    }
  }
}
// doc:end
