package dev.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.inmemory.scenario.ScenarioFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, fault 5: {@code cutover simulate} refuses hostile files with status 2 and a message that
 * names the field (never a stack trace, an out-of-memory error or a run without end), and prints
 * nothing a file holds raw to the terminal.
 */
class HostileInputTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int simulate(Path file, String... more) {
    String[] args = new String[2 + more.length];
    args[0] = "simulate";
    args[1] = file.toString();
    System.arraycopy(more, 0, args, 2, more.length);
    return Cutover.run(args, InputStream.nullInputStream(), out, err);
  }

  private Path file(String json) throws IOException {
    Path f = dir.resolve("scenario.json");
    Files.writeString(f, json, StandardCharsets.UTF_8);
    return f;
  }

  private static String scenario(String requestFields, String topFields) {
    return "{" + topFields + "\"topology\":{\"commerce\":[\"-\"]},\"requests\":[{\"id\":\"dr-1\",\"changes\":[]"
        + requestFields + "}]}";
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aHugeRevertWindowIsInvalidInput_namingTheField() throws IOException {
    assertThat(simulate(file(scenario(",\"revertWindow\":\"PT2562047788015215H30M7S\"", "")))).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).contains("requests[0].revertWindow: must be at most PT876000H (100 years)");
  }

  @Test
  void aCreationTimeThatOverflowsIsInvalidInput_namingTheField() throws IOException {
    assertThat(simulate(file(scenario(",\"createdAt\":\"PT2562047788015215H\"", "")))).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).contains("requests[0].createdAt: must be at most");
  }

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void devZeroIsRefusedAfterReadingNoMoreThanTheLimit() {
    assertThat(simulate(Path.of("/dev/zero"))).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).contains("the file is larger than 4 MiB, the most a scenario file may hold");
  }

  @Test
  void aFileOverTheLimitIsRefused() throws IOException {
    Path big = dir.resolve("big.json");
    Files.write(big, new byte[ScenarioFiles.MAX_FILE_BYTES + 1]);
    assertThat(simulate(big)).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).contains("larger than 4 MiB");
  }

  @Test
  void textAfterTheJsonObjectIsInvalidInput() throws IOException {
    assertThat(simulate(file(scenario("", "") + " trailing"))).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).contains("not valid JSON");
    err.reset();
    assertThat(simulate(file(scenario("", "") + "{}"))).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).contains("not valid JSON");
  }

  @Test
  void aRunOfMoreThanTheMaximumTicksIsInvalidInput_namingPollIntervalAndUntil() throws IOException {
    assertThat(simulate(file(scenario("", "\"pollInterval\":\"PT0.000000001S\",\"until\":\"PT2H\","))))
        .isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).contains("pollInterval: until \"PT2H\" / pollInterval \"PT0.000000001S\" makes 7200000000001 ticks, "
        + "more than the 100000 a run may take");
    err.reset();
    assertThat(simulate(file(scenario("", "\"pollInterval\":\"PT1S\",\"until\":\"PT27H46M39S\","))))
        .as("99,999 s at 1 s is 100,000 ticks: allowed").isEqualTo(Cutover.OK);
  }

  @Test
  void theTextTimelineEscapesControlCharactersOfTheFile() throws IOException {
    String id = "dr\\u001b[2J\\u0007\\u0000\\nx";
    String json = "{\"name\":\"n\\u001b]0;title\\u0007\",\"topology\":{\"commerce\":[\"-\"]},\"requests\":[{\"id\":\""
        + id + "\",\"changes\":[]}]}";
    assertThat(simulate(file(json))).isEqualTo(Cutover.OK);
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u0000")
        .contains("dr\\u001B[2J\\u0007\\u0000\\nx")
        .contains("scenario  n\\u001B]0;title\\u0007");
  }

  @Test
  void anErrorEchoesAValueCutShort() throws IOException {
    String huge = "a".repeat(3_000_000);
    assertThat(simulate(file(scenario("", "\"pollInterval\":\"" + huge + "\",")))).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).startsWith("cutover simulate: invalid scenario ").contains("pollInterval: not an ISO-8601 duration")
        .contains("more characters)");
    assertThat(err().length()).isLessThan(2_000);
  }

  @Test
  void anErrorEscapesControlCharacters() throws IOException {
    assertThat(simulate(file(scenario("", "\"until\":\"\\u001b[31mred\",")))).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).doesNotContain("\u001b").contains("\\u001B[31mred");
  }
}
