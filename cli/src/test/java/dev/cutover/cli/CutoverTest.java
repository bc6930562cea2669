package dev.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line as a whole: help on every command (exit 0, every command listed), the version, the
 * same exit statuses for every command, one-line errors.
 */
class CutoverTest {

  /** Every command of the tool; a new one is added here and then its help is checked like the others. */
  static final List<String> COMMANDS = List.of("simulate", "serve", "schema");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Cutover.run(args, InputStream.nullInputStream(), out, err);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theCommandsAreTheOnesThisTestKnows() {
    assertThat(Cutover.commandLine(InputStream.nullInputStream(), quiet(), quiet()).getSubcommands().keySet())
        .containsExactlyInAnyOrderElementsOf(concat(COMMANDS, "help"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h", "help", "simulate --help", "serve --help", "simulate -h", "serve -h",
      "help simulate", "help serve", "schema --help", "schema diff --help", "help schema"})
  void helpOnEveryCommandExitsZeroAndListsEveryCommandAndTheExitStatuses(String args) {
    assertThat(run(args.split(" "))).isEqualTo(Cutover.OK);
    assertThat(err()).isEmpty();
    assertThat(out()).startsWith("usage: cutover");
    for (String command : COMMANDS) {
      assertThat(out()).as(args).containsPattern("(?m)^  " + command + " ");
    }
    assertThat(out()).contains("Exit status, the same for every command:", "  0   ok", "  1   a check failed",
        "  2   bad input", "  3   an internal error");
  }

  @Test
  void aCommandsHelpShowsItsOwnOptions() {
    run("serve", "--help");
    assertThat(out()).contains("--port=N", "--bind=ADDRESS", "--token=ID:SECRET", "--config=FILE", "--vitess=JDBC_URL",
        "--store=JDBC_URL");
    out.reset();
    run("simulate", "--help");
    assertThat(out()).contains("--jsonl", "FILE", "- to read standard input");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--version", "-V", "simulate --version", "serve --version"})
  void theVersionIsTheBuildsVersion(String args) {
    assertThat(run(args.split(" "))).isEqualTo(Cutover.OK);
    assertThat(out()).isEqualTo("cutover " + System.getProperty("cutover.version") + System.lineSeparator());
    assertThat(System.getProperty("cutover.version")).as("set by the cli module's pom").isNotBlank();
  }

  @Test
  void noCommandIsBadInput_withTheUsageOnStderr() {
    assertThat(run()).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(out()).isEmpty();
    assertThat(err()).startsWith("cutover: no command given").contains("usage: cutover", "simulate", "serve");
  }

  @Test
  void anUnknownCommandOrOptionIsBadInput_namingIt() {
    assertThat(run("replay", "a.json")).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).startsWith("cutover: unknown command 'replay'").contains("usage: cutover")
        .contains("Try 'cutover --help' for more.");
    err.reset();
    assertThat(run("--frobnicate")).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).startsWith("cutover: Unknown option: '--frobnicate'");
  }

  @Test
  void anEchoedArgumentIsMadeSafeForTheTerminal() {
    assertThat(run("simulate", "a.json", "--\u001b[31mred")).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).doesNotContain("\u001b").contains("\\u001B[31mred");
  }

  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("the \u001b[31mworks");
    }
  }

  @Test
  void anExceptionIsAnInternalError_inOneLineWithoutAStackTrace() {
    CommandLine cl = new CommandLine(new Boom());
    StringWriter e = new StringWriter();
    cl.setErr(new PrintWriter(e, true));
    Cutover.exitStatuses(cl);
    assertThat(cl.execute()).isEqualTo(Cutover.INTERNAL_ERROR);
    assertThat(e.toString()).isEqualTo("boom: internal error: java.lang.IllegalStateException: the \\u001B[31mworks"
        + " (please report it; CUTOVER_STACKTRACE=1 prints the stack trace)" + System.lineSeparator());
  }

  private static PrintWriter quiet() {
    return new PrintWriter(Writer.nullWriter());
  }

  private static List<String> concat(List<String> list, String more) {
    List<String> all = new java.util.ArrayList<>(list);
    all.add(more);
    return all;
  }
}
