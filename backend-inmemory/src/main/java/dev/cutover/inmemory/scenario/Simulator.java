package dev.cutover.inmemory.scenario;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.driver.Driver;
import dev.cutover.core.driver.DriverEvent;
import dev.cutover.core.driver.DriverListener;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.inmemory.InMemoryBackend;
import dev.cutover.inmemory.SimulatedMigration;
import dev.cutover.inmemory.VirtualClock;
import dev.cutover.inmemory.scenario.Scenario.ExpectedRejection;
import dev.cutover.inmemory.scenario.Scenario.Request;
import dev.cutover.inmemory.scenario.Scenario.ScheduledAction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Runs a {@link Scenario}: the real {@link Driver} over an {@link InMemoryBackend}, both on one
 * {@link VirtualClock}, following "Virtual time" of {@code shared/spec/scenarios.md}. Ticks happen at
 * 0, {@code pollInterval}, 2×{@code pollInterval}, … up to {@code until}; the tick at {@code t}
 * creates the requests whose {@code createdAt} is in (previous tick, {@code t}] (clock at their
 * {@code createdAt}), applies the actions whose {@code at} is in (previous tick, {@code t}] in time
 * order, ties in file order (clock at their {@code at}), then sets the clock to {@code t} and ticks.
 * The run stops after the tick at {@code until}'s last multiple of the poll interval, or after the
 * first tick after which every request exists and is terminal or closed, no command is owed to the
 * backend, and no action is left.
 *
 * <pre>{@code
 * Simulation run = Simulator.run(ScenarioFiles.read(Path.of("docs/scenarios/01-auto-apply.json")));
 * run.expectationsHold();
 * }</pre>
 *
 * <p>Hooks for harnesses: {@link Builder#storeWrapper} and {@link Builder#backendWrapper} put
 * decorators between the driver and the store or backend (a wrapper may throw {@link SimulatedCrash}
 * to kill the driver), {@link Builder#store} supplies the store, {@link Builder#drivers} runs several
 * drivers over one store, and {@link Builder#listener} sees every event as it happens.
 */
public final class Simulator {

  /** Bound on consecutive crashes while redoing one step, so a wrapper that always crashes ends the run. */
  private static final int MAX_CONSECUTIVE_CRASHES = 1000;

  private final Scenario scenario;
  private final Instant origin;
  private final UnaryOperator<DeployRequestStore> storeWrapper;
  private final UnaryOperator<MigrationBackend> backendWrapper;
  private final DeployRequestStore store;
  private final int drivers;
  private final DriverListener listener;
  private final TickHook afterTick;
  private final UnaryOperator<Driver.Builder> driverOptions;

  private Simulator(Builder b) {
    this.scenario = b.scenario;
    this.origin = b.origin;
    this.storeWrapper = b.storeWrapper;
    this.backendWrapper = b.backendWrapper;
    this.store = b.store == null ? new InMemoryDeployRequestStore() : b.store;
    this.drivers = b.drivers;
    this.listener = b.listener;
    this.afterTick = b.afterTick;
    this.driverOptions = b.driverOptions;
  }

  /**
   * What an {@link Builder#afterTick} hook sees, right after the drivers ticked.
   *
   * @param time the tick's time, from the start of the simulation
   * @param driver the (first) driver: act through it as a user or a tool would
   * @param clock the virtual clock, at the tick's time
   * @param backend the simulated backend, unwrapped (its true rows, its call log)
   * @param store the store, unwrapped: read it, never write it
   */
  public record Tick(Duration time, Driver driver, Clock clock, InMemoryBackend backend, DeployRequestStore store) {}

  /** Code that runs at every tick, after the drivers (a tool under test, say). */
  @FunctionalInterface
  public interface TickHook {
    /**
     * Called once per tick; a {@link SimulatedCrash} thrown from the driver restarts it and calls again.
     *
     * @param tick the tick's time, the first driver, the clock, the unwrapped backend and store
     */
    void afterTick(Tick tick);
  }

  /**
   * Runs {@code scenario} with no hooks.
   *
   * @param scenario the scenario, not null
   * @return what the run did; {@link Simulation#expectationsHold()} checks it against the scenario's
   *     expectations
   * @throws IllegalStateException if the driver throws (a bug worth a report)
   */
  public static Simulation run(Scenario scenario) {
    return builder(scenario).build().run();
  }

  /**
   * A builder for a simulator of {@code scenario}.
   *
   * @param scenario the scenario, not null
   * @return a new builder with no hooks, one driver and time zero at the epoch
   */
  public static Builder builder(Scenario scenario) {
    return new Builder(scenario);
  }

  /**
   * Runs the scenario once. A simulator holds its store, so run each simulator once.
   *
   * @return what the run did: the timeline, row samples, final requests, the backend, the crashes and
   *     any failed expectation
   * @throws IllegalStateException if a hook keeps crashing the driver, or the driver throws something
   *     other than a {@link SimulatedCrash} (a bug worth a report)
   */
  public Simulation run() {
    VirtualClock clock = VirtualClock.at(origin);
    InMemoryBackend backend = scenario.backendBuilder(origin).clock(clock).build();
    DeployRequestStore wrappedStore = Objects.requireNonNull(storeWrapper.apply(store), "storeWrapper result");
    MigrationBackend wrappedBackend = Objects.requireNonNull(backendWrapper.apply(backend), "backendWrapper result");
    List<DriverEvent> timeline = new ArrayList<>();
    DriverListener record = event -> {
      timeline.add(event);
      listener.onEvent(event);
    };
    Run run = new Run(clock, backend, wrappedStore, wrappedBackend, record);
    return run.go(timeline);
  }

  private final class Run {
    final VirtualClock clock;
    final InMemoryBackend backend;
    final DeployRequestStore wrappedStore;
    final MigrationBackend wrappedBackend;
    final DriverListener record;
    final Driver[] fleet;
    final List<Duration> crashes = new ArrayList<>();
    final List<RowSample> samples = new ArrayList<>();
    final Map<String, RowSample> lastSample = new HashMap<>();

    Run(VirtualClock clock, InMemoryBackend backend, DeployRequestStore wrappedStore, MigrationBackend wrappedBackend,
        DriverListener record) {
      this.clock = clock;
      this.backend = backend;
      this.wrappedStore = wrappedStore;
      this.wrappedBackend = wrappedBackend;
      this.record = record;
      this.fleet = new Driver[drivers];
      for (int i = 0; i < drivers; i++) {
        fleet[i] = newDriver(i);
      }
    }

    /** Driver {@code i}; a restarted one keeps its slot's identity (the killed one is gone), so it resumes at once. */
    Driver newDriver(int i) {
      String name = drivers == 1 ? "driver" : "driver-" + (i + 1);
      Driver.Builder b = Driver.builder(wrappedStore, wrappedBackend).clock(clock).owner(name).identity(name)
          .listener(record);
      return Objects.requireNonNull(driverOptions.apply(b), "driverOptions result").build();
    }

    Simulation go(List<DriverEvent> timeline) {
      List<Request> creations = new ArrayList<>(scenario.requests());
      creations.sort(Comparator.comparing(Request::createdAt)); // stable: ties keep file order
      List<ScheduledAction> actions = new ArrayList<>(scenario.actions());
      actions.sort(Comparator.comparing(ScheduledAction::at));
      int created = 0;
      int applied = 0;
      Duration last = Duration.ZERO;
      for (Duration t = Duration.ZERO; t.compareTo(scenario.until()) <= 0; t = t.plus(scenario.pollInterval())) {
        while (created < creations.size() && creations.get(created).createdAt().compareTo(t) <= 0) {
          create(creations.get(created++));
        }
        while (applied < actions.size() && actions.get(applied).at().compareTo(t) <= 0) {
          act(actions.get(applied++));
        }
        Duration now = t;
        clock.set(origin.plus(now));
        for (int i = 0; i < fleet.length; i++) {
          int which = i;
          withRestarts(which, now, () -> fleet[which].tick());
        }
        if (afterTick != null) {
          withRestarts(0, now, () -> afterTick.afterTick(new Tick(now, fleet[0], clock, backend, store)));
        }
        sample(now);
        last = t;
        if (created == creations.size() && applied == actions.size()
            && store.list().stream().allMatch(r -> (r.state().isTerminal() || !r.open()) && !r.cleanupOwed())) {
          break;
        }
      }
      List<DeployRequest> finals = store.list();
      return new Simulation(scenario, origin, last, timeline, samples, finals, backend, crashes,
          check(timeline, finals));
    }

    void create(Request r) {
      clock.set(origin.plus(r.createdAt()));
      withRestarts(0, r.createdAt(), () -> {
        if (store.get(r.id()).isPresent()) {
          return; // stored before a crash
        }
        try {
          fleet[0].create(r.id(), Scenario.DATABASE, r.changes(), r.vschemas(), r.options());
        } catch (BackendException e) {
          throw new IllegalStateException("request " + r.id() + " could not be created: " + e.getMessage(), e);
        }
      });
    }

    void act(ScheduledAction a) {
      clock.set(origin.plus(a.at()));
      withRestarts(0, a.at(), () -> fleet[0].act(a.request(), a.action()));
    }

    void withRestarts(int driver, Duration at, Runnable step) {
      for (int crashesHere = 0; ; crashesHere++) {
        try {
          step.run();
          return;
        } catch (SimulatedCrash crash) {
          crashes.add(at);
          if (crashesHere + 1 >= MAX_CONSECUTIVE_CRASHES) {
            throw new IllegalStateException("the driver crashed " + MAX_CONSECUTIVE_CRASHES
                + " times in a row at " + at + ": " + crash.getMessage(), crash);
          }
          fleet[driver] = newDriver(driver);
        }
      }
    }

    /** Records the rows of every migration whose rows changed noticeably since the last sample. */
    void sample(Duration t) {
      for (SimulatedMigration m : backend.migrations()) {
        List<MigrationRow> rows = backend.rowsOf(m.handle());
        RowSample previous = lastSample.get(m.handle().value());
        if (previous == null ? rows.isEmpty() : !changed(previous.rows(), rows)) {
          continue;
        }
        RowSample sample = new RowSample(t, m.requestId(), m.change(), m.isRevert(), rows);
        samples.add(sample);
        lastSample.put(m.handle().value(), sample);
      }
    }

    private boolean changed(List<MigrationRow> before, List<MigrationRow> after) {
      if (before.size() != after.size()) {
        return true;
      }
      for (int i = 0; i < before.size(); i++) {
        MigrationRow a = before.get(i);
        MigrationRow b = after.get(i);
        if (!a.shard().equals(b.shard()) || !a.status().equals(b.status())
            || a.readyToComplete() != b.readyToComplete() || Math.abs(a.progress() - b.progress()) >= 25) {
          return true;
        }
      }
      return false;
    }

    List<String> check(List<DriverEvent> timeline, List<DeployRequest> finals) {
      List<String> failures = new ArrayList<>();
      Scenario.Expectations expect = scenario.expect();
      expect.states().forEach((id, expected) -> {
        List<DeployState> actual = new ArrayList<>();
        for (DriverEvent e : timeline) {
          if (e instanceof DriverEvent.StateEntered s && s.requestId().equals(id)) {
            actual.add(s.state());
          }
        }
        if (!actual.equals(expected)) {
          failures.add("states of " + id + ": expected " + expected + " but was " + actual);
        }
      });
      Map<String, DeployState> actualFinal = new HashMap<>();
      finals.forEach(r -> actualFinal.put(r.id(), r.state()));
      expect.finalStates().forEach((id, expected) -> {
        DeployState actual = actualFinal.get(id);
        if (actual == null) {
          failures.add("final state of " + id + ": expected " + expected + " but the request was never created");
        } else if (actual != expected) {
          failures.add("final state of " + id + ": expected " + expected + " but was " + actual);
        }
      });
      for (ExpectedRejection x : expect.rejected()) {
        Instant at = origin.plus(x.at());
        String outcome = "it was never applied";
        for (DriverEvent e : timeline) {
          if (e instanceof DriverEvent.ActionApplied a && a.requestId().equals(x.request())
              && a.action().name().equals(x.action()) && a.at().equals(at)) {
            if (a.rejection() != null) {
              outcome = null;
              break;
            }
            outcome = "it was accepted";
          }
        }
        if (outcome != null) {
          failures.add("rejected: expected " + x.action() + " of " + x.request() + " at " + x.at()
              + " to be rejected, but " + outcome);
        }
      }
      return failures;
    }
  }

  /** Builds a {@link Simulator}. */
  public static final class Builder {
    private final Scenario scenario;
    private Instant origin = Instant.EPOCH;
    private UnaryOperator<DeployRequestStore> storeWrapper = UnaryOperator.identity();
    private UnaryOperator<MigrationBackend> backendWrapper = UnaryOperator.identity();
    private DeployRequestStore store;
    private int drivers = 1;
    private DriverListener listener = DriverListener.none();
    private TickHook afterTick;
    private UnaryOperator<Driver.Builder> driverOptions = UnaryOperator.identity();

    private Builder(Scenario scenario) {
      this.scenario = Objects.requireNonNull(scenario, "scenario");
    }

    /**
     * The instant of time zero. Default: the epoch, so instants read as elapsed time.
     *
     * @param origin the instant, not null
     * @return this builder
     */
    public Builder origin(Instant origin) {
      this.origin = Objects.requireNonNull(origin, "origin");
      return this;
    }

    /**
     * Wraps the store the drivers use (the simulator itself reads the unwrapped one).
     *
     * @param wrapper called once per run with the store; returns the store the drivers use (not null),
     *     which may throw {@link SimulatedCrash}. Not null. Default: the store itself
     * @return this builder
     */
    public Builder storeWrapper(UnaryOperator<DeployRequestStore> wrapper) {
      this.storeWrapper = Objects.requireNonNull(wrapper, "storeWrapper");
      return this;
    }

    /**
     * Wraps the backend the drivers use (row samples and the call log come from the unwrapped one).
     *
     * @param wrapper called once per run with the simulated backend; returns the backend the drivers
     *     use (not null), which may throw {@link SimulatedCrash}. Not null. Default: the backend itself
     * @return this builder
     */
    public Builder backendWrapper(UnaryOperator<MigrationBackend> wrapper) {
      this.backendWrapper = Objects.requireNonNull(wrapper, "backendWrapper");
      return this;
    }

    /**
     * The store to run over. Default: a new {@link InMemoryDeployRequestStore}. It must be empty.
     *
     * @param store an empty store, not null; a request already in it with a scenario request's id is
     *     taken as created
     * @return this builder
     */
    public Builder store(DeployRequestStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * How many drivers tick over the one store and backend, each in turn at every tick (named
     * {@code driver-1}, {@code driver-2}, …); creations and actions go through the first. Default: 1
     * (named {@code driver}).
     *
     * @param n 1 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code n} is less than 1
     */
    public Builder drivers(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("drivers: must be at least 1, was " + n);
      }
      this.drivers = n;
      return this;
    }

    /**
     * Sees every driver event as it happens (it is also in {@link Simulation#timeline()}).
     *
     * @param listener the listener, not null; called on the simulating thread, from every driver.
     *     Default: {@link DriverListener#none()}
     * @return this builder
     */
    public Builder listener(DriverListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Runs {@code hook} at every tick, right after the drivers ticked, at the tick's time (see
     * {@link Tick}). What it does through the driver takes effect as a user's action would.
     *
     * @param hook the hook, not null; replaces one set before. Default: none
     * @return this builder
     */
    public Builder afterTick(TickHook hook) {
      this.afterTick = Objects.requireNonNull(hook, "afterTick");
      return this;
    }

    /**
     * Sets further options of every driver the simulator builds (a restarted one included), after
     * its store, backend, clock, name, identity and listener: {@link Driver.Builder#planEveryTick},
     * say.
     *
     * @param options edits the driver's builder and returns the builder to build, not null. Default:
     *     none
     * @return this builder
     */
    public Builder driverOptions(UnaryOperator<Driver.Builder> options) {
      this.driverOptions = Objects.requireNonNull(options, "driverOptions");
      return this;
    }

    /**
     * Makes the simulator.
     *
     * @return a simulator to {@link Simulator#run() run} once
     */
    public Simulator build() {
      return new Simulator(this);
    }
  }
}
