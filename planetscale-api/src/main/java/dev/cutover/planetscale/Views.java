package dev.cutover.planetscale;

import dev.cutover.core.Change;
import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import dev.cutover.core.HistoryEntry;
import dev.cutover.core.Nullable;
import dev.cutover.planetscale.Catalog.Branch;
import dev.cutover.planetscale.Catalog.Database;
import dev.cutover.planetscale.Catalog.RequestInfo;
import dev.cutover.planetscale.json.ApiActor;
import dev.cutover.planetscale.json.ApiBranch;
import dev.cutover.planetscale.json.ApiDeployOperation;
import dev.cutover.planetscale.json.ApiDeployRequest;
import dev.cutover.planetscale.json.ApiDeployment;
import dev.cutover.planetscale.json.ApiDiff;
import dev.cutover.planetscale.json.ApiLintError;
import dev.cutover.planetscale.json.ApiQueuedDeployment;
import dev.cutover.planetscale.json.ApiThrottler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the core's requests and the catalog to PlanetScale's JSON. Timestamps come from the
 * request's state history: {@code queued_at} when it entered {@code queued}, {@code started_at}
 * {@code submitting}, {@code deployed_at} when its changes completed ({@code complete_pending_revert},
 * or {@code complete} for an instant deploy), {@code finished_at} its first terminal state.
 */
final class Views {

  private static final Pattern TABLE = Pattern.compile(
      "(?is)^\\s*(ALTER|CREATE|DROP|RENAME|TRUNCATE)\\s+(?:TEMPORARY\\s+)?TABLE\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?"
          + "(?:`?[\\w$]+`?\\.)?`?([\\w$]+)`?");

  private final String baseUrl;

  /** @param baseUrl the server's URL, ending in {@code /} */
  Views(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  String baseUrl() {
    return baseUrl;
  }

  ApiDeployRequest deployRequest(Database db, RequestInfo info, DeployRequest r, List<DeployRequest> ofDatabase) {
    Instant updated = latest(info.updatedAt, r.history().get(r.history().size() - 1).at());
    return new ApiDeployRequest(r.id(), info.branch, info.intoBranch, info.actor, info.closedBy, null, info.number,
        open(r, info) ? "open" : "closed", r.state().wireName(), r.approved(), info.notes,
        deployment(db, info, r, ofDatabase), baseUrl + db.org + "/" + db.name + "/deploy-requests/" + info.number,
        r.createdAt(), updated, info.closedAt, firstAt(r, s -> s == DeployState.COMPLETE_PENDING_REVERT
            || s == DeployState.COMPLETE));
  }

  /** Whether the request is open (PlanetScale's {@code state}). */
  static boolean open(DeployRequest r, RequestInfo info) {
    return r.open();
  }

  ApiDeployment deployment(Database db, RequestInfo info, DeployRequest r, List<DeployRequest> ofDatabase) {
    boolean lintFailed = r.state() == DeployState.ERROR && firstAt(r, s -> s == DeployState.QUEUED) == null;
    List<ApiLintError> lint = new ArrayList<>();
    if (lintFailed) {
      for (String e : r.errors()) {
        lint.add(new ApiLintError("SCHEMA_CHANGE_REJECTED", keyspaceNamed(r, e), tableNamed(r, e), "table", e, ""));
      }
    }
    boolean analysed = !r.changes().isEmpty() && r.instantEligible().size() == r.changes().size();
    boolean deployable = analysed && !lintFailed;
    boolean instantEligible = analysed && r.instantEligible().stream().allMatch(Boolean::booleanValue);
    List<ApiQueuedDeployment> preceding = new ArrayList<>();
    if (r.state() == DeployState.QUEUED) {
      for (DeployRequest other : queue(ofDatabase)) {
        if (other.id().equals(r.id())) {
          break;
        }
        preceding.add(queued(db, other, null));
      }
    }
    Instant updated = latest(info.updatedAt, r.history().get(r.history().size() - 1).at());
    return new ApiDeployment(r.id(), r.state().wireName(), deployable, lint, info.number, info.intoBranch, preceding,
        instantEligible, r.options().instant(), r.options().autoApply(), info.deployActor, info.cutoverActor,
        info.cancelledActor, r.createdAt(), updated, firstAt(r, s -> s == DeployState.SUBMITTING),
        lastAt(r, s -> s == DeployState.QUEUED), firstAt(r, DeployState::isTerminal));
  }

  /**
   * A database's deploy queue, in order: the requests that occupy it, then the queued ones by ticket.
   */
  static List<DeployRequest> queue(List<DeployRequest> ofDatabase) {
    List<DeployRequest> occupying = new ArrayList<>();
    List<DeployRequest> queued = new ArrayList<>();
    for (DeployRequest r : ofDatabase) {
      if (r.state() == DeployState.QUEUED) {
        queued.add(r);
      } else if (r.occupiesDatabase()) {
        occupying.add(r);
      }
    }
    queued.sort(Comparator.comparingLong(DeployRequest::queueTicket).thenComparing(DeployRequest::id));
    occupying.addAll(queued);
    return occupying;
  }

  ApiQueuedDeployment queued(Database db, DeployRequest r, @Nullable RequestInfo info) {
    RequestInfo i = info != null ? info : db.requests.get(numberOf(r.id()));
    Instant updated = r.history().get(r.history().size() - 1).at();
    return new ApiQueuedDeployment(r.id(), r.state().wireName(), i == null ? numberOf(r.id()) : i.number,
        i == null ? Catalog.MAIN : i.intoBranch, i == null ? null : i.deployActor, r.createdAt(),
        i == null ? updated : latest(i.updatedAt, updated), firstAt(r, s -> s == DeployState.SUBMITTING),
        lastAt(r, s -> s == DeployState.QUEUED), firstAt(r, DeployState::isTerminal));
  }

  /** One operation per change, in change order. */
  List<ApiDeployOperation> operations(DeployRequest r, OperationView progress) {
    List<ApiDeployOperation> ops = new ArrayList<>();
    Instant updated = r.history().get(r.history().size() - 1).at();
    for (int i = 0; i < r.changes().size(); i++) {
      Change c = r.changes().get(i);
      OperationView.OfChange p = progress.ofChange(r, i);
      ops.add(new ApiDeployOperation(r.id() + "/" + i, p.state(), tableOf(c.sql()), c.keyspace(),
          operationOf(c.sql()), p.etaSeconds(), p.percentage(), r.createdAt(), updated));
    }
    return ops;
  }

  List<ApiDiff> diff(DeployRequest r) {
    List<ApiDiff> diffs = new ArrayList<>();
    for (Change c : r.changes()) {
      String raw = c.statement() + ";";
      diffs.add(new ApiDiff(tableOf(c.sql()), raw, escapeHtml(raw)));
    }
    return diffs;
  }

  ApiThrottler throttler(DeployRequest r) {
    Set<String> keyspaces = new LinkedHashSet<>();
    r.changes().forEach(c -> keyspaces.add(c.keyspace()));
    List<ApiThrottler.Configuration> configurations = new ArrayList<>();
    for (String k : keyspaces) {
      configurations.add(new ApiThrottler.Configuration(k, percent(r.throttleRatioOf(k))));
    }
    return new ApiThrottler(List.copyOf(keyspaces), percent(r.throttleRatio()), configurations);
  }

  ApiBranch branch(Database db, Branch b) {
    return new ApiBranch(db.org + "/" + db.name + "/" + b.name, b.name, b.parent == null ? "" : b.parent,
        b.actor == null ? ApiActor.token("cutover") : b.actor, ApiBranch.ApiRegion.local(), true, b.production,
        baseUrl + db.org + "/" + db.name + "/" + b.name, b.createdAt, b.updatedAt, false);
  }

  static int percent(double ratio) {
    return (int) Math.round(ratio * 100);
  }

  static long numberOf(String coreId) {
    int slash = coreId.lastIndexOf('/');
    try {
      return Long.parseLong(coreId.substring(slash + 1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The table a DDL statement names, or empty. */
  static String tableOf(String sql) {
    Matcher m = TABLE.matcher(sql);
    return m.find() ? m.group(2) : "";
  }

  /** The statement's verb, upper case: {@code ALTER}, {@code CREATE}, {@code DROP}, ... */
  static String operationOf(String sql) {
    String s = sql.strip();
    int end = 0;
    while (end < s.length() && Character.isLetter(s.charAt(end))) {
      end++;
    }
    return s.substring(0, end).toUpperCase(java.util.Locale.ROOT);
  }

  private static String keyspaceNamed(DeployRequest r, String error) {
    for (Change c : r.changes()) {
      if (error.contains(c.sql()) || error.contains(c.statement())) {
        return c.keyspace();
      }
    }
    return r.changes().isEmpty() ? "" : r.changes().get(0).keyspace();
  }

  private static String tableNamed(DeployRequest r, String error) {
    for (Change c : r.changes()) {
      String table = tableOf(c.sql());
      if (!table.isEmpty() && error.contains(table)) {
        return table;
      }
    }
    return "";
  }

  private static String escapeHtml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  static @Nullable Instant firstAt(DeployRequest r, Predicate<DeployState> which) {
    for (HistoryEntry e : r.history()) {
      if (which.test(e.state())) {
        return e.at();
      }
    }
    return null;
  }

  static @Nullable Instant lastAt(DeployRequest r, Predicate<DeployState> which) {
    Instant at = null;
    for (HistoryEntry e : r.history()) {
      if (which.test(e.state())) {
        at = e.at();
      }
    }
    return at;
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
