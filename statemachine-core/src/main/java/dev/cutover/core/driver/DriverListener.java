package dev.cutover.core.driver;

/** Receives a {@link Driver}'s events, on the driver's thread, in order. Must not throw. */
@FunctionalInterface
public interface DriverListener {
  void onEvent(DriverEvent event);

  /** A listener that ignores everything. */
  static DriverListener none() {
    return event -> {};
  }
}
