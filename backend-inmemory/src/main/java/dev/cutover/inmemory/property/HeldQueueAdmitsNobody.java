package dev.cutover.inmemory.property;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.DeployState;

/**
 * Invariant 13 (spec 7, holding the queue): while a failed request with {@code holdQueueOnFailure}
 * holds its database, no other request of that database is admitted; only {@code unblock} (or
 * closing it) releases it, and a held request changes nothing else of itself.
 */
final class HeldQueueAdmitsNobody extends BuiltInInvariant {
  HeldQueueAdmitsNobody() {
    super(13, "HELD_QUEUE_ADMITS_NOBODY", "a database held by a failed request (holdQueueOnFailure) admits nobody"
        + " until unblock (spec 7)");
  }

  @Override
  public void saved(Moment now, DeployRequest before, DeployRequest after) {
    if (before != null && before.holdsDatabase() && !after.holdsDatabase() && !after.unblocked() && after.open()) {
      now.fail(after.id(), "released its database without unblock or close (" + before.state() + " -> "
          + after.state() + ")");
    }
    for (Runs.Entered e : Runs.newEntries(before, after)) {
      if (e.entry().state() != DeployState.SUBMITTING) {
        continue;
      }
      for (DeployRequest other : now.requests()) {
        if (!other.id().equals(after.id()) && other.database().equals(after.database()) && other.holdsDatabase()) {
          now.fail(after.id(), "admitted while " + other.id() + " holds database " + other.database() + " ("
              + other.state() + ", holdQueueOnFailure, not unblocked)");
        }
      }
    }
  }
}
