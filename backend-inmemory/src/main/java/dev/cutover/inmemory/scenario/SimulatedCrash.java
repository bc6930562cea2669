package dev.cutover.inmemory.scenario;

/**
 * Thrown by a store or backend wrapper (see {@link Simulator.Builder#storeWrapper} and
 * {@link Simulator.Builder#backendWrapper}) to kill the driver at that point. The {@link Simulator}
 * drops the driver, starts a new one with the same name over the same store and backend, and does
 * again what was interrupted: the creation (unless the request was stored), the action (as a user
 * would retry it), or the tick, at the same virtual time.
 */
public final class SimulatedCrash extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * A crash at this point.
   *
   * @param message where the driver was killed, for the run's report (such as {@code killed before call
   *     #17})
   */
  public SimulatedCrash(String message) {
    super(message);
  }
}
