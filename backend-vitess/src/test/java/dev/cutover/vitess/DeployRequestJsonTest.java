package dev.cutover.vitess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.Cause;
import dev.cutover.core.Change;
import dev.cutover.core.CommandState;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.HistoryEntry;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.SubmissionIntent;
import dev.cutover.core.SubmittedChange;
import dev.cutover.core.VSchemaApplication;
import dev.cutover.core.VSchemaChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
            .requiresApproval(true).holdQueueOnFailure(true).build(),
        "cutover:db_1:dr-1:1714558530123",
        t0,
        42,
        DeployState.IN_PROGRESS_REVERT,
        List.of(new HistoryEntry(t0, DeployState.PENDING),
            new HistoryEntry(t0.plusMillis(1), DeployState.READY, Cause.ANALYSED),
            new HistoryEntry(t0.plusSeconds(2), DeployState.IN_PROGRESS_REVERT, Cause.REVERT)),
        true,
        List.of(true, false),
        List.of("change 0: boom", "second\nline"),
        List.of("warned once"),
        7,
        List.of(
            new SubmittedChange(0, new MigrationHandle("a0638f6b_ec7b_11ea_9bf8_000d3a9b8a9a"), List.of("-80", "80-"),
                CommandState.DONE, CommandState.FAILED, 0.25,
                new MigrationHandle("b0638f6b_ec7b_11ea_9bf8_000d3a9b8a9a"), List.of("-80", "80-"), CommandState.REQUESTED),
            new SubmittedChange(1, new MigrationHandle("c0638f6b_ec7b_11ea_9bf8_000d3a9b8a9a"), List.of("0"),
                CommandState.REQUESTED, CommandState.NONE, 0.1 + 0.2, null, List.of())),
        new SubmissionIntent(SubmissionIntent.Kind.REVERT, 1, t0.plusSeconds(3), "driver-7", true),
        0.95,
        t0.plus(Duration.ofMinutes(30)),
        false,
        true,
        java.util.Map.of("commerce", 0.5, "customer", 0.0),
        true,
        List.of(new VSchemaChange("commerce", " {\"sharded\": true,\n \"tables\": {\"ünï\": {}}} "),
            new VSchemaChange("customer", "{}")),
        List.of(new VSchemaApplication("commerce", "{\n  \"sharded\": true\n}", CommandState.DONE,
            CommandState.REQUESTED)));
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

  /** Decision 117: each history entry keeps the cause of its move; one stored before it reads without. */
  @Test
  void history_causes_round_trip_and_an_entry_stored_without_one_reads_as_none() throws Exception {
    DeployRequest r = everyFieldSet();
    String json = DeployRequestJson.write(r);
    assertThat(json).contains("\"state\":\"ready\",\"cause\":\"ANALYSED\"");
    assertThat(DeployRequestJson.read(json).history()).extracting(HistoryEntry::cause)
        .containsExactly(null, Cause.ANALYSED, Cause.REVERT);
    String old = edited(o -> o.get("history").forEach(h -> ((ObjectNode) h).remove("cause")));
    assertThat(DeployRequestJson.read(old).history()).extracting(HistoryEntry::cause).containsOnlyNulls();
    assertThat(DeployRequestJson.read(old).history()).extracting(HistoryEntry::state)
        .containsExactly(DeployState.PENDING, DeployState.READY, DeployState.IN_PROGRESS_REVERT);
    String none = edited(o -> ((ObjectNode) ((ArrayNode) o.get("history")).get(1)).putNull("cause"));
    assertThat(DeployRequestJson.read(none).history().get(1).cause()).isNull();
    String wrong = edited(o -> ((ObjectNode) ((ArrayNode) o.get("history")).get(2)).put("cause", "guessed"));
    assertThatThrownBy(() -> DeployRequestJson.read(wrong)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("history[2].cause: must be one of").hasMessageContaining("'guessed'");
  }

  /** Issue 7: requests stored before section 7 still load, open and with nothing of section 7 set. */
  @Test
  void a_request_stored_before_section_7_reads_as_open_with_nothing_of_section_7_set() throws Exception {
    String old = edited(o -> {
      o.remove(List.of("open", "unblocked", "keyspaceThrottles", "forceCutoverWanted"));
      ((ObjectNode) o.get("options")).remove("holdQueueOnFailure");
      o.get("submitted").forEach(sc -> ((ObjectNode) sc).remove("forcedCutover"));
    });
    DeployRequest r = DeployRequestJson.read(old);
    assertThat(r.open()).isTrue();
    assertThat(r.unblocked()).isFalse();
    assertThat(r.keyspaceThrottles()).isEmpty();
    assertThat(r.forceCutoverWanted()).isFalse();
    assertThat(r.options().holdQueueOnFailure()).isFalse();
    assertThat(r.submitted()).allSatisfy(sc -> assertThat(sc.forcedCutover()).isEqualTo(CommandState.NONE));
    DeployRequest full = everyFieldSet();
    assertThat(r.id()).isEqualTo(full.id());
    assertThat(r.submitted()).hasSameSizeAs(full.submitted());
  }

  /** Issue 22, item 5: an intent stored before it could be in doubt reads as not in doubt; the flag is checked. */
  @Test
  void an_intent_stored_without_inDoubt_reads_as_not_in_doubt() throws Exception {
    String old = edited(o -> ((ObjectNode) o.get("pendingSubmission")).remove("inDoubt"));
    assertThat(DeployRequestJson.read(old).pendingSubmission().inDoubt()).isFalse();
    assertThat(DeployRequestJson.read(old).pendingSubmission().owner()).isEqualTo("driver-7");
    String wrong = edited(o -> ((ObjectNode) o.get("pendingSubmission")).put("inDoubt", "maybe"));
    assertThatThrownBy(() -> DeployRequestJson.read(wrong)).hasMessageStartingWith("pendingSubmission.inDoubt: must be a boolean");
  }

  @Test
  void section_7_fields_of_the_wrong_type_are_refused_naming_them() throws Exception {
    String open = edited(o -> o.put("open", "yes"));
    assertThatThrownBy(() -> DeployRequestJson.read(open)).hasMessageStartingWith("open: must be a boolean");
    String ratio = edited(o -> ((ObjectNode) o.get("keyspaceThrottles")).put("commerce", "half"));
    assertThatThrownBy(() -> DeployRequestJson.read(ratio)).hasMessageStartingWith("keyspaceThrottles.commerce: must be a finite number");
    String forced = edited(o -> submitted0(o).put("forcedCutover", "yes"));
    assertThatThrownBy(() -> DeployRequestJson.read(forced)).hasMessageStartingWith("submitted[0].forcedCutover: must be one of");
  }

  /** Section 8: the VSchema changes and where each stands, the texts byte for byte; older documents have none. */
  @Test
  void section8_vschemaChangesAndWhereEachStandsRoundTrip() throws Exception {
    DeployRequest r = everyFieldSet();
    DeployRequest back = DeployRequestJson.read(DeployRequestJson.write(r));
    assertThat(back.vschemaChanges()).isEqualTo(r.vschemaChanges()).hasSize(2);
    assertThat(back.vschemaApplications()).isEqualTo(r.vschemaApplications());
    assertThat(back.vschemaApplication("commerce").orElseThrow().earlier()).isEqualTo("{\n  \"sharded\": true\n}");
    String old = edited(o -> o.remove(List.of("vschemaChanges", "vschemaApplications")));
    assertThat(DeployRequestJson.read(old).vschemaChanges()).isEmpty();
    String notJson = edited(o -> ((ObjectNode) o.get("vschemaChanges").get(1)).put("vschema", "[]"));
    assertThatThrownBy(() -> DeployRequestJson.read(notJson))
        .hasMessageStartingWith("vschemaChanges[1]: vschema: must be a JSON object");
    String badState = edited(o -> ((ObjectNode) o.get("vschemaApplications").get(0)).put("application", "SENT"));
    assertThatThrownBy(() -> DeployRequestJson.read(badState))
        .hasMessageStartingWith("vschemaApplications[0].application: must be one of");
    String orphan = edited(o -> ((ArrayNode) o.get("vschemaChanges")).remove(0));
    assertThatThrownBy(() -> DeployRequestJson.read(orphan))
        .hasMessageStartingWith("json: vschemaApplications: keyspace 'commerce' has no VSchema change");
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

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The stored form of {@link #everyFieldSet} with one edit. */
  private static String edited(Consumer<ObjectNode> edit) throws Exception {
    ObjectNode o = (ObjectNode) MAPPER.readTree(DeployRequestJson.write(everyFieldSet()));
    edit.accept(o);
    return MAPPER.writeValueAsString(o);
  }

  private static ObjectNode submitted0(ObjectNode o) {
    return (ObjectNode) ((ArrayNode) o.get("submitted")).get(0);
  }

  /** Issue 9, fault 9: a wrong stored value is refused naming its field, never read as a default. */
  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = '|', value = {
      "queueTicket|\"x\"|queueTicket: must be an integer",
      "queueTicket|-1|queueTicket: must be an integer within [0,",
      "queueTicket|1.5|queueTicket: must be an integer",
      "queueTicket|18446744073709551616|queueTicket: must be an integer",
      "version|\"7\"|version: must be an integer",
      "version|true|version: must be an integer",
      "format|4294967297|format: must be an integer",
      "throttleRatio|\"0.5\"|throttleRatio: must be a finite number",
      "throttleRatio|1e400|throttleRatio: must be a finite number",
      "createdAt|\"yesterday\"|createdAt: must be an ISO-8601 instant",
      "state|\"deployed\"|state: not a deployment state",
      "approved|\"true\"|approved: must be a boolean",
      "id|\"\\ud800x\"|id: holds a lone surrogate at offset 0",
      "migrationContext|\"a\\udc00\"|migrationContext: holds a lone surrogate",
      "errors|[\"\\ud800\"]|errors[0]: holds a lone surrogate",
      "errors|[1]|errors[0]: of the wrong type",
      "changes|{}|changes: must be an array",
      "options|[]|options: must be an object"})
  void a_wrong_top_level_value_is_refused_naming_the_field(String field, String value, String message)
      throws Exception {
    JsonNode v = MAPPER.readTree(value);
    String json = edited(o -> o.set(field, v));
    assertThatThrownBy(() -> DeployRequestJson.read(json)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @ParameterizedTest(name = "submitted[0].{0} = {1}")
  @CsvSource(delimiter = '|', value = {
      "change|4294967296|submitted[0].change: must be a change index within [0, 2)",
      "change|2|submitted[0].change: must be a change index within [0, 2)",
      "change|-1|submitted[0].change: must be a change index",
      "change|\"0\"|submitted[0].change: must be a change index",
      "completion|\"done\"|submitted[0].completion: must be one of",
      "throttle|\"0.1\"|submitted[0].throttle: must be a finite number",
      "shards|[\"-80\", 80]|submitted[0].shards[1]: of the wrong type",
      "revert|7|submitted[0].revert: must be a string"})
  void a_wrong_value_in_a_submitted_change_is_refused_naming_its_path(String field, String value, String message)
      throws Exception {
    JsonNode v = MAPPER.readTree(value);
    String json = edited(o -> submitted0(o).set(field, v));
    assertThatThrownBy(() -> DeployRequestJson.read(json)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void nested_objects_name_their_path() throws Exception {
    String window = edited(o -> ((ObjectNode) o.get("options")).put("revertWindow", "30 minutes"));
    assertThatThrownBy(() -> DeployRequestJson.read(window)).hasMessageStartingWith("options.revertWindow: must be an ISO-8601 duration");
    String pending = edited(o -> ((ObjectNode) o.get("pendingSubmission")).put("change", 4294967296L));
    assertThatThrownBy(() -> DeployRequestJson.read(pending)).hasMessageStartingWith("pendingSubmission.change:");
    String kind = edited(o -> ((ObjectNode) o.get("pendingSubmission")).put("kind", "submit"));
    assertThatThrownBy(() -> DeployRequestJson.read(kind)).hasMessageStartingWith("pendingSubmission.kind: must be one of");
    String history = edited(o -> ((ObjectNode) ((ArrayNode) o.get("history")).get(1)).put("at", 5));
    assertThatThrownBy(() -> DeployRequestJson.read(history)).hasMessageStartingWith("history[1].at: must be a string");
    String sql = edited(o -> ((ObjectNode) ((ArrayNode) o.get("changes")).get(0)).remove("sql"));
    assertThatThrownBy(() -> DeployRequestJson.read(sql)).hasMessageStartingWith("changes[0].sql: missing");
  }
}
