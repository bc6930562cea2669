package dev.cutover.planetscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.inmemory.InMemoryBackend;
import dev.cutover.inmemory.VirtualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The serve configuration: the scenario format's topology and backend blocks, databases, revertWindow. */
class ServeConfigTest {

  @Test
  void withoutAFile_theDefaultsApply() {
    ServeConfig c = ServeConfig.ofDefaults();
    assertThat(c.topology()).containsOnlyKeys("commerce", "customer");
    assertThat(c.databases()).isEmpty();
    assertThat(c.revertWindow()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void topologyBackendDatabasesAndRevertWindow_areRead() {
    ServeConfig c = ServeConfig.parse("""
        {"topology": {"ks": ["-40", "40-"]},
         "backend": {"defaults": {"readyAfter": "PT3S"},
                     "migrations": [{"request": "acme/shop/1", "change": 0, "shard": "40-", "readyAfter": "PT1M"}],
                     "analysis": {"acme/shop/2": {"instantEligible": [0]}}},
         "databases": ["acme/shop"], "revertWindow": "PT5M", "pollInterval": "PT0.5S"}""");
    assertThat(c.topology()).containsEntry("ks", List.of("-40", "40-"));
    assertThat(c.databases()).containsExactly("acme/shop");
    assertThat(c.revertWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(500));
    InMemoryBackend b = c.inMemoryBackend(VirtualClock.atEpoch());
    assertThat(b.timingsOf("acme/shop/1", 0, "40-").readyAfter()).isEqualTo(Duration.ofMinutes(1));
    assertThat(b.timingsOf("acme/shop/1", 0, "-40").readyAfter()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void badValues_areRefusedNamingTheField() {
    assertThatThrownBy(() -> ServeConfig.parse("{\"revertWindow\": \"PT0S\"}")).hasMessageStartingWith("revertWindow:");
    assertThatThrownBy(() -> ServeConfig.parse("{\"revertWindow\": \"soon\"}")).hasMessageContaining("revertWindow")
        .hasMessageContaining("soon");
    assertThatThrownBy(() -> ServeConfig.parse("{\"databases\": [\"shop\"]}")).hasMessageStartingWith("databases[0]:")
        .hasMessageContaining("shop");
    assertThatThrownBy(() -> ServeConfig.parse("{\"topology\": {\"ks\": []}}")).hasMessageStartingWith("topology.ks:");
    assertThatThrownBy(() -> ServeConfig.parse("{\"backend\": {\"defaults\": {\"readyAfter\": \"-PT1S\"}}}"))
        .hasMessageStartingWith("backend.defaults.readyAfter:");
    assertThatThrownBy(() -> ServeConfig.parse("{\"backend\": {\"migrations\": [{\"change\": 0}]}}"))
        .hasMessageStartingWith("backend.migrations[0].request: required");
    assertThatThrownBy(() -> ServeConfig.parse("{\"requests\": []}")).hasMessageStartingWith("requests: unknown field");
    assertThatThrownBy(() -> ServeConfig.parse("{")).hasMessageStartingWith("config: not valid JSON");
  }

  @Test
  void aRevertWindowOverSevenDays_andAPollIntervalUnder10ms_areRefusedAtStart_namingTheField() {
    assertThatThrownBy(() -> ServeConfig.parse("{\"revertWindow\": \"P8D\"}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("revertWindow: must be positive and at most PT168H (7 days), was PT192H");
    assertThat(ServeConfig.parse("{\"revertWindow\": \"P7D\"}").revertWindow()).isEqualTo(Duration.ofDays(7));
    assertThatThrownBy(() -> ServeConfig.parse("{\"pollInterval\": \"PT0.000001S\"}"))
        .hasMessageStartingWith("pollInterval: must be within [PT0.01S, PT1H], was PT0.000001S");
    assertThatThrownBy(() -> ServeConfig.parse("{\"pollInterval\": \"P1D\"}")).hasMessageStartingWith("pollInterval:");
    assertThatThrownBy(() -> ServeConfig.parse("{\"limits\": {\"maxBodyBytes\": 10}}"))
        .hasMessageStartingWith("limits.maxBodyBytes: must be within [1024, 67108864], was 10");
    assertThatThrownBy(() -> ServeConfig.parse("{\"limits\": {\"readTimeout\": \"PT0.001S\"}}"))
        .hasMessageStartingWith("limits.readTimeout:");
    assertThatThrownBy(() -> ServeConfig.parse("{\"databases\": [\"acme/../x\"]}"))
        .hasMessageStartingWith("databases[0]: must be an \"org/db\" name");
    assertThatThrownBy(() -> ServeConfig.parse("{\"pollInterval\": \"PT1S\"} {\"pollInterval\": \"PT2S\"}"))
        .hasMessageStartingWith("config: not valid JSON");
  }

  @Test
  void aConfigFileThatNeverEnds_isRefusedAfterOneMebibyte_notReadToTheEnd() {
    assertThatThrownBy(() -> ServeConfig.read(java.nio.file.Path.of("/dev/zero")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("config: /dev/zero is larger than 1048576 bytes, the most it may hold");
  }

  @Test
  void tokens_takeTheirSecretFromAnEnvironmentVariableOrAFile_neverFromTheFile_andAreLimitedToWhatTheyName(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path secret = dir.resolve("ci.secret");
    java.nio.file.Files.writeString(secret, "from-a-file\n");
    ServeConfig c = ServeConfig.parse("""
        {"tokens": [
          {"id": "deployer", "secretEnv": "DEPLOYER_TOKEN", "organizations": ["acme"]},
          {"id": "ci", "secretFile": "%s", "databases": ["beta/shop"]}]}""".formatted(secret),
        name -> name.equals("DEPLOYER_TOKEN") ? "from-the-env" : null);
    assertThat(c.tokens()).hasSize(2);
    assertThat(c.tokens().get(0).secretIs("from-the-env")).isTrue();
    assertThat(c.tokens().get(0).organizations()).containsExactly("acme");
    assertThat(c.tokens().get(1).secretIs("from-a-file")).isTrue();
    assertThat(c.tokens().get(1).databases()).containsExactly("beta/shop");
    assertThat(c.tokens().get(1).toString()).doesNotContain("from-a-file");
    assertThatThrownBy(() -> ServeConfig.parse("{\"tokens\": [{\"id\": \"x\", \"secretEnv\": \"NOPE\"}]}", n -> null))
        .hasMessage("tokens[0].secretEnv: the environment variable NOPE is not set");
    assertThatThrownBy(() -> ServeConfig.parse("{\"tokens\": [{\"id\": \"x\", \"secret\": \"inline\"}]}"))
        .hasMessageStartingWith("tokens[0].secret: unknown field");
    assertThatThrownBy(() -> ServeConfig.parse("{\"tokens\": [{\"id\": \"x\"}]}"))
        .hasMessageStartingWith("tokens[0].secretEnv: give exactly one of secretEnv");
    assertThatThrownBy(() -> ServeConfig.parse("{\"tokens\": [{\"id\": \"x\", \"secretFile\": \"/dev/zero\"}]}"))
        .hasMessageStartingWith("tokens[0].secretFile: /dev/zero is larger than 4096 bytes");
    assertThatThrownBy(() -> ServeConfig.parse("{\"tokens\": [{\"id\": \"x\", \"secretEnv\": \"E\","
        + " \"organizations\": [\"Acme/\"]}]}", n -> "s")).hasMessageStartingWith("tokens[0].organizations: ");
  }
}
