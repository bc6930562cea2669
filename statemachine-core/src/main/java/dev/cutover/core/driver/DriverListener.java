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
   * This listener, then {@code next}, for each event (a {@link LoggingDriverListener} and metrics, say).
   *
   * @param next called after this one, not null
   * @return a listener calling both in order
   */
  default DriverListener andThen(DriverListener next) {
    java.util.Objects.requireNonNull(next, "next");
    return event -> {
      onEvent(event);
      next.onEvent(event);
    };
  }

  /**
   * A listener that ignores everything.
   *
   * @return a listener that does nothing
   */
  static DriverListener none() {
    return event -> {};
  }
}
