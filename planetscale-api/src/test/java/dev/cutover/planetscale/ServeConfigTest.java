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
}
