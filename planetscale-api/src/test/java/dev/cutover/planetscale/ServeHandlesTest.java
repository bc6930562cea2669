package dev.cutover.planetscale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.MigrationHandle;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.Submission;
import dev.cutover.inmemory.InMemoryBackend;
import dev.cutover.inmemory.VirtualClock;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, item 7: a server started again over one store builds a backend whose handles are not
 * the earlier one's (before, both began at {@code mig-1}, so cancelling an old request's migration
 * cancelled a new request's).
 */
class ServeHandlesTest {

  private static MigrationHandle firstHandle() throws BackendException {
    InMemoryBackend backend = ServeConfig.ofDefaults().inMemoryBackend(VirtualClock.atEpoch());
    String keyspace = ServeConfig.ofDefaults().topology().keySet().iterator().next();
    return backend.submit(new Submission("dr-1", 0, "ctx", keyspace, "ALTER TABLE t ADD COLUMN c INT", false));
  }

  @Test
  void aBackendBuiltAfterARestartHandsOutOtherHandles() throws BackendException {
    assertThat(firstHandle()).isNotEqualTo(firstHandle());
  }
}
