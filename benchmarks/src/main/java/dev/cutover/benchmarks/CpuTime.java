package dev.cutover.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Question: what do the JMH benchmarks' operations cost in CPU time of the benchmark thread, on a
 * machine whose other processes take most of the cores? JMH measures wall-clock time, which on a
 * loaded machine includes the time the thread waited for a core; the thread's own CPU time
 * ({@code ThreadMXBean.getCurrentThreadCpuTime}) does not. A cross-check of the JMH tables, not a
 * replacement: it runs the benchmark's own setup and operation, without JMH's harness.
 *
 * <p>Warms up for 5 s of CPU (at most a minute of wall-clock time, at least 20 samples), then takes 25 samples, each a batch of operations of
 * about 20 ms; prints the median and the 10th and 90th percentiles per operation, per row, and the bytes
 * the thread allocated per operation.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -Xms4g -Xmx4g -cp benchmarks/target/benchmarks.jar dev.cutover.benchmarks.CpuTime tick requests=10000 backend=prebuilt mode=steady
 * java -cp benchmarks/target/benchmarks.jar dev.cutover.benchmarks.CpuTime derivation rows=320 ready=false
 * </pre>
 */
public final class CpuTime {

  private static volatile Object sink;

  private CpuTime() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !(args[0].equals("tick") || args[0].equals("derivation"))) {
      throw new IllegalArgumentException("usage: CpuTime tick|derivation key=value...; was " + Arrays.toString(args));
    }
    Map<String, String> p = new TreeMap<>();
    for (int i = 1; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("argument " + i + ": key=value, was '" + args[i] + "'");
      }
      p.put(kv[0], kv[1]);
    }
    Op op;
    long rows;
    if (args[0].equals("tick")) {
      TickBenchmark b = new TickBenchmark();
      b.requests = Integer.parseInt(p.getOrDefault("requests", "1000"));
      b.backend = p.getOrDefault("backend", "prebuilt");
      b.mode = p.getOrDefault("mode", "steady");
      b.setUp();
      op = b::tick;
      rows = 32L * b.requests;
    } else {
      DerivationBenchmark b = new DerivationBenchmark();
      b.rows = Integer.parseInt(p.getOrDefault("rows", "320"));
      b.ready = Boolean.parseBoolean(p.getOrDefault("ready", "false"));
      b.strings = p.getOrDefault("strings", "canonical");
      b.setUp();
      op = b::plan;
      rows = b.rows;
    }
    Sample m = measure(op, 5_000_000_000L);
    System.out.printf("%s %s: median %s, p10 %s, p90 %s CPU per op; %.1f ns/row; %.0f B/op (%.0f B/row); batch %d%n",
        args[0], p, fmt(m.median()), fmt(m.p10()), fmt(m.p90()), m.median() / rows, m.bytes(), m.bytes() / rows,
        m.batch());
  }

  /**
   * The CPU time one operation takes on this thread, and what it allocates.
   *
   * @param median the median of the samples, ns per operation
   * @param p10 the 10th percentile, ns
   * @param p90 the 90th percentile, ns
   * @param bytes bytes allocated per operation, over every sample
   * @param batch operations per sample
   */
  record Sample(double median, double p10, double p90, double bytes, int batch) {}

  /**
   * Warms up for {@code warmUpCpuNanos} of CPU (at most a minute of wall-clock time, at least 20 samples),
   * then takes 25 samples, each a batch of operations of about 20 ms of CPU (at least one operation).
   */
  static Sample measure(Op op, long warmUpCpuNanos) throws Exception {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    long t0 = mx.getCurrentThreadCpuTime();
    int calibrate = 0;
    while (mx.getCurrentThreadCpuTime() - t0 < 20_000_000L || calibrate < 1) {
      sink = op.run();
      calibrate++;
    }
    int batch = Math.max(1, calibrate);
    long warmStart = mx.getCurrentThreadCpuTime();
    long wallStart = System.nanoTime();
    for (int s = 0; s < 20 || (mx.getCurrentThreadCpuTime() - warmStart < warmUpCpuNanos
        && System.nanoTime() - wallStart < 60_000_000_000L); s++) {
      for (int i = 0; i < batch; i++) {
        sink = op.run();
      }
    }
    List<Double> perOp = new ArrayList<>();
    long allocStart = mx.getThreadAllocatedBytes(self);
    long ops = 0;
    for (int s = 0; s < 25; s++) {
      long c0 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < batch; i++) {
        sink = op.run();
      }
      perOp.add((mx.getCurrentThreadCpuTime() - c0) / (double) batch);
      ops += batch;
    }
    double alloc = (mx.getThreadAllocatedBytes(self) - allocStart) / (double) ops;
    perOp.sort(null);
    return new Sample(perOp.get(12), perOp.get(2), perOp.get(22), alloc, batch);
  }

  static String fmt(double ns) {
    if (ns >= 1e6) {
      return String.format("%.2f ms", ns / 1e6);
    }
    if (ns >= 1e3) {
      return String.format("%.1f µs", ns / 1e3);
    }
    return String.format("%.0f ns", ns);
  }

  interface Op {
    Object run() throws Exception;
  }
}
