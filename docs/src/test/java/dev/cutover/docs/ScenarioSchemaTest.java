package dev.cutover.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.core.DeployState;
import dev.cutover.inmemory.BackendOperation;
import dev.cutover.inmemory.property.ScenarioGenerator;
import dev.cutover.inmemory.scenario.ScenarioFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code docs/spec/scenario.schema.json} (JSON Schema 2020-12, for editors) holds every example
 * scenario, the format's full example in scenarios.md, section 8's fields and generated files, refuses
 * what the reader refuses, and names the same actions, states and fault operations as the code.
 */
class ScenarioSchemaTest {

  private static final Path ROOT = DocumentLinksTest.ROOT;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchema SCHEMA = schema();

  private static JsonSchema schema() {
    try {
      return new JsonSchema(JSON.readTree(ROOT.resolve("docs/spec/scenario.schema.json").toFile()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> errors(String json) throws IOException {
    return SCHEMA.validate(JSON.readTree(json));
  }

  /** The examples of docs/scenarios, and of shared/scenarios beside the repository when it is there. */
  static Stream<Path> examples() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path dir : List.of(ROOT.resolve("docs/scenarios"), ROOT.resolve("../shared/scenarios").normalize())) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.list(dir)) {
          s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
        }
      }
    }
    assertThat(files).as("docs/scenarios holds examples").isNotEmpty();
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleScenarioIsValid(Path file) throws IOException {
    assertThat(SCHEMA.validate(JSON.readTree(file.toFile()))).as(file.toString()).isEmpty();
  }

  @Test
  void theFullExampleOfScenariosMdIsValid() throws IOException {
    String doc = Files.readString(ROOT.resolve("docs/spec/scenarios.md"));
    int start = doc.indexOf("```json\n") + "```json\n".length();
    String example = doc.substring(start, doc.indexOf("```", start));
    assertThat(example).contains("\"holdQueueOnFailure\"", "\"faults\"", "\"rejected\"");
    assertThat(errors(example)).isEmpty();
  }

  @Test
  void theFieldsOfSection8AreValid() throws IOException {
    String file = """
        {"topology": {"commerce": ["-80", "80-"], "customer": ["-"]},
         "schemas": {"commerce": "CREATE TABLE customer (id BIGINT PRIMARY KEY)"},
         "vschemas": {"customer": {}, "commerce": {"sharded": true, "vindexes": {"hash": {"type": "hash"}}}},
         "branches": [{"name": "dev", "createdAt": "PT0S", "parent": "main",
                       "ddl": [{"at": "PT1S", "keyspace": "commerce", "sql": "ALTER TABLE customer ADD COLUMN e INT"}],
                       "vschemas": {"customer": {"tables": {"t": {}}}}}],
         "requests": [{"id": "dr-1", "branch": "dev", "intoBranch": "main"},
                      {"id": "dr-2", "changes": [], "vschemas": {"customer": {"tables": {"t": {}}}}}],
         "backend": {"defaults": {"vschemaAfter": "PT2S"},
                     "migrations": [{"keyspace": "customer", "vschemaFailAfter": "PT0S", "kind": "permanent", "revert": true}],
                     "faults": [{"operation": "vschema", "kind": "transient"}]}}
        """;
    assertThat(errors(file)).isEmpty();
  }

  @Test
  void generatedScenariosAsTheWriterWritesThemAreValid() throws IOException {
    for (long seed = 1; seed <= 200; seed++) {
      String file = ScenarioFiles.write(ScenarioGenerator.generate(seed));
      assertThat(errors(file)).as("seed %d:%n%s", seed, file).isEmpty();
    }
  }

  static Stream<Arguments> wrongFiles() {
    String ok = "\"topology\": {\"commerce\": [\"-\"]}, \"requests\": [{\"id\": \"dr-1\", \"changes\": []}]";
    return Stream.of(
        Arguments.of("{\"topology\": {}}", ": the field 'requests' is required"),
        Arguments.of("{" + ok + ", \"pollIntervall\": \"PT1S\"}", "/pollIntervall: unknown field 'pollIntervall'"),
        Arguments.of("{" + ok + ", \"until\": \"2h\"}", "/until: must match"),
        Arguments.of("{" + ok + ", \"until\": \"-PT1S\"}", "/until: must match"),
        Arguments.of("{\"topology\": {\"commerce\": \"-\"}, \"requests\": [{\"id\": \"dr-1\", \"changes\": []}]}",
            "/topology/commerce: must be of type array"),
        Arguments.of("{\"topology\": {}, \"requests\": []}", "/requests: must hold at least 1 item(s)"),
        Arguments.of("{\"topology\": {}, \"requests\": [{\"id\": \"dr-1\"}]}", "/requests/0: matches none of anyOf"),
        Arguments.of("{\"topology\": {}, \"requests\": [{\"id\": \" \", \"changes\": []}]}", "/requests/0/id: must match"),
        Arguments.of("{" + ok + ", \"actions\": [{\"at\": \"PT1S\", \"do\": \"deploi\"}]}", "/actions/0/do: must be one of"),
        Arguments.of("{" + ok + ", \"expect\": {\"final\": {\"dr-1\": \"completed\"}}}", "/expect/final/dr-1: must be one of"),
        Arguments.of("{" + ok + ", \"backend\": {\"faults\": [{\"operation\": \"read\", \"times\": 0}]}}",
            "/backend/faults/0/times: must be at least 1"),
        Arguments.of("{" + ok + ", \"backend\": {\"migrations\": [{\"change\": 1.5}]}}",
            "/backend/migrations/0/change: must be of type integer"),
        Arguments.of("{" + ok + ", \"backend\": {\"analysis\": {\"dr-1\": {\"lintErrors\": {\"first\": \"x\"}}}}}",
            "/backend/analysis/dr-1/lintErrors/first: the name must match"),
        Arguments.of("{" + ok + ", \"branches\": [{\"parent\": \"main\"}]}", "/branches/0: the field 'name' is required"));
  }

  @ParameterizedTest
  @MethodSource("wrongFiles")
  void aWrongFileIsRefused_namingWhere(String file, String expected) throws IOException {
    assertThat(errors(file)).anySatisfy(e -> assertThat(e).startsWith(expected));
  }

  @Test
  void theSchemaNamesTheActionsStatesAndFaultOperationsOfTheCode() throws IOException {
    JsonNode defs = JSON.readTree(ROOT.resolve("docs/spec/scenario.schema.json").toFile()).get("$defs");
    assertThat(strings(defs.at("/actionName/enum"))).isEqualTo(new TreeSet<>(ScenarioFiles.ACTIONS));
    assertThat(strings(defs.at("/state/enum")))
        .isEqualTo(Arrays.stream(DeployState.values()).map(DeployState::wireName).collect(Collectors.toCollection(TreeSet::new)));
    Set<String> operations = strings(defs.at("/backend/properties/faults/items/properties/operation/enum"));
    Set<String> read = Arrays.stream(BackendOperation.values()).filter(BackendOperation::inScenarioFiles)
        .map(BackendOperation::wireName).collect(Collectors.toCollection(TreeSet::new));
    assertThat(operations).containsAll(read);
    // Section 8's operation, in the format before the reader takes it (docs/spec/scenarios.md).
    Set<String> ahead = new TreeSet<>(operations);
    ahead.removeAll(read);
    assertThat(ahead).isSubsetOf(Set.of("vschema"));
  }

  @Test
  void theValidatorRefusesAKeywordItDoesNotKnow_soTheSchemaCannotOutgrowIt() throws IOException {
    assertThatThrownBy(() -> new JsonSchema(JSON.readTree("{\"type\": \"object\", \"properties\": {\"a\": {\"minLength\": 1}}}")))
        .hasMessageContaining("#/properties/a: keyword 'minLength' is not supported");
  }

  private static Set<String> strings(JsonNode array) {
    assertThat(array.isArray()).as("%s is an array", array).isTrue();
    Set<String> s = new TreeSet<>();
    array.forEach(n -> s.add(n.asText()));
    return s;
  }
}
