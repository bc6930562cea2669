package dev.cutover.core.driver;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link DriverListener} that writes one readable line per event through {@link System.Logger}
 * (the JDK's logging facade: it reaches SLF4J, Log4j or {@code java.util.logging} through their usual
 * bridges). Logger {@code dev.cutover.core.driver.LoggingDriverListener} unless another is given.
 *
 * <pre>{@code
 * Driver driver = Driver.builder(store, backend).listener(LoggingDriverListener.create()).build();
 * // INFO    dr-7 entered queued at 2026-12-08T09:00:00Z
 * // INFO    dr-7 revert rejected at 2026-12-08T09:00:03Z: the revert window has ended
 * // WARNING dr-7 complete of change 0 (commerce, migration 9a1f…) failed (transient) at …: vtgate unreachable
 * // INFO    dr-7 complete of change 0 (commerce, migration 9a1f…) sent at … (recovered after 3 failures)
 * }</pre>
 *
 * <p>Levels: a state entered, an accepted or rejected action, an adoption and a recovery at INFO; a
 * backend failure (a command or a read), a request skipped in a tick and a warning the request
 * records at WARNING; a command sent at DEBUG. A failure that repeats tick after tick is written
 * once: the first failed read or command of a request (of that command and change) at WARNING, the
 * repeats at DEBUG, then one INFO line when it succeeds again ({@link DriverEvent.ReadRecovered} for
 * reads, the next successful send for a command). A request skipped for the same reason again (an
 * unreadable stored row) is written at WARNING once, then at DEBUG until the reason changes or the
 * request shows another event.
 *
 * <p>Thread-safe: the driver calls its listener from the thread that ticks and from those that act.
 */
public final class LoggingDriverListener implements DriverListener {

  private final System.Logger logger;
  /** By request and operation ("read", or a command and its change): failures in a row so far. */
  private final Map<String, Long> failing = new ConcurrentHashMap<>();
  /** By request: the reason it was last skipped for. */
  private final Map<String, String> skipped = new ConcurrentHashMap<>();

  private LoggingDriverListener(System.Logger logger) {
    this.logger = logger;
  }

  /**
   * A listener writing to the logger {@code dev.cutover.core.driver.LoggingDriverListener}.
   *
   * @return a new listener
   */
  public static LoggingDriverListener create() {
    return new LoggingDriverListener(System.getLogger(LoggingDriverListener.class.getName()));
  }

  /**
   * A listener writing to {@code logger}.
   *
   * @param logger the logger, not null
   * @return a new listener
   */
  public static LoggingDriverListener to(System.Logger logger) {
    return new LoggingDriverListener(Objects.requireNonNull(logger, "logger"));
  }

  @Override
  public void onEvent(DriverEvent event) {
    String id = event.requestId();
    if (!(event instanceof DriverEvent.RequestFailed)) {
      skipped.remove(id);
    }
    if (event instanceof DriverEvent.StateEntered s && s.state().isTerminal()) {
      failing.keySet().removeIf(key -> key.startsWith(id + "\0")); // nothing more is sent for it
    }
    if (event instanceof DriverEvent.StateEntered || event instanceof DriverEvent.ActionApplied
        || event instanceof DriverEvent.Adopted) {
      log(Level.INFO, event.toString());
    } else if (event instanceof DriverEvent.Warning) {
      log(Level.WARNING, event.toString());
    } else if (event instanceof DriverEvent.ReadFailed) {
      failed(id + "\0read", event.toString());
    } else if (event instanceof DriverEvent.ReadRecovered) {
      failing.remove(id + "\0read");
      log(Level.INFO, event.toString());
    } else if (event instanceof DriverEvent.CommandSent c) {
      String key = id + "\0" + c.command().name() + "\0" + c.command().change();
      if (c.failed() != null) {
        failed(key, event.toString());
      } else {
        Long failures = failing.remove(key);
        if (failures != null) {
          log(Level.INFO, event + " (recovered after " + failures + " failure" + (failures == 1 ? "" : "s") + ")");
        } else {
          log(Level.DEBUG, event.toString());
        }
      }
    } else if (event instanceof DriverEvent.RequestFailed f) {
      boolean again = f.message().equals(skipped.put(id, f.message()));
      log(again ? Level.DEBUG : Level.WARNING, event.toString());
    }
  }

  private void failed(String key, String line) {
    long inARow = failing.merge(key, 1L, Long::sum);
    log(inARow == 1 ? Level.WARNING : Level.DEBUG, inARow == 1 ? line : line + " (" + inARow + " in a row)");
  }

  private void log(Level level, String line) {
    if (logger.isLoggable(level)) {
      logger.log(level, line);
    }
  }
}
