package dev.cutover.core;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import dev.cutover.core.driver.Driver;
import dev.cutover.core.driver.DriverEvent;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.FoundMigration;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import dev.cutover.core.spi.RevertSubmission;
import dev.cutover.core.spi.RowQuery;
import dev.cutover.core.spi.RowsRead;
import dev.cutover.core.spi.Submission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values refuse nulls where they are not marked {@link Nullable}, and compare by value. */
class ValueHygieneTest {

  private static NullPointerTester tester() {
    return new NullPointerTester()
        .setDefault(Instant.class, Fixtures.T0)
        .setDefault(Duration.class, Duration.ofMinutes(1))
        .setDefault(DeployOptions.class, DeployOptions.ofDefaults())
        .setDefault(DeployState.class, DeployState.PENDING)
        .setDefault(MigrationHandle.class, Fixtures.handle(0))
        .setDefault(Change.class, new Change("commerce", "ALTER TABLE t ADD COLUMN c INT"))
        .setDefault(String.class, "x")
        .setDefault(DeployRequest.class, Fixtures.inProgress())
        .setDefault(Action.class, Action.deploy())
        .setDefault(Command.class, new Command.Cancel("dr-1", 0, "commerce", Fixtures.handle(0)))
        .setDefault(Outcome.class, Outcome.done())
        .setDefault(Observation.class, Fixtures.observe(Fixtures.T0, false, null))
        .setDefault(Analysis.class, new Analysis(List.of()))
        .setDefault(List.class, List.of());
  }

  @Test
  void valuesRejectNullComponents() {
    NullPointerTester tester = tester();
    for (Class<?> type : List.of(Change.class, DeployOptions.class, MigrationHandle.class, MigrationRow.class,
        HistoryEntry.class, SubmissionIntent.class, SubmittedChange.class, Analysis.class,
        Analysis.ChangeAnalysis.class, Observation.class, Plan.class, ActionResult.Accepted.class,
        ActionResult.Rejected.class, Command.Submit.class, Command.Complete.class, Command.Cancel.class,
        Command.Throttle.class, Command.Revert.class, Outcome.Submitted.class, Outcome.Failed.class,
        Submission.class, RevertSubmission.class, FoundMigration.class, RowQuery.class, RowsRead.class,
        DriverEvent.StateEntered.class, DriverEvent.ActionApplied.class, DriverEvent.CommandSent.class,
        DriverEvent.Adopted.class, DriverEvent.ReadFailed.class, DriverEvent.Warning.class)) {
      tester.testAllPublicConstructors(type);
      tester.testAllPublicStaticMethods(type);
    }
    tester.testAllPublicStaticMethods(DeployRequest.class);
    tester.testAllPublicStaticMethods(DeployMachine.class);
    tester.testAllPublicStaticMethods(Transitions.class);
    tester.testAllPublicInstanceMethods(new InMemoryDeployRequestStore());
    tester.testAllPublicInstanceMethods(DeployOptions.custom());
    tester.testAllPublicInstanceMethods(Driver.builder(new InMemoryDeployRequestStore(), new ScriptedBackend()));
    tester.testAllPublicConstructors(BackendException.class);
  }

  @Test
  void valuesCompareByValue() {
    DeployRequest inProgress = Fixtures.inProgress();
    new EqualsTester()
        .addEqualityGroup(new Change("a", "ALTER TABLE t ADD c INT"), new Change("a", "ALTER TABLE t ADD c INT"))
        .addEqualityGroup(new Change("b", "ALTER TABLE t ADD c INT"))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(DeployOptions.ofDefaults(), DeployOptions.custom().build())
        .addEqualityGroup(DeployOptions.custom().autoApply(false).build())
        .addEqualityGroup(DeployOptions.custom().revertWindow(Duration.ofMinutes(5)).build())
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(inProgress, Fixtures.inProgress())
        .addEqualityGroup(inProgress.withVersion(9))
        .addEqualityGroup(Fixtures.pending())
        .addEqualityGroup(Fixtures.inProgressCutover())
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(MigrationRow.of(Fixtures.handle(0), "-80", "running", true),
            new MigrationRow(Fixtures.handle(0), "-80", "running", true, -1, ""))
        .addEqualityGroup(MigrationRow.of(Fixtures.handle(0), "-80", "running", false))
        .addEqualityGroup(MigrationRow.of(Fixtures.handle(1), "-80", "running", true))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(Action.deploy(), new Action.Deploy())
        .addEqualityGroup(Action.throttle(0.5), new Action.Throttle(0.5))
        .addEqualityGroup(Action.throttle(0.25))
        .addEqualityGroup(Action.setAutoApply(true))
        .addEqualityGroup(Action.setAutoApply(false))
        .testEquals();
  }
}
