package dev.cutover.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.Action;
import dev.cutover.core.Change;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.HistoryEntry;
import dev.cutover.core.driver.Driver;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.inmemory.InMemoryBackend;
import dev.cutover.inmemory.VirtualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's example. The lines between the {@code README:begin} and {@code README:end} markers
 * are the README's code block, byte for byte (checked below), and they run here against the public
 * API of the published artifacts only (this package is none of theirs).
 */
class ReadmeExampleTest {

  static final Path SOURCE = Path.of("src/test/java/dev/cutover/docs/ReadmeExampleTest.java");
  static final Path README = Path.of("../README.md");
  static final String MARKER = "<!-- README example: docs/" + SOURCE + " -->";

  // README:begin
  static DeployRequest deployOneChange() throws BackendException {
    VirtualClock clock = VirtualClock.atEpoch();          // production: Clock.systemUTC()
    MigrationBackend backend = InMemoryBackend.builder()  // production: a VitessBackend
        .keyspace("commerce", "-80", "80-")
        .clock(clock)
        .build();
    DeployRequestStore store = new InMemoryDeployRequestStore();
    Driver driver = Driver.builder(store, backend).clock(clock).owner("deployer-1").build();

    driver.create("dr-1", "main",
        List.of(new Change("commerce", "ALTER TABLE customer ADD COLUMN email VARCHAR(255)")),
        DeployOptions.custom().autoApply(false).build());
    driver.tick();                                        // pending -> ready
    driver.act("dr-1", Action.deploy());                  // ready -> queued
    for (int second = 0; second < 60; second++) {         // production: a DriverLoop ticks
      clock.advance(Duration.ofSeconds(1));
      driver.tick();                                      // ... -> in_progress -> pending_cutover
    }
    driver.act("dr-1", Action.apply());                   // both shards cut over together
    driver.tick();                                        // -> in_progress_cutover
    clock.advance(Duration.ofSeconds(1));
    driver.tick();                                        // -> complete_pending_revert
    return store.get("dr-1").orElseThrow();
  }
  // README:end

  @Test
  void theExampleDeploysThroughTheGateAndOpensTheRevertWindow() throws BackendException {
    DeployRequest request = deployOneChange();

    List<DeployState> states = new ArrayList<>();
    for (HistoryEntry entry : request.history()) {
      states.add(entry.state());
    }
    assertThat(states).containsExactly(DeployState.PENDING, DeployState.READY, DeployState.QUEUED,
        DeployState.SUBMITTING, DeployState.IN_PROGRESS, DeployState.PENDING_CUTOVER,
        DeployState.IN_PROGRESS_CUTOVER, DeployState.COMPLETE_PENDING_REVERT);
  }

  @Test
  void theReadmesCodeBlockIsTheExampleThatRuns() throws IOException {
    assertThat(readmeBlock(Files.readString(README)))
        .as("the README's code block after %s must be the marked region of %s; copy it over", MARKER, SOURCE)
        .isEqualTo(markedRegion(Files.readString(SOURCE)));
  }

  /** The lines between the markers, with their common indentation removed. */
  static String markedRegion(String source) {
    List<String> lines = source.lines().toList();
    int begin = lines.indexOf("  // README:begin");
    int end = lines.indexOf("  // README:end");
    assertThat(begin).as("README:begin marker").isNotNegative();
    assertThat(end).as("README:end marker").isGreaterThan(begin);
    StringBuilder out = new StringBuilder();
    for (String line : lines.subList(begin + 1, end)) {
      out.append(line.startsWith("  ") ? line.substring(2) : line).append('\n');
    }
    return out.toString();
  }

  /** The fenced java block right after the marker comment. */
  static String readmeBlock(String readme) {
    int marker = readme.indexOf(MARKER);
    assertThat(marker).as("README marker %s", MARKER).isNotNegative();
    String fence = "```java\n";
    int start = readme.indexOf(fence, marker);
    assertThat(start).as("a ```java block after the marker").isNotNegative();
    start += fence.length();
    int end = readme.indexOf("```\n", start);
    return readme.substring(start, end);
  }
}
