package dev.cutover.core.driver;

import static dev.cutover.core.DeployState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.Action;
import dev.cutover.core.Change;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.FailureKind;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.ScriptedBackend;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.FoundMigration;
import dev.cutover.core.spi.ForwardingMigrationBackend;
import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.core.spi.StoredRequests;
import dev.cutover.core.spi.Submission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, faults 1 to 4 and 10, each reproduced as it was found (before the fix every test here
 * failed): same-named drivers, drivers taking over a submission, colliding contexts and foreign
 * adoptions, one bad request stopping every other, and a null change.
 */
class DriverFaultsTest {
  private static final List<Change> TWO_CHANGES = List.of(
      new Change("commerce", "ALTER TABLE customer ADD COLUMN email VARCHAR(255)"),
      new Change("commerce", "ALTER TABLE corder ADD INDEX idx_sku (sku)"));

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ScriptedBackend scripted = new ScriptedBackend();
  private final HookedBackend backend = new HookedBackend(scripted);
  private final InterceptingStore store = new InterceptingStore();
  private final List<DriverEvent> events = new ArrayList<>();

  private Driver driver(String owner) {
    return Driver.builder(store, backend).clock(clock).owner(owner).listener(events::add).build();
  }

  private Driver defaultDriver() {
    return Driver.builder(store, backend).clock(clock).listener(events::add).build();
  }

  private DeployRequest request(String id) {
    return store.get(id).orElseThrow();
  }

  private void deployed(Driver d, String id, String database) throws BackendException {
    d.create(id, database, TWO_CHANGES, DeployOptions.ofDefaults());
    clock.advance(Duration.ofSeconds(1));
    d.tick();
    assertThat(d.act(id, Action.deploy()).accepted()).isTrue();
  }

  // ---------------------------------------------------------------------------------------------
  // Fault 1: drivers with the same name

  @Test
  void fault1_driversWithTheDefaultNameHaveUniqueIdentities() {
    Driver a = defaultDriver();
    Driver b = defaultDriver();
    assertThat(a.owner()).isEqualTo(b.owner()).isEqualTo("driver");
    assertThat(a.identity()).isNotEqualTo(b.identity()).startsWith("driver#");
  }

  @Test
  void fault1_twoLiveDriversWithTheSameName_neverSubmitAChangeTwice() throws BackendException {
    Driver a = defaultDriver();
    Driver b = defaultDriver();
    deployed(a, "dr-1", "main");
    // While a's first submission is in flight, b ticks: the intent carries the name b has too.
    backend.beforeFirstSubmit(b::tick);
    clock.advance(Duration.ofSeconds(1));
    a.tick();
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofSeconds(1));
      b.tick();
      a.tick();
    }
    assertThat(scripted.count("submit dr-1 0")).as("change 0 submitted once").isEqualTo(1);
    assertThat(scripted.count("submit dr-1 1")).as("change 1 submitted once").isEqualTo(1);
    assertThat(request("dr-1").state()).isEqualTo(IN_PROGRESS);
  }

  // ---------------------------------------------------------------------------------------------
  // Fault 2: the lease against a submission still in flight

  @Test
  void fault2_aLeaseShorterThanTwiceTheBackendsLongestCallIsRefused_theDefaultIsLongEnough() {
    MigrationBackend slow = new ForwardingMigrationBackend(scripted) {
      @Override
      public Duration maxCallDuration() {
        return Duration.ofSeconds(70); // a 10 s connect timeout and a 60 s socket timeout
      }
    };
    assertThatThrownBy(() -> Driver.builder(store, slow).submissionLease(Duration.ofSeconds(60)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("submissionLease: must be at least twice the backend's longest call (PT1M10S, "
            + "MigrationBackend.maxCallDuration()), so at least PT2M20S, was PT1M");
    assertThat(Driver.builder(store, slow).build().submissionLease()).isEqualTo(Duration.ofSeconds(140));
    assertThat(Driver.builder(store, scripted).build().submissionLease()).isEqualTo(Duration.ofMinutes(1));
    MigrationBackend unknown = new ForwardingMigrationBackend(scripted) {
      @Override
      public Duration maxCallDuration() {
        return MigrationBackend.DEFAULT_MAX_CALL_DURATION;
      }
    };
    assertThat(Driver.builder(store, unknown).build().submissionLease()).isEqualTo(Duration.ofMinutes(4));
  }

  @Test
  void fault2_twoDriversTakingOverOneSubmissionAtOnce_onlyOneSubmits() throws BackendException {
    Driver a = driver("a");
    deployed(a, "dr-1", "main");
    store.once(r -> r.pendingSubmission() != null && r.pendingSubmission().change() == 0, true, () -> {
      throw new ScriptedBackend.Crash("intent saved, a dies before sending");
    });
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(a::tick).isInstanceOf(ScriptedBackend.Crash.class);

    Driver b = driver("b");
    Driver c = driver("c");
    clock.advance(b.submissionLease());
    // b looks the migration up and finds nothing; c ticks right then, past the same lease.
    backend.onFirstFind(c::tick);
    b.tick();
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofSeconds(1));
      c.tick();
      b.tick();
    }
    assertThat(scripted.count("submit dr-1 0")).as("taken over by one driver only").isEqualTo(1);
    assertThat(request("dr-1").submitted()).hasSize(2);
  }

  // ---------------------------------------------------------------------------------------------
  // Fault 3: contexts and adoption

  @Test
  void fault3_migrationContextsAreUniqueByConstruction() {
    Instant t = Instant.parse("2026-01-01T00:00:00.123Z");
    assertThat(DeployRequest.migrationContextOf("x", "a:1", t)).isNotEqualTo(DeployRequest.migrationContextOf("x:a", "1", t));
    assertThat(DeployRequest.migrationContextOf("x", "a%3A", t)).isNotEqualTo(DeployRequest.migrationContextOf("x", "a:", t));
    assertThat(DeployRequest.migrationContextOf("x", "\uD800", t)).isNotEqualTo(DeployRequest.migrationContextOf("x", "\uD801", t));
    assertThat(DeployRequest.migrationContextOf("main", "dr-1", t)).isEqualTo("cutover:main:dr-1:1767225600123");
    assertThat(DeployRequest.create("a:1", "x", List.of(), DeployOptions.ofDefaults(), t).migrationContext())
        .isEqualTo("cutover:x:a%003A1:1767225600123");
  }

  @Test
  void fault3_adoptionTakesOnlyAMigrationOfThisChange_notAnotherRequestsUnderTheSameContext() throws BackendException {
    Driver a = driver("a");
    deployed(a, "dr-1", "main");
    String context = request("dr-1").migrationContext();
    // Another request's migration carries the same context (as colliding contexts once did).
    backend.foreign(new FoundMigration(new MigrationHandle("foreign-1"), "commerce", null,
        "alter table `other` add column x int"));
    backend.foreign(new FoundMigration(new MigrationHandle("foreign-2"), "customer", null, null));
    scripted.failNext("submit", FailureKind.TRANSIENT); // the first try fails: the next one looks up first
    clock.advance(Duration.ofSeconds(1));
    a.tick();
    clock.advance(Duration.ofSeconds(1));
    a.tick();
    assertThat(scripted.count("find " + context)).isPositive();
    assertThat(request("dr-1").submitted()).extracting(s -> s.handle().value()).doesNotContain("foreign-1", "foreign-2");
    assertThat(events).noneMatch(e -> e instanceof DriverEvent.Adopted);
  }

  @Test
  void fault3_aFoundMigrationRunsTheChangeUpToTheBackendsNormalisation() {
    FoundMigration vitessLike = new FoundMigration(new MigrationHandle("m"), "commerce", null,
        "alter table `customer` add column `email` varchar(255)");
    assertThat(vitessLike.runs("ALTER TABLE customer ADD COLUMN email VARCHAR(255);")).isTrue();
    assertThat(vitessLike.runs("ALTER TABLE customer ADD COLUMN phone VARCHAR(255)")).isFalse();
    FoundMigration quoted = new FoundMigration(new MigrationHandle("m"), "commerce", null,
        "alter table t add column c varchar(3) default 'AbC'");
    assertThat(quoted.runs("ALTER TABLE t ADD COLUMN c VARCHAR(3) DEFAULT 'abc'")).as("quoted text keeps its case").isFalse();
    assertThat(new FoundMigration(new MigrationHandle("m"), "commerce", null).runs("anything")).isTrue();
  }

  // ---------------------------------------------------------------------------------------------
  // Fault 4: validation at the edge, and one bad request stops no other

  @Test
  void fault4_aRevertWindowOverTheMaximumIsRefusedAtCreation() {
    assertThatThrownBy(() -> DeployOptions.custom().revertWindow(Duration.ofSeconds(Long.MAX_VALUE)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("revertWindow: must be at most PT168H (7 days), was PT2562047788015215H30M7S");
    assertThat(DeployOptions.custom().revertWindow(DeployOptions.MAX_REVERT_WINDOW).build().revertWindow())
        .isEqualTo(Duration.ofDays(7));
  }

  @Test
  void fault4_aRequestWhoseStepFailsIsReportedAndTheOthersGoOn() throws BackendException {
    Driver a = driver("a");
    deployed(a, "dr-1", "main");
    a.create("dr-2", "other", TWO_CHANGES, DeployOptions.ofDefaults());
    clock.advance(Duration.ofSeconds(1));
    a.tick(); // dr-1 in_progress, dr-2 ready
    scripted.setAll("running", true);
    clock.advance(Duration.ofSeconds(1));
    a.tick(); // dr-1: gate open, completion requested
    assertThat(request("dr-1").state()).isEqualTo(IN_PROGRESS_CUTOVER);
    assertThat(a.act("dr-2", Action.deploy()).accepted()).isTrue();

    // Near the end of time, dr-1's completion would open a revert window past Instant.MAX.
    clock.advance(Duration.between(clock.instant(), Instant.MAX.minusSeconds(60)));
    a.tick();

    assertThat(events).filteredOn(e -> e instanceof DriverEvent.RequestFailed).singleElement()
        .satisfies(e -> {
          assertThat(e.requestId()).isEqualTo("dr-1");
          assertThat(((DriverEvent.RequestFailed) e).message()).startsWith("its step failed: java.time.DateTimeException");
        });
    assertThat(request("dr-1").state()).as("the failing request is left as it was").isEqualTo(IN_PROGRESS_CUTOVER);
    assertThat(request("dr-2").state()).as("the other request went on").isEqualTo(IN_PROGRESS);
  }

  @Test
  void fault4_anUnreadableStoredRequestIsReported_theTickAndTheDeploysOfOthersGoOn() throws BackendException {
    UnreadableStore unreadable = new UnreadableStore(store, "dr-bad", "queueTicket: must be a number, was \"x\"");
    Driver d = Driver.builder(unreadable, backend).clock(clock).owner("a").listener(events::add).build();
    deployed(d, "dr-1", "main");
    clock.advance(Duration.ofSeconds(1));
    d.tick();
    assertThat(request("dr-1").state()).isEqualTo(IN_PROGRESS);
    assertThat(events).filteredOn(e -> e instanceof DriverEvent.RequestFailed)
        .extracting(DriverEvent::requestId, e -> ((DriverEvent.RequestFailed) e).message())
        .contains(org.assertj.core.groups.Tuple.tuple("dr-bad",
            "the stored request cannot be read: queueTicket: must be a number, was \"x\""));
  }

  // ---------------------------------------------------------------------------------------------
  // Fault 10

  @Test
  void fault10_aNullInTheChangeListIsRefusedNamingItsIndex() {
    Driver a = driver("a");
    assertThatThrownBy(() -> a.create("dr-1", "main", Arrays.asList(TWO_CHANGES.get(0), null), DeployOptions.ofDefaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("changes[1]: must not be null");
    assertThat(store.list()).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------

  /** A backend with hooks: run something as the first submission or look-up arrives; add foreign migrations to look-ups. */
  static final class HookedBackend extends ForwardingMigrationBackend {
    private Runnable beforeFirstSubmit;
    private Runnable onFirstFind;
    private final List<FoundMigration> foreign = new ArrayList<>();

    HookedBackend(ScriptedBackend delegate) {
      super(delegate);
    }

    void beforeFirstSubmit(Runnable hook) {
      beforeFirstSubmit = hook;
    }

    void onFirstFind(Runnable hook) {
      onFirstFind = hook;
    }

    void foreign(FoundMigration m) {
      foreign.add(m);
    }

    @Override
    public MigrationHandle submit(Submission s) throws BackendException {
      Runnable hook = beforeFirstSubmit;
      beforeFirstSubmit = null;
      if (hook != null) {
        hook.run();
      }
      return super.submit(s);
    }

    @Override
    public List<FoundMigration> findByContext(String context, String keyspace) throws BackendException {
      List<FoundMigration> found = new ArrayList<>(foreign);
      found.addAll(super.findByContext(context, keyspace));
      Runnable hook = onFirstFind; // runs after the look-up found what it found, before the caller acts on it
      onFirstFind = null;
      if (hook != null) {
        hook.run();
      }
      return found;
    }
  }

  /** A store holding one more request that cannot be read: its plain listings fail, its reporting ones go on. */
  static final class UnreadableStore extends dev.cutover.core.spi.ForwardingDeployRequestStore {
    private final String id;
    private final String problem;

    UnreadableStore(InterceptingStore delegate, String id, String problem) {
      super(delegate);
      this.id = id;
      this.problem = problem;
    }

    @Override
    public List<DeployRequest> list() {
      throw new IllegalStateException("stored request " + id + ": " + problem);
    }

    @Override
    public List<DeployRequest> listActive() {
      throw new IllegalStateException("stored request " + id + ": " + problem);
    }

    @Override
    public StoredRequests readAll() {
      return new StoredRequests(delegate().list(), unreadableOne());
    }

    @Override
    public StoredRequests readActive() {
      return new StoredRequests(delegate().listActive(), unreadableOne());
    }

    private Map<String, String> unreadableOne() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put(id, problem);
      return m;
    }
  }
}
