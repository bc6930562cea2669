package dev.cutover.core.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.Action;
import dev.cutover.core.Command;
import dev.cutover.core.DeployState;
import dev.cutover.core.FailureKind;
import dev.cutover.core.MigrationHandle;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every kind of {@link DriverEvent} reads as a sentence in a log (issue 23), not as a record's fields. */
class DriverEventTextTest {

  private static final Instant AT = Instant.parse("2026-12-08T09:00:00Z");
  private static final MigrationHandle M = new MigrationHandle("9a1f");

  static List<DriverEvent> oneOfEach() {
    Command submit = new Command.Submit("dr-1", 0, "commerce", "ALTER TABLE t ADD c INT", "ctx", false,
        Command.Mode.FRESH);
    return List.of(
        new DriverEvent.StateEntered(AT, "dr-1", DeployState.QUEUED),
        new DriverEvent.ActionApplied(AT, "dr-1", Action.deploy(true), null),
        new DriverEvent.ActionApplied(AT, "dr-1", Action.revert(), "the revert window has ended"),
        new DriverEvent.CommandSent(AT, "dr-1", submit, null, ""),
        new DriverEvent.CommandSent(AT, "dr-1", new Command.Complete("dr-1", 1, "commerce", M),
            FailureKind.TRANSIENT, "vtgate unreachable"),
        new DriverEvent.Adopted(AT, "dr-1", submit, M),
        new DriverEvent.ReadFailed(AT, "dr-1", FailureKind.PERMANENT, "no such keyspace"),
        new DriverEvent.ReadRecovered(AT, "dr-1", 3),
        new DriverEvent.RequestFailed(AT, "dr-1", "the stored request cannot be read: format: 9"),
        new DriverEvent.Warning(AT, "dr-1", "unknown migration status 'paused'"));
  }

  @Test
  void everyKindOfEventReadsAsASentence() {
    assertThat(oneOfEach()).extracting(Object::toString).containsExactly(
        "dr-1 entered queued at 2026-12-08T09:00:00Z",
        "dr-1 deploy (instant) accepted at 2026-12-08T09:00:00Z",
        "dr-1 revert rejected at 2026-12-08T09:00:00Z: the revert window has ended",
        "dr-1 submit of change 0 (commerce) sent at 2026-12-08T09:00:00Z",
        "dr-1 complete of change 1 (commerce, migration 9a1f) failed (transient) at 2026-12-08T09:00:00Z:"
            + " vtgate unreachable",
        "dr-1 adopted migration 9a1f for submit of change 0 (commerce) at 2026-12-08T09:00:00Z",
        "dr-1 reading its migration rows failed (permanent) at 2026-12-08T09:00:00Z: no such keyspace",
        "dr-1 reads its migration rows again at 2026-12-08T09:00:00Z after 3 failed reads",
        "dr-1 skipped in the tick at 2026-12-08T09:00:00Z: the stored request cannot be read: format: 9",
        "dr-1 warning at 2026-12-08T09:00:00Z: unknown migration status 'paused'");
  }

  @Test
  void noKindIsLeftWithTheRecordsDefaultText() {
    Set<Class<?>> shown = new HashSet<>();
    for (DriverEvent e : oneOfEach()) {
      shown.add(e.getClass());
      assertThat(e.toString()).as(e.getClass().getSimpleName()).doesNotContain("[").startsWith("dr-1 ");
    }
    assertThat(shown).as("one of each kind above: a new kind needs its sentence")
        .containsExactlyInAnyOrder(DriverEvent.class.getPermittedSubclasses());
  }

  @Test
  void commandsNameTheirMigrationAndArguments() {
    assertThat(EventText.command(new Command.Throttle("dr-1", 0, "ks", M, 0.5)))
        .isEqualTo("throttle of change 0 (ks, migration 9a1f) to 0.5");
    assertThat(EventText.command(new Command.Revert("dr-1", 0, "ks", M, "ctx", Command.Mode.FRESH)))
        .isEqualTo("revert of change 0 (ks, reverting migration 9a1f)");
    assertThat(EventText.action(Action.throttle(0.25, "ks"))).isEqualTo("throttle 0.25 on keyspace ks");
    assertThat(EventText.action(Action.setAutoApply(false))).isEqualTo("setAutoApply off");
  }
}
