package dev.cutover.inmemory.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The --jsonl machine format, line for line, and the text format for people. */
class TimelinesTest {

  private static Simulation example(String name) {
    return Simulator.run(ScenarioFiles.read(ExampleScenariosTest.docs().resolve(name)));
  }

  @Test
  void jsonlOfTheRevertExampleIsExactlyThis() {
    assertThat(Timelines.jsonl(example("03-revert-in-window.json"))).containsExactly(
        "{\"t\":\"PT0S\",\"request\":\"dr-1\",\"state\":\"pending\"}",
        "{\"t\":\"PT0S\",\"request\":\"dr-1\",\"state\":\"ready\"}",
        "{\"t\":\"PT1S\",\"request\":\"dr-1\",\"action\":\"deploy\"}",
        "{\"t\":\"PT1S\",\"request\":\"dr-1\",\"state\":\"queued\"}",
        "{\"t\":\"PT1S\",\"request\":\"dr-1\",\"state\":\"submitting\"}",
        "{\"t\":\"PT1S\",\"request\":\"dr-1\",\"command\":\"submit\",\"change\":0}",
        "{\"t\":\"PT1S\",\"request\":\"dr-1\",\"state\":\"in_progress\"}",
        "{\"t\":\"PT11S\",\"request\":\"dr-1\",\"state\":\"in_progress_cutover\"}",
        "{\"t\":\"PT11S\",\"request\":\"dr-1\",\"command\":\"complete\",\"change\":0}",
        "{\"t\":\"PT12S\",\"request\":\"dr-1\",\"state\":\"complete_pending_revert\"}",
        "{\"t\":\"PT5M\",\"request\":\"dr-1\",\"action\":\"revert\"}",
        "{\"t\":\"PT5M\",\"request\":\"dr-1\",\"state\":\"in_progress_revert\"}",
        "{\"t\":\"PT5M\",\"request\":\"dr-1\",\"command\":\"revert\",\"change\":0}",
        "{\"t\":\"PT5M2S\",\"request\":\"dr-1\",\"action\":\"skipRevert\",\"rejected\":"
            + "\"skipRevert is not allowed in state in_progress_revert\"}",
        "{\"t\":\"PT5M10S\",\"request\":\"dr-1\",\"state\":\"complete_revert\"}",
        "{\"t\":\"PT5M10S\",\"final\":{\"dr-1\":\"complete_revert\"}}");
  }

  @Test
  void section7_jsonlOfTheStuckCutoverExampleHasTheForcedCutoverCommandLine() {
    assertThat(Timelines.jsonl(example("07-stuck-cutover-forced.json"))).containsSubsequence(
        "{\"t\":\"PT10S\",\"request\":\"dr-1\",\"action\":\"forceCutover\",\"rejected\":"
            + "\"forceCutover is not allowed in state in_progress\"}",
        "{\"t\":\"PT31S\",\"request\":\"dr-1\",\"command\":\"complete\",\"change\":1}",
        "{\"t\":\"PT2M\",\"request\":\"dr-1\",\"action\":\"forceCutover\"}",
        "{\"t\":\"PT2M\",\"request\":\"dr-1\",\"command\":\"forceCutover\",\"change\":1}",
        "{\"t\":\"PT2M2S\",\"request\":\"dr-1\",\"state\":\"complete_pending_revert\"}");
    assertThat(Timelines.text(example("07-stuck-cutover-forced.json"))).contains("forceCutover change 1");
  }

  @Test
  void jsonlOfTheFailureExampleIsExactlyThis() {
    assertThat(Timelines.jsonl(example("05-failure-cancels-siblings.json"))).containsExactly(
        "{\"t\":\"PT0S\",\"request\":\"dr-1\",\"state\":\"pending\"}",
        "{\"t\":\"PT0S\",\"request\":\"dr-1\",\"state\":\"ready\"}",
        "{\"t\":\"PT1S\",\"request\":\"dr-1\",\"action\":\"deploy\"}",
        "{\"t\":\"PT1S\",\"request\":\"dr-1\",\"state\":\"queued\"}",
        "{\"t\":\"PT1S\",\"request\":\"dr-1\",\"state\":\"submitting\"}",
        "{\"t\":\"PT1S\",\"request\":\"dr-1\",\"command\":\"submit\",\"change\":0}",
        "{\"t\":\"PT1S\",\"request\":\"dr-1\",\"command\":\"submit\",\"change\":1}",
        "{\"t\":\"PT1S\",\"request\":\"dr-1\",\"state\":\"in_progress\"}",
        "{\"t\":\"PT31S\",\"request\":\"dr-1\",\"state\":\"complete_error\"}",
        "{\"t\":\"PT31S\",\"request\":\"dr-1\",\"command\":\"cancel\",\"change\":0}",
        "{\"t\":\"PT31S\",\"request\":\"dr-1\",\"command\":\"cancel\",\"change\":1}",
        "{\"t\":\"PT31S\",\"final\":{\"dr-1\":\"complete_error\"}}");
  }

  @Test
  void jsonlEscapesTextThroughJackson() {
    Simulation run = Simulator.run(ScenarioFiles.parse("{\"topology\": {\"commerce\": [\"-\"]}, \"requests\": "
        + "[{\"id\": \"dr-\\\"1\\\"\", \"changes\": []}]}"));
    assertThat(Timelines.jsonl(run).get(0)).isEqualTo("{\"t\":\"PT0S\",\"request\":\"dr-\\\"1\\\"\",\"state\":\"pending\"}");
  }

  @Test
  void theTextTimelineShowsStatesActionsCommandsAndPerShardProgress() {
    String text = Timelines.text(example("02-gated-manual-apply.json"));
    assertThat(text)
        .contains("two changes on two shards")
        .containsPattern("1s +dr-1 +submit +change 1")
        .containsPattern("1m +dr-1 +action +apply  REJECTED: apply is not allowed in state in_progress")
        .containsPattern("2m1s +dr-1 +state +→ pending_cutover")
        .containsPattern("41s +dr-1 +rows +change 0:  -80 running \\(ready\\) 100%  80- running 33%")
        .contains("final at 35m1s: dr-1 complete");
  }

  @Test
  void theTextTimelineListsTheErrorsOfFailedRequests() {
    assertThat(Timelines.text(example("05-failure-cancels-siblings.json")))
        .contains("dr-1 error: migration of change 1 failed on shard 80-: Duplicate entry 'x' for key 'uq_sku'");
  }

  @Test
  void durationsReadShortForPeople() {
    assertThat(Timelines.human(java.time.Duration.ZERO)).isEqualTo("0s");
    assertThat(Timelines.human(java.time.Duration.parse("PT1H2M3S"))).isEqualTo("1h2m3s");
  }

}
