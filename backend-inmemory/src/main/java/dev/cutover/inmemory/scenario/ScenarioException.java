package dev.cutover.inmemory.scenario;

import java.util.Objects;

/**
 * A scenario that is not valid: the message starts with the path of the offending field, as in
 * {@code actions[2].at: not an ISO-8601 duration, was "5s"}.
 */
public final class ScenarioException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String path;

  /**
   * @param path the field, as a JSON path without the leading {@code $.} ({@code requests[0].id});
   *     empty for the file as a whole
   * @param problem what is wrong, naming the value
   */
  public ScenarioException(String path, String problem) {
    super(path.isEmpty() ? problem : path + ": " + problem);
    this.path = Objects.requireNonNull(path, "path");
  }

  public ScenarioException(String path, String problem, Throwable cause) {
    this(path, problem);
    initCause(cause);
  }

  /** The same problem, for a field nested under {@code prefix} ({@code requests[0]} + {@code id}). */
  public ScenarioException under(String prefix) {
    String problem = path.isEmpty() ? getMessage() : getMessage().substring(path.length() + 2);
    ScenarioException e = new ScenarioException(path.isEmpty() ? prefix : prefix + "." + path, problem);
    e.initCause(getCause());
    return e;
  }

  /** The path of the offending field ({@code requests[0].changes[1].keyspace}), or empty. */
  public String path() {
    return path;
  }
}
