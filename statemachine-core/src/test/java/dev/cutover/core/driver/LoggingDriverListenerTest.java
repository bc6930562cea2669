package dev.cutover.core.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.Action;
import dev.cutover.core.ActionResult;
import dev.cutover.core.Change;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.FailureKind;
import dev.cutover.core.ScriptedBackend;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

/**
 * Issue 23: the ready listener writes one readable line per state change, rejected action, backend
 * failure and recovery, and a failure that repeats every tick once, not every tick.
 */
class LoggingDriverListenerTest {

  private static final List<Change> ONE_CHANGE = List.of(
      new Change("commerce", "ALTER TABLE customer ADD COLUMN email VARCHAR(255)"));

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-08T09:00:00Z"));
  private final ScriptedBackend backend = new ScriptedBackend();
  private final InMemoryDeployRequestStore store = new InMemoryDeployRequestStore();
  private final Recording logger = new Recording();
  private final Driver driver = Driver.builder(store, backend).clock(clock)
      .listener(LoggingDriverListener.to(logger)).build();

  private void tick() {
    clock.advance(Duration.ofSeconds(1));
    driver.tick();
  }

  /** dr-1 created, analysed, deployed and submitted: in_progress, reading its rows. */
  private void inProgress() throws BackendException {
    driver.create("dr-1", "main", ONE_CHANGE, DeployOptions.ofDefaults());
    tick();
    driver.act("dr-1", Action.deploy());
    tick();
  }

  @Test
  void stateChangesAndRejectedActionsAreOneInfoLineEach() throws BackendException {
    driver.create("dr-1", "main", ONE_CHANGE, DeployOptions.ofDefaults());
    ActionResult result = driver.act("dr-1", Action.revert());
    assertThat(result).isInstanceOf(ActionResult.Rejected.class);
    assertThat(logger.lines).containsExactly(
        "INFO dr-1 entered pending at 2026-12-08T09:00:00Z",
        "INFO dr-1 revert rejected at 2026-12-08T09:00:00Z: " + ((ActionResult.Rejected) result).reason());
  }

  @Test
  void aReadFailingTickAfterTickIsOneWarning_thenOneLineWhenItRecovers() throws BackendException {
    inProgress();
    logger.lines.clear();
    backend.failNext("read", FailureKind.TRANSIENT).failNext("read", FailureKind.TRANSIENT)
        .failNext("read", FailureKind.TRANSIENT);
    tick();
    tick();
    tick();
    tick(); // reads again
    assertThat(logger.lines).containsExactly(
        "WARNING dr-1 reading its migration rows failed (transient) at 2026-12-08T09:00:03Z: read failed (scripted)",
        "DEBUG dr-1 reading its migration rows failed (transient) at 2026-12-08T09:00:04Z: read failed (scripted)"
            + " (2 in a row)",
        "DEBUG dr-1 reading its migration rows failed (transient) at 2026-12-08T09:00:05Z: read failed (scripted)"
            + " (3 in a row)",
        "INFO dr-1 reads its migration rows again at 2026-12-08T09:00:06Z after 3 failed reads");
    assertThat(logger.at(Level.WARNING)).hasSize(1);
  }

  @Test
  void aCommandFailingTransientlyIsOneWarning_andItsSuccessSaysItRecovered() throws BackendException {
    inProgress();
    backend.setAll("running", true); // ready: the gate opens, completion is sent
    backend.failNext("complete", FailureKind.TRANSIENT).failNext("complete", FailureKind.TRANSIENT);
    logger.lines.clear();
    tick();
    tick();
    tick();
    assertThat(logger.lines).filteredOn(l -> l.contains("complete of change 0")).hasSize(3)
        .satisfies(lines -> {
          assertThat(lines.get(0)).startsWith("WARNING dr-1 complete of change 0 (commerce, migration ")
              .contains(") failed (transient) at 2026-12-08T09:00:03Z: complete failed (scripted)");
          assertThat(lines.get(1)).startsWith("DEBUG ").endsWith("(2 in a row)");
          assertThat(lines.get(2)).startsWith("INFO dr-1 complete of change 0").contains(" sent at ")
              .endsWith("(recovered after 2 failures)");
        });
    assertThat(logger.lines).contains("INFO dr-1 entered in_progress_cutover at 2026-12-08T09:00:03Z");
  }

  @Test
  void aRequestSkippedForTheSameReasonEveryTickIsOneWarning() throws BackendException {
    DriverFaultsTest.UnreadableStore unreadable = new DriverFaultsTest.UnreadableStore(new InterceptingStore(),
        "dr-bad", "format: unknown format 9 (version 4)");
    Driver d = Driver.builder(unreadable, backend).clock(clock).listener(LoggingDriverListener.to(logger)).build();
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(1));
      d.tick();
    }
    assertThat(logger.at(Level.WARNING)).containsExactly("WARNING dr-bad skipped in the tick at 2026-12-08T09:00:01Z:"
        + " the stored request cannot be read: format: unknown format 9 (version 4)");
    assertThat(logger.at(Level.DEBUG)).hasSize(4);
  }

  @Test
  void createWritesToTheListenersOwnLogger() {
    LoggingDriverListener.create().onEvent(new DriverEvent.StateEntered(clock.instant(), "dr-log", 
        dev.cutover.core.DeployState.PENDING));
    assertThat(RecordingLoggerFinder.loggedBy(Thread.currentThread().getName()))
        .anyMatch(e -> e.logger().equals("dev.cutover.core.driver.LoggingDriverListener")
            && e.level() == Level.INFO && e.message().equals("dr-log entered pending at 2026-12-08T09:00:00Z"));
  }

  /** A logger that keeps "LEVEL message" lines, DEBUG included. */
  static final class Recording implements System.Logger {
    final List<String> lines = new ArrayList<>();

    List<String> at(Level level) {
      return lines.stream().filter(l -> l.startsWith(level.getName() + " ")).toList();
    }

    @Override
    public String getName() {
      return "recording";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public synchronized void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      lines.add(level.getName() + " " + msg);
    }

    @Override
    public synchronized void log(Level level, ResourceBundle bundle, String format, Object... params) {
      lines.add(level.getName() + " " + java.text.MessageFormat.format(format, params));
    }
  }
}
