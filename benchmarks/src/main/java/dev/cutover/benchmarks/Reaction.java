package dev.cutover.benchmarks;

import dev.cutover.core.DeployOptions;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.driver.Driver;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import dev.cutover.inmemory.InMemoryBackend;
import dev.cutover.inmemory.MigrationTimings;
import dev.cutover.inmemory.SimulatedMigration;
import dev.cutover.inmemory.VirtualClock;
import java.time.Duration;

/**
 * Question: how many ticks pass between the last shard becoming ready to complete and COMPLETE being
 * sent? Expected: none (the same tick). Counted, not timed.
 *
 * <p>R requests of 8 changes on a 4-shard keyspace; the shards become ready one after another (change
 * {@code c} on shard {@code s} after {@code 30 + 4c + s} seconds, plus 1 s per request), the driver
 * ticks every second of virtual time. Before each tick the simulator's rows are inspected (without a
 * call); the reaction is the tick that sends the first COMPLETE minus the first tick that saw every
 * row ready. Run for Cutover's driver and for the {@link BaselineDriver}.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.cutover.benchmarks.Reaction 1 100
 * </pre>
 */
public final class Reaction {

  private Reaction() {}

  public static void main(String[] args) throws BackendException {
    int[] sizes = args.length == 0 ? new int[] {1, 100} : new int[args.length];
    for (int i = 0; i < args.length; i++) {
      sizes[i] = Integer.parseInt(args[i]);
    }
    System.out.println("| requests | driver | ticks from the last shard ready to COMPLETE (max over requests) |");
    System.out.println("|---|---|---|");
    for (int r : sizes) {
      System.out.printf("| %d | Cutover | %d |%n", r, run(r, false));
      System.out.printf("| %d | baseline | %d |%n", r, run(r, true));
    }
  }

  private static long run(int requests, boolean baseline) throws BackendException {
    VirtualClock clock = VirtualClock.atEpoch();
    InMemoryBackend.Builder b = InMemoryBackend.builder()
        .keyspace(Fleet.KEYSPACE, Fleet.SHARDS)
        .defaults(MigrationTimings.custom().startAfter(Duration.ZERO).completeAfter(Duration.ofHours(1)).build())
        .clock(clock);
    for (int r = 0; r < requests; r++) {
      for (int c = 0; c < Fleet.CHANGES; c++) {
        for (int s = 0; s < Fleet.SHARDS.size(); s++) {
          Duration ready = Duration.ofSeconds(30 + 4L * c + s + r);
          b.migration("dr-" + r, c, Fleet.SHARDS.get(s), t -> t.readyAfter(ready));
        }
      }
    }
    InMemoryBackend simulator = b.build();
    Counting.Backend backend = new Counting.Backend(simulator);
    InMemoryDeployRequestStore store = new InMemoryDeployRequestStore();
    Driver driver = Driver.builder(store, backend).clock(clock).owner("bench").build();
    Fleet.deploy(driver, store, clock, requests, DeployOptions.ofDefaults());
    BaselineDriver other = new BaselineDriver(store, backend, clock);
    long[] readyAt = new long[requests];
    long[] completedAt = new long[requests];
    java.util.Arrays.fill(readyAt, -1);
    java.util.Arrays.fill(completedAt, -1);
    long worst = 0;
    for (long tick = 0; tick < 600; tick++) {
      clock.advance(Duration.ofSeconds(1));
      for (int r = 0; r < requests; r++) {
        if (readyAt[r] < 0 && allReady(simulator, "dr-" + r)) {
          readyAt[r] = tick;
        }
      }
      long before = backend.completes;
      if (baseline) {
        other.tick();
      } else {
        driver.tick();
      }
      if (backend.completes > before) {
        for (int r = 0; r < requests; r++) {
          if (completedAt[r] < 0 && completionRequested(simulator, "dr-" + r)) {
            completedAt[r] = tick;
          }
        }
      }
    }
    for (int r = 0; r < requests; r++) {
      if (readyAt[r] < 0 || completedAt[r] < 0) {
        throw new IllegalStateException("dr-" + r + ": ready at tick " + readyAt[r] + ", COMPLETE at tick "
            + completedAt[r]);
      }
      worst = Math.max(worst, completedAt[r] - readyAt[r]);
    }
    return worst;
  }

  private static boolean allReady(InMemoryBackend simulator, String requestId) {
    int rows = 0;
    for (SimulatedMigration m : simulator.migrations()) {
      if (!m.requestId().equals(requestId)) {
        continue;
      }
      for (MigrationRow row : simulator.rowsOf(m.handle())) {
        if (!row.readyToComplete()) {
          return false;
        }
        rows++;
      }
    }
    return rows == Fleet.CHANGES * Fleet.SHARDS.size();
  }

  private static boolean completionRequested(InMemoryBackend simulator, String requestId) {
    for (SimulatedMigration m : simulator.migrations()) {
      if (m.requestId().equals(requestId) && m.completionRequestedAt() != null) {
        return true;
      }
    }
    return false;
  }
}
