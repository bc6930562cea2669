package dev.cutover.vitess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.MigrationRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rows the backend hands to the core share their handles, statuses and shards, so that the
 * derivation's reference comparisons (DeployMachine.countInOrder, RowClass.of) hit. No cluster.
 */
class RowInternerTest {

  private static final String UUID_A = "6ec1e4ee_3b2a_11ef_9f2c_0242ac120002";
  private static final String UUID_B = "7ad2f5ff_3b2a_11ef_9f2c_0242ac120002";

  /** A record as MigrationRecord.readAll makes it: every text a fresh instance, as JDBC gives it. */
  private static MigrationRecord record(String uuid, String shard, String status) {
    return new MigrationRecord(new String(uuid), new String(shard), new String(status), "ctx", false, 10, -1, "",
        null, 1, "", null);
  }

  @Test
  void the_rows_of_one_migration_in_one_read_share_one_handle() {
    RowInterner interner = new RowInterner(RowInterner.DEFAULT_CAPACITY);
    MigrationRow left = record(UUID_A, "-80", "running").toRow(interner);
    MigrationRow right = record(UUID_A, "80-", "running").toRow(interner);
    MigrationRow other = record(UUID_B, "-80", "running").toRow(interner);
    assertThat(right.handle()).isSameAs(left.handle());
    assertThat(other.handle()).isNotSameAs(left.handle()).isNotEqualTo(left.handle());
  }

  @Test
  void a_migration_read_again_keeps_its_handle_and_a_submitted_one_is_the_handle_submit_answered() {
    RowInterner interner = new RowInterner(RowInterner.DEFAULT_CAPACITY);
    MigrationRow first = record(UUID_A, "-80", "running").toRow(interner);
    MigrationRow later = record(UUID_A, "-80", "complete").toRow(interner);
    assertThat(later.handle()).isSameAs(first.handle());
    var submitted = interner.handle(new String(UUID_B));
    assertThat(record(UUID_B, "-80", "queued").toRow(interner).handle()).isSameAs(submitted);
  }

  @Test
  void statuses_are_the_literals_the_core_compares_against() {
    RowInterner interner = new RowInterner(RowInterner.DEFAULT_CAPACITY);
    for (String status : List.of("queued", "ready", "running", "complete", "failed", "cancelled", "requested")) {
      assertThat(record(UUID_A, "-80", status).toRow(interner).status()).as(status).isSameAs(status.intern());
    }
    assertThat(record(UUID_A, "-80", "running").toRow(interner).status()).isSameAs("running");
    assertThat(record(UUID_A, "-80", "complete").toRow(interner).status()).isSameAs("complete");
    assertThat(record(UUID_A, "-80", "unheard-of").toRow(interner).status()).isEqualTo("unheard-of");
  }

  @Test
  void shards_are_reused_across_rows_and_reads() {
    RowInterner interner = new RowInterner(RowInterner.DEFAULT_CAPACITY);
    String listed = interner.shard(new String("-80"));
    assertThat(record(UUID_A, "-80", "running").toRow(interner).shard()).isSameAs(listed);
    assertThat(record(UUID_B, "-80", "running").toRow(interner).shard()).isSameAs(listed);
  }

  @Test
  void the_handles_kept_are_bounded_and_the_least_recently_read_go_first() {
    RowInterner interner = new RowInterner(3);
    var a = interner.handle(new String(UUID_A));
    for (int i = 0; i < 10; i++) {
      interner.handle(String.format("%08x_0000_11ef_9f2c_0242ac120002", i));
      interner.handle(new String(UUID_A)); // read every time, as an active migration is
    }
    assertThat(interner.handles()).isEqualTo(3);
    assertThat(interner.handle(new String(UUID_A))).isSameAs(a);
    var evicted = interner.handle("00000000_0000_11ef_9f2c_0242ac120002");
    assertThat(interner.handle("00000000_0000_11ef_9f2c_0242ac120002")).isSameAs(evicted);
  }
}
