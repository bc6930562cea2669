package dev.cutover.core.driver;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * The test JVM's {@link System.LoggerFinder} (registered in {@code META-INF/services}): every record
 * logged through {@link System.Logger} is kept, with the thread that logged it, so tests can assert
 * what the code logs. Records are not printed.
 */
public final class RecordingLoggerFinder extends System.LoggerFinder {

  /** One logged record; {@code message} is formatted ({@link MessageFormat}) when it had parameters. */
  public record Entry(String logger, String thread, System.Logger.Level level, String message, Throwable thrown) {}

  private static final ConcurrentLinkedQueue<Entry> ENTRIES = new ConcurrentLinkedQueue<>();

  /** Needed by {@link java.util.ServiceLoader}. */
  public RecordingLoggerFinder() {}

  /** The records logged so far by threads named {@code thread}, oldest first. */
  static List<Entry> loggedBy(String thread) {
    return ENTRIES.stream().filter(e -> e.thread().equals(thread)).collect(Collectors.toList());
  }

  @Override
  public System.Logger getLogger(String name, Module module) {
    return new System.Logger() {
      @Override
      public String getName() {
        return name;
      }

      @Override
      public boolean isLoggable(Level level) {
        return level != Level.OFF;
      }

      @Override
      public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        ENTRIES.add(new Entry(name, Thread.currentThread().getName(), level, msg, thrown));
      }

      @Override
      public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        String msg = params == null || params.length == 0 ? format : MessageFormat.format(format, params);
        ENTRIES.add(new Entry(name, Thread.currentThread().getName(), level, msg, null));
      }
    };
  }
}
