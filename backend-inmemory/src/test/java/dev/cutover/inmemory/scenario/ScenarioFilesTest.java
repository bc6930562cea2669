package dev.cutover.inmemory.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.Action;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployState;
import dev.cutover.core.FailureKind;
import dev.cutover.inmemory.BackendOperation;
import dev.cutover.inmemory.MigrationTimings;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Scenario files are read exactly as scenarios.md documents them, and invalid ones are refused naming the field. */
class ScenarioFilesTest {

  private static final String TOPOLOGY = "\"topology\": {\"commerce\": [\"-80\", \"80-\"]}";
  private static final String REQUEST = "{\"id\": \"dr-1\", \"changes\": [{\"keyspace\": \"commerce\", "
      + "\"sql\": \"ALTER TABLE t ADD COLUMN c INT\"}]}";

  /** A valid file with the given extra top-level fields (JSON members, comma-separated). */
  static String file(String extra) {
    return "{" + TOPOLOGY + ", \"requests\": [" + REQUEST + "]" + (extra.isEmpty() ? "" : ", " + extra) + "}";
  }

  @Test
  void everyAbsentFieldTakesItsDocumentedDefault() {
    Scenario s = ScenarioFiles.parse(file("\"actions\": [{\"at\": \"PT1S\", \"do\": \"deploy\"}], "
        + "\"backend\": {\"migrations\": [{\"change\": 0, \"readyAfter\": \"PT2M\"}], "
        + "\"rows\": [{\"change\": 0, \"status\": \"x\"}], \"faults\": [{\"operation\": \"read\"}]}"));
    assertThat(s.name()).isEmpty();
    assertThat(s.pollInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.until()).isEqualTo(Duration.ofHours(2));
    Scenario.Request r = s.requests().get(0);
    assertThat(r.createdAt()).isZero();
    assertThat(r.options()).isEqualTo(DeployOptions.ofDefaults());
    assertThat(s.backend().defaults()).isEqualTo(MigrationTimings.ofDefaults());
    assertThat(s.backend().defaults().readyAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.backend().defaults().revertAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.actions()).containsExactly(new Scenario.ScheduledAction(Duration.ofSeconds(1), "dr-1", Action.deploy()));
    assertThat(s.backend().migrations().get(0).request()).isEqualTo("dr-1");
    assertThat(s.backend().migrations().get(0).shard()).isNull();
    assertThat(s.backend().rows().get(0)).isEqualTo(new Scenario.RowScript(Duration.ZERO, "dr-1", 0, null, "x", false));
    assertThat(s.backend().faults().get(0)).isEqualTo(new Scenario.FaultScript(Duration.ZERO, BackendOperation.READ,
        FailureKind.TRANSIENT, 1, null, null));
    assertThat(s.expect().isEmpty()).isTrue();
  }

  @Test
  void aFileWithAUtf8ByteOrderMarkIsRead_fromAFileAStreamAndText(@TempDir Path dir) throws Exception {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] json = file("").getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[bom.length + json.length];
    System.arraycopy(bom, 0, withBom, 0, bom.length);
    System.arraycopy(json, 0, withBom, bom.length, json.length);
    Path f = dir.resolve("bom.json");
    Files.write(f, withBom);
    Scenario plain = ScenarioFiles.parse(file(""));
    assertThat(ScenarioFiles.read(f)).isEqualTo(plain);
    assertThat(ScenarioFiles.read(new ByteArrayInputStream(withBom))).isEqualTo(plain);
    assertThat(ScenarioFiles.parse("\uFEFF" + file(""))).isEqualTo(plain);
    assertThatThrownBy(() -> ScenarioFiles.parse("\uFEFF\uFEFF" + file("")))
        .as("one mark is ignored, not any number").isInstanceOf(ScenarioException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void aStreamOverTheLimitIsRefusedAfterReadingNoMoreThanIt() {
    byte[] big = new byte[ScenarioFiles.MAX_FILE_BYTES + 10];
    ByteArrayInputStream in = new ByteArrayInputStream(big);
    assertThatThrownBy(() -> ScenarioFiles.read(in)).isInstanceOf(ScenarioException.class)
        .hasMessageContaining("larger than 4 MiB");
    assertThat(in.available()).isEqualTo(9);
  }

  @Test
  void everyDocumentedFieldIsRead() {
    Scenario s = ScenarioFiles.parse("""
        {"name": "n", "pollInterval": "PT2S", "until": "PT1H",
         "topology": {"commerce": ["-80", "80-"], "customer": ["-"]},
         "requests": [
           {"id": "dr-1", "createdAt": "PT0S", "changes": [{"keyspace": "commerce", "sql": "ALTER TABLE a ADD c INT"}],
            "autoApply": false, "instant": false, "revertWindow": "PT10M", "requiresApproval": true},
           {"id": "dr-2", "createdAt": "PT5S", "changes": [{"keyspace": "customer", "sql": "ALTER TABLE b ADD c INT"}]}],
         "backend": {
           "defaults": {"startAfter": "PT1S", "readyAfter": "PT20S", "visibleAfter": "PT2S", "completeAfter": "PT3S",
                        "cancelAfter": "PT4S", "revertAfter": "PT5S"},
           "migrations": [{"request": "dr-1", "change": 0, "shard": "80-", "failAfter": "PT30S", "message": "dup",
                           "revertFailAfter": "PT6S"}],
           "analysis": {"dr-2": {"lintErrors": {"0": "bad"}, "instantEligible": [0]}},
           "rows": [{"at": "PT30S", "request": "dr-1", "change": 0, "shard": "-80", "status": "weird",
                     "readyToComplete": true}],
           "faults": [{"at": "PT5S", "operation": "submit", "kind": "permanent", "times": 2, "request": "dr-1",
                       "change": 0}]},
         "actions": [{"at": "PT6S", "request": "dr-2", "do": "throttle", "ratio": 0.5},
                     {"at": "PT6S", "do": "setAutoApply", "on": true}],
         "expect": {"states": {"dr-1": ["pending", "ready"]}, "final": {"dr-2": "error"},
                    "rejected": [{"at": "PT6S", "request": "dr-1", "action": "deploy"}]}}
        """);
    assertThat(s.name()).isEqualTo("n");
    assertThat(s.pollInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.topology()).containsOnlyKeys("commerce", "customer");
    assertThat(s.requests().get(0).options()).isEqualTo(DeployOptions.custom().autoApply(false)
        .revertWindow(Duration.ofMinutes(10)).requiresApproval(true).build());
    assertThat(s.requests().get(1).createdAt()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.backend().defaults()).isEqualTo(MigrationTimings.custom().startAfter(Duration.ofSeconds(1))
        .readyAfter(Duration.ofSeconds(20)).visibleAfter(Duration.ofSeconds(2)).completeAfter(Duration.ofSeconds(3))
        .cancelAfter(Duration.ofSeconds(4)).revertAfter(Duration.ofSeconds(5)).build());
    Scenario.TimingFields t = s.backend().migrations().get(0).timings();
    assertThat(t.failAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(t.message()).isEqualTo("dup");
    assertThat(t.revertFailAfter()).isEqualTo(Duration.ofSeconds(6));
    assertThat(t.readyAfter()).isNull();
    assertThat(s.backend().analysis().get("dr-2").lintErrors()).containsEntry(0, "bad");
    assertThat(s.backend().analysis().get("dr-2").instantEligible()).containsExactly(0);
    assertThat(s.backend().rows().get(0).readyToComplete()).isTrue();
    assertThat(s.backend().faults().get(0)).isEqualTo(new Scenario.FaultScript(Duration.ofSeconds(5),
        BackendOperation.SUBMIT, FailureKind.PERMANENT, 2, "dr-1", 0));
    assertThat(s.actions()).extracting(Scenario.ScheduledAction::action)
        .containsExactly(Action.throttle(0.5), Action.setAutoApply(true));
    assertThat(s.expect().states().get("dr-1")).containsExactly(DeployState.PENDING, DeployState.READY);
    assertThat(s.expect().finalStates()).containsEntry("dr-2", DeployState.ERROR);
    assertThat(s.expect().rejected()).containsExactly(
        new Scenario.ExpectedRejection(Duration.ofSeconds(6), "dr-1", "deploy"));
  }

  @Test
  void section7_theNewActionsFieldsAndFaultOperationAreRead() {
    Scenario s = ScenarioFiles.parse(file("\"backend\": {\"defaults\": {\"cutoverStuck\": true}, "
        + "\"migrations\": [{\"change\": 0, \"cutoverStuck\": false}], "
        + "\"faults\": [{\"operation\": \"forceCutover\", \"kind\": \"permanent\"}]}, "
        + "\"actions\": [{\"at\": \"PT1S\", \"do\": \"deploy\", \"instant\": true}, "
        + "{\"at\": \"PT2S\", \"do\": \"throttle\", \"ratio\": 0.5, \"keyspace\": \"commerce\"}, "
        + "{\"at\": \"PT3S\", \"do\": \"forceCutover\"}, {\"at\": \"PT4S\", \"do\": \"unblock\"}, "
        + "{\"at\": \"PT5S\", \"do\": \"close\"}]"));
    assertThat(s.backend().defaults().cutoverStuck()).isTrue();
    assertThat(s.backend().migrations().get(0).timings().cutoverStuck()).isFalse();
    assertThat(s.backend().faults().get(0).operation()).isEqualTo(dev.cutover.inmemory.BackendOperation.FORCE_CUTOVER);
    assertThat(s.actions()).extracting(Scenario.ScheduledAction::action).containsExactly(Action.deploy(true),
        Action.throttle(0.5, "commerce"), Action.forceCutover(), Action.unblock(), Action.close());
    Scenario held = ScenarioFiles.parse("{" + TOPOLOGY + ", \"requests\": [{\"id\": \"dr-1\", "
        + "\"holdQueueOnFailure\": true, \"changes\": []}]}");
    assertThat(held.requests().get(0).options().holdQueueOnFailure()).isTrue();
    assertThat(ScenarioFiles.parse(ScenarioFiles.write(s))).isEqualTo(s);
    assertThat(ScenarioFiles.parse(ScenarioFiles.write(held))).isEqualTo(held);
  }

  @Test
  void aThrottleRatioOutOfRangeIsNotAFileErrorButIsRejectedAtRunTime() {
    Scenario s = ScenarioFiles.parse(file("\"actions\": [{\"at\": \"PT1S\", \"do\": \"throttle\", \"ratio\": 1.5}]"));
    assertThat(s.actions().get(0).action()).isEqualTo(Action.throttle(1.5));
  }

  static Stream<Arguments> invalidFiles() {
    String base = "{" + TOPOLOGY + ", \"requests\": [";
    return Stream.of(
        Arguments.of("not JSON", "{\"topology\": ", "not valid JSON"),
        Arguments.of("duplicate key", "{\"topology\": {}, \"topology\": {}}", "not valid JSON: Duplicate field 'topology'"),
        Arguments.of("topology missing", "{\"requests\": [" + REQUEST + "]}", "topology: missing"),
        Arguments.of("requests missing", "{" + TOPOLOGY + "}", "requests: missing"),
        Arguments.of("no request", base + "]}", "requests: must hold at least one request"),
        Arguments.of("unknown top-level field", file("\"untill\": \"PT1H\""), "untill: unknown field"),
        Arguments.of("unknown request field (typo)", base + "{\"id\": \"dr-1\", \"autoAply\": false, \"changes\": []}]}",
            "requests[0].autoAply: unknown field"),
        Arguments.of("id missing", base + "{\"changes\": []}]}", "requests[0].id: missing"),
        Arguments.of("duplicate id", base + REQUEST + ", " + REQUEST + "]}", "requests[1].id: duplicate id 'dr-1'"),
        Arguments.of("changes missing", base + "{\"id\": \"dr-1\"}]}", "requests[0].changes: missing"),
        Arguments.of("unknown keyspace", base + "{\"id\": \"dr-1\", \"changes\": [{\"keyspace\": \"customer\", "
            + "\"sql\": \"ALTER TABLE t ADD c INT\"}]}]}", "requests[0].changes[0].keyspace: unknown keyspace 'customer'"),
        Arguments.of("two statements", base + "{\"id\": \"dr-1\", \"changes\": [{\"keyspace\": \"commerce\", "
            + "\"sql\": \"ALTER TABLE t ADD c INT; DROP TABLE u\"}]}]}", "requests[0].changes[0].sql: "),
        Arguments.of("empty sql", base + "{\"id\": \"dr-1\", \"changes\": [{\"keyspace\": \"commerce\", "
            + "\"sql\": \"  \"}]}]}", "requests[0].changes[0].sql: "),
        Arguments.of("zero revert window", base + "{\"id\": \"dr-1\", \"revertWindow\": \"PT0S\", \"changes\": []}]}",
            "requests[0].revertWindow: must be strictly positive, was PT0S"),
        Arguments.of("wrong type", base + "{\"id\": \"dr-1\", \"autoApply\": \"yes\", \"changes\": []}]}",
            "requests[0].autoApply: must be true or false, was \"yes\""),
        Arguments.of("bad duration", file("\"actions\": [{\"at\": \"5s\", \"do\": \"deploy\"}]"),
            "actions[0].at: not an ISO-8601 duration such as \"PT5S\", was \"5s\""),
        Arguments.of("duration not a string", file("\"pollInterval\": 1"), "pollInterval: must be an ISO-8601 duration"),
        Arguments.of("zero poll interval", file("\"pollInterval\": \"PT0S\""), "pollInterval: must be positive, was PT0S"),
        Arguments.of("action at missing", file("\"actions\": [{\"do\": \"deploy\"}]"), "actions[0].at: missing"),
        Arguments.of("unknown action", file("\"actions\": [{\"at\": \"PT1S\", \"do\": \"depoy\"}]"),
            "actions[0].do: unknown action \"depoy\""),
        Arguments.of("unknown request", file("\"actions\": [{\"at\": \"PT1S\", \"request\": \"dr-9\", \"do\": \"deploy\"}]"),
            "actions[0].request: unknown request 'dr-9'"),
        Arguments.of("ratio missing", file("\"actions\": [{\"at\": \"PT1S\", \"do\": \"throttle\"}]"),
            "actions[0].ratio: missing"),
        Arguments.of("ratio not a number", file("\"actions\": [{\"at\": \"PT1S\", \"do\": \"throttle\", \"ratio\": \"x\"}]"),
            "actions[0].ratio: must be a number"),
        Arguments.of("ratio on another action", file("\"actions\": [{\"at\": \"PT1S\", \"do\": \"deploy\", \"ratio\": 0.5}]"),
            "actions[0].ratio: only a throttle takes a ratio"),
        Arguments.of("on missing", file("\"actions\": [{\"at\": \"PT1S\", \"do\": \"setAutoApply\"}]"),
            "actions[0].on: missing"),
        Arguments.of("instant on another action", file("\"actions\": [{\"at\": \"PT1S\", \"do\": \"apply\", "
            + "\"instant\": true}]"), "actions[0].instant: only a deploy takes \"instant\", this action is apply"),
        Arguments.of("instant not a boolean", file("\"actions\": [{\"at\": \"PT1S\", \"do\": \"deploy\", "
            + "\"instant\": \"yes\"}]"), "actions[0].instant: must be true or false, was \"yes\""),
        Arguments.of("keyspace on another action", file("\"actions\": [{\"at\": \"PT1S\", \"do\": \"close\", "
            + "\"keyspace\": \"commerce\"}]"), "actions[0].keyspace: only a throttle takes a keyspace, this action is close"),
        Arguments.of("blank throttle keyspace", file("\"actions\": [{\"at\": \"PT1S\", \"do\": \"throttle\", "
            + "\"ratio\": 0.5, \"keyspace\": \" \"}]"), "actions[0].keyspace: must not be blank"),
        Arguments.of("holdQueueOnFailure not a boolean", base + "{\"id\": \"dr-1\", \"holdQueueOnFailure\": 1, "
            + "\"changes\": []}]}", "requests[0].holdQueueOnFailure: must be true or false, was 1"),
        Arguments.of("cutoverStuck not a boolean", file("\"backend\": {\"migrations\": [{\"change\": 0, "
            + "\"cutoverStuck\": \"no\"}]}"), "backend.migrations[0].cutoverStuck: must be true or false, was \"no\""),
        Arguments.of("action before its request exists", "{" + TOPOLOGY + ", \"requests\": [{\"id\": \"dr-1\", "
            + "\"createdAt\": \"PT10S\", \"changes\": []}], \"actions\": [{\"at\": \"PT5S\", \"do\": \"deploy\"}]}",
            "actions[0].at: the action at PT5S comes before request 'dr-1' is created at PT10S"),
        Arguments.of("change index out of range", file("\"backend\": {\"migrations\": [{\"change\": 3}]}"),
            "backend.migrations[0].change: change index 3 is out of range"),
        Arguments.of("migration change missing", file("\"backend\": {\"migrations\": [{\"readyAfter\": \"PT1S\"}]}"),
            "backend.migrations[0].change: missing"),
        Arguments.of("negative timing", file("\"backend\": {\"migrations\": [{\"change\": 0, \"readyAfter\": \"PT-1S\"}]}"),
            "backend.migrations[0].readyAfter: must not be negative, was PT-1S"),
        Arguments.of("unknown shard", file("\"backend\": {\"migrations\": [{\"change\": 0, \"shard\": \"c0-\"}]}"),
            "backend.migrations[0].shard: unknown shard 'c0-'"),
        Arguments.of("typo in defaults", file("\"backend\": {\"defaults\": {\"readyAftr\": \"PT1S\"}}"),
            "backend.defaults.readyAftr: unknown field"),
        Arguments.of("unknown analysis request", file("\"backend\": {\"analysis\": {\"dr-7\": {}}}"),
            "backend.analysis.dr-7: unknown request 'dr-7'"),
        Arguments.of("lint error out of range", file("\"backend\": {\"analysis\": {\"dr-1\": {\"lintErrors\": {\"5\": \"x\"}}}}"),
            "backend.analysis.dr-1.lintErrors.5: change index 5 is out of range"),
        Arguments.of("row status blank", file("\"backend\": {\"rows\": [{\"change\": 0, \"status\": \"\"}]}"),
            "backend.rows[0].status: must not be blank"),
        Arguments.of("negative row at", file("\"backend\": {\"rows\": [{\"at\": \"PT-5S\", \"change\": 0}]}"),
            "backend.rows[0].at: must not be negative"),
        Arguments.of("unknown fault operation", file("\"backend\": {\"faults\": [{\"operation\": \"reed\"}]}"),
            "backend.faults[0].operation: unknown operation \"reed\""),
        Arguments.of("fault operation outside files", file("\"backend\": {\"faults\": [{\"operation\": \"shards\"}]}"),
            "backend.faults[0].operation: unknown operation \"shards\""),
        Arguments.of("unknown fault kind", file("\"backend\": {\"faults\": [{\"operation\": \"read\", \"kind\": \"flaky\"}]}"),
            "backend.faults[0].kind: unknown kind \"flaky\""),
        Arguments.of("fault times zero", file("\"backend\": {\"faults\": [{\"operation\": \"read\", \"times\": 0}]}"),
            "backend.faults[0].times: must be at least 1, was 0"),
        Arguments.of("fault change out of range", file("\"backend\": {\"faults\": [{\"operation\": \"submit\", "
            + "\"request\": \"dr-1\", \"change\": 1}]}"), "backend.faults[0].change: change index 1 is out of range"),
        Arguments.of("unknown expected state", file("\"expect\": {\"states\": {\"dr-1\": [\"pending\", \"compleet\"]}}"),
            "expect.states.dr-1[1]: unknown state \"compleet\""),
        Arguments.of("unknown request in expect", file("\"expect\": {\"final\": {\"dr-2\": \"complete\"}}"),
            "expect.final.dr-2: unknown request 'dr-2'"),
        Arguments.of("unknown expected rejection", file("\"expect\": {\"rejected\": [{\"at\": \"PT1S\", \"action\": \"undo\"}]}"),
            "expect.rejected[0].action: unknown action \"undo\""),
        Arguments.of("empty shard list", "{\"topology\": {\"commerce\": []}, \"requests\": [" + REQUEST + "]}",
            "topology.commerce: a keyspace needs at least one shard"),
        Arguments.of("repeated shard", "{\"topology\": {\"commerce\": [\"-\", \"-\"]}, \"requests\": [" + REQUEST + "]}",
            "topology.commerce[1]: blank or repeated shard '-'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFiles")
  void anInvalidFileIsRefusedWithAMessageNamingTheFieldAndValue(String what, String json, String message) {
    assertThatThrownBy(() -> ScenarioFiles.parse(json)).isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void theExceptionCarriesThePathOfTheField() {
    assertThatThrownBy(() -> ScenarioFiles.parse(file("\"actions\": [{\"at\": \"PT1S\", \"do\": \"depoy\"}]")))
        .isInstanceOfSatisfying(ScenarioException.class, e -> assertThat(e.path()).isEqualTo("actions[0].do"));
  }

  @Test
  void aMissingFileIsAScenarioError() {
    assertThatThrownBy(() -> ScenarioFiles.read(Path.of("no/such/file.json"))).isInstanceOf(ScenarioException.class)
        .hasMessageContaining("no such file");
  }

  @Test
  void aWrittenScenarioReadsBackEqual() throws Exception {
    for (Path p : ExampleScenariosTest.examples()) {
      Scenario s = ScenarioFiles.read(p);
      assertThat(ScenarioFiles.parse(ScenarioFiles.write(s))).as(p.toString()).isEqualTo(s);
    }
    Scenario rich = ScenarioFiles.parse(file("\"backend\": {\"migrations\": [{\"change\": 0, \"shard\": \"-80\", "
        + "\"failAfter\": \"PT3S\", \"message\": \"m\"}], \"analysis\": {\"dr-1\": {\"lintErrors\": {\"0\": \"x\"}, "
        + "\"instantEligible\": [0]}}, \"rows\": [{\"at\": \"PT2S\", \"change\": 0}], "
        + "\"faults\": [{\"operation\": \"complete\", \"request\": \"dr-1\", \"change\": 0}]}, "
        + "\"actions\": [{\"at\": \"PT1S\", \"do\": \"setAutoApply\", \"on\": false}, "
        + "{\"at\": \"PT1S\", \"do\": \"throttle\", \"ratio\": 0.25}], "
        + "\"expect\": {\"states\": {\"dr-1\": []}, \"rejected\": [{\"at\": \"PT1S\", \"action\": \"deploy\"}]}"));
    assertThat(ScenarioFiles.parse(ScenarioFiles.write(rich))).isEqualTo(rich);
  }

  @Test
  void everySharedExampleFileIsInDocsByteIdentical_docsMayHaveMore() throws Exception {
    Path shared = ExampleScenariosTest.docs().resolve("../../../shared/scenarios").normalize();
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shared), "no shared/scenarios beside the repo");
    List<Path> sharedFiles;
    try (Stream<Path> files = Files.list(shared)) {
      sharedFiles = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(sharedFiles).isNotEmpty();
    for (Path p : sharedFiles) {
      Path docs = ExampleScenariosTest.docs().resolve(p.getFileName().toString());
      assertThat(docs).as("docs/scenarios has the shared example " + p.getFileName()).exists();
      assertThat(Files.readAllBytes(docs)).as(docs.toString()).isEqualTo(Files.readAllBytes(p));
    }
  }
}
