package dev.cutover.vitess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.Change;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 23: the test kit's extension hands a test the running cluster, as a user's test would get it. */
@ExtendWith(VitessClusterExtension.class)
class VitessClusterExtensionTest {

  @Test
  void theExportLinesOfClusterShEnvAreRead() {
    Map<String, String> env = VitessClusterExtension.parseExports(
        "export CUTOVER_VTGATE_URL=jdbc:mysql://127.0.0.1:15306/\nexport CUTOVER_VTGATE_PASSWORD=\nnot an export\n");
    assertThat(env).containsEntry("CUTOVER_VTGATE_URL", "jdbc:mysql://127.0.0.1:15306/")
        .containsEntry("CUTOVER_VTGATE_PASSWORD", "").hasSize(2);
  }

  @Test
  void theClusterScriptsEnvNamesAVtgate(VitessCluster cluster) {
    // run only where a cluster is up (the parameter skips otherwise): the script's env then names it
    Map<String, String> env = VitessClusterExtension.scriptEnv(Path.of("src/test/vitess/cluster.sh"));
    assertThat(env.get("CUTOVER_VTGATE_URL")).startsWith("jdbc:mysql://").isEqualTo(cluster.jdbcUrl());
  }

  @Test
  void aTestGetsAJdbcUrlThatAnswersAndTheTopology(VitessCluster cluster) throws Exception {
    try (Connection c = cluster.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT 1")) {
      assertThat(rs.next()).isTrue();
    }
    assertThat(cluster.topology()).containsKeys("commerce", "customer");
    assertThat(cluster.topology().get("commerce")).containsExactly("-80", "80-");
    try (VitessBackend backend = cluster.backend()) {
      assertThat(backend.analyse("r", List.of(new Change("commerce", "ALTER TABLE t ADD COLUMN c INT")))
          .changes().get(0).lintError()).isNull();
    }
  }
}
