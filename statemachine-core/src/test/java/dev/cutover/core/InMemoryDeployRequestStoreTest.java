package dev.cutover.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.spi.InMemoryDeployRequestStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory store's active index (DeployRequestStore#listActive): what a tick visits. */
class InMemoryDeployRequestStoreTest {

  private final InMemoryDeployRequestStore store = new InMemoryDeployRequestStore();

  private static DeployRequest queued(String id) {
    DeployRequest r = DeployRequest.create(id, "main",
        List.of(new Change("commerce", "ALTER TABLE t ADD COLUMN c INT")), DeployOptions.ofDefaults(), Fixtures.T0);
    r = DeployMachine.analysed(r, Fixtures.allOk(r, false), Fixtures.T0);
    return Fixtures.accept(r, Action.deploy(), Fixtures.T0);
  }

  private DeployRequest save(DeployRequest next) {
    return store.compareAndSet(next).orElseThrow();
  }

  private static List<String> ids(List<DeployRequest> requests) {
    return requests.stream().map(DeployRequest::id).toList();
  }

  @Test
  void listActive_isTheRequestsThatNeedDriving_inCreationOrder() {
    store.insert(queued("a"));
    DeployRequest b = store.insert(queued("b"));
    store.insert(queued("c"));
    assertThat(ids(store.listActive())).containsExactly("a", "b", "c");
    save(Fixtures.accept(b, Action.cancel(), Fixtures.at(1)));
    assertThat(ids(store.listActive())).containsExactly("a", "c");
    assertThat(ids(store.list())).containsExactly("a", "b", "c");
  }

  @Test
  void listActive_aFinishedRequestThatNeedsACleanupAgainReturnsInItsCreationPlace() {
    store.insert(queued("a"));
    DeployRequest b = store.insert(queued("b"));
    store.insert(queued("c"));
    DeployRequest cancelled = save(Fixtures.accept(b, Action.cancel(), Fixtures.at(1)));
    Command.Submit late = new Command.Submit("b", 0, "commerce", "ALTER TABLE t ADD COLUMN c INT",
        cancelled.migrationContext(), false, Command.Mode.FRESH);
    DeployRequest arrived = DeployMachine.record(cancelled, late,
        Outcome.submitted(Fixtures.handle(0), Fixtures.SHARDS), Fixtures.at(2));
    assertThat(arrived.needsDriving()).as("a submission that arrived too late is cleaned up").isTrue();
    save(arrived);
    assertThat(ids(store.listActive())).containsExactly("a", "b", "c");
    assertThat(store.listActive().get(1)).isEqualTo(store.get("b").orElseThrow());
  }

  @Test
  void listActive_whileNothingIsSavedReturnsTheSameListWithoutCopying() {
    DeployRequest a = store.insert(queued("a"));
    store.insert(queued("b"));
    List<DeployRequest> first = store.listActive();
    assertThat(store.listActive()).isSameAs(first);
    assertThat(store.compareAndSet(a.withVersion(7))).as("a lost race saves nothing").isEmpty();
    assertThat(store.listActive()).isSameAs(first);
    DeployRequest saved = save(a.toBuilder().approved(true).build());
    assertThat(store.listActive()).isNotSameAs(first).containsExactly(saved, store.get("b").orElseThrow());
  }
}
