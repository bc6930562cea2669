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

  /**
   * Which run this is: {@code plain}, {@code variant}, {@code crash-restart (killed before call #17)},
   * {@code two-drivers}.
   *
   * @return the run's name, for reports; never null
   */
  public String run() {
    return run;
  }

  /**
   * The scenario being run.
   *
   * @return the scenario as the run executes it (for a comparing run, its variant), never null
   */
  public Scenario scenario() {
    return scenario;
  }

  /**
   * The simulated backend, unwrapped: {@link InMemoryBackend#rowsOf}, {@link InMemoryBackend#calls()}, ...
   *
   * @return the run's backend itself, beneath any {@link PropertyHarness.Builder#backendLayer layer};
   *     calling it as the driver would counts in its log and consumes faults
   */
  public InMemoryBackend backend() {
    return backend;
  }

  /**
   * The virtual time now, from the start of the simulation.
   *
   * @return the time since the epoch by the backend's clock; not negative in a generated scenario
   */
  public Duration time() {
    return Duration.between(Instant.EPOCH, backend.clock().instant());
  }

  /**
   * The virtual instant now (time zero is the epoch).
   *
   * @return the backend clock's instant
   */
  public Instant now() {
    return backend.clock().instant();
  }

  /**
   * Every request as stored now, in creation order, read from the store itself, beneath any {@link
   * PropertyHarness.Builder#storeLayer store layer}.
   *
   * @return what the store's {@link DeployRequestStore#list()} returns: empty before the first request is
   *     created
   */
  public List<DeployRequest> requests() {
    return store.list();
  }

  /**
   * The request with this id as stored now (beneath any store layer).
   *
   * @param id the request's id, such as {@code "dr-1"}
   * @return the request, or empty if none with that id was created yet
   */
  public Optional<DeployRequest> request(String id) {
    return store.get(id);
  }

  /**
   * The driver's events so far, in order (every state entered, action applied, command sent).
   *
   * @return an unmodifiable view: it grows as the run goes on, so copy it to keep what it holds now
   */
  public List<DriverEvent> events() {
    return Collections.unmodifiableList(events);
  }

  /**
   * The finished run; {@code null} before {@link Invariant#atEnd}.
   *
   * @return the simulation's outcome in {@code atEnd}, {@code null} in the other hooks
   */
  public @Nullable Simulation simulation() {
    return simulation;
  }

  /**
   * Memory of the current invariant for this run, created on first use: what it noticed at an
   * earlier tick (each run starts empty).
   *
   * @param <T> the type of what is kept under {@code key}; the same key must always be used with the
   *     same type (it is cast, not checked)
   * @param key a name, unique within the invariant; other invariants have their own keys
   * @param initial makes the first value, called once per run and key
   * @return the value kept under {@code key} in this run: a mutable one (a list, a map) is how an
   *     invariant remembers
   */
  @SuppressWarnings("unchecked")
  public <T> T memory(String key, Supplier<T> initial) {
    return (T) memory.computeIfAbsent(current, k -> new HashMap<>()).computeIfAbsent(key, k -> initial.get());
  }

  /**
   * Reports that the current invariant does not hold, now, for {@code requestId} ({@code null} for none).
   * The run goes on; the harness reports the first violation.
   *
   * @param requestId the request the violation concerns, or {@code null} for the run as a whole
   * @param message what does not hold, for people
   */
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
