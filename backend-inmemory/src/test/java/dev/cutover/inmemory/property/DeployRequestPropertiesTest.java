package dev.cutover.inmemory.property;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.driver.Driver;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The deploy-request invariants ({@link Invariants}) on generated scenarios: 1,000 of them, from
 * seed {@link PropertyHarness#DEFAULT_FIRST_SEED} (the same every build) unless a property says
 * otherwise; a failure reports its seed, the invariant, and the path of the shrunk scenario file,
 * which {@code bin/cutover simulate FILE} replays.
 *
 * <pre>
 * ./mvnw -B -q -pl backend-inmemory -am verify -Dtest=DeployRequestPropertiesTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dcutover.property.tries=100000     # more scenarios
 *     -Dcutover.property.seed=42           # replay one seed
 *     -Dcutover.property.firstSeed=1000    # start from another seed ("random": a new one each run)
 *     -Dcutover.property.verbose=true      # print the first seed, the speed and the final states
 *     -Dcutover.property.failures=DIR      # where failing scenarios go (default target/property-failures)
 * </pre>
 *
 * <p>The driver's own warnings (a step that did not settle) fail the check too: they mean the state
 * machine went round in circles.
 */
class DeployRequestPropertiesTest {

  @Test
  void invariantsHoldOnRandomScenarios() {
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
    PropertyHarness harness = PropertyHarness.builder().tries(1000).build();
    PropertyHarness.Report report;
    try {
      report = harness.assertHolds();
    } finally {
      driverLog.removeHandler(collect);
      driverLog.setUseParentHandlers(parents);
      driverLog.setLevel(level);
    }
    if (Boolean.getBoolean("cutover.property.verbose")) {
      System.out.println("property check: final states reached: " + report.finalStates());
    }
    assertThat(warnings).as("the driver warned (from seed %d)", report.firstSeed()).isEmpty();
  }
}
