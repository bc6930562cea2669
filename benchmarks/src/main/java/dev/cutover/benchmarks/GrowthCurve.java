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
 * java -cp benchmarks/target/benchmarks.jar dev.cutover.benchmarks.GrowthCurve
 * java -cp benchmarks/target/benchmarks.jar dev.cutover.benchmarks.GrowthCurve requests=1,10 backends=prebuilt warmup=0 heap=512m
 * </pre>
 *
 * <p>Arguments: {@code requests=} a comma-separated list of R (default 1,10,100,1000,10000,100000),
 * {@code backends=} prebuilt, inmemory or both (default both), {@code warmup=} seconds of CPU to warm up
 * each point (default 3), {@code heap=} the heap of each point's JVM (default 8g: R = 100,000 holds 800,000
 * simulated migrations). Each point runs in a JVM of its own.
 */
public final class GrowthCurve {

  private GrowthCurve() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 4 && args[0].equals("point")) {
      point(args[1], Integer.parseInt(args[2]), Long.parseLong(args[3]));
      return;
    }
    String heap = "8g";
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
        case "heap" -> {
          if (!kv[1].matches("[1-9][0-9]*[mMgG]")) {
            throw new IllegalArgumentException("heap: a JVM heap size such as 8g or 512m, was '" + kv[1] + "'");
          }
          heap = kv[1];
        }
        default -> throw new IllegalArgumentException("argument: requests, backends, warmup or heap, was '" + kv[0]
            + "'");
      }
    }
    System.out.printf("growth of a steady tick; each point in a fresh JVM with -Xms%s -Xmx%s; load %s%n", heap, heap,
        load());
    System.out.println("| backend | R | rows | median (p10–p90) | ns/row | B/row | growth ÷ R's growth |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (String backend : backends) {
      double previous = Double.NaN;
      int previousR = 0;
      for (int r : requests) {
        CpuTime.Sample s = inFreshJvm(backend, r, warmUp, heap);
        long rows = 32L * r;
        String bend = Double.isNaN(previous) ? "" : String.format("%.2f", (s.median() / previous) / ((double) r / previousR));
        System.out.printf("| %s | %,d | %,d | %s (%s–%s) | %.1f | %.1f | %s |%n", backend, r, rows,
            CpuTime.fmt(s.median()), CpuTime.fmt(s.p10()), CpuTime.fmt(s.p90()), s.median() / rows, s.bytes() / rows,
            bend);
        previous = s.median();
        previousR = r;
      }
    }
    System.out.printf("load at the end %s%n", load());
  }

  /** One point, measured in a new JVM so that no point inherits another's heap, JIT profile or caches. */
  private static CpuTime.Sample inFreshJvm(String backend, int requests, long warmUp, String heap) throws Exception {
    String launcher = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(launcher, "-Xms" + heap, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
        GrowthCurve.class.getName(), "point", backend, Integer.toString(requests), Long.toString(warmUp))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
    int status = p.waitFor();
    String[] f = out.split(" ");
    if (status != 0 || f.length != 6 || !f[0].equals("point")) {
      throw new IllegalStateException("point " + backend + " R=" + requests + ": the JVM exited with " + status
          + " and printed '" + out + "'");
    }
    return new CpuTime.Sample(Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
        Double.parseDouble(f[4]), Integer.parseInt(f[5]));
  }

  private static void point(String backend, int requests, long warmUp) throws Exception {
    TickBenchmark b = new TickBenchmark();
    b.requests = requests;
    b.backend = backend;
    b.mode = "steady";
    b.setUp();
    CpuTime.Sample s = CpuTime.measure(b::tick, warmUp);
    System.out.println("point " + s.median() + " " + s.p10() + " " + s.p90() + " " + s.bytes() + " " + s.batch());
  }

  private static String load() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
