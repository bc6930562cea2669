package dev.cutover.inmemory.cli;

import dev.cutover.inmemory.scenario.Scenario;
import dev.cutover.inmemory.scenario.ScenarioException;
import dev.cutover.inmemory.scenario.ScenarioFiles;
import dev.cutover.inmemory.scenario.Simulation;
import dev.cutover.inmemory.scenario.Simulator;
import dev.cutover.inmemory.scenario.Text;
import dev.cutover.inmemory.scenario.Timelines;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine of {@code bin/cutover}: {@code simulate FILE [--jsonl]} runs a scenario file and prints
 * its timeline. Exit status: 0 when the run's expectations hold, 1 when one fails (what differs goes
 * to stderr), 2 when the file or the command line is invalid (a message naming the field, on stderr).
 *
 * <p>Hostile input is refused with status 2, never a stack trace: a file over
 * {@link ScenarioFiles#MAX_FILE_BYTES} (only that much is read, so {@code /dev/zero} is refused too),
 * text after the JSON object, a run of more than {@link ScenarioFiles#MAX_TICKS} ticks, a duration
 * over {@link ScenarioFiles#MAX_DURATION}. What is printed is made safe for a terminal
 * ({@link Text}): control characters are escaped and echoed values cut.
 */
public final class Main {

  /** The simulation ran and its expectations hold. */
  public static final int OK = 0;
  /** An expectation failed. */
  public static final int EXPECTATION_FAILED = 1;
  /** The scenario file or the command line is invalid. */
  public static final int INVALID_INPUT = 2;

  private static final String USAGE = "usage: cutover simulate FILE [--jsonl]";

  /** The most characters of an error message printed: the values a message echoes are cut, not the terminal flooded. */
  static final int MAX_MESSAGE = 600;

  private Main() {}

  /**
   * Runs the command line ({@link #run}) on stdout and stderr in UTF-8, then exits the JVM with its
   * status.
   *
   * @param args {@code simulate FILE [--jsonl]}, or {@code help}
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    int status = run(args, out, err);
    out.flush();
    System.exit(status);
  }

  /**
   * Runs the command line; returns the exit status. Does not exit the JVM, so tests call it.
   *
   * @param args the arguments after {@code cutover}: {@code simulate FILE [--jsonl]}, or {@code help},
   *     {@code -h}, {@code --help}; not null
   * @param out where the timeline (or the usage, when asked for) goes; not null
   * @param err where errors, failed expectations and the usage after a mistake go; not null
   * @return {@link #OK}, {@link #EXPECTATION_FAILED} or {@link #INVALID_INPUT} (also for no argument)
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
      (args.length == 0 ? err : out).println(USAGE);
      return args.length == 0 ? INVALID_INPUT : OK;
    }
    if (!args[0].equals("simulate")) {
      err.println("cutover: unknown command '" + Text.forTerminal(args[0], Text.MAX_ECHO) + "'");
      err.println(USAGE);
      return INVALID_INPUT;
    }
    boolean jsonl = false;
    List<String> files = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--jsonl")) {
        jsonl = true;
      } else if (args[i].startsWith("-")) {
        err.println("cutover simulate: unknown option '" + Text.forTerminal(args[i], Text.MAX_ECHO) + "'");
        err.println(USAGE);
        return INVALID_INPUT;
      } else {
        files.add(args[i]);
      }
    }
    if (files.size() != 1) {
      err.println("cutover simulate: expected one scenario file, got " + files.size());
      err.println(USAGE);
      return INVALID_INPUT;
    }
    Scenario scenario;
    try {
      scenario = ScenarioFiles.read(Path.of(files.get(0)));
    } catch (ScenarioException e) {
      err.println("cutover simulate: invalid scenario " + Text.printable(files.get(0)) + ": "
          + Text.forTerminal(e.getMessage(), MAX_MESSAGE));
      return INVALID_INPUT;
    }
    Simulation run = Simulator.run(scenario);
    if (jsonl) {
      Timelines.jsonl(run).forEach(out::println);
    } else {
      out.print(Timelines.text(run));
    }
    out.flush();
    if (!run.expectationsHold()) {
      err.println("cutover simulate: " + Text.printable(files.get(0)) + ": the expectations do not hold:");
      run.expectationFailures().forEach(f -> err.println("  " + Text.forTerminal(f, MAX_MESSAGE)));
      return EXPECTATION_FAILED;
    }
    if (!jsonl && !scenario.expect().isEmpty()) {
      out.println("expectations hold");
    }
    return OK;
  }
}
