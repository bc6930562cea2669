package dev.cutover.benchmarks;

import dev.cutover.core.Analysis;
import dev.cutover.core.Change;
import dev.cutover.core.Command;
import dev.cutover.core.DeployMachine;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.Observation;
import dev.cutover.core.Outcome;
import dev.cutover.core.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Question: how much CPU does one derivation step (spec section 5) cost as a request grows, i.e.
 * what does the polling loop pay per watching request per tick, before any I/O?
 *
 * <p>Each invocation plans one {@code in_progress} request whose rows are all ready to complete
 * (the worst case: every row is classified and the gate opens, producing one completion per change).
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar DerivationBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DerivationBenchmark {

  @Param({"1", "6"})
  public int changes;

  @Param({"1", "8", "64"})
  public int shards;

  private DeployRequest request;
  private Observation observation;

  @Setup
  public void setUp() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    List<String> shardNames = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      shardNames.add("s" + s);
    }
    List<Change> list = new ArrayList<>();
    for (int i = 0; i < changes; i++) {
      list.add(new Change("commerce", "ALTER TABLE t" + i + " ADD COLUMN c INT"));
    }
    DeployRequest r = DeployRequest.create("dr-1", "main", list, DeployOptions.ofDefaults(), t0);
    List<Analysis.ChangeAnalysis> ok = new ArrayList<>();
    list.forEach(c -> ok.add(Analysis.ChangeAnalysis.ok(false)));
    r = DeployMachine.analysed(r, new Analysis(ok), t0);
    r = DeployMachine.apply(r, new dev.cutover.core.Action.Deploy(), t0, 1).request();
    Observation admit = new Observation(t0, true, List.of(), "bench", Duration.ofMinutes(1));
    Plan plan = DeployMachine.plan(r, admit);
    while (!plan.commands().isEmpty() && plan.commands().get(0) instanceof Command.Submit submit) {
      r = DeployMachine.record(plan.request(), submit,
          Outcome.submitted(new MigrationHandle("m" + submit.change()), shardNames), t0);
      plan = DeployMachine.plan(r, admit);
    }
    request = plan.request();
    List<MigrationRow> rows = new ArrayList<>();
    for (int i = 0; i < changes; i++) {
      for (String shard : shardNames) {
        rows.add(new MigrationRow(new MigrationHandle("m" + i), shard, "running", true, 100, ""));
      }
    }
    observation = new Observation(t0.plusSeconds(10), false, rows, "bench", Duration.ofMinutes(1));
  }

  @Benchmark
  public Plan planWithAllRowsReady() {
    return DeployMachine.plan(request, observation);
  }
}
