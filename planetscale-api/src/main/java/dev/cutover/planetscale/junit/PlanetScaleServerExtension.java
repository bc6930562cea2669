package dev.cutover.planetscale.junit;

import dev.cutover.core.spi.InMemoryDeployRequestStore;
import dev.cutover.inmemory.InMemoryBackend;
import dev.cutover.inmemory.VirtualClock;
import dev.cutover.planetscale.PlanetScaleServer;
import dev.cutover.planetscale.ServeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a {@link PlanetScaleServer} on a free loopback port for each test, over the in-memory
 * backend on a {@link VirtualClock}, and stops it afterwards. The driver ticks only when the test
 * says ({@link #tick()}, {@link #advance(Duration)}), so a test is deterministic:
 *
 * <pre>{@code
 * @RegisterExtension
 * static PlanetScaleServerExtension planetscale = PlanetScaleServerExtension.inMemory();
 *
 * @Test
 * void deploys(URI baseUrl, VirtualClock clock) { ... point your tooling at baseUrl ... }
 * }</pre>
 *
 * <p>Test methods may take the base URL ({@link URI}, ending in {@code /}), the clock
 * ({@link VirtualClock} or {@link Clock}) and the {@link PlanetScaleServer}.
 */
public final class PlanetScaleServerExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

  /** Where the virtual clock starts: 2025-01-01T00:00:00Z. */
  public static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  private ServeConfig config = ServeConfig.ofDefaults();
  private final Map<String, String> tokens = new LinkedHashMap<>();
  private VirtualClock clock;
  private PlanetScaleServer server;

  private PlanetScaleServerExtension() {}

  /**
   * A server over the in-memory backend with the defaults of {@link ServeConfig#ofDefaults()}.
   *
   * @return a new extension, to register with {@code @RegisterExtension}; no token required
   */
  public static PlanetScaleServerExtension inMemory() {
    return new PlanetScaleServerExtension();
  }

  /**
   * Uses this configuration (topology, migration timings, databases, revert window, poll interval).
   *
   * @param config the configuration, not null; taken by the next test's server
   * @return this extension
   */
  public PlanetScaleServerExtension config(ServeConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    return this;
  }

  /**
   * Requires this token (else any caller is accepted). Repeatable.
   *
   * @param id the token's id, not null; checked as {@link PlanetScaleServer.Builder#token(String, String)}
   *     checks it when a test's server starts
   * @param secret the secret, not null
   * @return this extension
   */
  public PlanetScaleServerExtension token(String id, String secret) {
    tokens.put(Objects.requireNonNull(id, "id"), Objects.requireNonNull(secret, "secret"));
    return this;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    clock = VirtualClock.at(START);
    InMemoryBackend backend = config.inMemoryBackend(clock);
    PlanetScaleServer.Builder b = PlanetScaleServer.builder(new InMemoryDeployRequestStore(), backend).clock(clock)
        .config(config).tickEvery(null).port(0);
    tokens.forEach(b::token);
    try {
      server = b.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the PlanetScale API server", e);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /**
   * The running server of the current test.
   *
   * @return the server, new for each test
   * @throws IllegalStateException outside a test (before {@code beforeEach} or after {@code afterEach})
   */
  public PlanetScaleServer server() {
    if (server == null) {
      throw new IllegalStateException("the server runs only during a test");
    }
    return server;
  }

  /**
   * The server's URL, ending in {@code /}.
   *
   * @return the URL of the current test's server ({@code http://127.0.0.1:PORT/})
   * @throws IllegalStateException outside a test
   */
  public URI baseUrl() {
    return URI.create(server().baseUrl());
  }

  /**
   * The virtual clock of the current test.
   *
   * @return the clock, new for each test and starting at {@link #START}
   * @throws IllegalStateException outside a test
   */
  public VirtualClock clock() {
    server();
    return clock;
  }

  /**
   * One driver tick at the clock's time.
   *
   * @throws IllegalStateException outside a test
   */
  public void tick() {
    server().tick();
  }

  /**
   * Moves the clock forward by {@code duration}, one poll interval at a time, ticking after each step.
   *
   * @param duration not null, not negative; the last step is what is left (zero ticks once at the
   *     current time)
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration: must not be negative, was " + duration);
    }
    Duration step = config.pollInterval();
    Duration left = duration;
    while (left.compareTo(step) > 0) {
      clock.advance(step);
      tick();
      left = left.minus(step);
    }
    clock.advance(left);
    tick();
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    Class<?> type = p.getParameter().getType();
    return type == URI.class || type == VirtualClock.class || type == Clock.class
        || type == PlanetScaleServer.class || type == PlanetScaleServerExtension.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    Class<?> type = p.getParameter().getType();
    if (type == URI.class) {
      return baseUrl();
    }
    if (type == VirtualClock.class || type == Clock.class) {
      return clock();
    }
    if (type == PlanetScaleServerExtension.class) {
      return this;
    }
    return server();
  }
}
