package dev.cutover.inmemory.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.DeployState;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scenario fields of section 8's VSchema changes (scenarios.md "Schemas, branches and VSchemas"):
 * {@code vschemas} at the top and on a request, the {@code migrations} entries with a keyspace,
 * {@code defaults.vschemaAfter}, the fault operation {@code vschema}, and the timeline's lines.
 */
class VSchemaScenarioTest {

  private static final String TOPOLOGY = "\"topology\": {\"commerce\": [\"-80\", \"80-\"], \"customer\": [\"-\"]}";
  private static final String REQUEST = "{\"id\": \"dr-1\", \"changes\": [], \"vschemas\": {\"customer\": "
      + "{\"tables\": {\"item\": {}}}, \"commerce\": {\"sharded\": true}}}";

  private static Simulation run(String backend, String actions) {
    return Simulator.run(ScenarioFiles.parse("{" + TOPOLOGY + ", \"requests\": [" + REQUEST + "]"
        + (backend.isEmpty() ? "" : ", \"backend\": {" + backend + "}")
        + ", \"actions\": [{\"at\": \"PT1S\", \"do\": \"deploy\"}" + actions + "]}"));
  }

  private static List<String> commandLines(Simulation run) {
    return Timelines.jsonl(run).stream().filter(l -> l.contains("\"command\"")).toList();
  }

  @Test
  void section8_theVSchemasGoInInKeyspaceNameOrder_eachACommandLineWithItsKeyspace() {
    Simulation run = run("", "");
    assertThat(run.statesOf("dr-1")).endsWith(DeployState.SUBMITTING, DeployState.IN_PROGRESS_VSCHEMA,
        DeployState.COMPLETE_PENDING_REVERT, DeployState.COMPLETE);
    assertThat(commandLines(run)).containsExactly(
        "{\"t\":\"PT1S\",\"request\":\"dr-1\",\"command\":\"vschema\",\"keyspace\":\"commerce\"}",
        "{\"t\":\"PT1S\",\"request\":\"dr-1\",\"command\":\"vschema\",\"keyspace\":\"customer\"}");
  }

  @Test
  void section8_defaultsVSchemaAfter_theRequestStaysInInProgressVSchemaWhileEachGoesIn() {
    Simulation run = run("\"defaults\": {\"vschemaAfter\": \"PT10S\"}", "");
    assertThat(commandLines(run)).containsExactly(
        "{\"t\":\"PT11S\",\"request\":\"dr-1\",\"command\":\"vschema\",\"keyspace\":\"commerce\"}",
        "{\"t\":\"PT21S\",\"request\":\"dr-1\",\"command\":\"vschema\",\"keyspace\":\"customer\"}");
    assertThat(Timelines.jsonl(run)).contains(
        "{\"t\":\"PT21S\",\"request\":\"dr-1\",\"state\":\"complete_pending_revert\"}");
  }

  @Test
  void section8_aPermanentVSchemaFailAfterIsCompleteError_theKeyspacesBeforeItStayApplied() {
    Simulation run = run("\"migrations\": [{\"keyspace\": \"customer\", \"vschemaFailAfter\": \"PT5S\"}]", "");
    assertThat(run.finalStates()).containsEntry("dr-1", DeployState.COMPLETE_ERROR);
    assertThat(commandLines(run)).containsExactly(
        "{\"t\":\"PT1S\",\"request\":\"dr-1\",\"command\":\"vschema\",\"keyspace\":\"commerce\"}",
        "{\"t\":\"PT6S\",\"request\":\"dr-1\",\"command\":\"vschema\",\"keyspace\":\"customer\",\"failed\":\"permanent\"}");
  }

  @Test
  void section8_aTransientVSchemaFailAfterFailsOneCallThenTheVSchemaGoesIn() {
    Simulation run = run("\"migrations\": [{\"keyspace\": \"commerce\", \"vschemaFailAfter\": \"PT0S\", "
        + "\"kind\": \"transient\"}]", "");
    assertThat(run.finalStates()).containsEntry("dr-1", DeployState.COMPLETE);
    assertThat(commandLines(run)).containsExactly(
        "{\"t\":\"PT1S\",\"request\":\"dr-1\",\"command\":\"vschema\",\"keyspace\":\"commerce\",\"failed\":\"transient\"}",
        "{\"t\":\"PT2S\",\"request\":\"dr-1\",\"command\":\"vschema\",\"keyspace\":\"commerce\"}",
        "{\"t\":\"PT2S\",\"request\":\"dr-1\",\"command\":\"vschema\",\"keyspace\":\"customer\"}");
  }

  @Test
  void section8_revert_putsBackLastKeyspaceFirst_aRevertScriptMakesItCompleteRevertError() {
    Simulation ok = run("", ", {\"at\": \"PT1M\", \"do\": \"revert\"}");
    assertThat(ok.finalStates()).containsEntry("dr-1", DeployState.COMPLETE_REVERT);
    assertThat(commandLines(ok)).endsWith(
        "{\"t\":\"PT1M\",\"request\":\"dr-1\",\"command\":\"restoreVSchema\",\"keyspace\":\"customer\"}",
        "{\"t\":\"PT1M\",\"request\":\"dr-1\",\"command\":\"restoreVSchema\",\"keyspace\":\"commerce\"}");
    Simulation failed = run("\"migrations\": [{\"keyspace\": \"commerce\", \"revert\": true}]",
        ", {\"at\": \"PT1M\", \"do\": \"revert\"}");
    assertThat(failed.finalStates()).containsEntry("dr-1", DeployState.COMPLETE_REVERT_ERROR);
  }

  @Test
  void section8_theFaultOperationVSchemaHitsReadsAndApplications() {
    Simulation run = run("\"faults\": [{\"at\": \"PT0S\", \"operation\": \"vschema\", \"kind\": \"transient\", "
        + "\"times\": 2}]", "");
    assertThat(commandLines(run)).containsExactly(
        "{\"t\":\"PT1S\",\"request\":\"dr-1\",\"command\":\"readVSchema\",\"keyspace\":\"commerce\",\"failed\":\"transient\"}",
        "{\"t\":\"PT2S\",\"request\":\"dr-1\",\"command\":\"readVSchema\",\"keyspace\":\"commerce\",\"failed\":\"transient\"}",
        "{\"t\":\"PT3S\",\"request\":\"dr-1\",\"command\":\"vschema\",\"keyspace\":\"commerce\"}",
        "{\"t\":\"PT3S\",\"request\":\"dr-1\",\"command\":\"vschema\",\"keyspace\":\"customer\"}");
  }

  @Test
  void section8_theFieldsSurviveWriteAndParse() {
    String json = "{" + TOPOLOGY + ", \"vschemas\": {\"commerce\": {\"sharded\": true, \"vindexes\": {}}}, "
        + "\"requests\": [" + REQUEST + "], \"backend\": {\"defaults\": {\"vschemaAfter\": \"PT3S\"}, \"migrations\": "
        + "[{\"keyspace\": \"customer\", \"vschemaFailAfter\": \"PT1S\", \"kind\": \"transient\", \"revert\": true}]}}";
    Scenario s = ScenarioFiles.parse(json);
    assertThat(s.vschemas()).containsEntry("commerce", "{\"sharded\":true,\"vindexes\":{}}");
    assertThat(s.requests().get(0).vschemas()).extracting(v -> v.keyspace()).containsExactly("commerce", "customer");
    assertThat(ScenarioFiles.parse(ScenarioFiles.write(s))).isEqualTo(s);
  }

  static Stream<Arguments> invalidFiles() {
    String request = "\"requests\": [" + REQUEST + "]";
    return Stream.of(
        Arguments.of("{" + TOPOLOGY + ", \"vschemas\": {\"nosuch\": {}}, " + request + "}",
            "vschemas.nosuch: unknown keyspace 'nosuch'"),
        Arguments.of("{" + TOPOLOGY + ", \"vschemas\": {\"commerce\": []}, " + request + "}",
            "vschemas.commerce: must be a VSchema (a JSON object), was []"),
        Arguments.of("{" + TOPOLOGY + ", \"requests\": [{\"id\": \"dr-1\", \"changes\": [], \"vschemas\": "
            + "{\"commerce\": \"text\"}}]}", "requests[0].vschemas.commerce: must be a VSchema (a JSON object)"),
        Arguments.of("{" + TOPOLOGY + ", \"requests\": [{\"id\": \"dr-1\", \"changes\": [], \"vschemas\": "
            + "{\"nosuch\": {}}}]}", "requests[0].vschemas.nosuch: unknown keyspace 'nosuch'"),
        Arguments.of("{" + TOPOLOGY + ", \"requests\": [{\"id\": \"dr-1\", \"changes\": []}], \"backend\": "
            + "{\"migrations\": [{\"keyspace\": \"commerce\"}]}}",
            "backend.migrations[0].keyspace: request 'dr-1' has no VSchema change of keyspace 'commerce'"),
        Arguments.of("{" + TOPOLOGY + ", " + request + ", \"backend\": {\"migrations\": [{\"keyspace\": \"commerce\", "
            + "\"kind\": \"sometimes\"}]}}", "backend.migrations[0].kind: unknown kind \"sometimes\""),
        Arguments.of("{" + TOPOLOGY + ", " + request + ", \"backend\": {\"migrations\": [{\"keyspace\": \"commerce\", "
            + "\"change\": 0}]}}", "backend.migrations[0].change: unknown field"),
        Arguments.of("{" + TOPOLOGY + ", " + request + ", \"backend\": {\"defaults\": {\"vschemaAfter\": \"-PT1S\"}}}",
            "backend.defaults.vschemaAfter: must not be negative"),
        Arguments.of("{" + TOPOLOGY + ", " + request + ", \"backend\": {\"faults\": [{\"operation\": \"vschema\", "
            + "\"change\": 0}]}}", "backend.faults[0].change: vschema concerns a keyspace, not one change"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalidFiles")
  void section8_anInvalidVSchemaFieldIsRefusedNamingTheField(String json, String message) {
    assertThatThrownBy(() -> ScenarioFiles.parse(json)).isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith(message);
  }
}
