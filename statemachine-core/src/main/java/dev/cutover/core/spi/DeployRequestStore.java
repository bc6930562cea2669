package dev.cutover.core.spi;

import dev.cutover.core.DeployRequest;
import java.util.List;
import java.util.Optional;

/**
 * Where deploy requests live between ticks. Saves are compare-and-set on
 * {@link DeployRequest#version()}: a writer that lost a race reloads and retries from the fresh
 * value; nothing is ever overwritten blindly.
 */
public interface DeployRequestStore {

  /**
   * Adds a new request (version 0) and returns it as stored.
   *
   * @param request the new request, not null; its id must be new to the store
   * @return the request as stored, version 0
   * @throws IllegalArgumentException naming the id if a request with that id exists
   */
  DeployRequest insert(DeployRequest request);

  /**
   * The request with this id, if any.
   *
   * @param id the request's id, not null
   * @return the request as stored now, or empty if the store has none with that id
   */
  Optional<DeployRequest> get(String id);

  /**
   * Saves {@code next} if the stored version still equals {@code next.version()}, storing it with
   * the version plus one.
   *
   * @param next the new value, not null; its version is the one it was read with
   * @return the stored value, or empty if another writer saved first (nothing is written then)
   * @throws IllegalArgumentException if no request has that id
   */
  Optional<DeployRequest> compareAndSet(DeployRequest next);

  /**
   * Every request, in creation order.
   *
   * @return the requests as stored now, closed and terminal ones included; empty if there is none
   */
  List<DeployRequest> list();

  /**
   * The requests a driver still has to visit ({@link DeployRequest#needsDriving()}), in creation order.
   *
   * @return the active requests as stored now; empty if there is none
   */
  List<DeployRequest> listActive();

  /**
   * The highest queue ticket any request of {@code database} holds (0 if none): the next deploy
   * takes one above it ({@link dev.cutover.core.DeployQueue#nextTicket}). The default reads every
   * request; a store should keep it instead (the in-memory store does).
   *
   * @param database the database, not null
   * @return the highest ticket, 0 if no request of that database was ever deployed
   */
  default long highestQueueTicket(String database) {
    return dev.cutover.core.DeployQueue.highestTicket(database, readAll().requests()); // unreadable ones take no ticket
  }

  /**
   * Like {@link #list()}, but a request that cannot be read is reported instead of failing the whole
   * listing. A store whose stored values may fail to parse (a database table, a file) overrides it
   * and reads each one on its own, so that one bad value stops neither the driver's ticks nor the
   * deploys of the other requests. Default: {@code list()}, nothing unreadable.
   *
   * @return the requests read and the ones that could not be
   */
  default StoredRequests readAll() {
    return StoredRequests.of(list());
  }

  /**
   * Like {@link #listActive()}, but a request that cannot be read is reported instead of failing
   * the whole listing (see {@link #readAll()}). Default: {@code listActive()}, nothing unreadable.
   *
   * @return the active requests read and the stored requests that could not be
   */
  default StoredRequests readActive() {
    return StoredRequests.of(listActive());
  }
}
