package dev.cutover.benchmarks;

import dev.cutover.core.Action;
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
 * Question: how much CPU does the derivation (spec section 5) of one request cost per row, before any
 * I/O? This is what the polling loop pays for each watching request on each tick.
 *
 * <p>One {@code in_progress} request with 8 changes on {@code rows / 8} shards. {@code ready=true}:
 * every row is ready to complete, so the gate opens (auto-apply: the plan enters
 * {@code in_progress_cutover} and sends one completion per change); {@code ready=false}: every row is
 * still copying and the plan changes nothing (the steady state). Divide by {@code rows} for the cost
 * per row; LocalScale's Go {@code deriveDeployState} is 3.1–4.0 ns a row (issue 11).
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar DerivationBenchmark -p rows=320 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DerivationBenchmark {

  @Param({"32", "320", "3200"})
  public int rows;

  @Param({"true", "false"})
  public boolean ready;

  /**
   * How the rows' strings come: {@code canonical} as Cutover's backends hand them over (one handle
   * instance per migration in a read, the status literals, the shard names of the shard list), so
   * that comparisons are by reference; {@code copied}: every string of every row a fresh copy, as a
   * backend that canonicalises nothing would give them (the worst case).
   */
  @Param({"canonical", "copied"})
  public String strings;

  private DeployRequest request;
  private Observation observation;

  @Setup
  public void setUp() {
    if (rows <= 0 || rows % Fleet.CHANGES != 0) {
      throw new IllegalArgumentException("rows: a positive multiple of " + Fleet.CHANGES + ", was " + rows);
    }
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    List<String> shards = new ArrayList<>();
    for (int s = 0; s < rows / Fleet.CHANGES; s++) {
      shards.add("s" + s);
    }
    List<Change> changes = Fleet.changes();
    DeployRequest r = DeployRequest.create("dr-1", "main", changes, DeployOptions.ofDefaults(), t0);
    List<Analysis.ChangeAnalysis> ok = new ArrayList<>();
    changes.forEach(c -> ok.add(Analysis.ChangeAnalysis.ok(false)));
    r = DeployMachine.analysed(r, new Analysis(ok), t0);
    r = DeployMachine.apply(r, new Action.Deploy(), t0, 1).request();
    Observation admit = new Observation(t0, true, List.of(), "bench", Duration.ofMinutes(1));
    Plan plan = DeployMachine.plan(r, admit);
    while (!plan.commands().isEmpty() && plan.commands().get(0) instanceof Command.Submit submit) {
      r = DeployMachine.record(plan.request(), submit,
          Outcome.submitted(new MigrationHandle("m" + submit.change()), shards), t0);
      plan = DeployMachine.plan(r, admit);
    }
    request = plan.request();
    boolean copied;
    if (strings.equals("copied")) {
      copied = true;
    } else if (strings.equals("canonical")) {
      copied = false;
    } else {
      throw new IllegalArgumentException("strings: canonical or copied, was '" + strings + "'");
    }
    List<MigrationRow> list = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      MigrationHandle handle = new MigrationHandle("m" + i); // equal to the submitted one, not the same
      for (String shard : shards) {
        list.add(copied
            ? new MigrationRow(new MigrationHandle(new String("m" + i)), new String(shard), new String("running"),
                ready, ready ? 100 : 50, new String(""))
            : new MigrationRow(handle, shard, "running", ready, ready ? 100 : 50, ""));
      }
    }
    observation = new Observation(t0.plusSeconds(10), false, list, "bench", Duration.ofMinutes(1));
    Plan check = DeployMachine.plan(request, observation);
    if (ready == check.commands().isEmpty()) {
      throw new IllegalStateException("setup: expected " + (ready ? "completions" : "no command") + ", got "
          + check.commands());
    }
  }

  @Benchmark
  public Plan plan() {
    return DeployMachine.plan(request, observation);
  }
}
