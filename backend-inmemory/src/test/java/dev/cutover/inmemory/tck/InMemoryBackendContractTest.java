package dev.cutover.inmemory.tck;

import dev.cutover.core.spi.MigrationBackend;
import dev.cutover.core.tck.MigrationBackendContract;
import dev.cutover.core.tck.Waiter;
import dev.cutover.inmemory.InMemoryBackend;
import dev.cutover.inmemory.MigrationTimings;
import dev.cutover.inmemory.VirtualClock;
import java.time.Duration;
import java.util.Optional;

/**
 * The backend contract, run against the in-memory simulator on a virtual clock: a fresh backend
 * per rule, a two-shard keyspace and a one-shard one, migrations that become ready after 30 seconds
 * and take 5 seconds to cut over, cancel and revert, a scripted failure for the failing rule, and
 * VSchemas that take 3 seconds to go in place.
 */
class InMemoryBackendContractTest extends MigrationBackendContract {

  private VirtualClock clock;

  @Override
  protected MigrationBackend createBackend() {
    clock = VirtualClock.atEpoch();
    return InMemoryBackend.builder()
        .keyspace("commerce", "-80", "80-")
        .keyspace("customer", "-")
        .defaults(MigrationTimings.custom()
            .startAfter(Duration.ofSeconds(2))
            .readyAfter(Duration.ofSeconds(30))
            .completeAfter(Duration.ofSeconds(5))
            .cancelAfter(Duration.ofSeconds(5))
            .revertAfter(Duration.ofSeconds(20))
            .build())
        .vschema("commerce", "{\"sharded\": true, \"vindexes\": {\"hash\": {\"type\": \"hash\"}}}")
        .vschemaAfter(Duration.ofSeconds(3))
        .migration(FAILING_REQUEST_ID, 0,
            t -> t.failAfter(Duration.ofSeconds(12)).failMessage("Table 'commerce.missing' doesn't exist"))
        .clock(clock)
        .build();
  }

  @Override
  protected Waiter waiter() {
    return Waiter.ofVirtualClock(clock::instant, clock::advance, Duration.ofHours(1), Duration.ofSeconds(1));
  }

  @Override
  protected String keyspace() {
    return "commerce";
  }

  @Override
  protected Optional<String> secondKeyspace() {
    return Optional.of("customer");
  }

  @Override
  protected boolean supportsInstant() {
    return true;
  }

  @Override
  protected Duration quietPeriod() {
    return Duration.ofMinutes(30);
  }

  /** The simulator keeps any JSON object: one naming the marker table is enough to see it in place. */
  @Override
  protected Optional<String> vschemaWithTable(String current, String marker) {
    return Optional.of("{\"sharded\": true, \"tables\": {\"" + marker + "\": {}}}");
  }

  /** The simulator does not parse SQL: it accepts any statement (its refusals are scripted as faults). */
  @Override
  protected Optional<String> invalidStatement() {
    return Optional.empty();
  }
}
