package dev.cutover.core.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.Action;
import dev.cutover.core.Change;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.ScriptedBackend;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.FoundMigration;
import dev.cutover.core.spi.ForwardingMigrationBackend;
import dev.cutover.core.spi.InMemoryDeployRequestStore;
import dev.cutover.core.spi.RevertSubmission;
import dev.cutover.core.spi.RowQuery;
import dev.cutover.core.spi.RowsRead;
import dev.cutover.core.spi.Submission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, items 4 and 5: the submission lease counts from the call, not from the tick, and a
 * submission whose outcome is unknown is not sent again before the backend's bound has passed.
 * Both drivers run side by side on virtual time ({@link VirtualTime}), with the timings.
 * Before the fix (decisions 117 and 118), 8 of the 10 requests were submitted twice, and the
 * late-recorded submission was submitted again by its own driver.
 */
class SubmissionLeaseTest {
  private static final Duration CALL = Duration.ofMillis(180);
  private static final Duration READ = Duration.ofMillis(150);
  private static final Duration BOUND = Duration.ofMillis(200);
  private static final Duration LEASE = Duration.ofMillis(400);

  private final VirtualTime time = new VirtualTime(Instant.parse("2026-01-01T00:00:00Z"));
  private final ScriptedBackend scripted = new ScriptedBackend();
  private final InMemoryDeployRequestStore store = new InMemoryDeployRequestStore();

  /**
   * An honest backend: every call ends within {@link #BOUND}. A write takes effect when its call
   * returns; a read answers what was there when it started. Optionally, the next submit is one the
   * client gives up on at the bound, which the server records {@code lateBy} after that.
   */
  private final class TimedBackend extends ForwardingMigrationBackend {
    private Duration lateBy;
    private Submission late;
    private Instant lateAt;

    TimedBackend() {
      super(scripted);
    }

    /** The next submit times out for the client and is recorded by the server {@code lateBy} after. */
    void nextSubmitRecordedLate(Duration lateBy) {
      this.lateBy = lateBy;
    }

    private void arrive() throws BackendException {
      if (late != null && !time.instant().isBefore(lateAt)) {
        Submission s = late;
        late = null;
        scripted.submit(s);
      }
    }

    private <T> T reading(Duration d, Call<T> call) throws BackendException {
      arrive();
      T answer = call.run();
      time.sleep(d);
      return answer;
    }

    private <T> T writing(Call<T> call) throws BackendException {
      time.sleep(CALL);
      arrive();
      return call.run();
    }

    @Override
    public Duration maxCallDuration() {
      return BOUND;
    }

    @Override
    public Set<String> keyspaces() throws BackendException {
      return reading(CALL, () -> scripted.keyspaces());
    }

    @Override
    public List<String> shards(String keyspace) throws BackendException {
      return reading(CALL, () -> scripted.shards(keyspace));
    }

    @Override
    public dev.cutover.core.Analysis analyse(String requestId, List<Change> changes) throws BackendException {
      return reading(CALL, () -> scripted.analyse(requestId, changes));
    }

    @Override
    public MigrationHandle submit(Submission submission) throws BackendException {
      if (lateBy != null) {
        time.sleep(BOUND);
        late = submission;
        lateAt = time.instant().plus(lateBy);
        lateBy = null;
        throw BackendException.transientFailure("the call reached its bound (the server may still run it)", null);
      }
      return writing(() -> scripted.submit(submission));
    }

    @Override
    public List<FoundMigration> findByContext(String context, String keyspace) throws BackendException {
      return reading(CALL, () -> scripted.findByContext(context, keyspace));
    }

    @Override
    public RowsRead readRows(List<RowQuery> queries) throws BackendException {
      return reading(READ, () -> scripted.readRows(queries));
    }

    @Override
    public void complete(String keyspace, MigrationHandle migration) throws BackendException {
      writing(() -> {
        scripted.complete(keyspace, migration);
        return null;
      });
    }

    @Override
    public void cancel(String keyspace, MigrationHandle migration) throws BackendException {
      writing(() -> {
        scripted.cancel(keyspace, migration);
        return null;
      });
    }

    @Override
    public MigrationHandle revert(RevertSubmission revert) throws BackendException {
      return writing(() -> scripted.revert(revert));
    }
  }

  private interface Call<T> {
    T run() throws BackendException;
  }

  private final TimedBackend backend = new TimedBackend();

  private Driver driver(String owner) {
    return Driver.builder(store, backend).clock(time).owner(owner).submissionLease(LEASE).build();
  }

  /** {@code n} requests of one change each, in databases of their own, deployed: each is queued. */
  private void deployed(Driver d, int n) throws BackendException {
    for (int i = 0; i < n; i++) {
      d.create("dr-" + i, "db-" + i, List.of(new Change("customer", "ALTER TABLE t" + i + " ADD COLUMN c INT")),
          DeployOptions.ofDefaults());
    }
    time.sleep(Duration.ofSeconds(10));
    d.tick(); // analysed
    for (int i = 0; i < n; i++) {
      assertThat(d.act("dr-" + i, Action.deploy()).accepted()).isTrue();
    }
    time.sleep(Duration.ofSeconds(10));
  }

  private int doubled(int n) {
    int doubled = 0;
    for (int i = 0; i < n; i++) {
      doubled += scripted.count("submit dr-" + i + " ") > 1 ? 1 : 0;
    }
    return doubled;
  }

  @Test
  void item4_aSecondDriverNeverSubmitsWhatALongTickOfTheFirstIsStillSending() throws Exception {
    Driver a = driver("a");
    Driver b = driver("b");
    deployed(a, 10);
    // a's tick submits the ten one after the other (each a shards call and a submit, 360 ms);
    // b ticks 500 ms after a started, while a's second submit is still in flight.
    time.run(List.of(Duration.ZERO, Duration.ofMillis(500)), List.of(a::tick, b::tick));
    for (int i = 0; i < 4; i++) {
      time.sleep(LEASE);
      a.tick();
      b.tick();
    }
    assertThat(doubled(10)).as("requests submitted twice").isZero();
    for (int i = 0; i < 10; i++) {
      assertThat(scripted.count("submit dr-" + i + " ")).as("submits of dr-" + i).isEqualTo(1);
      DeployRequest r = store.get("dr-" + i).orElseThrow();
      assertThat(r.state()).as(r.id()).isEqualTo(DeployState.IN_PROGRESS);
      assertThat(r.submitted()).as(r.id()).hasSize(1);
    }
  }

  @Test
  void item4_aRenewalRacingTakeOversLetsOnlyOneDriverSend() throws Exception {
    Driver a = driver("a");
    Driver b = driver("b");
    Driver c = driver("c");
    deployed(a, 3);
    // b ticks right when a's stale lease ends, c a moment later: whichever of a renewal and a
    // take-over is saved first, one driver sends each submission.
    time.run(List.of(Duration.ZERO, LEASE, LEASE.plus(Duration.ofMillis(1))), List.of(a::tick, b::tick, c::tick));
    time.sleep(LEASE.multipliedBy(2));
    b.tick();
    c.tick();
    a.tick();
    assertThat(doubled(3)).isZero();
    for (int i = 0; i < 3; i++) {
      assertThat(store.get("dr-" + i).orElseThrow().submitted()).hasSize(1);
    }
  }

  @Test
  void item5_aSubmitTheClientGaveUpOnIsNotSentAgainBeforeTheBackendsBound() throws Exception {
    Driver a = driver("a");
    deployed(a, 1);
    // The submit times out at its bound; the server records it 150 ms later. a ticks every 20 ms.
    backend.nextSubmitRecordedLate(Duration.ofMillis(150));
    List<Instant> ticks = new ArrayList<>();
    time.run(List.of(Duration.ZERO), List.of(() -> {
      for (int i = 0; i < 60; i++) {
        ticks.add(time.instant());
        a.tick();
        time.sleep(Duration.ofMillis(20));
      }
    }));
    assertThat(ticks).hasSize(60);
    assertThat(scripted.count("submit dr-0 ")).as("migrations started for change 0").isEqualTo(1);
    DeployRequest r = store.get("dr-0").orElseThrow();
    assertThat(r.state()).isEqualTo(DeployState.IN_PROGRESS);
    assertThat(r.submitted()).hasSize(1);
    assertThat(r.submitted().get(0).handle()).isEqualTo(scripted.migrations.get(0).handle()); // adopted
  }
}
