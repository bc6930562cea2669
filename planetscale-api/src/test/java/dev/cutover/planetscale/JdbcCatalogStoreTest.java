package dev.cutover.planetscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.inmemory.VirtualClock;
import dev.cutover.vitess.JdbcDeployRequestStore;
import dev.cutover.vitess.SimpleDataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link JdbcCatalogStore} on a real MySQL ({@code CUTOVER_MYSQL_URL}, as {@code cluster.sh env}
 * sets it; skipped without one, required when {@code CUTOVER_REQUIRE_VITESS} is set, as in CI), and
 * {@code cutover serve --store}'s pair of stores across a restart.
 */
class JdbcCatalogStoreTest {

  private static DataSource mysql() {
    String url = System.getenv().getOrDefault("CUTOVER_MYSQL_URL", System.getProperty("cutover.mysql.url", ""));
    String required = System.getenv("CUTOVER_REQUIRE_VITESS");
    if (url.isBlank() && required != null && !required.isBlank() && !required.equals("0")) {
      throw new IllegalStateException("CUTOVER_REQUIRE_VITESS is set, but CUTOVER_MYSQL_URL is not");
    }
    Assumptions.assumeFalse(url.isBlank(), "skipped: CUTOVER_MYSQL_URL is not set");
    return SimpleDataSource.of(url, System.getenv().getOrDefault("CUTOVER_MYSQL_USER", "root"),
        System.getenv("CUTOVER_MYSQL_PASSWORD"));
  }

  private static String table(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static void drop(DataSource ds, String... tables) throws Exception {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      for (String t : tables) {
        st.execute("DROP TABLE IF EXISTS " + t);
      }
    }
  }

  @Test
  void aTableNameThatIsNotAPlainIdentifierIsRefused() {
    DataSource unused = SimpleDataSource.of("jdbc:mysql://127.0.0.1:1/", "root", null);
    assertThatThrownBy(() -> JdbcCatalogStore.create(unused, "x; DROP TABLE y"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("table:");
  }

  @Test
  void theDocumentSavedLastIsTheOneLoaded() throws Exception {
    DataSource ds = mysql();
    String table = table("cat");
    try {
      JdbcCatalogStore store = JdbcCatalogStore.create(ds, table);
      assertThat(store.load()).isEmpty();
      store.save("{\"a\":1}");
      String big = "{\"notes\":\"" + "é".repeat(100_000) + "\"}";
      store.save(big);
      assertThat(JdbcCatalogStore.create(ds, table).load()).contains(big);
    } finally {
      drop(ds, table);
    }
  }

  @Test
  void serveWithAStore_restartsWithItsBranchesNotesAndReviews() throws Exception {
    DataSource ds = mysql();
    String requests = table("dr");
    String catalog = table("cat");
    String db = "/v1/organizations/o/databases/d";
    VirtualClock clock = VirtualClock.atEpoch();
    MigrationBackend backend = ServeConfig.ofDefaults().inMemoryBackend(clock);
    try {
      try (PlanetScaleServer first = PlanetScaleServer.builder(JdbcDeployRequestStore.create(ds, requests), backend)
          .clock(clock).tickEvery(null).catalogStore(JdbcCatalogStore.create(ds, catalog)).start()) {
        Http http = new Http(URI.create(first.baseUrl()), null);
        http.post("/admin" + db + "/branches/feature/schema-changes",
            "{\"changes\": [{\"keyspace\": \"customer\", \"sql\": \"ALTER TABLE t ADD COLUMN c INT\"}]}");
        http.post(db + "/deploy-requests", "{\"branch\": \"feature\", \"notes\": \"add c\"}");
        http.post(db + "/deploy-requests/1/reviews", "{\"body\": \"fine\"}");
      }
      try (PlanetScaleServer second = PlanetScaleServer.builder(JdbcDeployRequestStore.create(ds, requests), backend)
          .clock(clock).tickEvery(null).catalogStore(JdbcCatalogStore.create(ds, catalog)).start()) {
        Http http = new Http(URI.create(second.baseUrl()), null);
        var got = http.get(db + "/deploy-requests/1").json();
        assertThat(got.get("branch").asText()).isEqualTo("feature");
        assertThat(got.get("notes").asText()).isEqualTo("add c");
        assertThat(http.get(db + "/deploy-requests/1/reviews").json().get("data").get(0).get("body").asText())
            .isEqualTo("fine");
        assertThat(http.post(db + "/deploy-requests", "{\"branch\": \"feature\"}").json().get("number").asLong())
            .isEqualTo(2);
      }
    } finally {
      drop(ds, requests, catalog);
    }
  }

  /** Issue 22 item 2 on real MySQL: a row of a newer format stops only its own request's calls. */
  @Test
  void serveWithAStore_aRowOfANewerFormat_answersAnErrorOnItsOwnCallsOnly_andTheServerStillStarts() throws Exception {
    DataSource ds = mysql();
    String requests = table("dr");
    String catalog = table("cat");
    String db = "/v1/organizations/o/databases/d";
    VirtualClock clock = VirtualClock.atEpoch();
    MigrationBackend backend = ServeConfig.ofDefaults().inMemoryBackend(clock);
    try {
      try (PlanetScaleServer first = PlanetScaleServer.builder(JdbcDeployRequestStore.create(ds, requests), backend)
          .clock(clock).tickEvery(null).catalogStore(JdbcCatalogStore.create(ds, catalog)).start()) {
        Http http = new Http(URI.create(first.baseUrl()), null);
        http.post("/admin" + db + "/branches/feature/schema-changes",
            "{\"changes\": [{\"keyspace\": \"customer\", \"sql\": \"ALTER TABLE t ADD COLUMN c INT\"}]}");
        for (int i = 0; i < 3; i++) {
          assertThat(http.post(db + "/deploy-requests", "{\"branch\": \"feature\"}").status()).isEqualTo(201);
        }
      }
      try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
        assertThat(st.executeUpdate("UPDATE " + requests + " SET body = JSON_SET(body, '$.format', 9) WHERE id = 'o/d/2'"))
            .isEqualTo(1);
      }
      try (PlanetScaleServer second = PlanetScaleServer.builder(JdbcDeployRequestStore.create(ds, requests), backend)
          .clock(clock).tickEvery(null).catalogStore(JdbcCatalogStore.create(ds, catalog)).start()) {
        Http http = new Http(URI.create(second.baseUrl()), null);
        Http.Answer own = http.get(db + "/deploy-requests/2");
        assertThat(own.status()).isEqualTo(500);
        assertThat(own.json().get("code").asText()).isEqualTo("unreadable");
        assertThat(own.message()).contains("o/d/2").contains("format");
        assertThat(http.post(db + "/deploy-requests/2/cancel", "{}").status()).isEqualTo(500);
        assertThat(http.get(db + "/deploy-requests").json().get("data")).extracting(r -> r.get("number").asLong())
            .containsExactly(3L, 1L);
        second.tick();
        Http.Answer deployed = http.post(db + "/deploy-requests/1/deploy", "{}");
        assertThat(deployed.status()).as(deployed.raw()).isEqualTo(200);
        Http.Answer created = http.post(db + "/deploy-requests", "{\"branch\": \"feature\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.json().get("number").asLong()).isEqualTo(4);
        assertThat(http.get(db + "/deploy-queue").status()).isEqualTo(200);
      }
    } finally {
      drop(ds, requests, catalog);
    }
  }
}
