package dev.cutover.planetscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.inmemory.VirtualClock;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A restart over a persistent store and a persistent catalog store lists every request as it was:
 * branch, into branch, notes, reviews, actors, closed state, the branches and their changes, and
 * numbering goes on. A damaged saved catalog stops the server and is not saved over.
 */
class CatalogRestartTest {

  private static final String DB = "/v1/organizations/o/databases/d";

  /** A catalog store that keeps the document in a field, as a table would across restarts. */
  static final class KeptCatalog implements CatalogStore {
    String document;
    final List<String> saves = new ArrayList<>();
    boolean failing;

    @Override
    public Optional<String> load() {
      return Optional.ofNullable(document);
    }

    @Override
    public void save(String document) {
      if (failing) {
        throw new IllegalStateException("the table is gone");
      }
      this.document = document;
      saves.add(document);
    }
  }

  private static PlanetScaleServer start(DeployRequestStore store, MigrationBackend backend, VirtualClock clock,
      CatalogStore catalog) throws Exception {
    return PlanetScaleServer.builder(store, backend).clock(clock).tickEvery(null).token("ci", "s3cret")
        .catalogStore(catalog).start();
  }

  /** The answer as text with the server's address left out (each server has its own port). */
  private static String portless(JsonNode answer) {
    return answer.toString().replaceAll("http://127\\.0\\.0\\.1:[0-9]+/", "http://SERVER/");
  }

  @Test
  void aRestartListsEveryRequestAsItWas_andNumberingGoesOn() throws Exception {
    VirtualClock clock = VirtualClock.atEpoch();
    InMemoryDeployRequestStore store = new InMemoryDeployRequestStore();
    MigrationBackend backend = ServeConfig.ofDefaults().inMemoryBackend(clock);
    KeptCatalog catalog = new KeptCatalog();
    JsonNode before;
    JsonNode closedBefore;
    JsonNode reviewsBefore;
    JsonNode branchesBefore;
    try (PlanetScaleServer first = start(store, backend, clock, catalog)) {
      Http http = new Http(URI.create(first.baseUrl()), "ci:s3cret");
      http.post(DB + "/branches", "{\"name\": \"feature\"}");
      http.post("/admin" + DB + "/branches/feature/schema-changes",
          "{\"changes\": [{\"keyspace\": \"customer\", \"sql\": \"ALTER TABLE t ADD COLUMN c INT\"}]}");
      assertThat(http.post(DB + "/deploy-requests", "{\"branch\": \"feature\", \"notes\": \"add c\"}").status())
          .isEqualTo(201);
      http.post(DB + "/deploy-requests/1/reviews", "{\"state\": \"commented\", \"body\": \"looks fine\"}");
      http.post(DB + "/deploy-requests", "{\"branch\": \"feature\", \"notes\": \"second\"}");
      http.send("PATCH", DB + "/deploy-requests/2", "{\"state\": \"closed\"}");
      before = http.get(DB + "/deploy-requests/1").json();
      closedBefore = http.get(DB + "/deploy-requests/2").json();
      reviewsBefore = http.get(DB + "/deploy-requests/1/reviews").json();
      branchesBefore = http.get(DB + "/branches").json();
    }
    assertThat(catalog.document).contains("add c", "looks fine");

    try (PlanetScaleServer second = start(store, backend, clock, catalog)) {
      Http http = new Http(URI.create(second.baseUrl()), "ci:s3cret");
      JsonNode after = http.get(DB + "/deploy-requests/1").json();
      assertThat(after.get("branch").asText()).isEqualTo("feature");
      assertThat(after.get("into_branch").asText()).isEqualTo("main");
      assertThat(after.get("notes").asText()).isEqualTo("add c");
      assertThat(after.get("actor").get("id").asText()).isEqualTo("ci");
      assertThat(portless(after)).isEqualTo(portless(before));
      assertThat(portless(http.get(DB + "/deploy-requests/2").json())).isEqualTo(portless(closedBefore));
      assertThat(portless(http.get(DB + "/deploy-requests/1/reviews").json())).isEqualTo(portless(reviewsBefore));
      assertThat(portless(http.get(DB + "/branches").json())).isEqualTo(portless(branchesBefore));
      assertThat(http.get("/admin" + DB + "/branches/feature/schema-changes").json().toString())
          .contains("ALTER TABLE t ADD COLUMN c INT");
      assertThat(http.post(DB + "/deploy-requests", "{\"branch\": \"feature\"}").json().get("number").asLong())
          .isEqualTo(3);
    }
  }

  @Test
  void aDamagedSavedCatalogStopsTheServerNamingTheField_andIsNotSavedOver() throws Exception {
    VirtualClock clock = VirtualClock.atEpoch();
    InMemoryDeployRequestStore store = new InMemoryDeployRequestStore();
    MigrationBackend backend = ServeConfig.ofDefaults().inMemoryBackend(clock);
    KeptCatalog catalog = new KeptCatalog();
    try (PlanetScaleServer first = start(store, backend, clock, catalog)) {
      Http http = new Http(URI.create(first.baseUrl()), "ci:s3cret");
      http.post(DB + "/branches", "{\"name\": \"feature\"}");
      http.post("/admin" + DB + "/branches/feature/schema-changes",
          "{\"changes\": [{\"keyspace\": \"customer\", \"sql\": \"ALTER TABLE t ADD COLUMN c INT\"}]}");
      http.post(DB + "/deploy-requests", "{\"branch\": \"feature\", \"notes\": \"add c\"}");
    }
    String damaged = catalog.document.replace("\"notes\":\"add c\"", "\"notes\":7");
    assertThat(damaged).isNotEqualTo(catalog.document);
    catalog.document = damaged;
    int saves = catalog.saves.size();
    assertThatThrownBy(() -> start(store, backend, clock, catalog)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("catalog.databases[0].requests[0].notes: must be a string");
    assertThat(catalog.document).isEqualTo(damaged);
    assertThat(catalog.saves).hasSize(saves);

    catalog.document = damaged.replace("\"format\":1", "\"format\":2");
    assertThatThrownBy(() -> start(store, backend, clock, catalog)).hasMessageContaining("catalog.format");
  }

  @Test
  void aFailedSave_isLoggedAndSavedAgainAfterTheNextChange_theCallsAnswerStands() throws Exception {
    VirtualClock clock = VirtualClock.atEpoch();
    KeptCatalog catalog = new KeptCatalog();
    try (PlanetScaleServer s = start(new InMemoryDeployRequestStore(), ServeConfig.ofDefaults().inMemoryBackend(clock),
        clock, catalog)) {
      Http http = new Http(URI.create(s.baseUrl()), "ci:s3cret");
      catalog.failing = true;
      assertThat(http.post(DB + "/branches", "{\"name\": \"one\"}").status()).isEqualTo(201);
      assertThat(catalog.document == null || !catalog.document.contains("\"one\"")).isTrue();
      catalog.failing = false;
      http.post(DB + "/branches", "{\"name\": \"two\"}");
      assertThat(catalog.document).contains("\"one\"", "\"two\"");
      int saves = catalog.saves.size();
      http.get(DB + "/branches");
      http.post(DB + "/deploy-requests/99/cancel", "");
      assertThat(catalog.saves).as("nothing changed: nothing saved").hasSize(saves);
    }
  }

  @Test
  void anIdempotencyKey_isKeptAcrossARestart_soARetryAfterACrashGetsTheSameRequest() throws Exception {
    VirtualClock clock = VirtualClock.atEpoch();
    InMemoryDeployRequestStore store = new InMemoryDeployRequestStore();
    MigrationBackend backend = ServeConfig.ofDefaults().inMemoryBackend(clock);
    KeptCatalog catalog = new KeptCatalog();
    try (PlanetScaleServer first = start(store, backend, clock, catalog)) {
      Http http = new Http(URI.create(first.baseUrl()), "ci:s3cret");
      http.post("/admin" + DB + "/branches/feature/schema-changes",
          "{\"changes\": [{\"keyspace\": \"customer\", \"sql\": \"ALTER TABLE t ADD COLUMN c INT\"}]}");
      assertThat(http.send("POST", DB + "/deploy-requests", "{\"branch\": \"feature\"}", "Idempotency-Key", "retry-7")
          .json().get("number").asLong()).isEqualTo(1);
    }
    try (PlanetScaleServer second = start(store, backend, clock, catalog)) {
      Http http = new Http(URI.create(second.baseUrl()), "ci:s3cret");
      Http.Answer retried = http.send("POST", DB + "/deploy-requests", "{\"branch\": \"feature\"}", "Idempotency-Key",
          "retry-7");
      assertThat(retried.status()).isEqualTo(201);
      assertThat(retried.json().get("number").asLong()).isEqualTo(1);
      assertThat(store.list()).hasSize(1);
      Http.Answer otherToken = new Http(URI.create(second.baseUrl()), "ci:s3cret").send("POST", DB + "/deploy-requests",
          "{\"branch\": \"feature\"}", "Idempotency-Key", "retry-8");
      assertThat(otherToken.json().get("number").asLong()).isEqualTo(2);
    }
  }
}
