package dev.cutover.inmemory.property;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Invariant 6: at most one request occupies a database at any time (checked on every save), and
 * admission follows deploy order (checked at each admission and over the whole run).
 */
final class DeployQueue extends BuiltInInvariant {
  DeployQueue() {
    super(6, "DEPLOY_QUEUE", "at most one request occupies a database at any time (a held failure"
        + " included); admission follows deploy order");
  }

  @Override
  public void saved(Moment now, DeployRequest before, DeployRequest after) {
    List<DeployRequest> all = now.requests();
    for (Runs.Entered e : Runs.newEntries(before, after)) {
      if (e.entry().state() != DeployState.SUBMITTING) {
        continue;
      }
      for (DeployRequest other : all) {
        if (!other.id().equals(after.id()) && other.database().equals(after.database())
            && other.state() == DeployState.QUEUED && other.queueTicket() < after.queueTicket()) {
          now.fail(after.id(), "admitted (ticket " + after.queueTicket() + ") before " + other.id()
              + ", queued earlier (ticket " + other.queueTicket() + ")");
        }
      }
    }
    List<String> occupying = new ArrayList<>();
    for (DeployRequest r : all) {
      if (r.database().equals(after.database()) && r.occupiesDatabase()) {
        occupying.add(r.id() + " (" + r.state() + (r.holdsDatabase() ? ", held" : "") + ")");
      }
    }
    if (occupying.size() > 1) {
      now.fail(after.id(), "database " + after.database() + " occupied by " + occupying);
    }
  }

  @Override
  public void atEnd(Moment end) {
    List<DeployRequest> admitted = new ArrayList<>();
    for (DeployRequest r : end.simulation().finalRequests()) {
      if (Runs.entered(r, DeployState.SUBMITTING) != null) {
        admitted.add(r);
      }
    }
    admitted.sort(Comparator.comparing((DeployRequest r) -> Runs.entered(r, DeployState.SUBMITTING))
        .thenComparingLong(DeployRequest::queueTicket));
    for (int i = 1; i < admitted.size(); i++) {
      DeployRequest a = admitted.get(i - 1);
      DeployRequest b = admitted.get(i);
      if (a.queueTicket() > b.queueTicket()) {
        end.failRun(a.id(), Runs.since(Runs.entered(a, DeployState.SUBMITTING)), "admitted before " + b.id()
            + ", though deployed after it (tickets " + a.queueTicket() + " > " + b.queueTicket() + ")");
      }
    }
  }
}
