package dev.cutover.inmemory.property;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.driver.Driver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The deploy-request invariants ({@link Invariant}) on random scenarios. Every run checks 1,000 new
 * scenarios (a random first seed, printed); a failure prints its seed, the invariant, and the path
 * of the shrunk scenario file, which {@code bin/cutover simulate FILE} replays.
 *
 * <pre>
 * ./mvnw -B -q -pl backend-inmemory -am verify -Dtest=DeployRequestPropertiesTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dcutover.property.count=100000     # more scenarios
 *     -Dcutover.property.seed=42           # replay one seed
 *     -Dcutover.property.firstSeed=1000    # start from a fixed seed
 *     -Dcutover.property.failures=DIR      # where failing scenarios go (default target/property-failures)
 * </pre>
 *
 * <p>The driver's own warnings (a step that did not settle) fail the check too: they mean the state
 * machine went round in circles.
 */
class DeployRequestPropertiesTest {

  @Test
  void invariantsHoldOnRandomScenarios() {
    String one = System.getProperty("cutover.property.seed");
    int count = one != null ? 1 : Integer.getInteger("cutover.property.count", 1000);
    long first = one != null ? Long.parseLong(one)
        : Long.getLong("cutover.property.firstSeed", new SplittableRandom().nextLong() & 0xFFFFFFFFFFFFL);
    Path failures = Path.of(System.getProperty("cutover.property.failures", "target/property-failures"));
    System.out.println("property check: " + count + " scenario(s) from seed " + first);

    Logger driverLog = Logger.getLogger(Driver.class.getName());
    Level level = driverLog.getLevel();
    boolean parents = driverLog.getUseParentHandlers();
    List<String> warnings = new ArrayList<>();
    Handler collect = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
          warnings.add(String.valueOf(record.getMessage()));
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    driverLog.setLevel(Level.WARNING); // transient failures are logged at INFO: thousands of them
    driverLog.setUseParentHandlers(false);
    driverLog.addHandler(collect);
    PropertyHarness.Report report;
    try {
      report = PropertyHarness.run(first, count, failures);
    } finally {
      driverLog.removeHandler(collect);
      driverLog.setUseParentHandlers(parents);
      driverLog.setLevel(level);
    }

    System.out.printf("property check: %d scenario(s), %d simulation(s) in %.1f s: %.0f scenarios/s%n",
        report.scenarios(), report.runs(), report.elapsed().toMillis() / 1000.0, report.scenariosPerSecond());
    System.out.println("property check: final states reached: " + report.finalStates());
    if (report.failure() != null) {
      System.out.println(report.failure().describe());
    }
    assertThat(report.failure()).as(() -> report.failure().describe()).isNull();
    assertThat(warnings).as("the driver warned (from seed %d)", first).isEmpty();
  }
}
