package dev.cutover.vitess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.spi.BackendException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How {@link VtctldClient} checks its settings and types vtctldclient's failures (no cluster needed). */
class VtctldClientTest {

  private static final String LOG = "{\"time\":\"2026-12-08T01:49:24Z\",\"level\":\"ERROR\",\"msg\":\"%s\"}\n";

  private static BackendException failure(String stderr) {
    return VtctldClient.failure(new VtctldClient.Result(1, "", stderr), "applying the VSchema of keyspace 'k'");
  }

  @Test
  void aRefusalVtctldReportsIsPermanentAndSaysWhy() {
    BackendException e = failure(String.format(LOG,
        "rpc error: code = Unknown desc = BuildKeyspace(commerce): vindexType \\\"nosuchtype\\\" not found"));
    assertThat(e.isTransient()).isFalse();
    assertThat(e).hasMessage("applying the VSchema of keyspace 'k': BuildKeyspace(commerce): vindexType \"nosuchtype\""
        + " not found (Unknown)");
  }

  @Test
  void anUnreachableVtctldIsTransient() {
    assertThat(failure(String.format(LOG, "rpc error: code = Unavailable desc = connection refused")).isTransient())
        .isTrue();
    assertThat(failure(String.format(LOG, "rpc error: code = DeadlineExceeded desc = context deadline exceeded"))
        .isTransient()).isTrue();
  }

  @Test
  void anErrorWithoutAnRpcCodeIsPermanent_itsLastLineIsTheMessage() {
    BackendException e = failure("some warning\nunable to parse vschema: invalid character 'x'\n");
    assertThat(e.isTransient()).isFalse();
    assertThat(e).hasMessageEndingWith("unable to parse vschema: invalid character 'x'");
  }

  @Test
  void theSettingsAreCheckedAtOnce() {
    assertThatThrownBy(() -> VtctldClient.of(Path.of("/no/such/vtctldclient"), "127.0.0.1:15999",
        Duration.ofSeconds(30))).hasMessageStartingWith("binary: not an executable file");
    Path sh = Path.of("/bin/sh");
    assertThatThrownBy(() -> VtctldClient.of(sh, "localhost", Duration.ofSeconds(30)))
        .hasMessage("server: must be host:port, was 'localhost'");
    assertThatThrownBy(() -> VtctldClient.of(sh, "localhost:15999", Duration.ZERO))
        .hasMessageStartingWith("timeout: must be within [PT1S, PT1H]");
  }
}
