package dev.cutover.benchmarks;

import dev.cutover.core.DeployOptions;
import dev.cutover.core.driver.Driver;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.inmemory.VirtualClock;
import java.time.Duration;
import java.time.Instant;
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
 * Question: what does one {@link Driver#tick()} cost as the number of watching requests grows, with
 * the backend's cost taken out ({@code backend=prebuilt}: every read returns a prebuilt answer) and
 * with the in-memory simulator's own cost in ({@code backend=inmemory})?
 *
 * <p>R {@code requests}, each on its own database with 8 changes on a 4-shard keyspace (32 rows a
 * request: R = 10,000 is 320,000 rows), all {@code in_progress} and copying, so a tick reads and derives
 * every row and changes no request. {@code mode=steady}: the rows read are equal from tick to tick;
 * {@code mode=churning}: every row's progress differs from the previous tick (the prebuilt backend
 * alternates two answers, the simulator's clock alternates between two instants a day apart);
 * {@code mode=some} (the prebuilt backend only, not in the default parameters): the rows of one
 * request in 100 differ from tick to tick, the others are the very same lists.
 * Divide by 32 R for the cost per row.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar TickBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar TickBenchmark -p backend=prebuilt -p mode=steady \
 *     -p requests=1,10,100,1000,10000,100000 -prof gc      # the growth curve
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class TickBenchmark {

  @Param({"1", "100", "1000", "10000"})
  public int requests;

  @Param({"prebuilt", "inmemory"})
  public String backend;

  @Param({"steady", "churning"})
  public String mode;

  private Driver driver;
  private PrebuiltBackend prebuilt;
  private VirtualClock clock;
  private Instant even;
  private Instant odd;
  private boolean churning;
  private boolean flip;

  @Setup(Level.Trial)
  public void setUp() throws BackendException {
    clock = VirtualClock.atEpoch();
    MigrationBackend b;
    if (backend.equals("prebuilt")) {
      prebuilt = new PrebuiltBackend();
      b = prebuilt;
    } else if (backend.equals("inmemory")) {
      b = Fleet.inMemory(clock);
    } else {
      throw new IllegalArgumentException("backend: prebuilt or inmemory, was '" + backend + "'");
    }
    if (!mode.equals("steady") && !mode.equals("churning") && !(mode.equals("some") && prebuilt != null)) {
      throw new IllegalArgumentException("mode: steady, churning or (prebuilt only) some, was '" + mode + "'");
    }
    churning = !mode.equals("steady");
    InMemoryDeployRequestStore store = new InMemoryDeployRequestStore();
    driver = Driver.builder(store, b).clock(clock).owner("bench").build();
    Fleet.deploy(driver, store, clock, requests, DeployOptions.ofDefaults());
    if (prebuilt != null) {
      prebuilt.freeze(mode.equals("some") ? 100 : 1);
    }
    even = clock.instant();
    odd = even.plus(Duration.ofDays(1));
  }

  @Benchmark
  public Driver tick() {
    if (churning) {
      flip = !flip;
      if (prebuilt != null) {
        prebuilt.churn();
      } else {
        clock.set(flip ? odd : even);
      }
    }
    driver.tick();
    return driver;
  }
}
