package dev.cutover.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The derivation finds each expected row whatever order the backend reports them in. */
class RowIndexTest {
  private static final MigrationHandle A = new MigrationHandle("a");
  private static final MigrationHandle B = new MigrationHandle("b");
  private static final List<String> SHARDS = List.of("-40", "40-80", "80-");

  private static MigrationRow row(MigrationHandle h, String shard, String status) {
    return MigrationRow.of(h, shard, status, false);
  }

  @Test
  void rowsOfOneMigrationThatComeTogetherAreOneRunInTheOrderRead() {
    RowIndex index = new RowIndex(List.of(row(A, "-40", "running"), row(A, "40-80", "queued"),
        row(A, "80-", "complete"), row(B, "-40", "failed")));
    int a = index.run(A);
    assertThat(index.size(a)).isEqualTo(3);
    assertThat(index.row(a, 2).status()).isEqualTo("complete");
    int b = index.run(new MigrationHandle("b")); // an equal handle, not the same instance
    assertThat(b).isNotEqualTo(a).isNotNegative();
    assertThat(index.size(b)).isEqualTo(1);
    assertThat(index.rowOfShard(b, "-40").status()).isEqualTo("failed");
    assertThat(index.run(new MigrationHandle("c"))).isEqualTo(-1);
  }

  @Test
  void rowsInAnotherOrderInterleavedOrRepeatedAreFoundByShard_theLastOneCounts() {
    RowIndex index = new RowIndex(List.of(row(A, "80-", "running"), row(B, "-40", "running"),
        row(A, "-40", "queued"), row(A, "40-80", "running"), row(A, "-40", "complete")));
    int a = index.run(A);
    assertThat(index.size(a)).isEqualTo(4);
    assertThat(index.row(a, 1).status()).isEqualTo("queued");
    assertThat(index.rowOfShard(a, "-40").status()).isEqualTo("complete");
    assertThat(index.rowOfShard(a, "80-").status()).isEqualTo("running");
    assertThat(index.rowOfShard(a, "nope")).isNull();
    assertThat(index.row(index.run(B), 0).shard()).isEqualTo("-40");
  }

  @Test
  void manyMigrationsAreFoundThroughAMap() {
    List<MigrationRow> read = new java.util.ArrayList<>();
    for (int m = 0; m < 40; m++) {
      read.add(row(new MigrationHandle("m" + m), "-40", m % 2 == 0 ? "running" : "complete"));
    }
    read.add(row(new MigrationHandle("m3"), "40-80", "failed")); // m3 again, not next to its first row
    RowIndex index = new RowIndex(read);
    for (int m = 0; m < 40; m++) {
      int k = index.run(new MigrationHandle("m" + m));
      assertThat(index.rowOfShard(k, "-40").status()).isEqualTo(m % 2 == 0 ? "running" : "complete");
    }
    int m3 = index.run(new MigrationHandle("m3"));
    assertThat(index.size(m3)).isEqualTo(2);
    assertThat(index.row(m3, 1).status()).isEqualTo("failed");
    assertThat(index.run(new MigrationHandle("m40"))).isEqualTo(-1);
  }

  @Test
  void theDerivationUsesTheLastOfARowReportedTwice() {
    DeployRequest r = Fixtures.inProgress();
    List<MigrationRow> rows = new java.util.ArrayList<>(Fixtures.rows(r, "running", true));
    MigrationRow first = rows.get(0);
    rows.add(new MigrationRow(first.handle(), first.shard(), "failed", false, -1, "boom"));
    Plan plan = DeployMachine.plan(r, Fixtures.observe(Fixtures.at(3), false, rows));
    assertThat(plan.request().state()).isEqualTo(DeployState.COMPLETE_ERROR);
  }

  @Test
  void theDerivationCountsRowsReportedOutOfShardOrder() {
    DeployRequest r = Fixtures.inProgress();
    List<MigrationRow> reversed = new java.util.ArrayList<>(Fixtures.rows(r, "running", true));
    java.util.Collections.reverse(reversed);
    Plan plan = DeployMachine.plan(r, Fixtures.observe(Fixtures.at(3), false, reversed));
    assertThat(plan.request().state()).isEqualTo(DeployState.IN_PROGRESS_CUTOVER);
  }

  @Test
  void anUnchangedStepReturnsTheVeryRequestItWasGiven() {
    DeployRequest r = Fixtures.inProgress();
    Plan plan = DeployMachine.plan(r, Fixtures.observe(Fixtures.at(3), false, Fixtures.rows(r, "running", false)));
    assertThat(plan.request()).isSameAs(r);
    assertThat(plan.commands()).isEmpty();
  }

  /**
   * The one-pass count (rows in the order expected) and the indexed count (any other order) agree:
   * for seeded random statuses over the states that watch rows, the plan from the rows in order
   * equals the plan from the same rows reversed (which always takes the index), and from the rows
   * in order with equal copies of the handles and shard names (which takes the one pass through
   * {@code equals}).
   */
  @Test
  void theOnePassAndTheIndexedCountAgree() {
    String[] statuses = {"running", "running", "complete", "queued", "ready", "failed", "cancelled", "requested"};
    java.util.Random random = new java.util.Random(11);
    List<DeployRequest> watching = List.of(Fixtures.inProgress(), Fixtures.pendingCutover(),
        Fixtures.inProgressCutover(), Fixtures.inProgress(DeployOptions.ofDefaults().withAutoApply(true)));
    for (int trial = 0; trial < 2_000; trial++) {
      DeployRequest r = watching.get(trial % watching.size());
      List<MigrationRow> inOrder = new java.util.ArrayList<>();
      for (MigrationRow template : Fixtures.rows(r, "running", false)) {
        String status = statuses[random.nextInt(trial % 3 == 0 ? 2 : statuses.length)];
        inOrder.add(new MigrationRow(template.handle(), template.shard(), status, random.nextInt(4) > 0, -1, ""));
      }
      List<MigrationRow> reversed = new java.util.ArrayList<>(inOrder);
      java.util.Collections.reverse(reversed);
      List<MigrationRow> copies = new java.util.ArrayList<>();
      for (MigrationRow row : inOrder) {
        copies.add(new MigrationRow(new MigrationHandle(new String(row.handle().value())),
            new String(row.shard()), row.status(), row.readyToComplete(), row.progress(), row.message()));
      }
      Plan one = DeployMachine.plan(r, Fixtures.observe(Fixtures.at(3), false, inOrder));
      assertThat(DeployMachine.plan(r, Fixtures.observe(Fixtures.at(3), false, reversed)))
          .as("trial %d: %s", trial, inOrder).isEqualTo(one);
      assertThat(DeployMachine.plan(r, Fixtures.observe(Fixtures.at(3), false, copies)))
          .as("trial %d: %s", trial, inOrder).isEqualTo(one);
    }
  }
}
