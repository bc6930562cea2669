package dev.cutover.core;

import java.util.Objects;

/**
 * The deploy queue of a database as pure functions over its requests (spec sections 1, 3, 4 and
 * 7): which request it admits, and the ticket a deploy takes. The driver only hands over what the
 * store holds.
 *
 * <p>Order: a deploy takes a ticket one above the highest ticket its database ever gave, so tickets
 * only grow; admission takes the queued request with the smallest ticket (ties, possible only
 * between racing drivers, by id), once no other request occupies the database
 * ({@link DeployRequest#occupiesDatabase()}: its state, or a failure held with
 * {@code holdQueueOnFailure}).
 */
public final class DeployQueue {

  private static final java.util.Comparator<DeployRequest> ADMISSION_ORDER = DeployQueue::compareQueued;

  private DeployQueue() {}

  /**
   * The ticket of the next deploy of a database.
   *
   * @param highestTicket the highest ticket any request of the database ever took (0 if none)
   * @return {@code highestTicket + 1}
   * @throws IllegalArgumentException if {@code highestTicket} is negative or the last one there is
   */
  public static long nextTicket(long highestTicket) {
    if (highestTicket < 0 || highestTicket == Long.MAX_VALUE) {
      throw new IllegalArgumentException("highestTicket: must be within [0, Long.MAX_VALUE), was " + highestTicket);
    }
    return highestTicket + 1;
  }

  /**
   * The highest ticket among {@code requests} of {@code database} (0 if none): what a store keeps.
   *
   * @param database the database, not null
   * @param requests requests of any database, not null; the other databases' are ignored. To be the
   *     highest ticket ever given, it must hold every request of the database, terminal ones included
   * @return the highest ticket, 0 if no request of the database was deployed
   */
  public static long highestTicket(String database, Iterable<DeployRequest> requests) {
    Objects.requireNonNull(database, "database");
    long max = 0;
    for (DeployRequest r : requests) {
      if (r.database().equals(database)) {
        max = Math.max(max, r.queueTicket());
      }
    }
    return max;
  }

  /**
   * Whether the queue admits {@code r}: it is its database's oldest queued request and no other
   * request of {@code requests} occupies the database. {@code requests} must hold every request of
   * the database that is queued or occupies it (the store's active ones do); others are ignored.
   *
   * @param r the request asking, not null; normally a queued one (its own state is not checked)
   * @param requests the requests to compare with, not null; {@code r} itself may be among them
   * @return true if no other request of the database occupies it or is queued ahead of {@code r}
   */
  public static boolean admits(DeployRequest r, Iterable<DeployRequest> requests) {
    Objects.requireNonNull(r, "request");
    for (DeployRequest other : requests) {
      if (other.id().equals(r.id()) || !other.database().equals(r.database())) {
        continue;
      }
      if (other.occupiesDatabase()) {
        return false;
      }
      if (other.state() == DeployState.QUEUED && ahead(other, r)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The request the queue of {@code database} admits now, if any: its oldest queued request, once
   * none of {@code requests} occupies the database. For a queued request {@code r}, {@code
   * admits(r, requests)} holds exactly when this is {@code r}; one call answers for the whole
   * database in one pass, where asking {@link #admits} of each queued request costs a pass each.
   *
   * @param database the database whose queue is asked
   * @param requests every request of the database that is queued or occupies it (the store's active
   *     ones do); requests of other databases are ignored
   * @return the admitted request, or empty when the database is occupied or nothing is queued
   */
  public static java.util.Optional<DeployRequest> admitted(String database, Iterable<DeployRequest> requests) {
    Objects.requireNonNull(database, "database");
    DeployRequest first = null;
    for (DeployRequest r : requests) {
      if (!r.database().equals(database)) {
        continue;
      }
      if (r.occupiesDatabase()) {
        return java.util.Optional.empty();
      }
      if (r.state() == DeployState.QUEUED && (first == null || ahead(r, first))) {
        first = r;
      }
    }
    return java.util.Optional.ofNullable(first);
  }

  /**
   * The order in which the queue admits queued requests: the smaller ticket first, ties (possible
   * only between racing drivers) by id. {@link #admits} and {@link #admitted} take the first queued
   * request of a database in this order, and {@link #queue} lists them in it.
   *
   * @return the comparator; it compares any two requests, but means the queue only for queued ones
   */
  public static java.util.Comparator<DeployRequest> admissionOrder() {
    return ADMISSION_ORDER;
  }

  /**
   * The deploy queue of {@code database} as a client shows it: first the requests that occupy the
   * database ({@link DeployRequest#occupiesDatabase()}), in the order of {@code requests}; then the
   * queued ones, in {@link #admissionOrder()}. When the list is not empty, its first element is
   * what {@link #admitted} gives if that one is queued, and {@link #admitted} gives nothing if it
   * occupies the database; a queued request {@code r} is admitted ({@link #admits}) exactly when it
   * comes first.
   *
   * @param database the database whose queue is asked, not null
   * @param requests every request of the database that is queued or occupies it (the store's active
   *     ones do), normally in creation order; the other databases' and requests that neither occupy
   *     the database nor are queued are left out
   * @return a new list, empty when nothing occupies the database and nothing is queued
   */
  public static java.util.List<DeployRequest> queue(String database, Iterable<DeployRequest> requests) {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(requests, "requests");
    java.util.List<DeployRequest> occupying = new java.util.ArrayList<>();
    java.util.List<DeployRequest> queued = new java.util.ArrayList<>();
    for (DeployRequest r : requests) {
      if (!r.database().equals(database)) {
        continue;
      }
      if (r.occupiesDatabase()) {
        occupying.add(r);
      } else if (r.state() == DeployState.QUEUED) {
        queued.add(r);
      }
    }
    queued.sort(ADMISSION_ORDER);
    occupying.addAll(queued);
    return occupying;
  }

  /** Whether queued {@code a} comes before queued {@code b} in {@link #admissionOrder()}. */
  private static boolean ahead(DeployRequest a, DeployRequest b) {
    return compareQueued(a, b) < 0;
  }

  /** The one rule of admission order: a smaller ticket, ties by id. */
  private static int compareQueued(DeployRequest a, DeployRequest b) {
    int byTicket = Long.compare(a.queueTicket(), b.queueTicket());
    return byTicket != 0 ? byTicket : a.id().compareTo(b.id());
  }
}
