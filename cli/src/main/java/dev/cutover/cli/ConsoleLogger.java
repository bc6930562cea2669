package dev.cutover.cli;

import java.io.PrintWriter;
import java.text.MessageFormat;
import java.util.Objects;
import java.util.ResourceBundle;

/**
 * A {@link System.Logger} that writes one line per record at {@code INFO} or above to a console,
 * {@code LEVEL message}, so that {@code serve} shows every state change, rejected action and backend
 * failure of its driver (through {@link dev.cutover.core.driver.LoggingDriverListener}) beside its
 * request lines, with no logging framework configured. Thread-safe: one line is written whole.
 */
final class ConsoleLogger implements System.Logger {

  private final String name;
  private final PrintWriter out;

  ConsoleLogger(String name, PrintWriter out) {
    this.name = Objects.requireNonNull(name, "name");
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public boolean isLoggable(Level level) {
    return level != Level.OFF && level.getSeverity() >= Level.INFO.getSeverity();
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
    if (isLoggable(level)) {
      line(level, msg + (thrown == null ? "" : ": " + thrown));
    }
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    if (isLoggable(level)) {
      line(level, params == null || params.length == 0 ? format : MessageFormat.format(format, params));
    }
  }

  private void line(Level level, String message) {
    synchronized (out) {
      out.println(level.getName() + " " + message);
      out.flush();
    }
  }
}
