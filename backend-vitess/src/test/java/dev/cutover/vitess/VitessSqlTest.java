package dev.cutover.vitess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.MigrationHandle;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Nothing a user types reaches vtgate unvalidated or unquoted. */
class VitessSqlTest {

  private static final MigrationHandle UUID = new MigrationHandle("a0638f6b_ec7b_11ea_9bf8_000d3a9b8a9a");

  @Test
  void keyspaces_are_validated_and_backtick_quoted() {
    assertThat(VitessSql.keyspace("commerce")).isEqualTo("`commerce`");
    assertThat(VitessSql.keyspace("customer_2-eu")).isEqualTo("`customer_2-eu`");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "com`merce", "commerce; DROP TABLE x", "a b", "ks/0", "-leading", "ks.tbl", "ks\u0000",
      "kś", "x'y", "0123456789012345678901234567890123456789012345678901234567890123456789"})
  void keyspaces_outside_the_identifier_pattern_are_refused(String keyspace) {
    assertThatThrownBy(() -> VitessSql.keyspace(keyspace))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("keyspace:");
  }

  @Test
  void shard_targets_take_key_ranges_only() {
    assertThat(VitessSql.shardTarget("commerce", "-80")).isEqualTo("`commerce:-80`");
    assertThat(VitessSql.shardTarget("commerce", "80-")).isEqualTo("`commerce:80-`");
    assertThat(VitessSql.shardTarget("customer", "0")).isEqualTo("`customer:0`");
    assertThatThrownBy(() -> VitessSql.shardTarget("commerce", "-80`; drop table t; --"))
        .hasMessageStartingWith("shard:");
  }

  @Test
  void uuids_must_be_vitess_online_ddl_uuids() {
    assertThat(VitessSql.uuid(UUID)).isEqualTo("'a0638f6b_ec7b_11ea_9bf8_000d3a9b8a9a'");
    assertThat(VitessSql.isUuid("a0638f6b-ec7b-11ea-9bf8-000d3a9b8a9a")).isFalse();
    assertThat(VitessSql.isUuid("A0638F6B_EC7B_11EA_9BF8_000D3A9B8A9A")).isFalse();
    assertThat(VitessSql.isUuid("a0638f6b_ec7b_11ea_9bf8_000d3a9b8a9a' OR '1'='1")).isFalse();
    assertThat(VitessSql.isUuid(null)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "a0638f6b_ec7b_11ea_9bf8_000d3a9b8a9a'", "' or 1=1 --",
      "a0638f6b_ec7b_11ea_9bf8_000d3a9b8a9a\n", "g0638f6b_ec7b_11ea_9bf8_000d3a9b8a9a"})
  void commands_refuse_a_handle_that_is_not_a_uuid(String value) {
    MigrationHandle handle = new MigrationHandle(value);
    assertThatThrownBy(() -> VitessSql.complete(handle)).hasMessageStartingWith("handle:");
    assertThatThrownBy(() -> VitessSql.cancel(handle)).hasMessageStartingWith("handle:");
    assertThatThrownBy(() -> VitessSql.throttle(handle, 0.5)).hasMessageStartingWith("handle:");
    assertThatThrownBy(() -> VitessSql.revert(handle)).hasMessageStartingWith("handle:");
  }

  @Test
  void literals_are_quoted_text_with_nothing_escaped() {
    assertThat(VitessSql.literal("plain")).isEqualTo("'plain'");
    assertThat(VitessSql.literal("100%_done")).isEqualTo("'100%_done'");
    assertThat(VitessSql.literal("vitess --postpone-completion")).isEqualTo("'vitess --postpone-completion'");
  }

  /** Issue 9, fault 7: a quote or backslash reads differently under NO_BACKSLASH_ESCAPES. */
  @ParameterizedTest
  @ValueSource(strings = {"it's", "back\\slash", "\\'", "x'; DROP TABLE customer; --", "a\nb", "nul\u0000", "del\u007f"})
  void text_that_would_read_differently_under_another_sql_mode_is_never_a_literal(String text) {
    assertThatThrownBy(() -> VitessSql.literal(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("text:");
  }

  @Test
  void contexts_vtgate_accepts_are_sent_as_they_are() {
    assertThat(VitessSql.vitessContext("cutover:db_1:dr-7:1714558530123")).isEqualTo("cutover:db_1:dr-7:1714558530123");
    assertThat(VitessSql.context("tck:0f3c-AB_9")).isEqualTo("'tck:0f3c-AB_9'");
  }

  @Test
  void other_contexts_are_encoded_into_what_vtgate_accepts() {
    assertThat(VitessSql.vitessContext("cutover:db:it's:1")).isEqualTo("e:cutover:db:it_27s:1");
    assertThat(VitessSql.vitessContext("a_b%")).isEqualTo("e:a_5fb_25");
    assertThat(VitessSql.vitessContext("ü")).isEqualTo("e:_c3_bc");
    assertThat(VitessSql.vitessContext("x'; DROP TABLE t; --")).isEqualTo("e:x_27_3b_20DROP_20TABLE_20t_3b_20--");
    // the prefix itself is never passed through, so an encoded context cannot collide with a plain one
    assertThat(VitessSql.vitessContext("e:abc")).isEqualTo("e:e:abc");
    for (String c : List.of("cutover:db:it's:1", "a_b%", "ü", "e:abc", "e:e:abc", "a b", "a_20b", "x\\y", "\n")) {
      assertThat(VitessSql.vitessContext(c)).matches(VitessSql.VITESS_CONTEXT);
    }
    List<String> distinct = List.of("a b", "e:a_20b", "a_20b", "e:a b", "a_b", "e:a_5fb");
    assertThat(distinct.stream().map(VitessSql::vitessContext).distinct()).hasSize(distinct.size());
  }

  /** Issue 9, fault 9: a lone surrogate has no UTF-8 bytes; encoded as '?' it would collide. */
  @Test
  void contexts_with_a_lone_surrogate_are_refused_so_no_two_contexts_share_an_encoding() {
    for (String c : List.of("\uD800", "a\uDC00b", "x\uD83D")) {
      assertThatThrownBy(() -> VitessSql.vitessContext(c)).hasMessageStartingWith("migrationContext: holds a lone surrogate");
    }
    assertThat(VitessSql.vitessContext("?")).isNotEqualTo(VitessSql.vitessContext("\uD83D\uDE00"));
    assertThat(VitessSql.vitessContext("\uD83D\uDE00")).isEqualTo("e:_f0_9f_98_80");
  }

  @Test
  void contexts_are_literals_with_a_length_limit() {
    assertThat(VitessSql.context("cutover:db:it's:1")).isEqualTo("'e:cutover:db:it_27s:1'");
    assertThat(VitessSql.context("x".repeat(1024))).hasSize(1026);
    assertThatThrownBy(() -> VitessSql.context("x".repeat(1025))).hasMessageStartingWith("migrationContext:");
    assertThatThrownBy(() -> VitessSql.context("ü".repeat(200))).hasMessageStartingWith("migrationContext:");
    assertThatThrownBy(() -> VitessSql.context("")).hasMessageStartingWith("migrationContext:");
  }

  @Test
  void commands_are_spelled_as_vitess_expects() {
    assertThat(VitessSql.complete(UUID)).isEqualTo("ALTER VITESS_MIGRATION 'a0638f6b_ec7b_11ea_9bf8_000d3a9b8a9a' COMPLETE");
    assertThat(VitessSql.cancel(UUID)).isEqualTo("ALTER VITESS_MIGRATION 'a0638f6b_ec7b_11ea_9bf8_000d3a9b8a9a' CANCEL");
    assertThat(VitessSql.throttle(UUID, 0.5))
        .isEqualTo("ALTER VITESS_MIGRATION 'a0638f6b_ec7b_11ea_9bf8_000d3a9b8a9a' THROTTLE RATIO 0.5");
    assertThat(VitessSql.throttle(UUID, 0.95)).endsWith("THROTTLE RATIO 0.95");
    assertThat(VitessSql.throttle(UUID, 1e-3)).endsWith("THROTTLE RATIO 0.001");
    assertThat(VitessSql.throttle(UUID, 0)).isEqualTo("ALTER VITESS_MIGRATION 'a0638f6b_ec7b_11ea_9bf8_000d3a9b8a9a' UNTHROTTLE");
    assertThat(VitessSql.revert(UUID)).isEqualTo("REVERT VITESS_MIGRATION 'a0638f6b_ec7b_11ea_9bf8_000d3a9b8a9a'");
    assertThat(VitessSql.use("commerce")).isEqualTo("USE `commerce`");
    assertThat(VitessSql.setMigrationContext("c")).isEqualTo("SET @@migration_context = 'c'");
    assertThat(VitessSql.setDdlStrategy(VitessBackend.ONLINE_STRATEGY))
        .isEqualTo("SET @@ddl_strategy = 'vitess --postpone-completion --allow-concurrent'");
  }

  @Test
  void throttle_ratios_outside_zero_to_one_are_refused() {
    assertThatThrownBy(() -> VitessSql.throttle(UUID, -0.1)).hasMessageStartingWith("ratio:");
    assertThatThrownBy(() -> VitessSql.throttle(UUID, 1.5)).hasMessageStartingWith("ratio:");
    assertThatThrownBy(() -> VitessSql.throttle(UUID, Double.NaN)).hasMessageStartingWith("ratio:");
  }

  @Test
  void migrations_are_read_by_context_equality_never_like() {
    assertThat(VitessSql.showMigrations("commerce", List.of("a_b%", "it's"), "_vt"))
        .isEqualTo("SHOW VITESS_MIGRATIONS FROM `commerce` WHERE migration_context IN ('e:a_5fb_25', 'e:it_27s')"
            + " OR reverted_uuid IN (SELECT migration_uuid FROM `_vt`.schema_migrations"
            + " WHERE migration_context IN ('e:a_5fb_25', 'e:it_27s'))");
    assertThat(VitessSql.showMigrations("commerce", List.of("cutover:db:r1:5"), "_vt"))
        .startsWith("SHOW VITESS_MIGRATIONS FROM `commerce` WHERE migration_context IN ('cutover:db:r1:5')");
    assertThatThrownBy(() -> VitessSql.showMigrations("commerce", List.of(), "_vt"))
        .hasMessageStartingWith("contexts:");
    assertThatThrownBy(() -> VitessSql.showMigrations("comm`erce", List.of("x"), "_vt"))
        .hasMessageStartingWith("keyspace:");
    assertThatThrownBy(() -> VitessSql.showMigrations("commerce", List.of("x"), "_vt`.x; --"))
        .hasMessageStartingWith("sidecarDatabase:");
  }

  @Test
  void a_change_is_exactly_one_statement() {
    assertThat(VitessSql.singleStatement("ALTER TABLE t ADD COLUMN c INT;  ")).isEqualTo("ALTER TABLE t ADD COLUMN c INT");
    assertThat(VitessSql.singleStatement("ALTER TABLE t COMMENT 'a;b'")).isEqualTo("ALTER TABLE t COMMENT 'a;b'");
    assertThatThrownBy(() -> VitessSql.singleStatement("ALTER TABLE t ADD c INT; DROP TABLE u"))
        .hasMessageContaining("exactly one statement");
    assertThatThrownBy(() -> VitessSql.singleStatement("  ;  -- nothing\n"))
        .hasMessageContaining("exactly one statement");
  }
}
