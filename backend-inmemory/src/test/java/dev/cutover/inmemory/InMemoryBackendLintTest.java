package dev.cutover.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.Analysis;
import dev.cutover.core.Change;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.DdlLint;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 22, item 14: the simulator behind {@code serve} refuses what the Vitess backend's lint
 * refuses, with the same message, so that a flow never passes on the simulator and fails on Vitess.
 * Before, it accepted every statement below.
 */
class InMemoryBackendLintTest {

  private final InMemoryBackend backend = InMemoryBackend.builder().keyspace("commerce", "-80", "80-")
      .clock(VirtualClock.atEpoch()).build();

  private Analysis.ChangeAnalysis analysed(String sql) throws BackendException {
    return backend.analyse("dr-1", List.of(new Change("commerce", sql))).changes().get(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "DROP DATABASE commerce",
      "GRANT ALL ON *.* TO 'x'@'%'",
      "SET GLOBAL read_only = 1",
      "CREATE USER x IDENTIFIED BY 'y'",
      "TRUNCATE TABLE customer",
      "DELETE FROM customer",
      "ALTER TABLE /*!50000 customer */ ADD c INT",
      "ALTER TABLE customer.t ADD c INT",
      "ALTER TABLE customer RENAME TO client",
      "DROP TABLE a, b",
      "ALTER TABLE mysql.user ADD c INT"})
  void theSimulatorRefusesWhatTheVitessLintRefuses_withItsMessage(String sql) throws BackendException {
    String vitess = DdlLint.analyse(new Change("commerce", sql)).lintError();
    assertThat(vitess).as("the Vitess lint refuses '%s'", sql).isNotNull();
    assertThat(analysed(sql).lintError()).isEqualTo(vitess);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "ALTER TABLE customer ADD COLUMN email VARCHAR(255)",
      "CREATE TABLE t1 (id BIGINT PRIMARY KEY)",
      "DROP TABLE IF EXISTS t1",
      "CREATE VIEW v AS SELECT id FROM customer"})
  void whatTheVitessLintAcceptsTheSimulatorAccepts(String sql) throws BackendException {
    assertThat(DdlLint.analyse(new Change("commerce", sql)).lintError()).isNull();
    assertThat(analysed(sql).lintError()).isNull();
  }
}
