package dev.cutover.inmemory.property;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.Progress;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.core.spi.ForwardingDeployRequestStore;
import dev.cutover.inmemory.scenario.Scenario;
import dev.cutover.inmemory.scenario.SimulatedCrash;
import dev.cutover.inmemory.scenario.Simulation;
import dev.cutover.inmemory.scenario.Simulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A driver that skips the requests whose plan the core said still holds (decision 97) does exactly
 * what a driver that plans every request on every tick does ({@code Driver.Builder.planEveryTick}):
 * on random scenarios of the project's generator ({@link ScenarioGenerator}, fixed seeds), with one
 * or two drivers and seeded crashes after saves (a restarted driver keeps nothing), the two runs save
 * the same request values in the same order, send the same backend calls, emit the same events, and
 * report the same progress after every tick.
 */
class QuietSkipEquivalenceTest {

  private static final int SCENARIOS = 400;

  @Test
  void skippingQuietRequestsChangesNothingADriverDoes() {
    int withRevertWindows = 0;
    for (long seed = 0; seed < SCENARIOS; seed++) {
      Scenario scenario = ScenarioGenerator.generate(seed);
      int drivers = seed % 3 == 0 ? 2 : 1;
      Run skipping = run(scenario, seed, drivers, false);
      Run planning = run(scenario, seed, drivers, true);
      String what = "seed " + seed + " (" + drivers + " driver(s))";
      assertThat(skipping.saves).as("the saves of %s", what).isEqualTo(planning.saves);
      assertThat(skipping.simulation.timeline()).as("the events of %s", what)
          .isEqualTo(planning.simulation.timeline());
      assertThat(skipping.simulation.backend().calls()).as("the backend calls of %s", what)
          .isEqualTo(planning.simulation.backend().calls());
      assertThat(skipping.progress).as("the progress of %s", what).isEqualTo(planning.progress);
      assertThat(skipping.simulation.finalRequests()).as("the final requests of %s", what)
          .isEqualTo(planning.simulation.finalRequests());
      assertThat(skipping.simulation.crashes()).as("the crashes of %s", what)
          .isEqualTo(planning.simulation.crashes());
      if (planning.saves.stream().anyMatch(r -> r.state() == DeployState.COMPLETE_PENDING_REVERT)) {
        withRevertWindows++;
      }
    }
    assertThat(withRevertWindows).as("scenarios that wait out a revert window").isGreaterThan(SCENARIOS / 10);
  }

  private record Run(Simulation simulation, List<DeployRequest> saves, List<List<Progress>> progress) {}

  private static Run run(Scenario scenario, long seed, int drivers, boolean planEveryTick) {
    List<DeployRequest> saves = new ArrayList<>();
    List<List<Progress>> progress = new ArrayList<>();
    SplittableRandom crashes = new SplittableRandom(seed * 31 + 7);
    Simulation simulation = Simulator.builder(scenario).drivers(drivers)
        .storeWrapper(store -> new Recording(store, saves, crashes))
        .driverOptions(b -> b.planEveryTick(planEveryTick))
        .afterTick(tick -> progress.add(tick.driver().progress()))
        .build().run();
    return new Run(simulation, saves, progress);
  }

  /** Records every save, and crashes the driver after one save in 50 (seeded: the same in both runs). */
  private static final class Recording extends ForwardingDeployRequestStore {
    private final List<DeployRequest> saves;
    private final SplittableRandom crashes;

    Recording(DeployRequestStore store, List<DeployRequest> saves, SplittableRandom crashes) {
      super(store);
      this.saves = saves;
      this.crashes = crashes;
    }

    @Override
    public DeployRequest insert(DeployRequest request) {
      DeployRequest stored = delegate().insert(request);
      saves.add(stored);
      return stored;
    }

    @Override
    public Optional<DeployRequest> compareAndSet(DeployRequest next) {
      Optional<DeployRequest> saved = delegate().compareAndSet(next);
      saved.ifPresent(saves::add);
      if (saved.isPresent() && crashes.nextInt(50) == 0) {
        throw new SimulatedCrash("crash after saving " + next.id());
      }
      return saved;
    }
  }
}
