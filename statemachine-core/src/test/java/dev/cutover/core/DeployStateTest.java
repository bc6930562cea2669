package dev.cutover.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Spec section 1: the 20 states, byte for byte, with their terminal and occupying sets. */
class DeployStateTest {

  @Test
  void section1_wireNamesArePlanetScalesDeploymentStatesByteForByte() {
    assertThat(Arrays.stream(DeployState.values()).map(DeployState::wireName)).containsExactly(
        "pending", "ready", "no_changes", "error", "queued", "submitting", "in_progress", "pending_cutover",
        "in_progress_cutover", "complete_pending_revert", "complete", "complete_error", "in_progress_cancel",
        "complete_cancel", "in_progress_revert", "complete_revert", "complete_revert_error",
        "in_progress_vschema", "in_progress_revert_vschema", "cancelled");
  }

  @Test
  void section1_terminalStatesAreExactlyTheSpecs() {
    assertThat(DeployState.terminalStates()).isEqualTo(EnumSet.of(DeployState.NO_CHANGES, DeployState.ERROR,
        DeployState.COMPLETE, DeployState.COMPLETE_ERROR, DeployState.COMPLETE_CANCEL, DeployState.COMPLETE_REVERT,
        DeployState.COMPLETE_REVERT_ERROR));
  }

  @Test
  void section1_aRequestOccupiesItsDatabaseFromSubmittingUntilTerminal() {
    assertThat(DeployState.occupyingStates()).contains(DeployState.SUBMITTING, DeployState.IN_PROGRESS,
        DeployState.PENDING_CUTOVER, DeployState.IN_PROGRESS_CUTOVER, DeployState.COMPLETE_PENDING_REVERT,
        DeployState.IN_PROGRESS_CANCEL, DeployState.IN_PROGRESS_REVERT);
    assertThat(DeployState.occupyingStates()).doesNotContain(DeployState.PENDING, DeployState.READY,
        DeployState.QUEUED);
    for (DeployState terminal : DeployState.terminalStates()) {
      assertThat(terminal.occupiesDatabase()).as(terminal.wireName()).isFalse();
    }
  }

  @Test
  void fromWireNameRoundTripsAndNamesAnUnknownValue() {
    for (DeployState s : DeployState.values()) {
      assertThat(DeployState.fromWireName(s.wireName())).isSameAs(s);
      assertThat(s.toString()).isEqualTo(s.wireName());
    }
    assertThatThrownBy(() -> DeployState.fromWireName("Complete"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'Complete'");
  }
}
