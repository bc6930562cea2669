package dev.cutover.core.driver;

import static dev.cutover.core.DeployState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.Action;
import dev.cutover.core.Change;
import dev.cutover.core.Command;
import dev.cutover.core.CommandState;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.FailureKind;
import dev.cutover.core.HistoryEntry;
import dev.cutover.core.ScriptedBackend;
import dev.cutover.core.VSchemaChange;
import dev.cutover.core.spi.BackendException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec section 8, VSchema changes, through the driver over a scripted backend: creation, the ticks, a crash. */
class DriverVSchemaTest {
  private static final String COMMERCE = "{\"sharded\": true, \"vindexes\": {\"hash\": {\"type\": \"hash\"}}}";
  private static final String CUSTOMER = "{\"tables\": {\"customer\": {}}}";
  private static final List<VSchemaChange> VSCHEMAS = List.of(
      new VSchemaChange("customer", CUSTOMER), new VSchemaChange("commerce", COMMERCE));

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ScriptedBackend backend = new ScriptedBackend();
  private final InterceptingStore store = new InterceptingStore();
  private final List<DriverEvent> events = new ArrayList<>();
  private Driver driver = newDriver();

  private Driver newDriver() {
    return Driver.builder(store, backend).clock(clock).owner("driver-a").listener(events::add).build();
  }

  private DeployRequest request(String id) {
    return store.get(id).orElseThrow();
  }

  private void tick() {
    clock.advance(Duration.ofSeconds(1));
    driver.tick();
  }

  private void deployed(List<Change> changes) throws BackendException {
    driver.create("dr-1", "main", changes, VSCHEMAS, DeployOptions.ofDefaults());
    tick();
    assertThat(driver.act("dr-1", Action.deploy()).accepted()).isTrue();
  }

  private List<String> vschemaCalls() {
    return backend.calls.stream().filter(c -> c.startsWith("vschema ") || c.startsWith("applyVSchema")).toList();
  }

  @Test
  void section8_create_aVSchemaChangeOfAKeyspaceTheBackendDoesNotHaveIsRefusedNamingTheField() {
    assertThatThrownBy(() -> driver.create("dr-1", "main", List.of(),
        List.of(new VSchemaChange("commerce", "{}"), new VSchemaChange("nosuch", "{}")), DeployOptions.ofDefaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("vschemaChanges[1].keyspace: unknown keyspace 'nosuch' (known: [commerce, customer])");
    assertThat(store.get("dr-1")).as("nothing is half-created").isEmpty();
  }

  @Test
  void section8_onlyVSchemaChanges_appliedInNameOrderEachEarlierOneReadFirst_thenPutBackOnRevert()
      throws BackendException {
    deployed(List.of());
    tick();
    DeployRequest r = request("dr-1");
    assertThat(r.history()).extracting(HistoryEntry::state)
        .containsExactly(PENDING, READY, QUEUED, SUBMITTING, IN_PROGRESS_VSCHEMA, COMPLETE_PENDING_REVERT);
    assertThat(vschemaCalls()).containsExactly("vschema commerce", "applyVSchema commerce " + COMMERCE,
        "vschema customer", "applyVSchema customer " + CUSTOMER);
    assertThat(backend.vschemas).containsEntry("commerce", COMMERCE).containsEntry("customer", CUSTOMER);
    assertThat(events).filteredOn(e -> e instanceof DriverEvent.CommandSent).extracting(
        e -> ((DriverEvent.CommandSent) e).command().name() + " " + ((DriverEvent.CommandSent) e).command().keyspace())
        .as("a read is no command line").containsExactly("vschema commerce", "vschema customer");

    assertThat(driver.act("dr-1", Action.revert()).accepted()).isTrue();
    tick();
    assertThat(request("dr-1").state()).isEqualTo(COMPLETE_REVERT);
    assertThat(backend.vschemas).containsEntry("commerce", "{\"sharded\": true}").containsEntry("customer", "{}");
    assertThat(vschemaCalls()).endsWith("applyVSchema customer revert {}",
        "applyVSchema commerce revert {\"sharded\": true}");
  }

  @Test
  void section8_schemaChangesFirst_theVSchemasOnceEveryChangeIsComplete() throws BackendException {
    deployed(List.of(new Change("commerce", "ALTER TABLE t ADD COLUMN c INT")));
    tick();
    assertThat(request("dr-1").state()).isEqualTo(IN_PROGRESS);
    assertThat(vschemaCalls()).isEmpty();
    backend.setAll("running", true);
    tick();
    assertThat(request("dr-1").state()).isEqualTo(IN_PROGRESS_CUTOVER);
    assertThat(vschemaCalls()).isEmpty();
    backend.setAll("complete", false);
    tick();
    assertThat(request("dr-1").state()).isEqualTo(COMPLETE_PENDING_REVERT);
    assertThat(backend.vschemas).containsEntry("commerce", COMMERCE);

    assertThat(driver.act("dr-1", Action.revert()).accepted()).isTrue();
    tick();
    DeployRequest r = request("dr-1");
    assertThat(r.history()).extracting(HistoryEntry::state)
        .endsWith(COMPLETE_PENDING_REVERT, IN_PROGRESS_REVERT_VSCHEMA, IN_PROGRESS_REVERT);
    assertThat(backend.vschemas).containsEntry("commerce", "{\"sharded\": true}");
    assertThat(backend.count("revert")).as("the schema change is reverted after the VSchemas").isEqualTo(1);
  }

  @Test
  void section8_aVSchemaNotInPlaceYetIsAskedAgainOnLaterTicks_aTransientFailureToo() throws BackendException {
    deployed(List.of());
    backend.vschemaNotYet = 2;
    backend.failNext("vschema", null).failNext("vschema", FailureKind.TRANSIENT);
    tick();
    assertThat(request("dr-1").state()).isEqualTo(IN_PROGRESS_VSCHEMA);
    assertThat(vschemaCalls()).as("one call per tick while it is not in place")
        .containsExactly("vschema commerce", "applyVSchema commerce " + COMMERCE);
    tick();
    tick();
    assertThat(request("dr-1").vschemaApplication("commerce").orElseThrow().application())
        .isEqualTo(CommandState.DONE);
    assertThat(request("dr-1").vschemaApplications()).hasSize(1); // the read of customer failed transiently
    tick();
    assertThat(request("dr-1").state()).isEqualTo(COMPLETE_PENDING_REVERT);
  }

  @Test
  void section8_aDriverThatCrashedAfterApplyingPutsBackTheEarlierVSchemaNotItsOwn() throws BackendException {
    deployed(List.of());
    backend.crashAfter("applyVSchema");
    assertThatThrownBy(this::tick).isInstanceOf(ScriptedBackend.Crash.class);
    assertThat(backend.vschemas).containsEntry("commerce", COMMERCE);
    assertThat(request("dr-1").vschemaApplication("commerce").orElseThrow())
        .satisfies(a -> {
          assertThat(a.application()).isEqualTo(CommandState.REQUESTED);
          assertThat(a.earlier()).as("saved before the apply").isEqualTo("{\"sharded\": true}");
        });
    driver = newDriver();
    tick();
    assertThat(request("dr-1").state()).isEqualTo(COMPLETE_PENDING_REVERT);
    assertThat(events).filteredOn(e -> e instanceof DriverEvent.CommandSent c
        && c.command() instanceof Command.ApplyVSchema a && a.mode() == Command.Mode.RESUME).hasSize(1);
    assertThat(driver.act("dr-1", Action.revert()).accepted()).isTrue();
    tick();
    assertThat(request("dr-1").state()).isEqualTo(COMPLETE_REVERT);
    assertThat(backend.vschemas).containsEntry("commerce", "{\"sharded\": true}").containsEntry("customer", "{}");
  }

  @Test
  void section8_aPermanentRefusalIsCompleteError_heldWithHoldQueueOnFailure() throws BackendException {
    driver.create("dr-1", "main", List.of(), VSCHEMAS, DeployOptions.custom().holdQueueOnFailure(true).build());
    tick();
    assertThat(driver.act("dr-1", Action.deploy()).accepted()).isTrue();
    backend.failNext("applyVSchema", FailureKind.PERMANENT);
    tick();
    DeployRequest r = request("dr-1");
    assertThat(r.state()).isEqualTo(COMPLETE_ERROR);
    assertThat(r.errors()).containsExactly("vschema of keyspace commerce: rejected: applyVSchema failed (scripted)");
    assertThat(r.holdsDatabase()).isTrue();
    assertThat(backend.vschemas).as("nothing else applied").containsEntry("customer", "{}");
  }
}
