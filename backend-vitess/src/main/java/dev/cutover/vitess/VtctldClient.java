package dev.cutover.vitess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.core.spi.BackendException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A keyspace's whole VSchema, read and applied through vtctld (spec section 8), by running Vitess's
 * own client, {@code vtctldclient}: {@code GetVSchema} and {@code ApplyVSchema --vschema-file}.
 * vtgate's {@code ALTER VSCHEMA} changes one table or vindex at a time and cannot put a whole
 * document in place, and vtctld speaks gRPC, which this module has no library for; the client is
 * shipped with every Vitess release, beside vtctld (decision 112).
 *
 * <p>Failures: the client's error says the gRPC code; {@code Unavailable}, {@code DeadlineExceeded},
 * {@code Aborted}, {@code ResourceExhausted} and {@code Canceled}, a client that cannot be started
 * and one that runs past the timeout are transient; anything else (a VSchema vtctld refuses, an
 * unknown keyspace) is permanent. Thread-safe: each call runs a process of its own.
 */
public final class VtctldClient {

  /** How long one call may run when the builder is not told otherwise: 30 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern RPC_CODE = Pattern.compile("rpc error: code = (\\w+) desc = (.*)", Pattern.DOTALL);
  private static final Set<String> TRANSIENT_CODES =
      Set.of("Unavailable", "DeadlineExceeded", "Aborted", "ResourceExhausted", "Canceled");

  private final Path binary;
  private final String server;
  private final Duration timeout;

  private VtctldClient(Path binary, String server, Duration timeout) {
    this.binary = binary;
    this.server = server;
    this.timeout = timeout;
  }

  /**
   * A client of the vtctld at {@code server}, through {@code binary}.
   *
   * @param binary the {@code vtctldclient} executable, not null; checked at once
   * @param server vtctld's gRPC address, {@code host:port}, not null or blank
   * @param timeout how long one call may run, not null, from 1 s to 1 h
   * @return the client
   * @throws IllegalArgumentException naming the argument if the binary is not an executable file,
   *     the server is blank or has no port, or the timeout is out of range
   */
  public static VtctldClient of(Path binary, String server, Duration timeout) {
    Objects.requireNonNull(binary, "binary");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(timeout, "timeout");
    if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
      throw new IllegalArgumentException("binary: not an executable file: " + binary);
    }
    if (server.isBlank() || !server.matches("[^\\s:]+:\\d{1,5}")) {
      throw new IllegalArgumentException("server: must be host:port, was '" + server + "'");
    }
    if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("timeout: must be within [PT1S, PT1H], was " + timeout);
    }
    return new VtctldClient(binary, server, timeout);
  }

  /**
   * The keyspace's VSchema as vtctld keeps it ({@code GetVSchema --compact}: fields at their default
   * left out), or empty when the keyspace has none (vtctld: the node does not exist; an unknown
   * keyspace answers the same, so the caller tells them apart).
   *
   * @param keyspace the keyspace, not null
   * @return the VSchema as JSON text, trimmed, or empty
   * @throws BackendException transient or permanent, as the class comment says
   */
  public Optional<String> getVSchema(String keyspace) throws BackendException {
    Objects.requireNonNull(keyspace, "keyspace");
    Result r = run(List.of("--compact", "GetVSchema", keyspace), "reading the VSchema of keyspace '" + keyspace + "'");
    if (r.exit != 0) {
      if (r.error.contains("node doesn't exist")) {
        return Optional.empty();
      }
      throw failure(r, "reading the VSchema of keyspace '" + keyspace + "'");
    }
    return Optional.of(r.output.trim());
  }

  /**
   * Puts {@code vschema} in place as the keyspace's whole VSchema ({@code ApplyVSchema}, which
   * vtctld checks first and rebuilds the serving VSchema after). Idempotent.
   *
   * @param keyspace the keyspace, not null
   * @param vschema the whole VSchema, one JSON object, not null
   * @throws BackendException permanent if vtctld refuses it; transient as the class comment says
   */
  public void applyVSchema(String keyspace, String vschema) throws BackendException {
    Objects.requireNonNull(keyspace, "keyspace");
    Objects.requireNonNull(vschema, "vschema");
    Path file = null;
    try {
      file = Files.createTempFile("cutover-vschema-", ".json");
      Files.writeString(file, vschema, StandardCharsets.UTF_8);
      String what = "applying the VSchema of keyspace '" + keyspace + "'";
      Result r = run(List.of("ApplyVSchema", "--vschema-file", file.toString(), keyspace), what);
      if (r.exit != 0) {
        throw failure(r, what);
      }
    } catch (IOException e) {
      throw BackendException.transientFailure("applying the VSchema of keyspace '" + keyspace
          + "': cannot write it to a temporary file: " + e.getMessage(), e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temporary file left behind is harmless
        }
      }
    }
  }

  record Result(int exit, String output, String error) {}

  private Result run(List<String> args, String what) throws BackendException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add("--server");
    command.add(server);
    command.add("--action-timeout");
    command.add(timeout.toSeconds() + "s");
    command.addAll(args);
    Path out = null;
    Path err = null;
    Process p = null;
    try {
      out = Files.createTempFile("cutover-vtctld-", ".out");
      err = Files.createTempFile("cutover-vtctld-", ".err");
      p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(nullFile()))
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw BackendException.transientFailure(what + ": vtctldclient ran past " + timeout, null);
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw BackendException.transientFailure(what + ": cannot run " + binary + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (p != null) {
        p.destroyForcibly();
      }
      throw BackendException.transientFailure(what + ": interrupted", e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static java.io.File nullFile() {
    return new java.io.File(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows")
        ? "NUL" : "/dev/null");
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a temporary file left behind is harmless
      }
    }
  }

  /** The client's error: its log's message (a JSON line, or text), typed by the gRPC code in it. */
  static BackendException failure(Result r, String what) {
    String message = messageOf(r.error);
    Matcher m = RPC_CODE.matcher(message);
    String code = m.find() ? m.group(1) : null;
    String desc = code == null ? message : m.group(2).trim();
    String text = what + ": " + (desc.isEmpty() ? "vtctldclient exited with " + r.exit : desc)
        + (code == null ? "" : " (" + code + ")");
    return code != null && TRANSIENT_CODES.contains(code) ? BackendException.transientFailure(text, null)
        : BackendException.permanentFailure(text, null);
  }

  private static String messageOf(String stderr) {
    String last = "";
    for (String line : stderr.split("\n")) {
      String l = line.trim();
      if (l.isEmpty()) {
        continue;
      }
      if (l.startsWith("{")) {
        try {
          JsonNode n = MAPPER.readTree(l);
          if (n.hasNonNull("msg")) {
            last = n.get("msg").asText();
            continue;
          }
        } catch (IOException notJson) {
          // a plain text line
        }
      }
      last = l;
    }
    return last;
  }

  @Override
  public String toString() {
    return "VtctldClient[" + server + " via " + binary + "]";
  }
}
