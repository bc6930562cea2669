package dev.cutover.vitess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.Change;
import dev.cutover.core.CommandState;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.HistoryEntry;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.SubmissionIntent;
import dev.cutover.core.SubmittedChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store's JSON keeps every field of a request, nullable ones included. */
class DeployRequestJsonTest {

  /** A request with every field set to something other than its default. */
  static DeployRequest everyFieldSet() {
    Instant t0 = Instant.parse("2024-05-01T10:15:30.123456789Z");
    return new DeployRequest(
        "dr-1 \"quoted\" 'single' \\ ünï",
        "db_1",
        List.of(new Change("commerce", "ALTER TABLE customer ADD COLUMN note VARCHAR(8) DEFAULT 'a;b';"),
            new Change("customer", "ALTER TABLE item ADD COLUMN x INT")),
        DeployOptions.custom().autoApply(false).instant(true).revertWindow(Duration.ofSeconds(90, 5))
            .requiresApproval(true).build(),
        "cutover:db_1:dr-1:1714558530123",
        t0,
        42,
        DeployState.IN_PROGRESS_REVERT,
        List.of(new HistoryEntry(t0, DeployState.PENDING), new HistoryEntry(t0.plusMillis(1), DeployState.READY),
            new HistoryEntry(t0.plusSeconds(2), DeployState.IN_PROGRESS_REVERT)),
        true,
        List.of(true, false),
        List.of("change 0: boom", "second\nline"),
        List.of("warned once"),
        7,
        List.of(
            new SubmittedChange(0, new MigrationHandle("a0638f6b_ec7b_11ea_9bf8_000d3a9b8a9a"), List.of("-80", "80-"),
                CommandState.DONE, CommandState.FAILED, 0.25,
                new MigrationHandle("b0638f6b_ec7b_11ea_9bf8_000d3a9b8a9a"), List.of("-80", "80-")),
            new SubmittedChange(1, new MigrationHandle("c0638f6b_ec7b_11ea_9bf8_000d3a9b8a9a"), List.of("0"),
                CommandState.REQUESTED, CommandState.NONE, 0.1 + 0.2, null, List.of())),
        new SubmissionIntent(SubmissionIntent.Kind.REVERT, 1, t0.plusSeconds(3), "driver-7"),
        0.95,
        t0.plus(Duration.ofMinutes(30)));
  }

  @Test
  void every_field_round_trips() {
    DeployRequest r = everyFieldSet();
    assertThat(DeployRequestJson.read(DeployRequestJson.write(r))).isEqualTo(r);
  }

  @Test
  void nullable_fields_round_trip_as_null() {
    DeployRequest r = DeployRequest.create("r2", "db", List.of(new Change("commerce", "ALTER TABLE t ADD x INT")),
        DeployOptions.ofDefaults(), Instant.EPOCH);
    assertThat(r.pendingSubmission()).isNull();
    assertThat(r.revertExpiresAt()).isNull();
    String json = DeployRequestJson.write(r);
    assertThat(json).contains("\"pendingSubmission\":null").contains("\"revertExpiresAt\":null");
    assertThat(DeployRequestJson.read(json)).isEqualTo(r);
  }

  @Test
  void states_are_stored_by_their_wire_names() {
    assertThat(DeployRequestJson.write(everyFieldSet())).contains("\"state\":\"in_progress_revert\"");
  }

  @Test
  void a_broken_document_is_refused_naming_the_field() {
    String json = DeployRequestJson.write(everyFieldSet());
    assertThatThrownBy(() -> DeployRequestJson.read(json.replace("\"database\":\"db_1\",", "")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("database:");
    assertThatThrownBy(() -> DeployRequestJson.read(json.replace("\"format\":1", "\"format\":99")))
        .hasMessageStartingWith("format:");
    assertThatThrownBy(() -> DeployRequestJson.read("[1]")).hasMessageStartingWith("json:");
    assertThatThrownBy(() -> DeployRequestJson.read("{")).hasMessageStartingWith("json:");
  }
}
