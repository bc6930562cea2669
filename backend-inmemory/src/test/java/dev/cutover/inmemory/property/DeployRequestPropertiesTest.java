package dev.cutover.inmemory.property;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The deploy-request invariants ({@link Invariant}) on random scenarios. Every CI run checks
 * 1,000 new scenarios; a failure prints its seed and the path of the shrunk scenario file.
 *
 * <pre>
 * ./mvnw -B -q -pl backend-inmemory -am verify -Dtest=DeployRequestPropertiesTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dcutover.property.count=100000        # more scenarios
 *     -Dcutover.property.seed=42              # replay one seed
 *     -Dcutover.property.firstSeed=1000       # start from a fixed seed (default: random, printed)
 * </pre>
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
    PropertyHarness.Report report = PropertyHarness.run(first, count, failures);
    System.out.printf("property check: %d scenario(s), %d simulation(s) in %.1f s: %.0f scenarios/s;"
        + " %d crash/two-driver comparison(s) inconclusive (the other run went a tick ahead)%n",
        report.scenarios(), report.runs(), report.elapsed().toMillis() / 1000.0, report.scenariosPerSecond(),
        report.inconclusive());
    if (report.failure() != null) {
      System.out.println(report.failure().describe());
    }
    assertThat(report.failure()).as(() -> report.failure().describe()).isNull();
  }
}
