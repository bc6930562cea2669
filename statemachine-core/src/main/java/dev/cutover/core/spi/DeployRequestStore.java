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
   * @throws IllegalArgumentException naming the id if a request with that id exists
   */
  DeployRequest insert(DeployRequest request);

  /** The request with this id, if any. */
  Optional<DeployRequest> get(String id);

  /**
   * Saves {@code next} if the stored version still equals {@code next.version()}, storing it with
   * the version plus one.
   *
   * @return the stored value, or empty if another writer saved first (nothing is written then)
   * @throws IllegalArgumentException if no request has that id
   */
  Optional<DeployRequest> compareAndSet(DeployRequest next);

  /** Every request, in creation order. */
  List<DeployRequest> list();

  /** The requests a driver still has to visit ({@link DeployRequest#needsDriving()}), in creation order. */
  List<DeployRequest> listActive();

  /**
   * The highest queue ticket any request of {@code database} holds (0 if none): the next deploy
   * takes one above it ({@link dev.cutover.core.DeployQueue#nextTicket}). The default reads every
   * request; a store should keep it instead (the in-memory store does).
   */
  default long highestQueueTicket(String database) {
    return dev.cutover.core.DeployQueue.highestTicket(database, list());
  }
}
