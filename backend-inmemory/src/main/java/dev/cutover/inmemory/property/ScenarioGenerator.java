package dev.cutover.inmemory.property;

import dev.cutover.core.Action;
import dev.cutover.core.Change;
import dev.cutover.core.DeployOptions;
import dev.cutover.core.FailureKind;
import dev.cutover.core.VSchemaChange;
import dev.cutover.inmemory.BackendOperation;
import dev.cutover.inmemory.MigrationTimings;
import dev.cutover.inmemory.VSchemaScript;
import dev.cutover.inmemory.scenario.Scenario;
import dev.cutover.inmemory.scenario.Scenario.AnalysisScript;
import dev.cutover.inmemory.scenario.Scenario.FaultScript;
import dev.cutover.inmemory.scenario.Scenario.MigrationScript;
import dev.cutover.inmemory.scenario.Scenario.Request;
import dev.cutover.inmemory.scenario.Scenario.RowScript;
import dev.cutover.inmemory.scenario.Scenario.ScheduledAction;
import dev.cutover.inmemory.scenario.Scenario.TimingFields;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Makes valid random {@link Scenario}s from a seed and {@link GeneratorSettings}: the same seed and
 * settings always give the same scenario. By default a scenario has up to 3 keyspaces of up to 8
 * shards, up to 5 requests of up to 6 changes with random options, random migration timings,
 * failures, forced rows (unknown statuses, ready flapping, external cancellations), invisible rows,
 * transient and permanent faults, cutovers that keep failing until forced, requests that hold the
 * queue on failure, and user actions at random times, legal and illegal, section 7's included
 * (close, forceCutover, unblock, deploy with instant, throttle of one keyspace), and VSchema changes
 * (section 8) that take time, fail or meet a fault, drawn from a random stream of their own so that
 * the rest of a seed's scenario is what it was before them.
 *
 * <p>Every entry names its request explicitly, so a {@link Shrinker} can drop requests without
 * changing what the other entries mean.
 */
public final class ScenarioGenerator {

  private static final String[] KEYSPACES = {"commerce", "customer", "inventory"};
  private static final String[] ACTIONS =
      {"approve", "deploy", "cancel", "apply", "setAutoApply", "throttle", "revert", "skipRevert", "close",
          "forceCutover", "unblock"};
  private static final BackendOperation[] FAULT_OPERATIONS = {BackendOperation.ANALYSE, BackendOperation.SUBMIT,
      BackendOperation.READ, BackendOperation.COMPLETE, BackendOperation.CANCEL, BackendOperation.REVERT,
      BackendOperation.THROTTLE, BackendOperation.FORCE_CUTOVER};
  private static final String[] UNKNOWN_STATUSES = {"some_new_status", "waiting_for_lag", "postponed"};
  private static final double[] RATIOS = {0.0, 0.25, 0.5, 0.9, 0.95, 0.96, 1.5, -0.1};

  private final GeneratorSettings settings;
  private final SplittableRandom random;
  private final long seed;

  private ScenarioGenerator(GeneratorSettings settings, long seed) {
    this.settings = settings;
    this.seed = seed;
    this.random = new SplittableRandom(seed);
  }

  /**
   * The scenario of {@code seed} with the default settings.
   *
   * @param seed any value; the same seed gives the same scenario
   * @return a new valid scenario named after its seed
   */
  public static Scenario generate(long seed) {
    return generate(GeneratorSettings.ofDefaults(), seed);
  }

  /**
   * The scenario of {@code seed} with {@code settings}.
   *
   * @param settings what to generate, not null
   * @param seed any value; the same settings and seed give the same scenario
   * @return a new valid scenario named after its seed
   */
  public static Scenario generate(GeneratorSettings settings, long seed) {
    return new ScenarioGenerator(Objects.requireNonNull(settings, "settings"), seed).scenario();
  }

  /**
   * Shard names of a keyspace with {@code n} shards, as Vitess names key ranges ("-" for one shard).
   *
   * @param n the number of shards, 1 to 256 for distinct names (the generator uses 1 to 16); 0 or less
   *     gives no name
   * @return a new list of {@code n} names in key order, such as {@code -80, 80-} for 2
   */
  public static List<String> shardNames(int n) {
    List<String> shards = new ArrayList<>();
    if (n == 1) {
      shards.add("-");
      return shards;
    }
    String previous = "";
    for (int i = 1; i <= n; i++) {
      String bound = i == n ? "" : String.format(Locale.ROOT, "%02x", i * 256 / n);
      shards.add(previous + "-" + bound);
      previous = bound;
    }
    return shards;
  }

  private record Req(String id, int createdAt, List<String> keyspaces, boolean autoApply, boolean instant,
      int revertWindow, boolean requiresApproval, boolean holdQueueOnFailure, List<Integer> stuck) {}

  private Scenario scenario() {
    GeneratorSettings g = settings;
    int poll = (int) g.pollIntervals().get(random.nextInt(g.pollIntervals().size())).getSeconds();

    Map<String, List<String>> topology = new LinkedHashMap<>();
    int keyspaces = favoured(g.minKeyspaces(), g.maxKeyspaces(), 1, 1, 2, 2, 3);
    List<String> names = new ArrayList<>();
    for (int k = 0; k < keyspaces; k++) {
      topology.put(KEYSPACES[k], shardNames(shardCount()));
      names.add(KEYSPACES[k]);
    }

    List<Request> requests = new ArrayList<>();
    List<Req> reqs = new ArrayList<>();
    int count = favoured(g.minRequests(), g.maxRequests(), 1, 1, 2, 2, 3, 3, 4, 5);
    int maxCreated = (int) g.maxCreatedAt().getSeconds();
    for (int i = 0; i < count; i++) {
      String id = "dr-" + (i + 1);
      int createdAt = i == 0 && chance(0.7) ? 0 : between(0, maxCreated);
      int changes = g.maxChanges() == 0 || chance(g.noChangesRate()) ? 0
          : favoured(Math.max(1, g.minChanges()), g.maxChanges(), 1, 1, 1, 2, 2, 3, 4, 5, 6);
      List<String> changeKeyspaces = new ArrayList<>();
      List<Change> cs = new ArrayList<>();
      for (int c = 0; c < changes; c++) {
        String ks = names.get(random.nextInt(names.size()));
        changeKeyspaces.add(ks);
        cs.add(new Change(ks, "ALTER TABLE t" + (i + 1) + "_" + c + " ADD COLUMN c" + c + " INT"));
      }
      boolean autoApply = chance(g.autoApplyRate());
      boolean instant = chance(g.instantRate());
      int window = chance(0.05) ? 1800
          : (int) g.revertWindows().get(random.nextInt(g.revertWindows().size())).getSeconds();
      boolean approval = chance(g.approvalRate());
      boolean hold = chance(g.holdQueueOnFailureRate());
      DeployOptions options = DeployOptions.custom().autoApply(autoApply).instant(instant)
          .revertWindow(Duration.ofSeconds(window)).requiresApproval(approval).holdQueueOnFailure(hold).build();
      requests.add(new Request(id, secs(createdAt), cs, options));
      reqs.add(new Req(id, createdAt, changeKeyspaces, autoApply, instant, window, approval, hold,
          new ArrayList<>()));
    }

    int readyLo = (int) g.readyAfter().min().getSeconds();
    int readyHi = (int) g.readyAfter().max().getSeconds();
    MigrationTimings defaults = MigrationTimings.custom()
        .startAfter(secs(pick(0, 0, 1, 5, 20)))
        .readyAfter(secs(chance(0.1) ? 0 : between(readyLo, readyHi)))
        .visibleAfter(secs(chance(0.8) ? 0 : between(1, 30)))
        .completeAfter(secs(chance(0.4) ? 0 : between(1, 20)))
        .cancelAfter(secs(chance(0.4) ? 0 : between(1, 20)))
        .revertAfter(secs(between(0, 90)))
        .build();

    List<MigrationScript> migrations = new ArrayList<>();
    Map<String, AnalysisScript> analysis = new LinkedHashMap<>();
    List<RowScript> rows = new ArrayList<>();
    for (Req r : reqs) {
      for (int c = 0; c < r.keyspaces.size(); c++) {
        List<String> shards = topology.get(r.keyspaces.get(c));
        if (chance(g.timingScriptRate())) {
          String shard = maybeShard(shards);
          Duration ready = chance(0.7) ? secs(between(0, 300)) : null;
          Duration start = chance(0.3) ? secs(between(0, 30)) : null;
          Duration complete = chance(0.2) ? secs(between(0, 30)) : null;
          Duration visible = chance(0.25) ? secs(between(1, 120)) : null; // invisible rows
          migrations.add(new MigrationScript(r.id, c, shard, new TimingFields(start, ready, visible, complete, null,
              null, null, null, null)));
        }
        if (chance(g.failureRate())) {
          String shard = maybeShard(shards);
          migrations.add(new MigrationScript(r.id, c, shard, new TimingFields(null, null, null, null, null, null,
              secs(between(0, 300)), "Duplicate entry 'x' for key 'uq'", null)));
        }
        if (chance(g.cutoverStuckRate())) {
          r.stuck.add(c);
          migrations.add(new MigrationScript(r.id, c, maybeShard(shards), new TimingFields(null, null, null, null, null,
              null, null, null, null, true)));
        }
        if (chance(g.revertFailureRate())) {
          String shard = maybeShard(shards);
          migrations.add(new MigrationScript(r.id, c, shard, new TimingFields(null, null, null, null, null, null,
              null, null, secs(between(0, 60)))));
        }
      }
      Map<Integer, String> lint = new LinkedHashMap<>();
      List<Integer> eligible = new ArrayList<>();
      if (!r.keyspaces.isEmpty() && chance(g.lintErrorRate())) {
        lint.put(random.nextInt(r.keyspaces.size()), "syntax error near 'x'");
      }
      boolean hasEligible = false;
      if (!r.keyspaces.isEmpty() && (r.instant || chance(0.1))) {
        hasEligible = true;
        boolean all = chance(0.8);
        for (int c = 0; c < r.keyspaces.size(); c++) {
          if (all || chance(0.5)) {
            eligible.add(c);
          }
        }
      }
      if (!lint.isEmpty() || hasEligible) {
        analysis.put(r.id, new AnalysisScript(lint, eligible));
      }
      if (!r.keyspaces.isEmpty() && chance(g.flappingRate())) {
        forcedRows(rows, r, topology);
      }
    }
    List<FaultScript> faults = new ArrayList<>();
    if (chance(g.faultRate())) {
      int n = between(1, 3);
      for (int i = 0; i < n; i++) {
        BackendOperation op = FAULT_OPERATIONS[random.nextInt(FAULT_OPERATIONS.length)];
        Duration at = secs(between(0, 400));
        FailureKind kind = chance(g.transientFaultShare()) ? FailureKind.TRANSIENT : FailureKind.PERMANENT;
        int times = between(1, 3);
        String request = null;
        Integer change = null;
        if (chance(0.5)) {
          Req r = reqs.get(random.nextInt(reqs.size()));
          request = r.id;
          if (op != BackendOperation.ANALYSE && !r.keyspaces.isEmpty() && chance(0.4)) {
            change = random.nextInt(r.keyspaces.size());
          }
        }
        faults.add(new FaultScript(at, op, kind, times, request, change));
      }
    }

    List<ScheduledAction> actions = new ArrayList<>();
    int last = 0;
    int spread = (int) g.actionSpread().getSeconds();
    List<String> kinds = new ArrayList<>();
    for (String a : ACTIONS) {
      if (g.extraActionKinds().contains(a)) {
        kinds.add(a);
      }
    }
    for (Req r : reqs) {
      int deployAt = r.createdAt + poll * pick(0, 1, 1, 1, 2, 3);
      if (r.requiresApproval && chance(g.actionRate("approve"))) {
        last = Math.max(last, action(actions, r.createdAt + poll * pick(0, 0, 1), r, "approve", topology));
      }
      if (chance(g.actionRate("deploy"))) {
        last = Math.max(last, action(actions, deployAt, r, "deploy", topology));
      }
      if (!r.autoApply && chance(g.actionRate("apply"))) {
        int n = pick(1, 1, 2);
        for (int i = 0; i < n; i++) {
          last = Math.max(last, action(actions, deployAt + between(0, spread * 2 / 3), r, "apply", topology));
        }
      }
      if (!r.stuck.isEmpty() && chance(g.actionRate("forceCutover"))) {
        int n = pick(1, 1, 2);
        for (int i = 0; i < n; i++) {
          last = Math.max(last, action(actions, deployAt + between(0, spread / 3), r, "forceCutover", topology));
        }
      }
      if (r.holdQueueOnFailure && chance(g.actionRate("unblock"))) {
        last = Math.max(last, action(actions, deployAt + between(0, spread), r, "unblock", topology));
      }
      for (String what : List.of("revert", "skipRevert", "cancel", "setAutoApply", "throttle", "close")) {
        double p = g.actionRate(what);
        if (p > 0 && chance(p)) {
          int reach = what.equals("skipRevert") ? spread * 4 / 3 : spread;
          last = Math.max(last, action(actions, deployAt + between(0, reach), r, what, topology));
        }
      }
      int extra = kinds.isEmpty() ? 0 : favoured(0, g.maxExtraActions(), 0, 0, 0, 1, 1, 2, 3);
      for (int i = 0; i < extra; i++) {
        String what = kinds.get(random.nextInt(kinds.size()));
        last = Math.max(last, action(actions, r.createdAt + between(0, spread), r, what, topology));
      }
    }
    actions.sort(Comparator.comparing(ScheduledAction::at)); // stable: ties keep their order

    int maxWindow = reqs.stream().mapToInt(Req::revertWindow).max().orElse(0);
    int created = reqs.stream().mapToInt(Req::createdAt).max().orElse(0);
    int until = Math.max(last, created) + 600 + Math.min(maxWindow, 600);
    // Section 8 from a stream of its own, so that every other draw is what it was before VSchemas.
    SplittableRandom v = new SplittableRandom(seed ^ 0x5EC8L);
    List<VSchemaScript> vschemaScripts = new ArrayList<>();
    Duration vschemaAfter = Duration.ZERO;
    Map<String, String> vschemas = new LinkedHashMap<>();
    for (int i = 0; i < requests.size(); i++) {
      Request r = requests.get(i);
      if (v.nextDouble() >= g.vschemaRate()) {
        continue;
      }
      List<VSchemaChange> changes = new ArrayList<>();
      for (String ks : names) {
        if (changes.isEmpty() || v.nextBoolean()) {
          changes.add(new VSchemaChange(ks, "{\"tables\":{\"t" + (i + 1) + "\":{}}}"));
          if (v.nextDouble() < g.failureRate()) {
            vschemaScripts.add(new VSchemaScript(r.id(), ks, v.nextBoolean(), secs(v.nextInt(30)),
                v.nextInt(3) == 0 ? FailureKind.TRANSIENT : FailureKind.PERMANENT));
          }
        }
      }
      requests.set(i, new Request(r.id(), r.createdAt(), r.changes(), r.options(), changes));
      if (v.nextDouble() < g.faultRate() / 2) {
        faults.add(new FaultScript(secs(v.nextInt(400)), BackendOperation.VSCHEMA,
            v.nextInt(4) == 0 ? FailureKind.PERMANENT : FailureKind.TRANSIENT, 1 + v.nextInt(2),
            v.nextBoolean() ? r.id() : null, null));
      }
      if (v.nextInt(3) == 0) {
        vschemaAfter = secs(1 + v.nextInt(20));
      }
      if (v.nextInt(2) == 0) {
        vschemas.put(names.get(0), "{\"tables\":{\"base\":{}}}");
      }
    }
    return new Scenario("property scenario of seed " + seed, secs(poll), secs(until - until % poll), topology,
        requests, new Scenario.Backend(defaults, migrations, analysis, rows, faults, vschemaAfter, vschemaScripts),
        actions, Scenario.Expectations.none(), vschemas);
  }

  private int shardCount() {
    int lo = settings.minShards();
    int hi = settings.maxShards();
    if (chance(0.5)) {
      List<Integer> favourites = new ArrayList<>();
      for (int n : new int[] {1, 2, 2, 4, 8}) {
        if (n >= lo && n <= hi) {
          favourites.add(n);
        }
      }
      if (!favourites.isEmpty()) {
        return favourites.get(random.nextInt(favourites.size()));
      }
    }
    return between(lo, hi);
  }

  private void forcedRows(List<RowScript> rows, Req r, Map<String, List<String>> topology) {
    int groups = between(1, 3);
    for (int g = 0; g < groups; g++) {
      int change = random.nextInt(r.keyspaces.size());
      List<String> changeShards = topology.get(r.keyspaces.get(change));
      String shard = chance(0.6) ? changeShards.get(random.nextInt(changeShards.size())) : null;
      int at = r.createdAt + between(0, 400);
      double kind = random.nextDouble();
      if (kind < 0.4) { // an unknown status for a while
        rows.add(new RowScript(secs(at), r.id, change, shard, UNKNOWN_STATUSES[random.nextInt(UNKNOWN_STATUSES.length)],
            chance(0.5)));
        rows.add(new RowScript(secs(at + between(1, 300)), r.id, change, shard, null, false));
      } else if (kind < 0.85) { // ready_to_complete flapping
        int flips = between(2, 5);
        int t = at;
        boolean ready = chance(0.5);
        for (int i = 0; i < flips; i++) {
          rows.add(new RowScript(secs(t), r.id, change, shard, "running", ready));
          ready = !ready;
          t += between(1, 60);
        }
        rows.add(new RowScript(secs(t), r.id, change, shard, null, false));
      } else { // cancelled or failed outside this request, for good
        rows.add(new RowScript(secs(at), r.id, change, shard, chance(0.6) ? "cancelled" : "failed", chance(0.2)));
      }
    }
    rows.sort(Comparator.comparing(RowScript::at)); // stable
  }

  private int action(List<ScheduledAction> actions, int at, Req r, String what, Map<String, List<String>> topology) {
    Action action = switch (what) {
      case "approve" -> Action.approve();
      case "deploy" -> chance(settings.deployInstantShare()) ? Action.deploy(chance(0.5)) : Action.deploy();
      case "cancel" -> Action.cancel();
      case "apply" -> Action.apply();
      case "setAutoApply" -> Action.setAutoApply(chance(0.5));
      case "throttle" -> {
        double ratio = RATIOS[random.nextInt(RATIOS.length)];
        if (!chance(settings.keyspaceThrottleShare())) {
          yield Action.throttle(ratio);
        }
        List<String> pool = !r.keyspaces.isEmpty() && chance(0.9) ? r.keyspaces : new ArrayList<>(topology.keySet());
        yield Action.throttle(ratio, pool.get(random.nextInt(pool.size()))); // a keyspace the request does not use is refused
      }
      case "revert" -> Action.revert();
      case "skipRevert" -> Action.skipRevert();
      case "close" -> Action.close();
      case "forceCutover" -> Action.forceCutover();
      case "unblock" -> Action.unblock();
      default -> throw new IllegalArgumentException("action: unknown '" + what + "'");
    };
    actions.add(new ScheduledAction(secs(at), r.id, action));
    return at;
  }

  private String maybeShard(List<String> shards) {
    return chance(0.5) ? shards.get(random.nextInt(shards.size())) : null;
  }

  static Duration secs(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  private boolean chance(double p) {
    return random.nextDouble() < p;
  }

  private int between(int lo, int hi) {
    return lo + random.nextInt(hi - lo + 1);
  }

  /**
   * A value in [lo, hi]: one of {@code favourites} in that range, each as often as it is listed (the
   * shape of the defaults), or uniform over the range if none is in it.
   */
  private int favoured(int lo, int hi, int... favourites) {
    int n = 0;
    for (int f : favourites) {
      n += f >= lo && f <= hi ? 1 : 0;
    }
    if (n == 0) {
      return between(lo, hi);
    }
    int k = random.nextInt(n);
    for (int f : favourites) {
      if (f >= lo && f <= hi && k-- == 0) {
        return f;
      }
    }
    throw new AssertionError();
  }

  private int pick(int... values) {
    return values[random.nextInt(values.length)];
  }
}
