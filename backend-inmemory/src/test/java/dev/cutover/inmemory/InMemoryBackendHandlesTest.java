package dev.cutover.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.MigrationHandle;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.Submission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, item 7: the simulator's handles are shaped as Vitess's uuids and never reused, so a
 * server restarted over one store (a backend built again) never hands out the handle of an older
 * migration; before, every backend started again at {@code mig-1}.
 */
class InMemoryBackendHandlesTest {

  private static List<MigrationHandle> submitted(long seed, int n) throws BackendException {
    InMemoryBackend backend = InMemoryBackend.builder().keyspace("commerce", "-").clock(VirtualClock.atEpoch())
        .handleSeed(seed).build();
    List<MigrationHandle> handles = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      handles.add(backend.submit(new Submission("dr-" + i, 0, "ctx-" + i, "commerce",
          "ALTER TABLE t ADD COLUMN c INT", false)));
    }
    return handles;
  }

  @Test
  void handlesAreUuidShaped_distinct_andTheSameForTheSameSeed() throws BackendException {
    List<MigrationHandle> handles = submitted(0, 5000);
    assertThat(new HashSet<>(handles)).hasSize(5000);
    assertThat(handles).allSatisfy(h ->
        assertThat(h.value()).matches("[0-9a-f]{8}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{12}"));
    assertThat(submitted(0, 5000)).as("a simulation replays with the same handles").isEqualTo(handles);
  }

  @Test
  void aBackendBuiltAgainWithAnotherSeedSharesNoHandleWithTheFirst() throws BackendException {
    Set<MigrationHandle> before = new HashSet<>(submitted(1, 2000));
    List<MigrationHandle> after = submitted(2, 2000);
    assertThat(after).noneMatch(before::contains);
  }
}
