package dev.cutover.docs.janitor;

import dev.cutover.core.Action;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.driver.Driver;
import dev.cutover.core.spi.DeployRequestStore;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A copy of {@link Janitor} with a planted bug: it keys its memory by database instead of by
 * request, and never forgets. The first request waits its 5 minutes; a later one in the same
 * database inherits the old timestamp and has its revert skipped at once. It takes two requests
 * to show.
 */
// doc:forgetful
public final class ForgetfulJanitor {

  private final Map<String, Instant> waitingSince = new HashMap<>();

  public void run(Driver driver, DeployRequestStore store, Clock clock) {
    Instant now = clock.instant();
    for (DeployRequest r : store.list()) {
      if (r.state() != DeployState.COMPLETE_PENDING_REVERT) {
        continue; // bug: nothing is forgotten
      }
      Instant since = waitingSince.computeIfAbsent(r.database(), db -> now); // bug: one timer per database
      if (!now.isBefore(since.plus(Janitor.PATIENCE))) {
        driver.act(r.id(), Action.skipRevert());
      }
    }
  }
}
// doc:end
