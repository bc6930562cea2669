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
  void rowsInShardOrderAreFoundByPosition() {
    RowIndex index = new RowIndex(List.of(row(A, "-40", "running"), row(A, "40-80", "queued"),
        row(A, "80-", "complete"), row(B, "-40", "failed")));
    RowIndex.Rows a = index.of(A);
    assertThat(a.alignedWith(SHARDS)).isTrue();
    assertThat(a.at(2).status()).isEqualTo("complete");
    assertThat(index.of(B).alignedWith(SHARDS)).isFalse();
    assertThat(index.of(B).of("-40").status()).isEqualTo("failed");
    assertThat(index.of(new MigrationHandle("c"))).isNull();
  }

  @Test
  void rowsInAnotherOrderInterleavedOrRepeatedAreFoundByShard_theLastOneCounts() {
    RowIndex index = new RowIndex(List.of(row(A, "80-", "running"), row(B, "-40", "running"),
        row(A, "-40", "queued"), row(A, "40-80", "running"), row(A, "-40", "complete")));
    RowIndex.Rows a = index.of(A);
    assertThat(a.alignedWith(SHARDS)).isFalse();
    assertThat(a.of("-40").status()).isEqualTo("complete");
    assertThat(a.of("80-").status()).isEqualTo("running");
    assertThat(a.of("nope")).isNull();
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
}
