package dev.cutover.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.MigrationHandle;
import dev.cutover.core.MigrationRow;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.RevertSubmission;
import dev.cutover.core.spi.RowQuery;
import dev.cutover.core.spi.RowsRead;
import dev.cutover.core.spi.Submission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A read hands out the rows, lists and answers of earlier reads again while nothing in them changed
 * (see {@link InMemoryBackend}). Seeded trials hold every read, step by step, equal to the rows worked
 * out afresh for each migration ({@link InMemoryBackend#rowsOf}), across every boundary of the timing
 * model (visibility, start, ready, failure, completion, cancellation, forced cutover, reverts), with
 * clock steps of zero included. A second set of trials takes timings and clock steps to the nanosecond,
 * moves the clock back as well as forth, and reads the queries in a shuffled order, some twice: a copying
 * row is worked out from the backend's flat arrays, not the model, and a query's entry found by position.
 */
class InMemoryBackendReadCacheTest {

  private static final int TRIALS = 300;

  @Test
  void everyReadEqualsTheRowsWorkedOutAfresh() throws Exception {
    for (int trial = 0; trial < TRIALS; trial++) {
      long seed = 0x5eedL + trial;
      runTrial(seed, false);
    }
  }

  @Test
  void everyReadEqualsTheRowsWorkedOutAfreshWithNanosecondsAndTheClockGoingBack() throws Exception {
    for (int trial = 0; trial < TRIALS; trial++) {
      long seed = 0xf1e5L + trial;
      runTrial(seed, true);
    }
  }

  private static Duration seconds(SplittableRandom random, int bound) {
    return Duration.ofSeconds(random.nextInt(bound));
  }

  /** Up to {@code bound} seconds, to the nanosecond when {@code fine}. */
  private static Duration seconds(SplittableRandom random, int bound, boolean fine) {
    return fine ? Duration.ofNanos(random.nextLong(bound * 1_000_000_000L)) : seconds(random, bound);
  }

  private static void runTrial(long seed, boolean fine) throws BackendException {
    SplittableRandom random = new SplittableRandom(seed);
    VirtualClock clock = VirtualClock.atEpoch();
    InMemoryBackend.Builder builder = InMemoryBackend.builder().keyspace("commerce", "-80", "80-")
        .keyspace("customer", "-").clock(clock);
    int requests = 1 + random.nextInt(3);
    for (int r = 0; r < requests; r++) {
      for (int c = 0; c < 3; c++) {
        for (String shard : new String[] {null, "-80", "80-"}) {
          if (shard != null && random.nextInt(3) != 0) {
            continue;
          }
          MigrationTimings.Builder t = MigrationTimings.custom().visibleAfter(seconds(random, 4, fine))
              .startAfter(seconds(random, 5, fine)).readyAfter(seconds(random, 12, fine))
              .completeAfter(seconds(random, 3, fine)).cancelAfter(seconds(random, 3, fine))
              .revertAfter(seconds(random, 6, fine)).cutoverStuck(random.nextInt(4) == 0);
          Duration fail = random.nextInt(4) == 0 ? seconds(random, 15, fine) : null;
          Duration revertFail = random.nextInt(5) == 0 ? seconds(random, 6, fine) : null;
          builder.migration("dr-" + r, c, shard, b -> t.failAfter(fail).failMessage("boom")
              .revertFailAfter(revertFail));
        }
      }
    }
    InMemoryBackend backend = builder.build();
    String[] contexts = new String[requests];
    for (int r = 0; r < requests; r++) {
      contexts[r] = "cutover:main:dr-" + r + ":0";
    }
    Map<RowQuery, List<MigrationHandle>> byQuery = new LinkedHashMap<>();
    List<MigrationHandle> all = new ArrayList<>();
    for (int step = 0; step < 60; step++) {
      int what = random.nextInt(10);
      if (what < 2 && all.size() < 12) {
        int r = random.nextInt(requests);
        int c = random.nextInt(3);
        String keyspace = random.nextBoolean() ? "commerce" : "customer";
        String context = contexts[r]; // one instance per request, as a driver's queries carry it
        MigrationHandle h = backend.submit(new Submission("dr-" + r, c, context, keyspace,
            "ALTER TABLE t ADD COLUMN c" + step + " INT", random.nextInt(5) == 0));
        byQuery.computeIfAbsent(new RowQuery("dr-" + r, context, keyspace), k -> new ArrayList<>()).add(h);
        all.add(h);
      } else if (what < 6 && !all.isEmpty()) {
        MigrationHandle h = all.get(random.nextInt(all.size()));
        String keyspace = keyspaceOf(byQuery, h);
        switch (what) {
          case 2 -> backend.complete(keyspace, h);
          case 3 -> backend.cancel(keyspace, h);
          case 4 -> backend.forceCutover(keyspace, h);
          default -> {
            RowQuery q = queryOf(byQuery, h);
            try {
              MigrationHandle revert = backend.revert(new RevertSubmission(q.requestId(), 0, q.migrationContext(),
                  keyspace, h));
              byQuery.get(q).add(revert);
              all.add(revert);
            } catch (BackendException notComplete) {
              // refused: the target is not complete on every shard; nothing changed
            }
          }
        }
      } else if (what == 6 && !all.isEmpty() && random.nextInt(4) == 0) {
        RowQuery q = new ArrayList<>(byQuery.keySet()).get(random.nextInt(byQuery.size()));
        backend.forceRow(ForcedRow.status(clock.instant().plusSeconds(random.nextInt(3)), q.requestId(),
            random.nextInt(3), null, "running", true));
      } else if (!fine) {
        clock.advance(Duration.ofMillis(random.nextInt(4) * 500L));
      } else if (random.nextInt(4) == 0) {
        clock.set(clock.instant().minus(seconds(random, 3, true))); // back, maybe before a submission
      } else {
        clock.advance(random.nextBoolean() ? seconds(random, 2, true) : Duration.ofNanos(random.nextInt(3)));
      }
      List<RowQuery> queries = new ArrayList<>(byQuery.keySet());
      if (!queries.isEmpty() && random.nextInt(3) == 0) {
        queries = queries.subList(0, 1 + random.nextInt(queries.size())); // a read of some of the queries
      }
      if (fine && !queries.isEmpty()) {
        queries = new ArrayList<>(queries);
        if (random.nextInt(4) == 0) {
          queries.add(queries.get(random.nextInt(queries.size()))); // a query twice
        }
        for (int i = queries.size() - 1; i > 0; i--) {
          int j = random.nextInt(i + 1);
          RowQuery q = queries.get(i);
          queries.set(i, queries.get(j));
          queries.set(j, q);
        }
      }
      RowsRead read = backend.readRows(queries);
      for (RowQuery q : queries) {
        List<MigrationRow> afresh = new ArrayList<>();
        for (MigrationHandle h : byQuery.get(q)) {
          afresh.addAll(backend.rowsOf(h));
        }
        assertThat(read.rows().get(q)).as("seed %d, step %d, query %s, at %s", seed, step, q, clock.instant())
            .isEqualTo(afresh);
      }
    }
  }

  private static RowQuery queryOf(Map<RowQuery, List<MigrationHandle>> byQuery, MigrationHandle h) {
    for (Map.Entry<RowQuery, List<MigrationHandle>> e : byQuery.entrySet()) {
      if (e.getValue().contains(h)) {
        return e.getKey();
      }
    }
    throw new AssertionError("no query for " + h);
  }

  private static String keyspaceOf(Map<RowQuery, List<MigrationHandle>> byQuery, MigrationHandle h) {
    return queryOf(byQuery, h).keyspace();
  }
}
