package dev.cutover.core.driver;

/** Receives a {@link Driver}'s events, on the driver's thread, in order. Must not throw. */
@FunctionalInterface
public interface DriverListener {
  /**
   * Called for each event, after the store saved what it describes.
   *
   * @param event the event, never null
   */
  void onEvent(DriverEvent event);

  /**
   * A listener that ignores everything.
   *
   * @return a listener that does nothing
   */
  static DriverListener none() {
    return event -> {};
  }
}
