package dev.cutover.micrometer;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.Nullable;
import dev.cutover.core.driver.Driver;
import dev.cutover.core.driver.DriverEvent;
import dev.cutover.core.driver.DriverListener;
import dev.cutover.core.driver.DriverLoop;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.core.spi.StoredRequests;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters for a Cutover driver, its backend and its loop ({@code docs/metrics.md}).
 *
 * <pre>{@code
 * CutoverMetrics metrics = CutoverMetrics.builder(registry).store(store).build();
 * Driver driver = Driver.builder(store, metrics.timed(backend))
 *     .listener(LoggingDriverListener.create().andThen(metrics.listener()))
 *     .build();
 * DriverLoop loop = metrics.bind(DriverLoop.builder(driver).tickObserver(metrics.tickObserver()).start());
 * }</pre>
 *
 * <p>The meters (every one also carries the builder's common {@link Builder#tags tags}):
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 * <tr><td>{@value #REQUESTS}</td><td>gauge</td><td>state</td><td>active requests (those the store lists
 *     for a driver to drive) in each state, read from the store</td></tr>
 * <tr><td>{@value #UNREADABLE}</td><td>gauge</td><td></td><td>stored requests the store cannot read</td></tr>
 * <tr><td>{@value #TRANSITIONS}</td><td>counter</td><td>state</td><td>states entered, by the state entered
 *     (creation enters {@code pending})</td></tr>
 * <tr><td>{@value #ACTIONS}</td><td>counter</td><td>action, outcome</td><td>user actions, {@code accepted}
 *     or {@code rejected}</td></tr>
 * <tr><td>{@value #COMMANDS}</td><td>counter</td><td>command, outcome</td><td>commands the driver sent
 *     ({@code sent}, {@code transient}, {@code permanent}) or adopted ({@code adopted})</td></tr>
 * <tr><td>{@value #READ_FAILURES}</td><td>counter</td><td>kind</td><td>failed reads of a request's rows</td></tr>
 * <tr><td>{@value #SKIPPED}</td><td>counter</td><td></td><td>requests skipped in a tick (unreadable, or
 *     their step failed), once per request and tick</td></tr>
 * <tr><td>{@value #WARNINGS}</td><td>counter</td><td></td><td>warnings recorded on requests</td></tr>
 * <tr><td>{@value #TICKS}</td><td>timer</td><td>outcome</td><td>ticks, {@code success} or {@code failure}</td></tr>
 * <tr><td>{@value #BACKEND_CALLS}</td><td>timer</td><td>operation, outcome</td><td>every backend call
 *     ({@code success}, {@code transient}, {@code permanent}, {@code error})</td></tr>
 * <tr><td>{@value #LOOP_RUNNING}</td><td>gauge</td><td></td><td>1 while the loop runs, 0 once it stopped</td></tr>
 * <tr><td>{@value #LOOP_CONSECUTIVE_FAILURES}</td><td>gauge</td><td></td><td>ticks failed in a row</td></tr>
 * <tr><td>{@value #LOOP_FAILURES}</td><td>counter</td><td></td><td>ticks failed since the loop started</td></tr>
 * <tr><td>{@value #LOOP_SINCE_LAST_TICK}</td><td>time gauge</td><td></td><td>seconds since the start of
 *     the last successful tick, by the driver's clock (NaN before the first)</td></tr>
 * </table>
 *
 * <p>Thread-safe. Meters are registered when first used, except the gauges, which are registered
 * by {@link Builder#build()} (requests) and {@link #bind(DriverLoop)} (the loop).
 */
public final class CutoverMetrics {

  /** Gauge: active requests in a state; tag {@code state}. */
  public static final String REQUESTS = "cutover.requests";
  /** Gauge: stored requests the store cannot read. */
  public static final String UNREADABLE = "cutover.requests.unreadable";
  /** Counter: states entered; tag {@code state}. */
  public static final String TRANSITIONS = "cutover.transitions";
  /** Counter: user actions; tags {@code action} and {@code outcome} ({@code accepted}, {@code rejected}). */
  public static final String ACTIONS = "cutover.actions";
  /** Counter: commands; tags {@code command} and {@code outcome} ({@code sent}, {@code transient}, {@code permanent}, {@code adopted}). */
  public static final String COMMANDS = "cutover.commands";
  /** Counter: failed reads of rows; tag {@code kind} ({@code transient}, {@code permanent}). */
  public static final String READ_FAILURES = "cutover.reads.failed";
  /** Counter: requests skipped in a tick. */
  public static final String SKIPPED = "cutover.requests.skipped";
  /** Counter: warnings recorded on requests. */
  public static final String WARNINGS = "cutover.warnings";
  /** Timer: ticks; tag {@code outcome} ({@code success}, {@code failure}). */
  public static final String TICKS = "cutover.ticks";
  /** Timer: backend calls; tags {@code operation} and {@code outcome} ({@code success}, {@code transient}, {@code permanent}, {@code error}). */
  public static final String BACKEND_CALLS = "cutover.backend.calls";
  /** Gauge: 1 while the loop runs, else 0. */
  public static final String LOOP_RUNNING = "cutover.loop.running";
  /** Gauge: ticks failed in a row. */
  public static final String LOOP_CONSECUTIVE_FAILURES = "cutover.loop.consecutive.failures";
  /** Function counter: ticks failed since the loop started. */
  public static final String LOOP_FAILURES = "cutover.loop.failures";
  /** Time gauge: time since the start of the last successful tick. */
  public static final String LOOP_SINCE_LAST_TICK = "cutover.loop.since.last.tick";

  private final MeterRegistry registry;
  private final Tags common;
  private final @Nullable DeployRequestStore store;
  private final long refreshNanos;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final DriverListener listener = this::onEvent;
  /** The last reading of the store, and when it was taken; replaced whole. */
  private volatile @Nullable Reading reading;

  private record Reading(long atNanos, Map<DeployState, Integer> byState, int unreadable) {}

  private CutoverMetrics(Builder b) {
    this.registry = b.registry;
    this.common = b.tags;
    this.store = b.store;
    this.refreshNanos = b.refresh.toNanos();
    if (store != null) {
      for (DeployState state : DeployState.values()) {
        Gauge.builder(REQUESTS, this, m -> m.read().byState().getOrDefault(state, 0))
            .tags(common).tag("state", state.wireName()).description("active deploy requests in the state")
            .strongReference(true).register(registry);
      }
      Gauge.builder(UNREADABLE, this, m -> m.read().unreadable()).tags(common)
          .description("stored deploy requests the store cannot read").strongReference(true).register(registry);
    }
  }

  /**
   * Metrics into {@code registry}, configured by the builder.
   *
   * @param registry where the meters go, not null
   * @return a new builder: no common tags, no store (no request gauges), a 5 s refresh
   */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  /**
   * {@code backend}, with every call timed into {@value #BACKEND_CALLS}.
   *
   * @param backend the backend to wrap, not null
   * @return a forwarding backend (its clock and longest call are {@code backend}'s)
   */
  public TimedMigrationBackend timed(MigrationBackend backend) {
    return new TimedMigrationBackend(Objects.requireNonNull(backend, "backend"), this);
  }

  /**
   * The listener that counts the driver's events ({@value #TRANSITIONS}, {@value #ACTIONS}, {@value
   * #COMMANDS}, {@value #READ_FAILURES}, {@value #SKIPPED}, {@value #WARNINGS}).
   *
   * @return the listener (the same one on every call); combine with others by
   *     {@link DriverListener#andThen}
   */
  public DriverListener listener() {
    return listener;
  }

  /**
   * The observer that times a loop's ticks into {@value #TICKS}; give it to
   * {@link DriverLoop.Builder#tickObserver}.
   *
   * @return a new observer
   */
  public DriverLoop.TickObserver tickObserver() {
    return (took, failure) -> timer(TICKS, Tags.of("outcome", failure == null ? "success" : "failure"))
        .record(took.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * One tick of {@code driver}, timed into {@value #TICKS}: for a driver ticked by hand instead of by a
   * {@link DriverLoop}.
   *
   * @param driver the driver, not null
   * @throws RuntimeException whatever the tick threw (timed with outcome {@code failure})
   */
  public void tick(Driver driver) {
    Objects.requireNonNull(driver, "driver");
    long start = System.nanoTime();
    boolean ok = false;
    try {
      driver.tick();
      ok = true;
    } finally {
      timer(TICKS, Tags.of("outcome", ok ? "success" : "failure")).record(System.nanoTime() - start,
          TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Registers the loop's health gauges ({@value #LOOP_RUNNING}, {@value #LOOP_CONSECUTIVE_FAILURES},
   * {@value #LOOP_FAILURES}, {@value #LOOP_SINCE_LAST_TICK}, the last by the loop's
   * {@link DriverLoop#clock() clock}); one loop per set of common tags.
   *
   * @param loop the loop, not null; the gauges hold it
   * @return {@code loop}
   */
  public DriverLoop bind(DriverLoop loop) {
    Objects.requireNonNull(loop, "loop");
    Gauge.builder(LOOP_RUNNING, loop, l -> l.status().running() ? 1 : 0).tags(common)
        .description("1 while the driver loop runs").strongReference(true).register(registry);
    Gauge.builder(LOOP_CONSECUTIVE_FAILURES, loop, l -> l.status().consecutiveFailures()).tags(common)
        .description("driver ticks failed in a row").strongReference(true).register(registry);
    FunctionCounter.builder(LOOP_FAILURES, loop, l -> l.status().failures()).tags(common)
        .description("driver ticks failed since the loop started").register(registry);
    TimeGauge.builder(LOOP_SINCE_LAST_TICK, loop, TimeUnit.MILLISECONDS, l -> {
      Instant last = l.status().lastTickAt();
      return last == null ? Double.NaN : Duration.between(last, l.clock().instant()).toMillis();
    }).tags(common).description("time since the last successful driver tick started").strongReference(true)
        .register(registry);
    return loop;
  }

  // ---------------------------------------------------------------------------------------------

  private void onEvent(DriverEvent event) {
    if (event instanceof DriverEvent.StateEntered s) {
      counter(TRANSITIONS, "state", s.state().wireName());
    } else if (event instanceof DriverEvent.ActionApplied a) {
      counter(ACTIONS, "action", a.action().name(), "outcome", a.rejection() == null ? "accepted" : "rejected");
    } else if (event instanceof DriverEvent.CommandSent c) {
      counter(COMMANDS, "command", c.command().name(), "outcome", c.failed() == null ? "sent" : c.failed().wireName());
    } else if (event instanceof DriverEvent.Adopted a) {
      counter(COMMANDS, "command", a.command().name(), "outcome", "adopted");
    } else if (event instanceof DriverEvent.ReadFailed r) {
      counter(READ_FAILURES, "kind", r.failed().wireName());
    } else if (event instanceof DriverEvent.RequestFailed) {
      counter(SKIPPED);
    } else if (event instanceof DriverEvent.Warning) {
      counter(WARNINGS);
    }
  }

  private void counter(String name, String... tags) {
    String key = name + String.join("\0", tags);
    counters.computeIfAbsent(key, k -> Counter.builder(name).tags(common).tags(tags).register(registry)).increment();
  }

  private Timer timer(String name, Tags tags) {
    String key = name + tags;
    return timers.computeIfAbsent(key, k -> Timer.builder(name).tags(common).tags(tags).register(registry));
  }

  void backendCall(String operation, String outcome, long nanos) {
    timer(BACKEND_CALLS, Tags.of("operation", operation, "outcome", outcome)).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The store's active requests by state, read again when the last reading is older than the refresh. */
  private Reading read() {
    Reading last = reading;
    long now = System.nanoTime();
    if (last != null && now - last.atNanos() < refreshNanos) {
      return last;
    }
    StoredRequests active = store.readActive();
    Map<DeployState, Integer> byState = new EnumMap<>(DeployState.class);
    for (DeployRequest r : active.requests()) {
      byState.merge(r.state(), 1, Integer::sum);
    }
    Reading fresh = new Reading(now, byState, active.unreadable().size());
    reading = fresh;
    return fresh;
  }

  /** Configures {@link CutoverMetrics}; every setter checks its argument at once. */
  public static final class Builder {
    private final MeterRegistry registry;
    private Tags tags = Tags.empty();
    private @Nullable DeployRequestStore store;
    private Duration refresh = Duration.ofSeconds(5);

    private Builder(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Tags every meter carries (the application, the database cluster, ...). Default: none.
     *
     * @param tags the tags, not null
     * @return this builder
     */
    public Builder tags(Iterable<Tag> tags) {
      this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
      return this;
    }

    /**
     * The store the {@value CutoverMetrics#REQUESTS} and {@value CutoverMetrics#UNREADABLE} gauges
     * read ({@link DeployRequestStore#readActive()}). Default: none, and no such gauges.
     *
     * @param store the driver's store, not null
     * @return this builder
     */
    public Builder store(DeployRequestStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * How long one reading of the store serves the request gauges (a registry reads every gauge at
     * each publication; this keeps it to one store read). Default: 5 seconds.
     *
     * @param refresh zero (read at every publication) or more
     * @return this builder
     * @throws IllegalArgumentException if {@code refresh} is negative
     */
    public Builder refresh(Duration refresh) {
      Objects.requireNonNull(refresh, "refresh");
      if (refresh.isNegative()) {
        throw new IllegalArgumentException("refresh: must not be negative, was " + refresh);
      }
      this.refresh = refresh;
      return this;
    }

    /**
     * The metrics; registers the request gauges when a store was given.
     *
     * @return a new instance
     */
    public CutoverMetrics build() {
      return new CutoverMetrics(this);
    }
  }
}
