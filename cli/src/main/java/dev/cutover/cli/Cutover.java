package dev.cutover.cli;

import dev.cutover.inmemory.scenario.Text;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code cutover}, the command line {@code bin/cutover} runs: {@code simulate}, {@code serve} and
 * {@code schema} (picocli). Every command exits with the same statuses: {@link #OK}, {@link #CHECK_FAILED},
 * {@link #INVALID_INPUT}, {@link #INTERNAL_ERROR}; an error is one line naming the file, option,
 * field, port or value, never a stack trace (set {@code CUTOVER_STACKTRACE=1} to see the one of an
 * internal error).
 */
@Command(name = "cutover", mixinStandardHelpOptions = true, versionProvider = Cutover.Version.class,
    synopsisSubcommandLabel = "COMMAND",
    description = {"Deploy requests as a state machine: simulate a scenario file, serve a local PlanetScale API,",
        "or work on MySQL schemas (normalize, apply, diff, merge)."},
    subcommands = {Simulate.class, Serve.class, SchemaCommand.class, HelpCommand.class})
public final class Cutover implements Callable<Integer> {

  /** The command did what was asked: a simulation's expectations hold. */
  public static final int OK = 0;
  /** A check failed: an expectation of a scenario file does not hold. */
  public static final int CHECK_FAILED = 1;
  /** The input cannot be used: the command line, a file, an option's value, a port, a database URL. */
  public static final int INVALID_INPUT = 2;
  /** An error of the tool itself (bin/cutover also exits with it when the tool cannot be built). */
  public static final int INTERNAL_ERROR = 3;

  /** The section every command's help ends with: the commands and the exit statuses. */
  private static final String COMMANDS_SECTION = "cutoverCommands";

  @Spec private CommandSpec spec;

  private final InputStream in;
  private final PrintWriter out;
  private final PrintWriter err;

  private Cutover(InputStream in, PrintWriter out, PrintWriter err) {
    this.in = in;
    this.out = out;
    this.err = err;
  }

  InputStream in() {
    return in;
  }

  PrintWriter out() {
    return out;
  }

  PrintWriter err() {
    return err;
  }

  /** No command given: the usage, on stderr, and {@link #INVALID_INPUT}. */
  @Override
  public Integer call() {
    err.println("cutover: no command given");
    spec.commandLine().usage(err);
    return INVALID_INPUT;
  }

  /**
   * Runs the command line on standard input, output and error (UTF-8), then exits the JVM with its
   * status.
   *
   * @param args the arguments after {@code cutover}
   */
  public static void main(String[] args) {
    PrintStream stdout = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    PrintStream stderr = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    int status = run(args, System.in, stdout, stderr);
    stdout.flush();
    System.exit(status);
  }

  /**
   * Runs the command line; returns the exit status. Does not exit the JVM, so tests call it ({@code
   * serve} blocks until the JVM stops once its server is up).
   *
   * @param args the arguments after {@code cutover}; not null
   * @param in what {@code -} reads; not null
   * @param out where results (and the help or the version, when asked for) go; not null
   * @param err where errors, failed expectations and the usage after a mistake go; not null
   * @return {@link #OK}, {@link #CHECK_FAILED}, {@link #INVALID_INPUT} or {@link #INTERNAL_ERROR}
   */
  public static int run(String[] args, InputStream in, OutputStream out, OutputStream err) {
    PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    try {
      return commandLine(in, o, e).execute(args);
    } finally {
      o.flush();
      e.flush();
    }
  }

  /** The command line with its streams, exit statuses and the help section every command shares. */
  static CommandLine commandLine(InputStream in, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Cutover(in, out, err));
    cl.setOut(out);
    cl.setErr(err);
    cl.setUsageHelpWidth(100);
    exitStatuses(cl);
    for (CommandLine command : commands(cl)) {
      command.getHelpSectionMap().put(COMMANDS_SECTION, help -> commandsSection(command, cl));
      command.getCommandSpec().usageMessage().synopsisHeading("usage: ");
    }
    // Set on the top command, the keys reach every command (picocli hands them down).
    List<String> keys = new ArrayList<>(cl.getHelpSectionKeys());
    keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), COMMANDS_SECTION);
    cl.setHelpSectionKeys(keys);
    return cl;
  }

  /** A mistake on the command line exits {@link #INVALID_INPUT}, an exception {@link #INTERNAL_ERROR}. */
  static void exitStatuses(CommandLine cl) {
    cl.setParameterExceptionHandler(Cutover::badUsage);
    cl.setExecutionExceptionHandler(Cutover::internalError);
    cl.setExitCodeExceptionMapper(t -> INTERNAL_ERROR);
  }

  private static List<CommandLine> commands(CommandLine top) {
    List<CommandLine> all = new ArrayList<>();
    all.add(top);
    for (CommandLine sub : top.getSubcommands().values()) {
      all.addAll(commands(sub));
    }
    return all;
  }

  /** Every command's help lists every command (schema, serve, simulate, ...) and the exit statuses. */
  private static String commandsSection(CommandLine command, CommandLine top) {
    StringBuilder s = new StringBuilder();
    if (command != top) {
      s.append(String.format("%nCommands of cutover:%n")).append(top.getHelp().commandList());
    }
    s.append(String.format("%nExit status, the same for every command:%n"
        + "  0   ok (a simulation's expectations hold)%n"
        + "  1   a check failed (an expectation of a scenario file does not hold)%n"
        + "  2   bad input: the command line, a file, a value, a port or a database URL%n"
        + "      (the message names it)%n"
        + "  3   an internal error (bin/cutover also exits with 3 when it cannot build the tool)%n"));
    return s.toString();
  }

  /** A mistake on the command line: one line naming it, the command's synopsis, and {@link #INVALID_INPUT}. */
  private static int badUsage(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    String name = command.getCommandSpec().qualifiedName();
    String message = e.getMessage();
    if (e instanceof UnmatchedArgumentException u && command.getParent() == null && !u.getUnmatched().isEmpty()
        && !u.getUnmatched().get(0).startsWith("-")) {
      message = "unknown command '" + u.getUnmatched().get(0) + "'";
    }
    err.println(name + ": " + Text.forTerminal(message, Simulate.MAX_MESSAGE));
    err.print(command.getHelp().synopsisHeading() + command.getHelp().synopsis(0)); // of our own making: not escaped
    err.println("Try '" + name + " --help' for more.");
    return INVALID_INPUT;
  }

  /** A failure of the tool itself: one line, the stack trace only with CUTOVER_STACKTRACE=1. */
  private static int internalError(Exception e, CommandLine command, ParseResult parsed) {
    PrintWriter err = command.getErr();
    err.println(command.getCommandSpec().qualifiedName() + ": internal error: " + e.getClass().getName() + ": "
        + Text.forTerminal(String.valueOf(e.getMessage()), Simulate.MAX_MESSAGE)
        + " (please report it; CUTOVER_STACKTRACE=1 prints the stack trace)");
    if ("1".equals(System.getenv("CUTOVER_STACKTRACE"))) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      err.print(trace);
    }
    return INTERNAL_ERROR;
  }

  /** The version of the build, from {@code version.properties} (filtered by Maven). */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"cutover " + version()};
    }

    static String version() {
      Properties p = new Properties();
      try (InputStream in = Cutover.class.getResourceAsStream("version.properties")) {
        if (in == null) {
          throw new IllegalStateException("dev/cutover/cli/version.properties is missing from the jar");
        }
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return p.getProperty("version");
    }
  }
}
