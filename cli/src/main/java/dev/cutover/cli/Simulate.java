package dev.cutover.cli;

import dev.cutover.inmemory.scenario.Scenario;
import dev.cutover.inmemory.scenario.ScenarioException;
import dev.cutover.inmemory.scenario.ScenarioFiles;
import dev.cutover.inmemory.scenario.Simulation;
import dev.cutover.inmemory.scenario.Simulator;
import dev.cutover.inmemory.scenario.Text;
import dev.cutover.inmemory.scenario.Timelines;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cutover simulate FILE [--jsonl]}: runs a scenario file and prints its timeline. Exit status:
 * {@link Cutover#OK} when the run's expectations hold, {@link Cutover#CHECK_FAILED} when one fails
 * (what differs goes to stderr), {@link Cutover#INVALID_INPUT} when the file or the command line is
 * invalid (a message naming the file and the field, on stderr).
 *
 * <p>Hostile input is refused with status 2, never a stack trace: a file over
 * {@link ScenarioFiles#MAX_FILE_BYTES} (only that much is read, so {@code /dev/zero} is refused too),
 * text after the JSON object, a run of more than {@link ScenarioFiles#MAX_TICKS} ticks, a duration
 * over {@link ScenarioFiles#MAX_DURATION}. What is printed is made safe for a terminal
 * ({@link Text}): control characters are escaped and echoed values cut.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, versionProvider = Cutover.Version.class,
    description = {"Runs a scenario file on the in-memory backend and prints its timeline.",
        "The file's format is in docs/spec/scenarios.md; the run is on a virtual clock, the same every time.",
        "The timeline is a table for a person, or with --jsonl one JSON object a line."})
final class Simulate implements Callable<Integer> {

  /** The most characters of an error message printed: the values a message echoes are cut, not the terminal flooded. */
  static final int MAX_MESSAGE = 600;

  @ParentCommand private Cutover cutover;

  @Option(names = "--jsonl", description = "print the machine format: one JSON object a line")
  private boolean jsonl;

  @Parameters(paramLabel = "FILE", description = "the scenario file (UTF-8 JSON), or - to read standard input")
  private String file;

  @Override
  public Integer call() {
    PrintWriter out = cutover.out();
    PrintWriter err = cutover.err();
    boolean stdin = file.equals("-");
    String name = stdin ? "(standard input)" : Text.printable(file);
    Scenario scenario;
    try {
      scenario = stdin ? ScenarioFiles.read(cutover.in()) : ScenarioFiles.read(Path.of(file));
    } catch (ScenarioException e) {
      err.println("cutover simulate: invalid scenario " + name + ": " + Text.forTerminal(e.getMessage(), MAX_MESSAGE));
      return Cutover.INVALID_INPUT;
    }
    Simulation run = Simulator.run(scenario);
    if (jsonl) {
      Timelines.jsonl(run).forEach(out::println);
    } else {
      out.print(Timelines.text(run));
    }
    out.flush();
    if (!run.expectationsHold()) {
      err.println("cutover simulate: " + name + ": the expectations do not hold:");
      run.expectationFailures().forEach(f -> err.println("  " + Text.forTerminal(f, MAX_MESSAGE)));
      return Cutover.CHECK_FAILED;
    }
    if (!jsonl && !scenario.expect().isEmpty()) {
      out.println("expectations hold");
    }
    return Cutover.OK;
  }
}
