package dev.cutover.planetscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.spi.InMemoryDeployRequestStore;
import dev.cutover.inmemory.VirtualClock;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Starting the server: the bind rule, open databases, and no token. */
class PlanetScaleServerTest {

  @Test
  void bindingBeyondLoopbackWithoutAToken_isRefusedAtStartup() {
    VirtualClock clock = VirtualClock.atEpoch();
    PlanetScaleServer.Builder b = PlanetScaleServer.builder(new InMemoryDeployRequestStore(),
        ServeConfig.ofDefaults().inMemoryBackend(clock)).clock(clock).bind("0.0.0.0").tickEvery(null);
    assertThatThrownBy(b::start).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("refusing to listen on 0.0.0.0 without a token").hasMessageContaining("--token");
  }

  @Test
  void bindingBeyondLoopbackWithAToken_starts() throws Exception {
    VirtualClock clock = VirtualClock.atEpoch();
    try (PlanetScaleServer s = PlanetScaleServer.builder(new InMemoryDeployRequestStore(),
        ServeConfig.ofDefaults().inMemoryBackend(clock)).clock(clock).bind("0.0.0.0").token("ci:x").tickEvery(null)
        .start()) {
      assertThat(s.baseUrl()).startsWith("http://127.0.0.1:");
      assertThat(new Http(URI.create(s.baseUrl()), "ci:x").get("/v1/organizations/a/databases/b/deploy-requests")
          .status()).isEqualTo(200);
    }
  }

  @Test
  void withoutADatabasesList_anyOrganizationAndDatabaseExists_andWithoutATokenAnyCallerIsAccepted() throws Exception {
    VirtualClock clock = VirtualClock.atEpoch();
    try (PlanetScaleServer s = PlanetScaleServer.builder(new InMemoryDeployRequestStore(),
        ServeConfig.ofDefaults().inMemoryBackend(clock)).clock(clock).tickEvery(null).start()) {
      Http anonymous = new Http(URI.create(s.baseUrl()), null);
      Http.Answer a = anonymous.get("/v1/organizations/any/databases/thing/deploy-requests");
      assertThat(a.status()).isEqualTo(200);
      assertThat(a.json().get("data")).isEmpty();
      Http.Answer created = anonymous.post("/v1/organizations/any/databases/thing/branches", "{\"name\": \"f\"}");
      assertThat(created.status()).isEqualTo(201);
      assertThat(created.json().get("actor").get("id").asText()).isEqualTo("anonymous");
    }
  }

  @Test
  void aBadToken_isRefusedNamingTheShape() {
    VirtualClock clock = VirtualClock.atEpoch();
    PlanetScaleServer.Builder b = PlanetScaleServer.builder(new InMemoryDeployRequestStore(),
        ServeConfig.ofDefaults().inMemoryBackend(clock));
    assertThatThrownBy(() -> b.token("nocolon")).hasMessageStartingWith("token: must be ID:SECRET");
    assertThatThrownBy(() -> b.port(70000)).hasMessageStartingWith("port:");
  }
}
