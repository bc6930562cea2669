package dev.cutover.core.driver;

import static dev.cutover.core.DeployState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.Action;
import dev.cutover.core.ActionResult;
import dev.cutover.core.Analysis;
import dev.cutover.core.Change;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.ScriptedBackend;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.FoundMigration;
import dev.cutover.core.spi.ForwardingMigrationBackend;
import dev.cutover.core.spi.RevertSubmission;
import dev.cutover.core.spi.RowQuery;
import dev.cutover.core.spi.RowsRead;
import dev.cutover.core.spi.Submission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@link Driver}'s thread-safety on real threads: ticks of one driver run one at a time, and
 * {@code create} and {@code act} run beside a tick without waiting for it and without being lost.
 * No test sleeps: threads meet at latches and barriers, and the checks are on what was submitted
 * and stored. (The latch waits have a bound of a minute only so that a broken driver fails the test
 * instead of hanging it.)
 */
class DriverThreadSafetyTest {
  private static final long HANG_GUARD_SECONDS = 60;
  private static final List<Change> TWO_CHANGES = List.of(
      new Change("commerce", "ALTER TABLE customer ADD COLUMN email VARCHAR(255)"),
      new Change("commerce", "ALTER TABLE corder ADD INDEX idx_sku (sku)"));

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ScriptedBackend scripted = new ScriptedBackend();
  private final GatedBackend backend = new GatedBackend(scripted);
  private final InterceptingStore store = new InterceptingStore();
  private final Driver driver = Driver.builder(store, backend).clock(clock).owner("driver-a").build();

  @Test
  void twoTicksOfOneDriverAtOnce_runOneAfterTheOther_andSubmitEveryChangeOnce() throws Exception {
    deployed("dr-1");
    backend.holdFirstSubmit();
    Thread first = start("tick-1", driver::tick);
    await(backend.submitEntered);
    Thread second = start("tick-2", driver::tick);
    // The second tick must not get past the first one: wait until it is parked (or, without the
    // tick lock, until it ran to its end), then let the first tick's submission through.
    awaitParkedOrDone(second);
    backend.releaseSubmit.countDown();
    join(first);
    join(second);
    for (int i = 0; i < 3; i++) {
      tick();
    }

    assertThat(scripted.count("submit")).as("each of the two changes is submitted once").isEqualTo(2);
    assertThat(request("dr-1").submitted()).hasSize(2);
    assertThat(request("dr-1").state()).isEqualTo(IN_PROGRESS);
  }

  @Test
  void anActionDuringATick_doesNotWaitForIt_andIsNotLost() throws Exception {
    deployed("dr-1");
    backend.holdFirstSubmit();
    Thread ticking = start("tick", driver::tick);
    await(backend.submitEntered);

    // The tick is stuck inside the backend; the user's cancel goes through all the same.
    List<ActionResult> results = new ArrayList<>();
    Thread user = start("user", () -> results.add(driver.act("dr-1", Action.cancel())));
    join(user);
    assertThat(ticking.isAlive()).as("the tick is still inside submit").isTrue();
    assertThat(results).singleElement().satisfies(r -> assertThat(r.accepted()).isTrue());

    backend.releaseSubmit.countDown();
    join(ticking);
    tick();
    tick();
    DeployRequest r = request("dr-1");
    assertThat(r.state()).as("the cancel taken during the tick holds").isEqualTo(COMPLETE_CANCEL);
    assertThat(scripted.count("submit")).as("nothing is submitted after the cancel").isEqualTo(1);
    assertThat(scripted.count("cancel")).as("what was submitted is cancelled").isEqualTo(1);
  }

  @Test
  void createsAndActionsFromManyThreadsAtOnce_areAllStoredOnce() throws Exception {
    int threads = 8;
    CyclicBarrier barrier = new CyclicBarrier(threads + 1);
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> duplicates = new ConcurrentLinkedQueue<>();
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String id = "dr-" + t;
      started.add(start("user-" + t, () -> {
        try {
          barrier.await();
          driver.create(id, "main", TWO_CHANGES, DeployOptions.ofDefaults());
          try {
            driver.create("shared", "main", TWO_CHANGES, DeployOptions.ofDefaults());
          } catch (IllegalArgumentException e) {
            duplicates.add(e.getMessage());
          }
          barrier.await();
          barrier.await();
          assertThat(driver.act(id, Action.deploy()).accepted()).isTrue();
        } catch (InterruptedException | BrokenBarrierException | BackendException | RuntimeException | AssertionError e) {
          errors.add(e);
        }
      }));
    }
    barrier.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS); // all start creating
    barrier.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS); // all created
    tick();                                              // every request analysed: ready
    barrier.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS); // all deploy, while ticks run
    tick();
    for (Thread t : started) {
      join(t);
    }
    assertThat(errors).isEmpty();
    assertThat(duplicates).as("one create of the shared id wins, every other is refused")
        .hasSize(threads - 1)
        .allSatisfy(m -> assertThat(m).isEqualTo("id: a deploy request 'shared' already exists"));
    assertThat(store.list()).hasSize(threads + 1);
    List<Long> tickets = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      DeployRequest r = request("dr-" + t);
      assertThat(r.state()).isIn(QUEUED, SUBMITTING, IN_PROGRESS);
      tickets.add(r.queueTicket());
    }
    assertThat(tickets).allSatisfy(ticket -> assertThat(ticket).isPositive());
  }

  // ---------------------------------------------------------------------------------------------

  private DeployRequest request(String id) {
    return store.get(id).orElseThrow();
  }

  private void tick() {
    clock.advance(Duration.ofSeconds(1));
    driver.tick();
  }

  private void deployed(String id) throws BackendException {
    driver.create(id, "main", TWO_CHANGES, DeployOptions.ofDefaults());
    tick();
    assertThat(driver.act(id, Action.deploy()).accepted()).isTrue();
  }

  private static Thread start(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.start();
    return t;
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).as("latch reached").isTrue();
  }

  private static void join(Thread t) throws InterruptedException {
    t.join(TimeUnit.SECONDS.toMillis(HANG_GUARD_SECONDS));
    assertThat(t.isAlive()).as("%s finished", t.getName()).isFalse();
  }

  /** Waits until {@code t} is parked (on a lock or a monitor) or has ended. */
  private static void awaitParkedOrDone(Thread t) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_GUARD_SECONDS);
    while (true) {
      Thread.State state = t.getState();
      if (state == Thread.State.WAITING || state == Thread.State.BLOCKED || state == Thread.State.TERMINATED) {
        return;
      }
      assertThat(System.nanoTime()).as("%s parked or ended", t.getName()).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  /**
   * A thread-safe wrapper over the scripted backend that can hold the first submission at its door
   * (before it reaches the backend) until released.
   */
  static final class GatedBackend extends ForwardingMigrationBackend {
    final CountDownLatch submitEntered = new CountDownLatch(1);
    final CountDownLatch releaseSubmit = new CountDownLatch(1);
    private final AtomicBoolean hold = new AtomicBoolean();

    GatedBackend(ScriptedBackend delegate) {
      super(delegate);
    }

    void holdFirstSubmit() {
      hold.set(true);
    }

    @Override
    public MigrationHandle submit(Submission s) throws BackendException {
      if (hold.compareAndSet(true, false)) {
        submitEntered.countDown();
        try {
          if (!releaseSubmit.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("submit was never released");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      synchronized (this) {
        return super.submit(s);
      }
    }

    @Override
    public synchronized Set<String> keyspaces() throws BackendException {
      return super.keyspaces();
    }

    @Override
    public synchronized List<String> shards(String keyspace) throws BackendException {
      return super.shards(keyspace);
    }

    @Override
    public synchronized Analysis analyse(String requestId, List<Change> changes) throws BackendException {
      return super.analyse(requestId, changes);
    }

    @Override
    public synchronized List<FoundMigration> findByContext(String context, String keyspace) throws BackendException {
      return super.findByContext(context, keyspace);
    }

    @Override
    public synchronized RowsRead readRows(List<RowQuery> queries) throws BackendException {
      return super.readRows(queries);
    }

    @Override
    public synchronized void complete(String keyspace, MigrationHandle migration) throws BackendException {
      super.complete(keyspace, migration);
    }

    @Override
    public synchronized void cancel(String keyspace, MigrationHandle migration) throws BackendException {
      super.cancel(keyspace, migration);
    }

    @Override
    public synchronized void throttle(String keyspace, MigrationHandle migration, double ratio) throws BackendException {
      super.throttle(keyspace, migration, ratio);
    }

    @Override
    public synchronized MigrationHandle revert(RevertSubmission r) throws BackendException {
      return super.revert(r);
    }
  }
}
