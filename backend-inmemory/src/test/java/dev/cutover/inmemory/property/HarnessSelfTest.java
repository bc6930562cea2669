package dev.cutover.inmemory.property;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.ForwardingMigrationBackend;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.core.spi.RowQuery;
import dev.cutover.core.spi.RowsRead;
import dev.cutover.inmemory.cli.Main;
import dev.cutover.inmemory.scenario.ScenarioFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself: it generates valid scenarios, and it catches, shrinks and writes a broken timeline. */
class HarnessSelfTest {

  @TempDir
  Path dir;

  @AfterEach
  void honest() {
    Observer.tamper = UnaryOperator.identity();
  }

  @Test
  void theGeneratorIsDeterministicAndItsScenariosAreValidFiles() {
    for (long seed = 0; seed < 300; seed++) {
      ObjectNode a = ScenarioGenerator.generate(seed);
      assertThat(ScenarioGenerator.generate(seed)).as("seed %d", seed).isEqualTo(a);
      ScenarioFiles.parse(a.toString()); // throws, naming the field, if the generator wrote an invalid file
    }
  }

  @Test
  void shardNamesAreKeyRanges() {
    assertThat(ScenarioGenerator.shardNames(1)).containsExactly("-");
    assertThat(ScenarioGenerator.shardNames(2)).containsExactly("-80", "80-");
    assertThat(ScenarioGenerator.shardNames(4)).containsExactly("-40", "40-80", "80-c0", "c0-");
    assertThat(ScenarioGenerator.shardNames(8)).hasSize(8).startsWith("-20").endsWith("e0-");
  }

  /**
   * A backend that tells the driver every running row is ready to complete opens the gate early;
   * invariant 2 checks the true rows, so it must catch it, shrink it, and write a file that
   * bin/cutover simulate replays.
   */
  @Test
  void aBackendLyingAboutReadinessIsCaughtShrunkAndWrittenAsAReplayableFile() throws Exception {
    Observer.tamper = LyingBackend::new;
    PropertyHarness.Report report = PropertyHarness.run(1, 200, dir);
    assertThat(report.failure()).as("the lie went unnoticed in %d scenarios", report.scenarios()).isNotNull();
    PropertyHarness.Failure failure = report.failure();
    assertThat(failure.violation().invariant()).isEqualTo(Invariant.GATED_COMPLETION);
    assertThat(Files.exists(failure.file())).isTrue();
    assertThat(failure.shrunk().get("requests").size()).isEqualTo(1);
    assertThat(failure.describe()).contains("seed " + failure.seed(), "invariant 2", failure.file().toString());

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = Main.run(new String[] {"simulate", failure.file().toString(), "--jsonl"},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8));
    assertThat(status).isZero(); // the file replays (honestly: the lie lived in the harness's layer)
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"final\"");
  }

  /** Reports every running row as ready to complete. */
  private static final class LyingBackend extends ForwardingMigrationBackend {
    LyingBackend(MigrationBackend delegate) {
      super(delegate);
    }

    @Override
    public RowsRead readRows(List<RowQuery> queries) throws BackendException {
      RowsRead read = delegate().readRows(queries);
      Map<RowQuery, List<MigrationRow>> rows = new HashMap<>();
      read.rows().forEach((q, list) -> {
        List<MigrationRow> lied = new ArrayList<>();
        for (MigrationRow r : list) {
          lied.add(r.status().equals("running")
              ? new MigrationRow(r.handle(), r.shard(), "running", true, r.progress(), r.message()) : r);
        }
        rows.put(q, lied);
      });
      return new RowsRead(rows, read.failures());
    }
  }
}
