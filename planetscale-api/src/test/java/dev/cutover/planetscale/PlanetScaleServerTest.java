package dev.cutover.planetscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.spi.InMemoryDeployRequestStore;
import dev.cutover.inmemory.VirtualClock;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Starting the server: the bind rule, open databases, and no token. */
class PlanetScaleServerTest {

  @Test
  void bindingBeyondLoopbackWithoutAToken_isRefusedAtStartup() {
    VirtualClock clock = VirtualClock.atEpoch();
    PlanetScaleServer.Builder b = PlanetScaleServer.builder(new InMemoryDeployRequestStore(),
        ServeConfig.ofDefaults().inMemoryBackend(clock)).clock(clock).bind("0.0.0.0").tickEvery(null);
    assertThatThrownBy(b::start).isInstanceOf(IllegalArgumentException.class) // serve: exit 2, bad configuration
        .hasMessageStartingWith("bind: refusing to listen on 0.0.0.0 without a token").hasMessageContaining("--token");
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

  @Test
  void concurrentCreates_whileTheDriverTicksOnItsOwnThread_getDistinctNumbers_andEveryRequestIsDriven()
      throws Exception {
    VirtualClock clock = VirtualClock.atEpoch();
    try (PlanetScaleServer s = PlanetScaleServer.builder(new InMemoryDeployRequestStore(),
        ServeConfig.ofDefaults().inMemoryBackend(clock)).clock(clock).tickEvery(Duration.ofMillis(1)).start()) {
      Http http = new Http(URI.create(s.baseUrl()), null);
      String db = "/v1/organizations/o/databases/d";
      http.post("/admin" + db + "/branches/f/schema-changes",
          "{\"changes\": [{\"keyspace\": \"customer\", \"sql\": \"ALTER TABLE t ADD COLUMN c INT\"}]}");
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<Http.Answer>> answers = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        answers.add(pool.submit(() -> http.post(db + "/deploy-requests", "{\"branch\": \"f\"}")));
      }
      Set<Long> numbers = new TreeSet<>();
      for (Future<Http.Answer> a : answers) {
        assertThat(a.get().status()).isEqualTo(201);
        numbers.add(a.get().json().get("number").asLong());
      }
      pool.shutdown();
      assertThat(numbers).hasSize(40).first().isEqualTo(1L);
      assertThat(numbers).last().isEqualTo(40L);
      s.tick(); // whatever the ticker did, one more tick analyses every request
      for (long n = 1; n <= 40; n++) {
        assertThat(http.get(db + "/deploy-requests/" + n).json().get("deployment_state").asText()).isEqualTo("ready");
      }
    }
  }

  @Test
  void aServerOverAStoreThatHoldsRequests_listsThemAgain_andNumbersOnAfterTheHighest() throws Exception {
    VirtualClock clock = VirtualClock.atEpoch();
    InMemoryDeployRequestStore store = new InMemoryDeployRequestStore();
    var backend = ServeConfig.ofDefaults().inMemoryBackend(clock);
    String db = "/v1/organizations/o/databases/d";
    try (PlanetScaleServer first = PlanetScaleServer.builder(store, backend).clock(clock).tickEvery(null).start()) {
      Http http = new Http(URI.create(first.baseUrl()), null);
      http.post("/admin" + db + "/branches/f/schema-changes",
          "{\"changes\": [{\"keyspace\": \"customer\", \"sql\": \"ALTER TABLE t ADD COLUMN c INT\"}]}");
      http.post(db + "/deploy-requests", "{\"branch\": \"f\"}");
      http.post(db + "/deploy-requests", "{\"branch\": \"f\"}");
    }
    try (PlanetScaleServer second = PlanetScaleServer.builder(store, backend).clock(clock).tickEvery(null).start()) {
      Http http = new Http(URI.create(second.baseUrl()), null);
      assertThat(http.get(db + "/deploy-requests/2").json().get("id").asText()).isEqualTo("o/d/2");
      http.post(db + "/branches", "{\"name\": \"g\"}");
      assertThat(http.post(db + "/deploy-requests", "{\"branch\": \"g\"}").json().get("number").asLong())
          .isEqualTo(3);
    }
  }
}
