package dev.cutover.inmemory.property;

import dev.cutover.core.Change;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.VSchemaChange;
import dev.cutover.inmemory.MigrationTimings;
import dev.cutover.inmemory.scenario.Scenario;
import dev.cutover.inmemory.scenario.Scenario.AnalysisScript;
import dev.cutover.inmemory.scenario.Scenario.Backend;
import dev.cutover.inmemory.scenario.Scenario.FaultScript;
import dev.cutover.inmemory.scenario.Scenario.MigrationScript;
import dev.cutover.inmemory.scenario.Scenario.Request;
import dev.cutover.inmemory.scenario.Scenario.RowScript;
import dev.cutover.inmemory.scenario.Scenario.ScheduledAction;
import dev.cutover.inmemory.scenario.Scenario.TimingFields;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Makes a failing {@link Scenario} smaller while it still fails: drops requests, changes, actions,
 * faults, forced rows, migration scripts, analysis entries, keyspaces and shards, simplifies
 * options, and shortens durations, greedily, until no single step keeps the failure (or the budget
 * runs out). It edits the typed scenario; every candidate is a valid scenario (one that would not
 * be, say a shard-specific entry left without its shard, is skipped).
 */
public final class Shrinker {

  private final Predicate<Scenario> fails;
  private final int maxAttempts;
  private final long deadlineNanos;
  private int attempts;
  private int accepted;

  private Shrinker(Predicate<Scenario> fails, int maxAttempts, Duration budget) {
    this.fails = fails;
    this.maxAttempts = maxAttempts;
    this.deadlineNanos = System.nanoTime() + budget.toNanos();
  }

  /**
   * What shrinking gave.
   *
   * @param scenario the smallest failing scenario found
   * @param attempts how many candidates were run
   * @param steps how many of them were kept
   */
  public record Result(Scenario scenario, int attempts, int steps) {}

  /**
   * Shrinks {@code failing}, which must fail {@code fails}, within {@code maxAttempts} runs and
   * {@code budget} of wall time. {@code fails} may throw on a candidate: that candidate does not count
   * as failing.
   *
   * @param failing the scenario to shrink, not null; it is not run again, so it is the result if no
   *     candidate fails
   * @param fails true for a candidate that fails the same way, not null; called once per candidate
   * @param maxAttempts the most candidates to run; 0 or less runs none
   * @param budget the most wall time to spend, not null; checked between candidates, so one slow
   *     candidate can overrun it
   * @return the smallest failing scenario found (possibly {@code failing} itself), with how many
   *     candidates were run and kept
   */
  public static Result shrink(Scenario failing, Predicate<Scenario> fails, int maxAttempts, Duration budget) {
    Objects.requireNonNull(failing, "failing");
    Shrinker s = new Shrinker(Objects.requireNonNull(fails, "fails"), maxAttempts, budget);
    Scenario current = failing;
    boolean progress = true;
    while (progress && s.hasBudget()) {
      progress = false;
      for (Supplier<Scenario> make : candidates(current)) {
        if (!s.hasBudget()) {
          break;
        }
        Scenario candidate;
        try {
          candidate = make.get();
        } catch (IllegalArgumentException invalid) { // a ScenarioException too
          continue;
        }
        if (candidate.equals(current)) {
          continue;
        }
        if (s.tryCandidate(candidate)) {
          current = candidate;
          progress = true;
          break;
        }
      }
    }
    return new Result(current, s.attempts, s.accepted);
  }

  private boolean hasBudget() {
    return attempts < maxAttempts && System.nanoTime() < deadlineNanos;
  }

  private boolean tryCandidate(Scenario candidate) {
    attempts++;
    boolean failing;
    try {
      failing = fails.test(candidate);
    } catch (RuntimeException invalid) {
      failing = false;
    }
    if (failing) {
      accepted++;
    }
    return failing;
  }

  /** Every one-step simplification of {@code s}, the coarsest first. */
  static List<Supplier<Scenario>> candidates(Scenario s) {
    List<Supplier<Scenario>> out = new ArrayList<>();
    List<Request> requests = s.requests();
    for (int i = requests.size() - 1; i >= 0 && requests.size() > 1; i--) {
      String id = requests.get(i).id();
      out.add(() -> removeRequest(s, id));
    }
    for (int i = s.actions().size() - 1; i >= 0; i--) {
      int at = i;
      out.add(() -> Edits.actions(s, without(s.actions(), at)));
    }
    Backend b = s.backend();
    if (!b.faults().isEmpty()) {
      out.add(() -> Edits.backend(s, Edits.faults(b, List.of())));
      for (int i = b.faults().size() - 1; i >= 0; i--) {
        int at = i;
        out.add(() -> Edits.backend(s, Edits.faults(b, without(b.faults(), at))));
      }
    }
    if (!b.rows().isEmpty()) {
      out.add(() -> Edits.backend(s, Edits.rows(b, List.of())));
      for (int i = b.rows().size() - 1; i >= 0; i--) {
        int at = i;
        out.add(() -> Edits.backend(s, Edits.rows(b, without(b.rows(), at))));
      }
    }
    if (!b.migrations().isEmpty()) {
      out.add(() -> Edits.backend(s, Edits.migrations(b, List.of())));
      for (int i = b.migrations().size() - 1; i >= 0; i--) {
        int at = i;
        out.add(() -> Edits.backend(s, Edits.migrations(b, without(b.migrations(), at))));
      }
    }
    for (String id : b.analysis().keySet()) {
      out.add(() -> {
        Map<String, AnalysisScript> a = new LinkedHashMap<>(b.analysis());
        a.remove(id);
        return Edits.backend(s, Edits.analysis(b, a));
      });
    }
    for (int i = 0; i < requests.size(); i++) {
      for (int c = requests.get(i).changes().size() - 1; c >= 0; c--) {
        int r = i;
        int change = c;
        out.add(() -> removeChange(s, r, change));
      }
      for (VSchemaChange v : requests.get(i).vschemas()) {
        int r = i;
        out.add(() -> removeVSchemaChange(s, r, v.keyspace()));
      }
    }
    if (!s.backend().vschemaScripts().isEmpty()) {
      out.add(() -> Edits.backend(s, new Backend(b.defaults(), b.migrations(), b.analysis(), b.rows(), b.faults(),
          b.vschemaAfter(), List.of())));
    }
    List<String> keyspaces = new ArrayList<>(s.topology().keySet());
    for (String ks : keyspaces) {
      if (keyspaces.size() > 1) {
        String other = keyspaces.get(0).equals(ks) ? keyspaces.get(1) : keyspaces.get(0);
        out.add(() -> mergeKeyspace(s, ks, other));
      }
      List<String> shards = s.topology().get(ks);
      for (int i = shards.size() - 1; i >= 0 && shards.size() > 1; i--) {
        String shard = shards.get(i);
        out.add(() -> removeShard(s, ks, shard));
      }
    }
    for (int i = 0; i < requests.size(); i++) {
      int r = i;
      DeployOptions o = requests.get(i).options();
      if (!o.autoApply()) {
        out.add(() -> editRequest(s, r, q -> withOptions(q, DeployOptions.from(q.options()).autoApply(true).build())));
      }
      if (o.requiresApproval()) {
        out.add(() -> editRequest(s, r, q -> withOptions(q,
            DeployOptions.from(q.options()).requiresApproval(false).build())));
      }
      if (o.holdQueueOnFailure()) {
        out.add(() -> editRequest(s, r, q -> withOptions(q,
            DeployOptions.from(q.options()).holdQueueOnFailure(false).build())));
      }
      if (o.instant()) {
        out.add(() -> editRequest(s, r, q -> withOptions(q, DeployOptions.from(q.options()).instant(false).build())));
      }
    }
    shortenDurations(s, out);
    return out;
  }

  private static <T> List<T> without(List<T> list, int index) {
    List<T> copy = new ArrayList<>(list);
    copy.remove(index);
    return copy;
  }

  private static <T> List<T> keep(List<T> list, Predicate<T> keep) {
    List<T> copy = new ArrayList<>();
    for (T t : list) {
      if (keep.test(t)) {
        copy.add(t);
      }
    }
    return copy;
  }

  private static <T> List<T> map(List<T> list, UnaryOperator<T> f) {
    List<T> copy = new ArrayList<>();
    list.forEach(t -> copy.add(f.apply(t)));
    return copy;
  }

  private static Scenario removeRequest(Scenario s, String id) {
    Backend b = s.backend();
    Map<String, AnalysisScript> analysis = new LinkedHashMap<>(b.analysis());
    analysis.remove(id);
    Backend nb = new Backend(b.defaults(), keep(b.migrations(), m -> !m.request().equals(id)), analysis,
        keep(b.rows(), r -> !r.request().equals(id)), keep(b.faults(), f -> !id.equals(f.request())),
        b.vschemaAfter(), keep(b.vschemaScripts(), v -> !v.requestId().equals(id)));
    Scenario t = Edits.requests(s, keep(s.requests(), r -> !r.id().equals(id)));
    return Edits.actions(Edits.backend(t, nb), keep(s.actions(), a -> !a.request().equals(id)));
  }

  private static Scenario removeChange(Scenario s, int request, int change) {
    Request r = s.requests().get(request);
    String id = r.id();
    List<Change> changes = without(r.changes(), change);
    List<Request> requests = new ArrayList<>(s.requests());
    requests.set(request, r.withChanges(changes));
    Backend b = s.backend();
    Function<Integer, Integer> shift = c -> c > change ? c - 1 : c;
    List<MigrationScript> migrations = map(keep(b.migrations(), m -> !(m.request().equals(id) && m.change() == change)),
        m -> m.request().equals(id) ? new MigrationScript(id, shift.apply(m.change()), m.shard(), m.timings()) : m);
    List<RowScript> rows = map(keep(b.rows(), x -> !(x.request().equals(id) && x.change() == change)),
        x -> x.request().equals(id) ? new RowScript(x.at(), id, shift.apply(x.change()), x.shard(), x.status(),
            x.readyToComplete()) : x);
    List<FaultScript> faults = map(keep(b.faults(), f -> !(id.equals(f.request()) && Objects.equals(f.change(),
        change))), f -> id.equals(f.request()) && f.change() != null ? new FaultScript(f.at(), f.operation(),
            f.kind(), f.times(), id, shift.apply(f.change())) : f);
    Map<String, AnalysisScript> analysis = new LinkedHashMap<>(b.analysis());
    AnalysisScript a = analysis.get(id);
    if (a != null) {
      Map<Integer, String> lint = new LinkedHashMap<>();
      a.lintErrors().forEach((c, message) -> {
        if (c != change) {
          lint.put(shift.apply(c), message);
        }
      });
      List<Integer> eligible = new ArrayList<>();
      a.instantEligible().forEach(c -> {
        if (c != change) {
          eligible.add(shift.apply(c));
        }
      });
      analysis.put(id, new AnalysisScript(lint, eligible));
    }
    return Edits.backend(Edits.requests(s, requests), new Backend(b.defaults(), migrations, analysis, rows, faults,
        b.vschemaAfter(), b.vschemaScripts()));
  }

  /** Request {@code request} without its VSchema change of {@code keyspace}, and the scripts of that change. */
  private static Scenario removeVSchemaChange(Scenario s, int request, String keyspace) {
    Request r = s.requests().get(request);
    List<Request> requests = new ArrayList<>(s.requests());
    requests.set(request, new Request(r.id(), r.createdAt(), r.changes(), r.options(),
        keep(r.vschemas(), v -> !v.keyspace().equals(keyspace))));
    Backend b = s.backend();
    Backend nb = new Backend(b.defaults(), b.migrations(), b.analysis(), b.rows(), b.faults(), b.vschemaAfter(),
        keep(b.vschemaScripts(), v -> !(v.requestId().equals(r.id()) && v.keyspace().equals(keyspace))));
    return Edits.backend(Edits.requests(s, requests), nb);
  }

  private static Scenario mergeKeyspace(Scenario s, String from, String to) {
    // the VSchema changes of the keyspace merged away go with it
    List<Request> requests = map(s.requests(), r -> new Request(r.id(), r.createdAt(),
        r.changes().stream().map(c -> c.keyspace().equals(from) ? new Change(to, c.sql()) : c).toList(),
        r.options(), keep(r.vschemas(), v -> !v.keyspace().equals(from))));
    Map<String, List<String>> topology = new LinkedHashMap<>(s.topology());
    topology.remove(from);
    // shard names of the old keyspace may not exist in the new one: shard-specific entries go to every shard
    Backend b = s.backend();
    Backend nb = new Backend(b.defaults(),
        map(b.migrations(), m -> new MigrationScript(m.request(), m.change(), null, m.timings())), b.analysis(),
        map(b.rows(), x -> new RowScript(x.at(), x.request(), x.change(), null, x.status(), x.readyToComplete())),
        b.faults(), b.vschemaAfter(), keep(b.vschemaScripts(), v -> !v.keyspace().equals(from)));
    Map<String, String> vschemas = new LinkedHashMap<>(s.vschemas());
    vschemas.remove(from);
    return new Scenario(s.name(), s.pollInterval(), s.until(), topology, requests, nb, s.actions(), s.expect(),
        vschemas);
  }

  private static Scenario removeShard(Scenario s, String keyspace, String shard) {
    Map<String, List<String>> topology = new LinkedHashMap<>(s.topology());
    topology.put(keyspace, keep(topology.get(keyspace), x -> !x.equals(shard)));
    Backend b = s.backend();
    Backend nb = Edits.rows(Edits.migrations(b, keep(b.migrations(), m -> !shard.equals(m.shard()))),
        keep(b.rows(), x -> !shard.equals(x.shard())));
    return Edits.backend(Edits.topology(s, topology), nb);
  }

  private static Scenario editRequest(Scenario s, int index, UnaryOperator<Request> edit) {
    List<Request> requests = new ArrayList<>(s.requests());
    requests.set(index, edit.apply(requests.get(index)));
    return Edits.requests(s, requests);
  }

  private static Request withOptions(Request r, DeployOptions options) {
    return new Request(r.id(), r.createdAt(), r.changes(), options, r.vschemas());
  }

  /** Candidates that set one duration to zero, or halve it (to whole seconds). */
  private static void shortenDurations(Scenario s, List<Supplier<Scenario>> out) {
    durations(s.until(), false, d -> Edits.until(s, d), out);
    for (int i = 0; i < s.requests().size(); i++) {
      int at = i;
      Request r = s.requests().get(i);
      durations(r.createdAt(), true, d -> editRequest(s, at, q -> new Request(q.id(), d, q.changes(), q.options(),
          q.vschemas())),
          out);
      durations(r.options().revertWindow(), false, d -> editRequest(s, at, q -> withOptions(q,
          DeployOptions.from(q.options()).revertWindow(d).build())), out);
    }
    for (int i = 0; i < s.actions().size(); i++) {
      int at = i;
      ScheduledAction a = s.actions().get(i);
      durations(a.at(), true, d -> {
        List<ScheduledAction> actions = new ArrayList<>(s.actions());
        actions.set(at, new ScheduledAction(d, a.request(), a.action()));
        return Edits.actions(s, actions);
      }, out);
    }
    Backend b = s.backend();
    MigrationTimings t = b.defaults();
    List<Function<Duration, MigrationTimings.Builder>> setters = List.of(
        d -> MigrationTimings.from(t).startAfter(d), d -> MigrationTimings.from(t).readyAfter(d),
        d -> MigrationTimings.from(t).visibleAfter(d), d -> MigrationTimings.from(t).completeAfter(d),
        d -> MigrationTimings.from(t).cancelAfter(d), d -> MigrationTimings.from(t).revertAfter(d));
    List<Duration> values = List.of(t.startAfter(), t.readyAfter(), t.visibleAfter(), t.completeAfter(),
        t.cancelAfter(), t.revertAfter());
    for (int i = 0; i < setters.size(); i++) {
      Function<Duration, MigrationTimings.Builder> set = setters.get(i);
      durations(values.get(i), true, d -> Edits.backend(s, Edits.defaults(b, set.apply(d).build())), out);
    }
    for (int i = 0; i < b.migrations().size(); i++) {
      int at = i;
      MigrationScript m = b.migrations().get(i);
      TimingFields f = m.timings();
      List<Duration> fields = List.of(nz(f.startAfter()), nz(f.readyAfter()), nz(f.visibleAfter()),
          nz(f.completeAfter()), nz(f.cancelAfter()), nz(f.revertAfter()), nz(f.failAfter()), nz(f.revertFailAfter()));
      for (int k = 0; k < fields.size(); k++) {
        int field = k;
        durations(fields.get(k), true, d -> {
          List<MigrationScript> ms = new ArrayList<>(b.migrations());
          ms.set(at, new MigrationScript(m.request(), m.change(), m.shard(), timing(f, field, d)));
          return Edits.backend(s, Edits.migrations(b, ms));
        }, out);
      }
    }
    for (int i = 0; i < b.rows().size(); i++) {
      int at = i;
      RowScript x = b.rows().get(i);
      durations(x.at(), true, d -> {
        List<RowScript> rows = new ArrayList<>(b.rows());
        rows.set(at, new RowScript(d, x.request(), x.change(), x.shard(), x.status(), x.readyToComplete()));
        return Edits.backend(s, Edits.rows(b, rows));
      }, out);
    }
    for (int i = 0; i < b.faults().size(); i++) {
      int at = i;
      FaultScript f = b.faults().get(i);
      durations(f.at(), true, d -> {
        List<FaultScript> faults = new ArrayList<>(b.faults());
        faults.set(at, new FaultScript(d, f.operation(), f.kind(), f.times(), f.request(), f.change()));
        return Edits.backend(s, Edits.faults(b, faults));
      }, out);
      if (f.times() > 1) {
        out.add(() -> {
          List<FaultScript> faults = new ArrayList<>(b.faults());
          faults.set(at, new FaultScript(f.at(), f.operation(), f.kind(), 1, f.request(), f.change()));
          return Edits.backend(s, Edits.faults(b, faults));
        });
      }
    }
  }

  private static Duration nz(Duration d) {
    return d == null ? Duration.ZERO : d;
  }

  private static TimingFields timing(TimingFields f, int field, Duration d) {
    return new TimingFields(field == 0 ? d : f.startAfter(), field == 1 ? d : f.readyAfter(),
        field == 2 ? d : f.visibleAfter(), field == 3 ? d : f.completeAfter(), field == 4 ? d : f.cancelAfter(),
        field == 5 ? d : f.revertAfter(), field == 6 ? d : f.failAfter(), f.message(),
        field == 7 ? d : f.revertFailAfter(), f.cutoverStuck());
  }

  private static void durations(Duration d, boolean toZero, Function<Duration, Scenario> set,
      List<Supplier<Scenario>> out) {
    long seconds = d.getSeconds();
    if (seconds > 0 && toZero) {
      out.add(() -> set.apply(Duration.ZERO));
    }
    if (seconds > 1) {
      out.add(() -> set.apply(Duration.ofSeconds(seconds / 2)));
    }
  }

  /**
   * A one-line description of a scenario's size.
   *
   * @param s the scenario, not null
   * @return its counts of requests, changes, keyspaces, shards, actions, faults, forced rows and
   *     migration scripts, such as {@code "2 request(s), 3 change(s), ..."}
   */
  public static String size(Scenario s) {
    int changes = s.requests().stream().mapToInt(r -> r.changes().size()).sum();
    int shards = s.topology().values().stream().mapToInt(List::size).sum();
    Backend b = s.backend();
    return s.requests().size() + " request(s), " + changes + " change(s), " + s.topology().size()
        + " keyspace(s) with " + shards + " shard(s), " + s.actions().size() + " action(s), " + b.faults().size()
        + " fault(s), " + b.rows().size() + " forced row(s), " + b.migrations().size() + " migration script(s)";
  }
}
