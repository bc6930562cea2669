package dev.cutover.core;

import static dev.cutover.core.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.spi.InMemoryDeployRequestStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The deploy queue as pure functions (spec sections 1, 3, 4, 7), and the store keeping the highest ticket. */
class DeployQueueTest {

  private static DeployRequest queued(String id, String database, long ticket) {
    DeployRequest r = DeployRequest.create(id, database, List.of(new Change("commerce", "ALTER TABLE t ADD c INT")),
        DeployOptions.ofDefaults(), Fixtures.T0);
    r = DeployMachine.analysed(r, Fixtures.allOk(r, false), at(0));
    return DeployMachine.apply(r, Action.deploy(), at(1), ticket).request();
  }

  @Test
  void section3_aDeployTakesATicketOneAboveTheHighestItsDatabaseEverGave() {
    assertThat(DeployQueue.nextTicket(0)).isEqualTo(1);
    assertThat(DeployQueue.nextTicket(41)).isEqualTo(42);
    assertThatThrownBy(() -> DeployQueue.nextTicket(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("highestTicket");
    assertThat(DeployQueue.highestTicket("main", List.of(queued("a", "main", 3), queued("b", "other", 9))))
        .isEqualTo(3);
  }

  @Test
  void section4_theQueueAdmitsTheOldestQueuedRequestOnceNothingOccupiesTheDatabase() {
    DeployRequest first = queued("a", "main", 1);
    DeployRequest second = queued("b", "main", 2);
    DeployRequest elsewhere = queued("c", "other", 1);
    assertThat(DeployQueue.admits(first, List.of(first, second, elsewhere))).isTrue();
    assertThat(DeployQueue.admits(second, List.of(first, second, elsewhere))).isFalse();
    DeployRequest running = Fixtures.inProgress();
    DeployRequest inMain = queued("d", running.database(), 5);
    assertThat(DeployQueue.admits(inMain, List.of(running, inMain))).isFalse();
  }

  @Test
  void theAdmittedRequestOfADatabaseIsTheQueuedOneAdmitsSays_overSeededMixes() {
    java.util.Random random = new java.util.Random(4);
    DeployRequest running = Fixtures.inProgress();
    for (int trial = 0; trial < 500; trial++) {
      List<DeployRequest> requests = new java.util.ArrayList<>();
      int n = 1 + random.nextInt(6);
      for (int i = 0; i < n; i++) {
        String database = random.nextBoolean() ? "main" : "other";
        requests.add(queued("r" + random.nextInt(4) + "-" + i, database, 1 + random.nextInt(3)));
      }
      if (random.nextInt(3) == 0) {
        requests.add(random.nextBoolean() ? running : Fixtures.pendingCutover());
      }
      java.util.Collections.shuffle(requests, random);
      for (String database : List.of("main", "other", running.database())) {
        java.util.Optional<DeployRequest> admitted = DeployQueue.admitted(database, requests);
        for (DeployRequest r : requests) {
          if (r.database().equals(database) && r.state() == DeployState.QUEUED) {
            assertThat(admitted.map(DeployRequest::id).equals(java.util.Optional.of(r.id())))
                .as("trial %d, %s in %s", trial, r.id(), requests)
                .isEqualTo(DeployQueue.admits(r, requests));
          }
        }
        admitted.ifPresent(a -> assertThat(a.database()).isEqualTo(database));
      }
    }
  }

  @Test
  void theQueueListsTheOccupyingRequestsFirst_thenTheQueuedOnesByTicket_tiesById() {
    DeployRequest running = Fixtures.inProgress();
    String db = running.database();
    DeployRequest late = queued("b", db, 7);
    DeployRequest tieB = queued("y", db, 3);
    DeployRequest tieA = queued("x", db, 3);
    DeployRequest elsewhere = queued("c", db + "-other", 1);
    assertThat(DeployQueue.queue(db, List.of(late, tieB, running, elsewhere, tieA)))
        .extracting(DeployRequest::id).containsExactly(running.id(), "x", "y", "b");
    assertThat(DeployQueue.queue(db + "-none", List.of(late, running))).isEmpty();
    assertThat(List.of(late, tieB, tieA).stream().sorted(DeployQueue.admissionOrder()))
        .extracting(DeployRequest::id).containsExactly("x", "y", "b");
  }

  @Test
  void theQueuesFirstRequestIsTheOneAdmitted_orItOccupiesTheDatabase_overSeededMixes() {
    java.util.Random random = new java.util.Random(11);
    DeployRequest running = Fixtures.inProgress();
    for (int trial = 0; trial < 500; trial++) {
      List<DeployRequest> requests = new java.util.ArrayList<>();
      int n = random.nextInt(7);
      for (int i = 0; i < n; i++) {
        String database = random.nextBoolean() ? running.database() : "other";
        requests.add(queued("r" + random.nextInt(4) + "-" + i, database, 1 + random.nextInt(3)));
      }
      if (random.nextInt(3) == 0) {
        requests.add(random.nextBoolean() ? running : Fixtures.pendingCutover());
      }
      java.util.Collections.shuffle(requests, random);
      for (String database : List.of(running.database(), "other")) {
        List<DeployRequest> queue = DeployQueue.queue(database, requests);
        java.util.Optional<DeployRequest> admitted = DeployQueue.admitted(database, requests);
        String context = "trial " + trial + ", " + database + " in " + requests;
        if (queue.isEmpty() || queue.get(0).occupiesDatabase()) {
          assertThat(admitted).as(context).isEmpty();
        } else {
          assertThat(admitted).as(context).containsSame(queue.get(0));
        }
        for (DeployRequest r : queue) {
          assertThat(r.database()).as(context).isEqualTo(database);
          if (r.state() == DeployState.QUEUED) {
            assertThat(DeployQueue.admits(r, requests)).as("%s: %s", context, r.id()).isEqualTo(r == queue.get(0));
          }
        }
        long inDatabase = requests.stream().filter(r -> r.database().equals(database)).count();
        assertThat(queue).as(context).hasSize((int) inDatabase);
      }
    }
  }

  @Test
  void section7_aHeldFailureOccupiesTheQueue_unblockOrCloseReleasesIt() {
    DeployRequest held = Fixtures.inProgress(DeployOptions.custom().holdQueueOnFailure(true).build());
    held = DeployMachine.plan(held, Fixtures.observe(at(3), false,
        Fixtures.with(Fixtures.rows(held, "running", false), 0, "-80", "failed", false))).request();
    DeployRequest next = queued("z", held.database(), 9);
    assertThat(DeployQueue.admits(next, List.of(held, next))).isFalse();
    assertThat(DeployQueue.admits(next, List.of(Fixtures.accept(held, Action.unblock(), at(4)), next))).isTrue();
    assertThat(DeployQueue.admits(next, List.of(Fixtures.accept(held, Action.close(), at(4)), next))).isTrue();
  }

  @Test
  void theInMemoryStoreKeepsTheHighestTicketOfEachDatabase_itNeverGoesDown() {
    InMemoryDeployRequestStore store = new InMemoryDeployRequestStore();
    DeployRequest a = store.insert(DeployRequest.create("a", "main", List.of(), DeployOptions.ofDefaults(),
        Fixtures.T0));
    assertThat(store.highestQueueTicket("main")).isZero();
    DeployRequest r = DeployMachine.analysed(store.insert(DeployRequest.create("b", "main",
        List.of(new Change("commerce", "ALTER TABLE t ADD c INT")), DeployOptions.ofDefaults(), Fixtures.T0)),
        new Analysis(List.of(Analysis.ChangeAnalysis.ok(false))), at(0));
    r = store.compareAndSet(r).orElseThrow();
    r = store.compareAndSet(DeployMachine.apply(r, Action.deploy(), at(1), 7).request()).orElseThrow();
    assertThat(store.highestQueueTicket("main")).isEqualTo(7);
    store.compareAndSet(DeployMachine.apply(r, Action.cancel(), at(2), 1).request()).orElseThrow();
    assertThat(store.listActive()).extracting(DeployRequest::id).containsExactly("a");
    assertThat(store.highestQueueTicket("main")).as("finished requests still count").isEqualTo(7);
    assertThat(store.highestQueueTicket("other")).isZero();
    assertThat(a.queueTicket()).isZero();
  }
}
