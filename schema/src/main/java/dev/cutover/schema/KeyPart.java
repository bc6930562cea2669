package dev.cutover.schema;

/**
 * One part of an index: a column (with a prefix length, perhaps) or an expression.
 *
 * @param column the column's name, or null for an expression
 * @param expression the expression as MySQL prints it (in its parentheses), or null for a column
 * @param length the prefix length, or null
 * @param descending whether {@code DESC}
 */
public record KeyPart(String column, String expression, Integer length, boolean descending) {

  /**
   * Validates.
   *
   * @param column see the record
   * @param expression see the record
   * @param length see the record
   * @param descending see the record
   * @throws IllegalArgumentException unless exactly one of column and expression is given
   */
  public KeyPart {
    if ((column == null) == (expression == null)) {
      throw new IllegalArgumentException("key part: column or expression, exactly one; got column=" + column
          + ", expression=" + expression);
    }
  }

  /**
   * The part as {@code SHOW CREATE TABLE} prints it.
   *
   * @return for example {@code `a`(10) DESC} or {@code ((`a` + 1))}
   */
  public String sql() {
    String s = column != null ? Printer.name(column) + (length != null ? "(" + length + ")" : "") : "(" + expression + ")";
    return descending ? s + " DESC" : s;
  }
}
