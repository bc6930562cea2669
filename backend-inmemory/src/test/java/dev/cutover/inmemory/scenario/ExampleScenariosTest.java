package dev.cutover.inmemory.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The example scenarios of docs/scenarios run and their expectations hold: the library's golden tests. */
class ExampleScenariosTest {

  /** docs/scenarios of this repository (the tests run in the module's directory). */
  static Path docs() {
    return Path.of(System.getProperty("user.dir")).resolve("../docs/scenarios").normalize();
  }

  static List<Path> examples() {
    try (Stream<Path> files = Files.list(docs())) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void thereAreNineExamples() {
    assertThat(examples()).extracting(p -> p.getFileName().toString()).containsExactly("01-auto-apply.json",
        "02-gated-manual-apply.json", "03-revert-in-window.json", "04-cancel-in-progress.json",
        "05-failure-cancels-siblings.json", "06-deploy-queue.json", "07-stuck-cutover-forced.json",
        "08-held-queue-unblocked.json", "09-vschema-change.json");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void theExampleRunsAndItsExpectationsHold(Path file) {
    Scenario scenario = ScenarioFiles.read(file);
    assertThat(scenario.expect().isEmpty()).as("the example expects something").isFalse();
    Simulation run = Simulator.run(scenario);
    assertThat(run.expectationFailures()).as(Timelines.text(run)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void theExampleGivesTheSameTimelineEveryTime(Path file) {
    Scenario scenario = ScenarioFiles.read(file);
    assertThat(Timelines.jsonl(Simulator.run(scenario))).isEqualTo(Timelines.jsonl(Simulator.run(scenario)));
  }
}
