package dev.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cutover simulate}: output and exit status (0 ok, 1 expectation failed, 2 invalid input). */
class SimulateTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Cutover.run(args, InputStream.nullInputStream(), out, err);
  }

  private int runWithInput(byte[] stdin, String... args) {
    return Cutover.run(args, new ByteArrayInputStream(stdin), out, err);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  static Path example(String name) {
    return Path.of(System.getProperty("user.dir")).resolve("../docs/scenarios").resolve(name).normalize();
  }

  @Test
  void anExampleExitsZeroAndPrintsItsTimeline() {
    assertThat(run("simulate", example("01-auto-apply.json").toString())).isEqualTo(Cutover.OK);
    assertThat(out()).contains("→ complete_pending_revert").contains("expectations hold");
    assertThat(err()).isEmpty();
  }

  @Test
  void jsonlPrintsOnlyJsonLinesEndingWithTheFinalLine() {
    assertThat(run("simulate", example("04-cancel-in-progress.json").toString(), "--jsonl")).isEqualTo(Cutover.OK);
    String[] lines = out().split("\n");
    assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("{\"t\":\"PT").endsWith("}"));
    assertThat(lines[lines.length - 1]).isEqualTo("{\"t\":\"PT10S\",\"final\":{\"dr-1\":\"complete_cancel\"}}");
  }

  @Test
  void theOptionMayComeBeforeTheFile() {
    assertThat(run("simulate", "--jsonl", example("04-cancel-in-progress.json").toString())).isEqualTo(Cutover.OK);
    assertThat(out()).endsWith("{\"t\":\"PT10S\",\"final\":{\"dr-1\":\"complete_cancel\"}}\n");
  }

  @Test
  void aDashReadsTheScenarioFromStandardInput() throws Exception {
    byte[] file = Files.readAllBytes(example("04-cancel-in-progress.json"));
    assertThat(runWithInput(file, "simulate", "-", "--jsonl")).isEqualTo(Cutover.OK);
    assertThat(out()).endsWith("{\"t\":\"PT10S\",\"final\":{\"dr-1\":\"complete_cancel\"}}\n");
    out.reset();
    assertThat(runWithInput("{\"topology\": {}}".getBytes(StandardCharsets.UTF_8), "simulate", "-"))
        .isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).contains("invalid scenario (standard input): requests: ");
  }

  @Test
  void aFileWithAUtf8ByteOrderMarkIsRead(@TempDir Path dir) throws Exception {
    byte[] json = Files.readAllBytes(example("01-auto-apply.json"));
    byte[] withBom = new byte[json.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(json, 0, withBom, 3, json.length);
    Path file = dir.resolve("bom.json");
    Files.write(file, withBom);
    assertThat(run("simulate", file.toString())).as(err()).isEqualTo(Cutover.OK);
    assertThat(out()).contains("expectations hold");
    out.reset();
    assertThat(runWithInput(withBom, "simulate", "-")).as(err()).isEqualTo(Cutover.OK);
    assertThat(out()).contains("expectations hold");
  }

  @Test
  void aFailedExpectationExitsOneAndSaysWhatDiffers(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("s.json");
    Files.writeString(file, "{\"topology\": {\"commerce\": [\"-\"]}, \"requests\": [{\"id\": \"dr-1\", \"changes\": []}],"
        + "\"expect\": {\"final\": {\"dr-1\": \"complete\"}}}");
    assertThat(run("simulate", file.toString(), "--jsonl")).isEqualTo(Cutover.CHECK_FAILED);
    assertThat(err()).contains(file + ": the expectations do not hold:")
        .contains("final state of dr-1: expected complete but was no_changes");
    assertThat(out()).endsWith("{\"t\":\"PT0S\",\"final\":{\"dr-1\":\"no_changes\"}}\n");
  }

  @Test
  void anInvalidFileExitsTwoNamingTheFileAndTheFieldOnStderr(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("s.json");
    Files.writeString(file, "{\"topology\": {\"commerce\": [\"-\"]}, \"requests\": [{\"id\": \"dr-1\", \"changes\": []}],"
        + "\"actions\": [{\"at\": \"PT1S\", \"do\": \"deploy\", \"request\": \"dr-2\"}]}");
    assertThat(run("simulate", file.toString())).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).contains("invalid scenario " + file + ": actions[0].request: unknown request 'dr-2'");
    assertThat(out()).isEmpty();
  }

  @Test
  void aMissingFileOrBadUsageExitsTwo() {
    assertThat(run("simulate", "no-such-file.json")).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).contains("no such file: no-such-file.json");
    err.reset();
    assertThat(run("simulate")).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).contains("cutover simulate: Missing required parameter: 'FILE'")
        .contains("usage: cutover simulate [-hV] [--jsonl] FILE");
    err.reset();
    assertThat(run("simulate", "a.json", "b.json")).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).contains("cutover simulate: Unmatched argument at index 2: 'b.json'");
    err.reset();
    assertThat(run("simulate", "a.json", "--json")).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).contains("cutover simulate: Unknown option: '--json'").contains("usage: cutover simulate");
    assertThat(out()).isEmpty();
  }
}
