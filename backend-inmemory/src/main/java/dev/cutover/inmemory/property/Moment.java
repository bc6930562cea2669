package dev.cutover.inmemory.property;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.Nullable;
import dev.cutover.core.driver.DriverEvent;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.inmemory.InMemoryBackend;
import dev.cutover.inmemory.scenario.Scenario;
import dev.cutover.inmemory.scenario.Simulation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What an {@link Invariant}'s hook sees of the run it watches: the time, the scenario, the true
 * state of the simulated backend (its rows, read without consuming faults, and its call log), the
 * requests as stored, the driver's events so far, and, at the end, the whole {@link Simulation}.
 * Report what does not hold with {@link #fail}.
 *
 * <p>One moment object serves one run; it is handed to each invariant in turn.
 */
public final class Moment {

  private final String run;
  private final Scenario scenario;
  private final InMemoryBackend backend;
  private final DeployRequestStore store;
  private final List<DriverEvent> events;
  private final List<Violation> violations;
  private final Map<Invariant, Map<String, Object>> memory = new HashMap<>();
  private Invariant current;
  private Simulation simulation;

  Moment(String run, Scenario scenario, InMemoryBackend backend, DeployRequestStore store, List<DriverEvent> events,
      List<Violation> violations) {
    this.run = run;
    this.scenario = scenario;
    this.backend = backend;
    this.store = store;
    this.events = events;
    this.violations = violations;
  }

  /** Which run this is: {@code plain}, {@code variant}, {@code crash-restart (killed before call #17)}, {@code two-drivers}. */
  public String run() {
    return run;
  }

  /** The scenario being run. */
  public Scenario scenario() {
    return scenario;
  }

  /** The simulated backend, unwrapped: {@link InMemoryBackend#rowsOf}, {@link InMemoryBackend#calls()}, ... */
  public InMemoryBackend backend() {
    return backend;
  }

  /** The virtual time now, from the start of the simulation. */
  public Duration time() {
    return Duration.between(Instant.EPOCH, backend.clock().instant());
  }

  /** The virtual instant now (time zero is the epoch). */
  public Instant now() {
    return backend.clock().instant();
  }

  /** Every request as stored now, in creation order. */
  public List<DeployRequest> requests() {
    return store.list();
  }

  /** The request with this id as stored now. */
  public Optional<DeployRequest> request(String id) {
    return store.get(id);
  }

  /** The driver's events so far, in order (every state entered, action applied, command sent). */
  public List<DriverEvent> events() {
    return Collections.unmodifiableList(events);
  }

  /** The finished run; {@code null} before {@link Invariant#atEnd}. */
  public @Nullable Simulation simulation() {
    return simulation;
  }

  /**
   * Memory of the current invariant for this run, created on first use: what it noticed at an
   * earlier tick (each run starts empty).
   */
  @SuppressWarnings("unchecked")
  public <T> T memory(String key, Supplier<T> initial) {
    return (T) memory.computeIfAbsent(current, k -> new HashMap<>()).computeIfAbsent(key, k -> initial.get());
  }

  /** Reports that the current invariant does not hold, now, for {@code requestId} ({@code null} for none). */
  public void fail(@Nullable String requestId, String message) {
    violations.add(new Violation(current, run, time(), requestId, message));
  }

  /** Reports that the current invariant does not hold over the whole run. */
  void failRun(@Nullable String requestId, @Nullable Duration at, String message) {
    violations.add(new Violation(current, run, at, requestId, message));
  }

  void as(Invariant invariant) {
    this.current = invariant;
  }

  Invariant current() {
    return current;
  }

  void ended(Simulation s) {
    this.simulation = s;
  }

  /** Used by the harness: the violations reported so far in this run. */
  List<Violation> violations() {
    return new ArrayList<>(violations);
  }
}
