package dev.cutover.inmemory.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cutover simulate}: output and exit status (0 ok, 1 expectation failed, 2 invalid input). */
class MainTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static String example(String name) {
    return Path.of(System.getProperty("user.dir")).resolve("../docs/scenarios").resolve(name).normalize().toString();
  }

  @Test
  void anExampleExitsZeroAndPrintsItsTimeline() {
    assertThat(run("simulate", example("01-auto-apply.json"))).isEqualTo(Main.OK);
    assertThat(out()).contains("→ complete_pending_revert").contains("expectations hold");
    assertThat(err()).isEmpty();
  }

  @Test
  void jsonlPrintsOnlyJsonLinesEndingWithTheFinalLine() {
    assertThat(run("simulate", example("04-cancel-in-progress.json"), "--jsonl")).isEqualTo(Main.OK);
    String[] lines = out().split("\n");
    assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("{\"t\":\"PT").endsWith("}"));
    assertThat(lines[lines.length - 1]).isEqualTo("{\"t\":\"PT10S\",\"final\":{\"dr-1\":\"complete_cancel\"}}");
  }

  @Test
  void aFailedExpectationExitsOneAndSaysWhatDiffers(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("s.json");
    Files.writeString(file, "{\"topology\": {\"commerce\": [\"-\"]}, \"requests\": [{\"id\": \"dr-1\", \"changes\": []}],"
        + "\"expect\": {\"final\": {\"dr-1\": \"complete\"}}}");
    assertThat(run("simulate", file.toString(), "--jsonl")).isEqualTo(Main.EXPECTATION_FAILED);
    assertThat(err()).contains("final state of dr-1: expected complete but was no_changes");
    assertThat(out()).endsWith("{\"t\":\"PT0S\",\"final\":{\"dr-1\":\"no_changes\"}}\n");
  }

  @Test
  void anInvalidFileExitsTwoNamingTheFieldOnStderr(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("s.json");
    Files.writeString(file, "{\"topology\": {\"commerce\": [\"-\"]}, \"requests\": [{\"id\": \"dr-1\", \"changes\": []}],"
        + "\"actions\": [{\"at\": \"PT1S\", \"do\": \"deploy\", \"request\": \"dr-2\"}]}");
    assertThat(run("simulate", file.toString())).isEqualTo(Main.INVALID_INPUT);
    assertThat(err()).contains("actions[0].request: unknown request 'dr-2'");
    assertThat(out()).isEmpty();
  }

  @Test
  void aMissingFileOrBadUsageExitsTwo() {
    assertThat(run("simulate", "no-such-file.json")).isEqualTo(Main.INVALID_INPUT);
    assertThat(err()).contains("no such file: no-such-file.json");
    assertThat(run()).isEqualTo(Main.INVALID_INPUT);
    assertThat(run("simulate")).isEqualTo(Main.INVALID_INPUT);
    assertThat(run("simulate", "a.json", "--json")).isEqualTo(Main.INVALID_INPUT);
    assertThat(run("replay", "a.json")).isEqualTo(Main.INVALID_INPUT);
    assertThat(err()).contains("usage: cutover simulate FILE [--jsonl]");
  }
}
