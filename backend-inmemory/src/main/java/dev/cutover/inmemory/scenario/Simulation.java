package dev.cutover.inmemory.scenario;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.driver.DriverEvent;
import dev.cutover.inmemory.InMemoryBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What running a {@link Scenario} gave: the driver's events in order, the final requests, the
 * backend (with its call log), and how the expectations fared.
 *
 * @param scenario what was run
 * @param origin the instant of time zero
 * @param end the time of the last tick, from the start
 * @param timeline every event of the driver(s), in the order it happened
 * @param rowSamples the per-shard progress of the migrations, tick by tick (see {@link RowSample})
 * @param finalRequests the requests as stored at the end, in creation order
 * @param backend the simulated backend (its {@link InMemoryBackend#calls()} log, migrations, rows)
 * @param crashes the times at which a {@link SimulatedCrash} killed the driver
 * @param expectationFailures what differs from the scenario's {@code expect} block; empty if it holds
 */
public record Simulation(Scenario scenario, Instant origin, Duration end, List<DriverEvent> timeline,
    List<RowSample> rowSamples, List<DeployRequest> finalRequests, InMemoryBackend backend, List<Duration> crashes,
    List<String> expectationFailures) {

  /**
   * Checks the fields and copies the lists; {@link Simulator#run()} makes these.
   *
   * @param scenario not null
   * @param origin not null
   * @param end not null
   * @param timeline not null, no null element; copied
   * @param rowSamples not null, no null element; copied
   * @param finalRequests not null, no null element; copied
   * @param backend not null
   * @param crashes not null, no null element; copied
   * @param expectationFailures not null, no null element; copied
   * @throws NullPointerException if a field or an element is null
   */
  public Simulation {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(end, "end");
    timeline = List.copyOf(timeline);
    rowSamples = List.copyOf(rowSamples);
    finalRequests = List.copyOf(finalRequests);
    Objects.requireNonNull(backend, "backend");
    crashes = List.copyOf(crashes);
    expectationFailures = List.copyOf(expectationFailures);
  }

  /**
   * Whether the scenario's {@code expect} block holds.
   *
   * @return true if {@link #expectationFailures()} is empty (also when the scenario expects nothing)
   */
  public boolean expectationsHold() {
    return expectationFailures.isEmpty();
  }

  /**
   * The time of {@code instant} from the start of the simulation.
   *
   * @param instant an instant of the run, such as an event's {@code at()}; not null
   * @return the time since {@link #origin()}, negative for an instant before it
   */
  public Duration elapsed(Instant instant) {
    return Duration.between(origin, instant);
  }

  /**
   * Each request's final state, in creation order.
   *
   * @return a new map from request id to state, one entry per request created
   */
  public Map<String, DeployState> finalStates() {
    Map<String, DeployState> states = new LinkedHashMap<>();
    finalRequests.forEach(r -> states.put(r.id(), r.state()));
    return states;
  }

  /**
   * The states {@code requestId} entered, in order: its state lines.
   *
   * @param requestId the request's id, not null
   * @return a new list, empty for a request that entered no state or does not exist; a state entered
   *     twice is listed twice
   */
  public List<DeployState> statesOf(String requestId) {
    List<DeployState> states = new ArrayList<>();
    for (DriverEvent e : timeline) {
      if (e instanceof DriverEvent.StateEntered s && s.requestId().equals(requestId)) {
        states.add(s.state());
      }
    }
    return states;
  }
}
