package dev.cutover.schema;

/**
 * SQL that this module cannot read, or a statement MySQL would refuse: the statement's number (from
 * 1), its line and column in the text (0 when there is no place, as for a refusal by the schema it
 * applies to), the token at fault (or null) and the reason; for a refusal, also the number of the
 * error MySQL gives.
 */
public final class SchemaException extends RuntimeException {

  /** The serial form's version. */
  private static final long serialVersionUID = 1L;

  /** The statement's number. */
  private final int statement;
  /** The line. */
  private final int line;
  /** The column. */
  private final int column;
  /** The token at fault. */
  private final String token;
  /** The reason. */
  private final String reason;
  /** MySQL's error number. */
  private final int mysqlError;
  /** The file. */
  private final String file;

  /**
   * An error at a place in the text.
   *
   * @param statement the statement's number, from 1
   * @param line the line, from 1 (0 if none)
   * @param column the column, from 1 (0 if none)
   * @param token the token at fault, or null
   * @param reason what is wrong
   */
  public SchemaException(int statement, int line, int column, String token, String reason) {
    this(statement, line, column, token, reason, 0);
  }

  /**
   * An error, with the number of the error MySQL would give.
   *
   * @param statement the statement's number, from 1 (0 if not known yet)
   * @param line the line, from 1 (0 if none)
   * @param column the column, from 1 (0 if none)
   * @param token the token at fault, or null
   * @param reason what is wrong
   * @param mysqlError MySQL's error number, or 0 when this is not a refusal MySQL would make
   */
  public SchemaException(int statement, int line, int column, String token, String reason, int mysqlError) {
    this(null, statement, line, column, token, reason, mysqlError);
  }

  private SchemaException(String file, int statement, int line, int column, String token, String reason,
      int mysqlError) {
    super((file == null ? "" : file + ": ") + message(statement, line, column, token, reason, mysqlError));
    this.file = file;
    this.statement = statement;
    this.line = line;
    this.column = column;
    this.token = token;
    this.reason = reason;
    this.mysqlError = mysqlError;
  }

  /** A refusal MySQL would make, before its statement is known. */
  static SchemaException refused(int mysqlError, String reason) {
    return new SchemaException(0, 0, 0, null, reason, mysqlError);
  }

  /** This error, placed at statement {@code number} of a text. */
  SchemaException at(int number, int atLine, int atColumn) {
    return new SchemaException(file, statement > 0 ? statement : number, line == 0 ? atLine : line,
        column == 0 ? atColumn : column, token, reason, mysqlError);
  }

  /** This error, in the file {@code name}. */
  SchemaException inFile(String name) {
    return new SchemaException(name, statement, line, column, token, reason, mysqlError);
  }

  /**
   * The file the SQL came from.
   *
   * @return its name as the caller gave it, or null
   */
  public String file() {
    return file;
  }

  private static String message(int statement, int line, int column, String token, String reason, int error) {
    StringBuilder m = new StringBuilder();
    if (statement > 0) {
      m.append("statement ").append(statement);
      if (line > 0) {
        m.append(" (line ").append(line).append(", column ").append(column).append(')');
      }
      m.append(": ");
    }
    m.append(reason);
    if (token != null) {
      m.append(" (at '").append(token).append("')");
    }
    if (error > 0) {
      m.append(" [MySQL error ").append(error).append(']');
    }
    return m.toString();
  }

  /**
   * The statement's number.
   *
   * @return the number, from 1; 0 if not known
   */
  public int statement() {
    return statement;
  }

  /**
   * The line of the error.
   *
   * @return the line, from 1; 0 if none
   */
  public int line() {
    return line;
  }

  /**
   * The column of the error.
   *
   * @return the column, from 1; 0 if none
   */
  public int column() {
    return column;
  }

  /**
   * The token at fault.
   *
   * @return the token as written, or null
   */
  public String token() {
    return token;
  }

  /**
   * What is wrong, without the place.
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }

  /**
   * The number of the error MySQL gives for the same statement.
   *
   * @return the number, or 0 when this is not a refusal MySQL would make (SQL this module does not read)
   */
  public int mysqlError() {
    return mysqlError;
  }
}
