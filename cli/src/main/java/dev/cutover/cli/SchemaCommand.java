package dev.cutover.cli;

import dev.cutover.inmemory.scenario.Text;
import dev.cutover.schema.Change;
import dev.cutover.schema.MergeResult;
import dev.cutover.schema.Schema;
import dev.cutover.schema.SchemaException;
import dev.cutover.schema.Schemas;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cutover schema normalize|apply|diff|merge}: the schema module ({@code dev.cutover.schema})
 * on files of SQL. Every file is UTF-8 SQL of at most {@link #MAX_FILE_BYTES} bytes; {@code -} reads
 * standard input (once). Exit status: {@link Cutover#OK}; {@link Cutover#CHECK_FAILED} when a merge
 * conflicts; {@link Cutover#INVALID_INPUT} when a file cannot be read or a statement cannot be parsed or
 * would be refused by MySQL (the message names the file, the statement's number, where, and why).
 */
@Command(name = "schema", mixinStandardHelpOptions = true, versionProvider = Cutover.Version.class,
    synopsisSubcommandLabel = "COMMAND",
    description = {"MySQL 8.0 schemas: the canonical form, a schema after DDL, the diff of two, a three-way merge.",
        "A schema file holds CREATE statements; the canonical text is each table's CREATE TABLE as MySQL 8.0's",
        "SHOW CREATE TABLE prints it (without AUTO_INCREMENT=N), then ';' and a blank line, tables by name, then views."},
    subcommands = {SchemaCommand.Normalize.class, SchemaCommand.Apply.class, SchemaCommand.Diff.class,
        SchemaCommand.Merge.class})
final class SchemaCommand implements Callable<Integer> {

  /** The most bytes of one SQL file read: a larger file is refused, not read whole (so {@code /dev/zero} is refused too). */
  static final int MAX_FILE_BYTES = 16 * 1024 * 1024;

  @ParentCommand private Cutover cutover;

  private boolean stdinTaken;

  /** No subcommand: the usage on stderr, {@link Cutover#INVALID_INPUT}. */
  @Override
  public Integer call() {
    cutover.err().println("cutover schema: no command given (normalize, apply, diff or merge)");
    return Cutover.INVALID_INPUT;
  }

  /** The input could not be used: the message is printed and the command exits 2. */
  static final class BadInput extends Exception {
    private static final long serialVersionUID = 1L;

    BadInput(String message) {
      super(message);
    }
  }

  /** A file's text (strict UTF-8, at most {@link #MAX_FILE_BYTES}), or standard input's for {@code -}. */
  String read(String file) throws BadInput {
    String name = name(file);
    byte[] bytes;
    try {
      if (file.equals("-")) {
        if (stdinTaken) {
          throw new BadInput("-: standard input can be read once only");
        }
        stdinTaken = true;
        bytes = readAtMost(cutover.in(), name);
      } else {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
          bytes = readAtMost(in, name);
        }
      }
    } catch (NoSuchFileException e) {
      throw new BadInput(name + ": no such file");
    } catch (IOException | java.nio.file.InvalidPathException e) {
      throw new BadInput(name + ": cannot be read: " + e.getMessage());
    }
    int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
        && (bytes[2] & 0xff) == 0xbf ? 3 : 0; // a byte-order mark, as editors on Windows write it
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
    } catch (CharacterCodingException e) {
      throw new BadInput(name + ": not UTF-8 text");
    }
  }

  private static byte[] readAtMost(InputStream in, String name) throws IOException, BadInput {
    byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    if (bytes.length > MAX_FILE_BYTES) {
      throw new BadInput(name + ": larger than " + MAX_FILE_BYTES + " bytes");
    }
    return bytes;
  }

  static String name(String file) {
    return file.equals("-") ? "(standard input)" : Text.printable(file);
  }

  /** Runs {@code body}, turning bad input into one line on stderr and {@link Cutover#INVALID_INPUT}. */
  int run(String command, Body body) {
    PrintWriter err = cutover.err();
    try {
      int status = body.run(cutover.out());
      cutover.out().flush();
      return status;
    } catch (BadInput e) {
      err.println("cutover schema " + command + ": " + Text.forTerminal(e.getMessage(), Simulate.MAX_MESSAGE));
    } catch (SchemaException e) {
      err.println("cutover schema " + command + ": " + Text.forTerminal(e.getMessage(), Simulate.MAX_MESSAGE));
    }
    return Cutover.INVALID_INPUT;
  }

  /** A subcommand's work. */
  interface Body {
    int run(PrintWriter out) throws BadInput;
  }

  Schema schema(String file) throws BadInput {
    return Schemas.parse(name(file), read(file));
  }

  @Command(name = "normalize", mixinStandardHelpOptions = true, versionProvider = Cutover.Version.class,
      description = "Prints the canonical schema of FILE's CREATE statements.")
  static final class Normalize implements Callable<Integer> {
    @ParentCommand private SchemaCommand schema;

    @Parameters(paramLabel = "FILE", description = "a file of CREATE statements, or - for standard input")
    private String file;

    @Override
    public Integer call() {
      return schema.run("normalize", out -> {
        out.print(schema.schema(file).text());
        return Cutover.OK;
      });
    }
  }

  @Command(name = "apply", mixinStandardHelpOptions = true, versionProvider = Cutover.Version.class,
      description = "Prints the canonical schema after DDL_FILE's statements, run in order on SCHEMA_FILE's schema.")
  static final class Apply implements Callable<Integer> {
    @ParentCommand private SchemaCommand schema;

    @Parameters(index = "0", paramLabel = "SCHEMA_FILE", description = "a file of CREATE statements, or -")
    private String schemaFile;

    @Parameters(index = "1", paramLabel = "DDL_FILE", description = "the statements to apply, or -")
    private String ddlFile;

    @Override
    public Integer call() {
      return schema.run("apply", out -> {
        Schema base = schema.schema(schemaFile);
        out.print(Schemas.apply(base, name(ddlFile), schema.read(ddlFile)).text());
        return Cutover.OK;
      });
    }
  }

  @Command(name = "diff", mixinStandardHelpOptions = true, versionProvider = Cutover.Version.class,
      description = {"Prints the statements that turn FROM_FILE's schema into TO_FILE's, one a line, each ending in ';';",
          "nothing when they are equal. With --json, a JSON array of",
          "{\"table\", \"kind\": \"create|alter|drop|rename\", \"statement\", \"instant\", \"dropsData\"}."})
  static final class Diff implements Callable<Integer> {
    @ParentCommand private SchemaCommand schema;

    @Option(names = "--json", description = "print a JSON array of the changes")
    private boolean json;

    @Parameters(index = "0", paramLabel = "FROM_FILE", description = "the schema as it is, or -")
    private String from;

    @Parameters(index = "1", paramLabel = "TO_FILE", description = "the schema wanted, or -")
    private String to;

    @Override
    public Integer call() {
      return schema.run("diff", out -> {
        List<Change> changes = Schemas.diff(schema.schema(from), schema.schema(to));
        out.print(json ? Schemas.diffJson(changes) + "\n" : Schemas.diffText(changes));
        return Cutover.OK;
      });
    }
  }

  @Command(name = "merge", mixinStandardHelpOptions = true, versionProvider = Cutover.Version.class,
      description = {"Three-way merge: whether BASE→A and BASE→B, run in either order, give the same schema.",
          "Prints the merged canonical schema and exits 0, or prints the conflict (table: reason) and exits 1."})
  static final class Merge implements Callable<Integer> {
    @ParentCommand private SchemaCommand schema;

    @Parameters(index = "0", paramLabel = "BASE_FILE", description = "the schema both changed, or -")
    private String base;

    @Parameters(index = "1", paramLabel = "A_FILE", description = "one changed schema, or -")
    private String a;

    @Parameters(index = "2", paramLabel = "B_FILE", description = "the other, or -")
    private String b;

    @Override
    public Integer call() {
      return schema.run("merge", out -> {
        MergeResult result = Schemas.merge(schema.schema(base), schema.schema(a), schema.schema(b));
        if (result.conflict()) {
          out.println("conflict: " + result.table() + ": " + result.reason());
          return Cutover.CHECK_FAILED;
        }
        out.print(result.merged().text());
        return Cutover.OK;
      });
    }
  }
}
