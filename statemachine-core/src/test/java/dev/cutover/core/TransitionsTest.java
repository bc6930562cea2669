package dev.cutover.core;

import static dev.cutover.core.DeployState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The transition table is the whole machine: these tests pin it, and fail if the machine can
 * produce a move outside it.
 */
class TransitionsTest {

  @Test
  void terminalAndReservedStatesHaveNoOutgoingEdge() {
    for (DeployState s : DeployState.values()) {
      if (s.isTerminal() || s == CANCELLED) {
        assertThat(Transitions.targets(s)).as("edges out of %s", s).isEmpty();
      }
    }
  }

  @Test
  void theReservedStateCancelledIsNeverEntered() {
    for (DeployState s : DeployState.values()) {
      assertThat(Transitions.targets(s)).doesNotContain(CANCELLED);
    }
  }

  @Test
  void section8_theVSchemaStatesAreEnteredOnlyAfterTheSchemaChangesAndOnRevert() {
    Set<DeployState> intoVSchema = EnumSet.noneOf(DeployState.class);
    Set<DeployState> intoRevertVSchema = EnumSet.noneOf(DeployState.class);
    for (Transitions.Edge e : Transitions.edges()) {
      if (e.to() == IN_PROGRESS_VSCHEMA) {
        intoVSchema.add(e.from());
      }
      if (e.to() == IN_PROGRESS_REVERT_VSCHEMA) {
        intoRevertVSchema.add(e.from());
        assertThat(e.cause()).isEqualTo(Cause.REVERT);
      }
    }
    assertThat(intoVSchema).containsExactlyInAnyOrder(SUBMITTING, IN_PROGRESS, PENDING_CUTOVER, IN_PROGRESS_CUTOVER);
    assertThat(intoRevertVSchema).containsExactly(COMPLETE_PENDING_REVERT);
    assertThat(Transitions.targets(IN_PROGRESS_VSCHEMA))
        .containsExactlyInAnyOrder(COMPLETE_PENDING_REVERT, COMPLETE, COMPLETE_ERROR);
    assertThat(Transitions.targets(IN_PROGRESS_REVERT_VSCHEMA))
        .containsExactlyInAnyOrder(IN_PROGRESS_REVERT, COMPLETE_REVERT, COMPLETE_REVERT_ERROR);
  }

  @Test
  void cancelIsImpossibleOnceTheCutoverStartedExceptThroughAnExternalCancellation() {
    assertThat(Transitions.isLegal(IN_PROGRESS_CUTOVER, COMPLETE_CANCEL)).isFalse();
    assertThat(Transitions.isLegal(COMPLETE_PENDING_REVERT, IN_PROGRESS_CANCEL)).isFalse();
  }

  @Test
  void anIllegalMoveIsATypedExceptionNamingBothStates() {
    assertThatThrownBy(() -> Transitions.check(COMPLETE, IN_PROGRESS))
        .isInstanceOf(Transitions.IllegalTransitionException.class)
        .hasMessage("illegal transition complete -> in_progress");
  }

  @Test
  void everyNonTerminalProducedStateReachesATerminalState() {
    for (DeployState s : DeployState.values()) {
      if (s == CANCELLED || s.isTerminal()) {
        continue;
      }
      Set<DeployState> seen = EnumSet.of(s);
      List<DeployState> frontier = new ArrayList<>(List.of(s));
      while (!frontier.isEmpty()) {
        for (DeployState t : Transitions.targets(frontier.remove(0))) {
          if (seen.add(t)) {
            frontier.add(t);
          }
        }
      }
      assertThat(seen.stream().anyMatch(DeployState::isTerminal)).as("a terminal state reachable from %s", s).isTrue();
    }
  }

  /**
   * Drives the pure machine through thousands of random actions, outcomes and row observations and
   * checks every consecutive pair of the resulting histories against the table.
   */
  @Test
  void theMachineNeverProducesAMoveOutsideTheTable() {
    Random random = new Random(20261121);
    String[] statuses = {"queued", "ready", "running", "complete", "failed", "cancelled", "requested", "weird"};
    Action[] actions = {Action.approve(), Action.deploy(), Action.cancel(), Action.apply(), Action.setAutoApply(true),
        Action.setAutoApply(false), Action.throttle(0.5), Action.throttle(2), Action.revert(), Action.skipRevert()};
    Set<DeployState> visited = EnumSet.noneOf(DeployState.class);
    for (int run = 0; run < 3000; run++) {
      DeployRequest r = Fixtures.pending(DeployOptions.custom().autoApply(random.nextBoolean())
          .instant(random.nextInt(4) == 0).build(), random.nextInt(4),
          Fixtures.VSCHEMAS.subList(0, random.nextInt(3)));
      int seconds = 0;
      for (int step = 0; step < 60 && !r.state().isTerminal(); step++) {
        seconds += 1 + random.nextInt(120);
        var now = Fixtures.at(seconds);
        if (r.state() == PENDING) {
          r = DeployMachine.analysed(r, Fixtures.allOk(r, random.nextBoolean()), now);
          continue;
        }
        if (random.nextInt(3) == 0) {
          r = DeployMachine.apply(r, actions[random.nextInt(actions.length)], now, 1).request();
        }
        List<MigrationRow> rows = Fixtures.randomRows(r, random, statuses,
            () -> random.nextInt(5) == 0 ? "failed" : "complete");
        Plan plan = DeployMachine.plan(r, Fixtures.observe(now, random.nextBoolean(), rows));
        r = Fixtures.recordRandomOutcomes(plan.request(), plan.commands(), random, "h" + run + "-" + step + "-", now);
      }
      List<HistoryEntry> history = r.history();
      for (int i = 1; i < history.size(); i++) {
        assertThat(Transitions.isLegal(history.get(i - 1).state(), history.get(i).state()))
            .as("run %d: %s -> %s", run, history.get(i - 1).state(), history.get(i).state()).isTrue();
      }
      history.forEach(h -> visited.add(h.state()));
    }
    assertThat(visited).as("the random walk should reach every produced state")
        .containsAll(EnumSet.complementOf(EnumSet.of(CANCELLED)));
  }
}
