package dev.cutover.inmemory.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.driver.DriverEvent;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.core.spi.ForwardingDeployRequestStore;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import dev.cutover.inmemory.BackendCall;
import dev.cutover.inmemory.BackendOperation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The simulator follows "Virtual time" of scenarios.md, checks expectations, and offers its hooks. */
class SimulatorTest {

  private static final String ONE_CHANGE = "\"topology\": {\"commerce\": [\"-\"]}, \"requests\": [{\"id\": \"dr-1\", "
      + "\"changes\": [{\"keyspace\": \"commerce\", \"sql\": \"ALTER TABLE t ADD c INT\"}]}]";

  private static Simulation run(String extra) {
    return Simulator.run(ScenarioFiles.parse("{" + ONE_CHANGE + (extra.isEmpty() ? "" : ", " + extra) + "}"));
  }

  private static List<String> lines(Simulation run, String containing) {
    return Timelines.jsonl(run).stream().filter(l -> l.contains(containing)).toList();
  }

  @Test
  void aDeployAtZeroIsRejectedBecauseTheTickAnalysesOnlyAfterTheActions() {
    Simulation run = run("\"actions\": [{\"at\": \"PT0S\", \"do\": \"deploy\"}]");
    assertThat(lines(run, "\"action\"")).containsExactly(
        "{\"t\":\"PT0S\",\"request\":\"dr-1\",\"action\":\"deploy\",\"rejected\":\"deploy is not allowed in state pending\"}");
  }

  @Test
  void aRequestIsCreatedAtItsOwnCreatedAtByTheTickThatCoversIt() {
    Simulation run = Simulator.run(ScenarioFiles.parse("{\"pollInterval\": \"PT10S\", \"topology\": {\"commerce\": "
        + "[\"-\"]}, \"requests\": [{\"id\": \"dr-1\", \"createdAt\": \"PT5S\", \"changes\": []}]}"));
    assertThat(Timelines.jsonl(run)).containsExactly(
        "{\"t\":\"PT5S\",\"request\":\"dr-1\",\"state\":\"pending\"}",
        "{\"t\":\"PT10S\",\"request\":\"dr-1\",\"state\":\"no_changes\"}",
        "{\"t\":\"PT10S\",\"final\":{\"dr-1\":\"no_changes\"}}");
  }

  @Test
  void actionsApplyAtTheirOwnTimeInTimeOrderWithTiesInFileOrder() {
    Simulation run = Simulator.run(ScenarioFiles.parse("{\"pollInterval\": \"PT10S\", " + ONE_CHANGE.replace(
        "\"id\": \"dr-1\",", "\"id\": \"dr-1\", \"requiresApproval\": true,") + ", \"actions\": ["
        + "{\"at\": \"PT17S\", \"do\": \"deploy\"}, {\"at\": \"PT13S\", \"do\": \"approve\"},"
        + "{\"at\": \"PT17S\", \"do\": \"cancel\"}, {\"at\": \"PT3S\", \"do\": \"deploy\"}]}"));
    List<String> actions = new ArrayList<>();
    for (DriverEvent e : run.timeline()) {
      if (e instanceof DriverEvent.ActionApplied a) {
        actions.add(run.elapsed(a.at()) + " " + a.action().name() + (a.rejection() == null ? "" : " rejected"));
      }
    }
    assertThat(actions).containsExactly("PT3S deploy rejected", "PT13S approve", "PT17S deploy", "PT17S cancel");
    assertThat(run.statesOf("dr-1")).containsExactly(DeployState.PENDING, DeployState.READY, DeployState.QUEUED,
        DeployState.COMPLETE_CANCEL);
    assertThat(run.end()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void theRunStopsAtTheLastTickNotAfterUntil() {
    Simulation run = run("\"pollInterval\": \"PT2S\", \"until\": \"PT5S\"");
    assertThat(run.end()).isEqualTo(Duration.ofSeconds(4));
    assertThat(run.finalStates()).containsEntry("dr-1", DeployState.READY);
    assertThat(Timelines.jsonl(run)).last().isEqualTo("{\"t\":\"PT4S\",\"final\":{\"dr-1\":\"ready\"}}");
  }

  @Test
  void theRunStopsAfterTheFirstTickWhereEveryRequestIsTerminalAndNoActionIsLeft() {
    Simulation run = Simulator.run(ScenarioFiles.parse("{\"topology\": {\"commerce\": [\"-\"]}, \"requests\": "
        + "[{\"id\": \"dr-1\", \"changes\": []}, {\"id\": \"dr-2\", \"createdAt\": \"PT3S\", \"changes\": []}],"
        + "\"actions\": [{\"at\": \"PT1M\", \"do\": \"deploy\"}]}"));
    assertThat(run.end()).isEqualTo(Duration.ofMinutes(1));
    Simulation early = Simulator.run(ScenarioFiles.parse("{\"topology\": {\"commerce\": [\"-\"]}, \"requests\": "
        + "[{\"id\": \"dr-1\", \"changes\": []}, {\"id\": \"dr-2\", \"createdAt\": \"PT3S\", \"changes\": []}]}"));
    assertThat(early.end()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aFailedReadIsPrintedAndChangesNothingInItsTick() {
    Simulation run = run("\"actions\": [{\"at\": \"PT1S\", \"do\": \"deploy\"}], \"backend\": {\"faults\": "
        + "[{\"at\": \"PT11S\", \"operation\": \"read\", \"kind\": \"transient\", \"times\": 2}]}");
    assertThat(lines(run, "\"read\"")).containsExactly(
        "{\"t\":\"PT11S\",\"request\":\"dr-1\",\"command\":\"read\",\"failed\":\"transient\"}",
        "{\"t\":\"PT12S\",\"request\":\"dr-1\",\"command\":\"read\",\"failed\":\"transient\"}");
    assertThat(lines(run, "in_progress_cutover")).containsExactly(
        "{\"t\":\"PT13S\",\"request\":\"dr-1\",\"state\":\"in_progress_cutover\"}");
  }

  @Test
  void aFailedCommandIsPrintedWithHowItFailedAndRetried() {
    Simulation run = run("\"actions\": [{\"at\": \"PT1S\", \"do\": \"deploy\"}], \"backend\": {\"faults\": "
        + "[{\"operation\": \"complete\", \"times\": 1}]}");
    assertThat(lines(run, "\"command\":\"complete\"")).containsExactly(
        "{\"t\":\"PT11S\",\"request\":\"dr-1\",\"command\":\"complete\",\"change\":0,\"failed\":\"transient\"}",
        "{\"t\":\"PT12S\",\"request\":\"dr-1\",\"command\":\"complete\",\"change\":0}");
    assertThat(run.finalStates()).containsEntry("dr-1", DeployState.COMPLETE);
  }

  @Test
  void anUnknownStatusInAForcedRowIsAWarningLine() {
    Simulation run = run("\"until\": \"PT20S\", \"actions\": [{\"at\": \"PT1S\", \"do\": \"deploy\"}], \"backend\": "
        + "{\"rows\": [{\"at\": \"PT3S\", \"change\": 0, \"status\": \"some_new_status\"}, "
        + "{\"at\": \"PT5S\", \"change\": 0}]}");
    assertThat(lines(run, "warning")).singleElement().asString()
        .startsWith("{\"t\":\"PT3S\",\"request\":\"dr-1\",\"warning\":\"")
        .contains("some_new_status");
    assertThat(run.finalStates()).containsEntry("dr-1", DeployState.COMPLETE_PENDING_REVERT);
  }

  @Test
  void aThrottleRatioOutOfRangeIsRejectedAtRunTimeAsAnInvalidArgument() {
    Simulation run = run("\"actions\": [{\"at\": \"PT1S\", \"do\": \"deploy\"}, "
        + "{\"at\": \"PT2S\", \"do\": \"throttle\", \"ratio\": 1.5}, {\"at\": \"PT3S\", \"do\": \"throttle\", \"ratio\": 0.5}]");
    assertThat(lines(run, "throttle")).containsExactly(
        "{\"t\":\"PT2S\",\"request\":\"dr-1\",\"action\":\"throttle\",\"rejected\":"
            + "\"throttle ratio 1.5 is invalid in state in_progress: must be within [0, 0.95]\"}",
        "{\"t\":\"PT3S\",\"request\":\"dr-1\",\"action\":\"throttle\"}",
        "{\"t\":\"PT3S\",\"request\":\"dr-1\",\"command\":\"throttle\",\"change\":0}");
    assertThat(run.backend().migrations().get(0).throttleRatio()).isEqualTo(0.5);
  }

  @Test
  void expectationsThatDoNotHoldAreListed() {
    Simulation run = run("\"actions\": [{\"at\": \"PT1S\", \"do\": \"deploy\"}], \"expect\": {"
        + "\"states\": {\"dr-1\": [\"pending\", \"ready\"]}, \"final\": {\"dr-1\": \"complete_revert\"}, "
        + "\"rejected\": [{\"at\": \"PT1S\", \"action\": \"deploy\"}, {\"at\": \"PT9S\", \"action\": \"apply\"}]}");
    assertThat(run.expectationsHold()).isFalse();
    assertThat(run.expectationFailures()).containsExactly(
        "states of dr-1: expected [pending, ready] but was [pending, ready, queued, submitting, in_progress, "
            + "in_progress_cutover, complete_pending_revert, complete]",
        "final state of dr-1: expected complete_revert but was complete",
        "rejected: expected deploy of dr-1 at PT1S to be rejected, but it was accepted",
        "rejected: expected apply of dr-1 at PT9S to be rejected, but it was never applied");
  }

  @Test
  void noExampleSubmitsAChangeTwice() {
    for (Path p : ExampleScenariosTest.examples()) {
      Simulation run = Simulator.run(ScenarioFiles.read(p));
      Set<String> submitted = new HashSet<>();
      for (BackendCall c : run.backend().calls()) {
        if (c.operation() == BackendOperation.SUBMIT && c.succeeded()) {
          assertThat(submitted.add(c.requestId() + "/" + c.change())).as(p + ": " + c).isTrue();
        }
      }
      assertThat(submitted).as(p.toString()).isNotEmpty();
    }
  }

  @Test
  void aStoreWrapperMayCrashTheDriverWhichRestartsAndReachesTheSameEnd() {
    for (Path p : ExampleScenariosTest.examples()) {
      Scenario scenario = ScenarioFiles.read(p);
      AtomicInteger total = new AtomicInteger();
      Simulation plain = Simulator.builder(scenario)
          .storeWrapper(store -> new CrashAfterSave(store, () -> total.incrementAndGet() < 0)).build().run();
      assertThat(total.get()).as(p.toString()).isGreaterThan(5);
      for (int crashAt = 1; crashAt <= total.get(); crashAt++) {
        AtomicInteger saves = new AtomicInteger();
        int n = crashAt;
        Simulation crashed = Simulator.builder(scenario)
            .storeWrapper(store -> new CrashAfterSave(store, () -> saves.incrementAndGet() == n))
            .build().run();
        assertThat(crashed.crashes()).as(p + " crash after save " + n).hasSize(1);
        assertThat(crashed.finalStates()).as(p + " crash after save " + n).isEqualTo(plain.finalStates());
        Set<String> submitted = new HashSet<>();
        crashed.backend().calls().stream().filter(c -> c.operation() == BackendOperation.SUBMIT && c.succeeded())
            .forEach(c -> assertThat(submitted.add(c.requestId() + "/" + c.change())).as(p + " " + n).isTrue());
      }
    }
  }

  @Test
  void twoDriversOverOneStoreReachTheSameFinalStatesAsOne() {
    for (Path p : ExampleScenariosTest.examples()) {
      Scenario scenario = ScenarioFiles.read(p);
      Simulation two = Simulator.builder(scenario).drivers(2).build().run();
      assertThat(two.finalStates()).as(p.toString()).isEqualTo(Simulator.run(scenario).finalStates());
      assertThat(two.expectationFailures()).as(p.toString()).isEmpty();
    }
  }

  @Test
  void theListenerAndTheSuppliedStoreSeeTheRun() {
    InMemoryDeployRequestStore store = new InMemoryDeployRequestStore();
    List<DriverEvent> seen = new ArrayList<>();
    Simulation run = Simulator.builder(ScenarioFiles.parse("{" + ONE_CHANGE + "}")).store(store)
        .listener(seen::add).build().run();
    assertThat(seen).isEqualTo(run.timeline());
    assertThat(store.list()).isEqualTo(run.finalRequests());
  }

  /** Saves, then crashes the driver after the save the predicate picks (the save is kept, as after a real crash). */
  private static final class CrashAfterSave extends ForwardingDeployRequestStore {
    private final java.util.function.BooleanSupplier crashNow;

    CrashAfterSave(DeployRequestStore store, java.util.function.BooleanSupplier crashNow) {
      super(store);
      this.crashNow = crashNow;
    }

    @Override
    public Optional<DeployRequest> compareAndSet(DeployRequest next) {
      Optional<DeployRequest> saved = delegate().compareAndSet(next);
      if (saved.isPresent() && crashNow.getAsBoolean()) {
        throw new SimulatedCrash("crash after saving " + next.id() + " in " + saved.get().state());
      }
      return saved;
    }
  }
}
