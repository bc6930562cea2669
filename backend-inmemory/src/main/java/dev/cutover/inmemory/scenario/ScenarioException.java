package dev.cutover.inmemory.scenario;

import java.util.Objects;

/**
 * A scenario that is not valid: the message starts with the path of the offending field, as in
 * {@code actions[2].at: not an ISO-8601 duration, was "5s"}.
 */
public final class ScenarioException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The path of the offending field, or empty for the file as a whole. */
  private final String path;

  /**
   * A problem with one field; the message is {@code path: problem}, or just {@code problem} when the
   * path is empty.
   *
   * @param path the field, as a JSON path without the leading {@code $.} ({@code requests[0].id});
   *     empty for the file as a whole; not null
   * @param problem what is wrong, naming the value
   */
  public ScenarioException(String path, String problem) {
    super(path.isEmpty() ? problem : path + ": " + problem);
    this.path = Objects.requireNonNull(path, "path");
  }

  /**
   * A problem with one field, caused by another exception (a parse error, say).
   *
   * @param path the field, as in {@link #ScenarioException(String, String)}; not null
   * @param problem what is wrong, naming the value
   * @param cause what was thrown underneath, or {@code null}
   */
  public ScenarioException(String path, String problem, Throwable cause) {
    this(path, problem);
    initCause(cause);
  }

  /**
   * The same problem, for a field nested under {@code prefix} ({@code requests[0]} + {@code id}).
   *
   * @param prefix the path of the enclosing field, such as {@code requests[0]}; not null
   * @return a new exception with the longer path, the same problem and the same cause
   */
  public ScenarioException under(String prefix) {
    String problem = path.isEmpty() ? getMessage() : getMessage().substring(path.length() + 2);
    ScenarioException e = new ScenarioException(path.isEmpty() ? prefix : prefix + "." + path, problem);
    e.initCause(getCause());
    return e;
  }

  /**
   * The path of the offending field ({@code requests[0].changes[1].keyspace}), or empty.
   *
   * @return the path, never null; empty when the problem concerns the file as a whole
   */
  public String path() {
    return path;
  }
}
