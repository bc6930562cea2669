package dev.cutover.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Question: how does the cost of one steady tick grow with the number of requests R, from 1 to 100,000
 * (× 8 changes × 4 shards: 32 R rows), and where does it bend? Each point is {@link TickBenchmark}'s own
 * setup and operation ({@code mode=steady}), measured in CPU time of this thread as {@link CpuTime}
 * measures it (median and p10–p90 of 25 samples, after a warm-up), over the prebuilt backend (the driver
 * and the core alone) and over the in-memory simulator. The last column is the cost's growth from the
 * previous R divided by R's growth: 1.0 is linear, above 1 the curve bends up.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -Xms8g -Xmx8g -cp benchmarks/target/benchmarks.jar dev.cutover.benchmarks.GrowthCurve
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.cutover.benchmarks.GrowthCurve requests=1,10 backends=prebuilt warmup=0
 * </pre>
 *
 * <p>Arguments: {@code requests=} a comma-separated list of R (default 1,10,100,1000,10000,100000),
 * {@code backends=} prebuilt, inmemory or both (default both), {@code warmup=} seconds of CPU to warm up
 * each point (default 3). R = 100,000 holds 800,000 simulated migrations: give the JVM 8 GB.
 */
public final class GrowthCurve {

  private GrowthCurve() {}

  public static void main(String[] args) throws Exception {
    List<Integer> requests = List.of(1, 10, 100, 1_000, 10_000, 100_000);
    List<String> backends = List.of("prebuilt", "inmemory");
    long warmUp = 3_000_000_000L;
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("argument: key=value (requests, backends, warmup), was '" + arg + "'");
      }
      switch (kv[0]) {
        case "requests" -> {
          List<Integer> r = new ArrayList<>();
          for (String n : kv[1].split(",")) {
            int value;
            try {
              value = Integer.parseInt(n.trim());
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("requests: a comma-separated list of whole numbers, was '"
                  + kv[1] + "'");
            }
            if (value < 1) {
              throw new IllegalArgumentException("requests: each at least 1, was " + value);
            }
            r.add(value);
          }
          requests = List.copyOf(r);
        }
        case "backends" -> {
          List<String> b = Arrays.asList(kv[1].split(","));
          for (String name : b) {
            if (!name.equals("prebuilt") && !name.equals("inmemory")) {
              throw new IllegalArgumentException("backends: prebuilt, inmemory or both, was '" + kv[1] + "'");
            }
          }
          backends = List.copyOf(b);
        }
        case "warmup" -> {
          double seconds;
          try {
            seconds = Double.parseDouble(kv[1]);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("warmup: seconds of CPU, was '" + kv[1] + "'");
          }
          if (!(seconds >= 0 && seconds <= 600)) {
            throw new IllegalArgumentException("warmup: within [0, 600] seconds, was '" + kv[1] + "'");
          }
          warmUp = (long) (seconds * 1e9);
        }
        default -> throw new IllegalArgumentException("argument: requests, backends or warmup, was '" + kv[0] + "'");
      }
    }
    System.out.printf("growth of a steady tick; max heap %d MB; load %s%n",
        Runtime.getRuntime().maxMemory() >> 20, load());
    System.out.println("| backend | R | rows | median (p10–p90) | ns/row | B/row | growth ÷ R's growth |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (String backend : backends) {
      double previous = Double.NaN;
      int previousR = 0;
      for (int r : requests) {
        TickBenchmark b = new TickBenchmark();
        b.requests = r;
        b.backend = backend;
        b.mode = "steady";
        b.setUp();
        CpuTime.Sample s = CpuTime.measure(b::tick, warmUp);
        long rows = 32L * r;
        String bend = Double.isNaN(previous) ? "" : String.format("%.2f", (s.median() / previous) / ((double) r / previousR));
        System.out.printf("| %s | %,d | %,d | %s (%s–%s) | %.1f | %.1f | %s |%n", backend, r, rows,
            CpuTime.fmt(s.median()), CpuTime.fmt(s.p10()), CpuTime.fmt(s.p90()), s.median() / rows, s.bytes() / rows,
            bend);
        previous = s.median();
        previousR = r;
        b = null; // the fleet can go before the next one is built
        System.gc();
      }
    }
    System.out.printf("load at the end %s%n", load());
  }

  private static String load() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
