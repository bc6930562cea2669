package dev.cutover.core.driver;

import static dev.cutover.core.DeployState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.Action;
import dev.cutover.core.Cause;
import dev.cutover.core.Change;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployQueue;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.FailureKind;
import dev.cutover.core.HistoryEntry;
import dev.cutover.core.ScriptedBackend;
import dev.cutover.core.spi.BackendException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The driver's read side (decision 121): get, list, unreadable, queue, keyspaces, and the cause of every state entered. */
class DriverReadsTest {
  private static final List<Change> ONE_CHANGE = List.of(
      new Change("commerce", "ALTER TABLE customer ADD COLUMN email VARCHAR(255)"));

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ScriptedBackend backend = new ScriptedBackend();
  private final InterceptingStore store = new InterceptingStore();
  private final List<DriverEvent> events = new ArrayList<>();
  private Driver driver;

  @BeforeEach
  void setUp() {
    driver = Driver.builder(store, backend).clock(clock).owner("reader").listener(events::add).build();
  }

  private void tick() {
    clock.advance(Duration.ofSeconds(1));
    driver.tick();
  }

  private void createAndDeploy(String database, String... ids) throws BackendException {
    for (String id : ids) {
      driver.create(id, database, ONE_CHANGE, DeployOptions.ofDefaults());
    }
    tick();
    for (String id : ids) {
      assertThat(driver.act(id, Action.deploy()).accepted()).isTrue();
    }
  }

  @Test
  void getAnswersTheStoredValue_emptyForAnUnknownId() throws BackendException {
    driver.create("dr-1", "main", ONE_CHANGE, DeployOptions.ofDefaults());
    tick();
    assertThat(driver.get("dr-1")).contains(store.get("dr-1").orElseThrow());
    assertThat(driver.get("dr-1").orElseThrow().state()).isEqualTo(READY);
    assertThat(driver.get("nope")).isEmpty();
    assertThatThrownBy(() -> driver.get(null)).isInstanceOf(NullPointerException.class).hasMessage("id");
  }

  @Test
  void listAnswersEveryRequestOfTheDatabaseInCreationOrder_closedAndTerminalOnesIncluded() throws BackendException {
    driver.create("b", "main", ONE_CHANGE, DeployOptions.ofDefaults());
    driver.create("other", "elsewhere", ONE_CHANGE, DeployOptions.ofDefaults());
    driver.create("a", "main", ONE_CHANGE, DeployOptions.ofDefaults());
    driver.create("c", "main", ONE_CHANGE, DeployOptions.ofDefaults());
    tick();
    assertThat(driver.act("a", Action.close()).accepted()).isTrue();
    assertThat(driver.act("c", Action.deploy()).accepted()).isTrue();
    assertThat(driver.act("c", Action.cancel()).accepted()).isTrue();
    assertThat(driver.list("main")).extracting(DeployRequest::id).containsExactly("b", "a", "c");
    assertThat(driver.list("main")).extracting(DeployRequest::state).containsExactly(READY, READY, COMPLETE_CANCEL);
    assertThat(driver.list("elsewhere")).extracting(DeployRequest::id).containsExactly("other");
    assertThat(driver.list("none")).isEmpty();
  }

  @Test
  void queueAnswersTheOccupyingRequestFirst_thenTheQueuedOnesInTheOrderTheTickAdmitsThem() throws BackendException {
    createAndDeploy("main", "first", "second", "third");
    createAndDeploy("elsewhere", "apart");
    assertThat(driver.queue("main")).extracting(DeployRequest::id).containsExactly("first", "second", "third");
    tick();
    assertThat(driver.queue("main")).extracting(DeployRequest::id).containsExactly("first", "second", "third");
    assertThat(driver.queue("main").get(0).state()).as("admitted, it occupies the database")
        .isNotEqualTo(QUEUED);
    assertThat(driver.queue("main")).element(1).extracting(DeployRequest::state).isEqualTo(QUEUED);
    assertThat(driver.queue("main")).isEqualTo(DeployQueue.queue("main", store.listActive()));
    assertThat(driver.queue("elsewhere")).extracting(DeployRequest::id).containsExactly("apart");
    assertThat(driver.act("first", Action.cancel()).accepted()).isTrue();
    while (driver.get("first").orElseThrow().occupiesDatabase()) {
      backend.setAll("cancelled", false);
      tick();
    }
    assertThat(driver.queue("main")).extracting(DeployRequest::id).as("the finished one leaves; the next is first")
        .containsExactly("second", "third");
    tick();
    assertThat(driver.queue("main").get(0).id()).isEqualTo("second");
    assertThat(driver.queue("main").get(0).state()).as("the tick admitted the one the queue put first")
        .isNotEqualTo(QUEUED);
    assertThat(driver.queue("none")).isEmpty();
  }

  @Test
  void anUnreadableStoredRequestIsNamedWithItsProblem_listAndQueueGoOnWithoutIt() throws BackendException {
    assertThat(driver.unreadable()).isEmpty();
    DriverFaultsTest.UnreadableStore broken = new DriverFaultsTest.UnreadableStore(store, "dr-bad",
        "queueTicket: must be a number, was \"x\"");
    Driver reader = Driver.builder(broken, backend).clock(clock).owner("reader").build();
    createAndDeploy("main", "dr-1");
    assertThat(reader.unreadable()).containsExactly(
        java.util.Map.entry("dr-bad", "queueTicket: must be a number, was \"x\""));
    assertThat(reader.list("main")).extracting(DeployRequest::id).containsExactly("dr-1");
    assertThat(reader.queue("main")).extracting(DeployRequest::id).containsExactly("dr-1");
  }

  @Test
  void keyspacesAnswerTheBackendsTopologyInNameOrder_aFailedListingPassesThrough() throws BackendException {
    assertThat(driver.keyspaces()).containsExactly(new Keyspace("commerce", List.of("-80", "80-")),
        new Keyspace("customer", List.of("-")));
    backend.failNext("shards", FailureKind.TRANSIENT);
    assertThatThrownBy(driver::keyspaces).isInstanceOf(BackendException.class)
        .hasMessageContaining("shards failed");
  }

  @Test
  void aKeyspaceNeedsANameAndShards_eachOnce() {
    assertThatThrownBy(() -> new Keyspace(" ", List.of("-"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
    assertThatThrownBy(() -> new Keyspace("ks", List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shards").hasMessageContaining("'ks'");
    assertThatThrownBy(() -> new Keyspace("ks", List.of("-80", "-80"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shards[1]").hasMessageContaining("'-80'");
  }

  @Test
  void everyStateEnteredCarriesTheCauseItsHistoryEntryKeeps() throws BackendException {
    createAndDeploy("main", "dr-1");
    tick();
    backend.setAll("running", true);
    tick();
    tick();
    DeployRequest done = driver.get("dr-1").orElseThrow();
    assertThat(done.state()).isEqualTo(COMPLETE_PENDING_REVERT);
    assertThat(done.history()).extracting(HistoryEntry::cause).containsExactly(null, Cause.ANALYSED, Cause.DEPLOY,
        Cause.ADMITTED, Cause.ALL_SUBMITTED, Cause.GATE_OPEN, Cause.ALL_COMPLETE);
    List<DriverEvent.StateEntered> entered = events.stream().filter(e -> e instanceof DriverEvent.StateEntered)
        .map(e -> (DriverEvent.StateEntered) e).toList();
    assertThat(entered).extracting(DriverEvent.StateEntered::state)
        .containsExactlyElementsOf(done.history().stream().map(HistoryEntry::state).toList());
    assertThat(entered).extracting(DriverEvent.StateEntered::cause)
        .containsExactlyElementsOf(done.history().stream().map(HistoryEntry::cause).toList());
  }

  @Test
  void aFailedRowNamesRuleOneAsTheCause_noMessageToMatch() throws BackendException {
    createAndDeploy("main", "dr-1");
    tick();
    backend.setAll("failed", false);
    tick();
    DeployRequest failed = driver.get("dr-1").orElseThrow();
    assertThat(failed.state()).isEqualTo(COMPLETE_ERROR);
    assertThat(failed.history().get(failed.history().size() - 1).cause()).isEqualTo(Cause.ROW_FAILED);
  }
}
