#!/usr/bin/env bash
# Runs the benchmark suite (docs/benchmarks.md): the JMH benchmarks with the GC profiler, then the
# call count and the reaction count. Build the jar first:
#   ./mvnw -B -q -pl benchmarks -am package -DskipTests
#   benchmarks/run.sh            # the whole suite, about 35 minutes on 2 cores (8 GB heap for the growth curve)
#   benchmarks/run.sh --smoke    # every benchmark once, in seconds (CI runs this)
# Extra arguments go to JMH, e.g. benchmarks/run.sh -p requests=1000.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=benchmarks/target/benchmarks.jar
if [ ! -f "$jar" ]; then
  echo "benchmarks/run.sh: $jar is missing; build it with ./mvnw -B -q -pl benchmarks -am package -DskipTests" >&2
  exit 2
fi
if [ "${1:-}" = "--smoke" ]; then
  shift
  java -jar "$jar" -f 0 -wi 0 -i 1 -r 100ms -foe true -p rows=32 -p requests=1,100 "$@" \
    DerivationBenchmark TickBenchmark
  java -cp "$jar" dev.cutover.benchmarks.BackendCallCount 1 10
  java -cp "$jar" dev.cutover.benchmarks.Reaction 1
  java -cp "$jar" dev.cutover.benchmarks.GrowthCurve requests=1,10 warmup=0 heap=512m
  exit 0
fi
echo "load: $(uptime)"
java -jar "$jar" -foe true -prof gc -rf json -rff benchmarks/target/jmh-result.json "$@" \
  DerivationBenchmark TickBenchmark
java -cp "$jar" dev.cutover.benchmarks.BackendCallCount 1 10 100 1000 10000
java -cp "$jar" dev.cutover.benchmarks.Reaction 1 100
java -cp "$jar" dev.cutover.benchmarks.GrowthCurve
echo "load: $(uptime)"
