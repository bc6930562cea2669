package dev.cutover.benchmarks;

import dev.cutover.core.Action;
import dev.cutover.core.Change;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.driver.Driver;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import dev.cutover.inmemory.InMemoryBackend;
import dev.cutover.inmemory.MigrationTimings;
import dev.cutover.inmemory.VirtualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Question: what does one driver tick cost, outside the backend's own latency, as the number of
 * watching requests grows? This is the polling loop's overhead: one batched read, then a plan per
 * request, against the in-memory store and backend (whose calls are in-process).
 *
 * <p>Every request is {@code in_progress} on its own database with two changes on a 4-shard
 * keyspace, rows still copying, so each tick reads and derives without changing anything.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar TickBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TickBenchmark {

  @Param({"1", "10", "100"})
  public int requests;

  private Driver driver;

  @Setup(Level.Trial)
  public void setUp() throws BackendException {
    VirtualClock clock = VirtualClock.atEpoch();
    InMemoryBackend backend = InMemoryBackend.builder()
        .keyspace("commerce", "-40", "40-80", "80-c0", "c0-")
        .defaults(MigrationTimings.custom().readyAfter(Duration.ofDays(365)).build())
        .clock(clock)
        .build();
    driver = Driver.builder(new InMemoryDeployRequestStore(), backend).clock(clock).owner("bench").build();
    List<Change> changes = List.of(
        new Change("commerce", "ALTER TABLE customer ADD COLUMN email VARCHAR(255)"),
        new Change("commerce", "ALTER TABLE corder ADD INDEX idx_sku (sku)"));
    for (int i = 0; i < requests; i++) {
      driver.create("dr-" + i, "db-" + i, changes, DeployOptions.ofDefaults());
    }
    driver.tick();
    for (int i = 0; i < requests; i++) {
      driver.act("dr-" + i, Action.deploy());
    }
    clock.advance(Duration.ofSeconds(1));
    driver.tick();
  }

  @Benchmark
  public Driver tickWithEveryRequestInProgress() {
    driver.tick();
    return driver;
  }
}
