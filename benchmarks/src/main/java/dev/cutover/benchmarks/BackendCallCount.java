package dev.cutover.benchmarks;

import dev.cutover.core.DeployOptions;
import dev.cutover.core.driver.Driver;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import dev.cutover.inmemory.InMemoryBackend;
import dev.cutover.inmemory.MigrationTimings;
import dev.cutover.inmemory.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Question: how many backend and store calls does one tick make as the number of requests grows,
 * for Cutover's driver and for a driver in LocalScale's shape ({@link BaselineDriver}) over the same
 * core and simulator? A count, not a time: it is exact and does not depend on the machine.
 *
 * <p>R requests of 8 changes on one 4-shard keyspace, counted over 5 ticks in two phases: rows still
 * copying, and waiting for the cutover (every row ready, COMPLETE sent, the cut-over taking an hour).
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.cutover.benchmarks.BackendCallCount 1 10 100 1000
 * </pre>
 */
public final class BackendCallCount {

  private static final int TICKS = 5;

  private BackendCallCount() {}

  public static void main(String[] args) throws BackendException {
    List<Integer> sizes = new ArrayList<>();
    for (String a : args) {
      sizes.add(Integer.parseInt(a));
    }
    if (sizes.isEmpty()) {
      sizes = List.of(1, 10, 100, 1000);
    }
    System.out.println("| requests | phase | Cutover: store + backend calls / tick (reads, COMPLETE) "
        + "| baseline: store + backend calls / tick (reads, COMPLETE) | backend calls, baseline / Cutover |");
    System.out.println("|---|---|---|---|---|");
    for (int r : sizes) {
      Count[] cutover = run(r, false);
      Count[] baseline = run(r, true);
      String[] phases = {"copying", "waiting for the cutover"};
      for (int p = 0; p < 2; p++) {
        System.out.printf("| %d | %s | %s | %s | %.1f |%n", r, phases[p], cutover[p], baseline[p],
            (double) baseline[p].backend() / cutover[p].backend());
      }
    }
  }

  /** Calls per tick, averaged over {@link #TICKS} ticks. */
  record Count(double store, double reads, double completes, double others) {
    double backend() {
      return reads + completes + others;
    }

    @Override
    public String toString() {
      return String.format("%s + %s (%s, %s)", fmt(store), fmt(backend()), fmt(reads), fmt(completes));
    }

    private static String fmt(double d) {
      return d == Math.rint(d) ? String.valueOf((long) d) : String.format("%.1f", d);
    }
  }

  private static Count[] run(int requests, boolean baseline) throws BackendException {
    VirtualClock clock = VirtualClock.atEpoch();
    InMemoryBackend simulator = InMemoryBackend.builder()
        .keyspace(Fleet.KEYSPACE, Fleet.SHARDS)
        .defaults(MigrationTimings.custom().startAfter(Duration.ZERO).readyAfter(Duration.ofSeconds(60))
            .completeAfter(Duration.ofHours(1)).build())
        .clock(clock)
        .build();
    Counting.Backend backend = new Counting.Backend(simulator);
    Counting.Store store = new Counting.Store(new InMemoryDeployRequestStore());
    Driver driver = Driver.builder(store, backend).clock(clock).owner("bench").build();
    Fleet.deploy(driver, store, clock, requests, DeployOptions.ofDefaults());
    BaselineDriver other = new BaselineDriver(store, backend, clock);
    Tick tick = baseline ? other::tick : driver::tick;
    Count copying = measure(tick, clock, backend, store);
    clock.advance(Duration.ofSeconds(60));
    tick.run(); // the gate opens: COMPLETE sent once by both
    Count waiting = measure(tick, clock, backend, store);
    return new Count[] {copying, waiting};
  }

  interface Tick {
    void run() throws BackendException;
  }

  private static Count measure(Tick tick, VirtualClock clock, Counting.Backend backend, Counting.Store store)
      throws BackendException {
    backend.reset();
    store.calls = 0;
    for (int i = 0; i < TICKS; i++) {
      clock.advance(Duration.ofSeconds(1));
      tick.run();
    }
    return new Count((double) store.calls / TICKS, (double) backend.reads / TICKS,
        (double) backend.completes / TICKS, (double) (backend.cancels + backend.others) / TICKS);
  }
}
