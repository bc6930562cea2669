package dev.cutover.schema;

import java.util.Objects;
import java.util.Set;

/**
 * A {@code CHECK} constraint.
 *
 * @param name its name
 * @param expression its expression as MySQL prints it
 * @param enforced whether it is enforced (not {@code NOT ENFORCED})
 * @param references the columns it reads (lower case)
 */
public record Check(String name, String expression, boolean enforced, Set<String> references) {

  /**
   * Validates and copies.
   *
   * @param name see the record
   * @param expression see the record
   * @param enforced see the record
   * @param references see the record
   * @throws NullPointerException if name, expression or references is null
   */
  public Check {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(expression, "expression");
    references = Set.copyOf(references);
  }

  /**
   * The constraint's line of {@code SHOW CREATE TABLE}, without its indent and comma.
   *
   * @return for example {@code CONSTRAINT `t_chk_1` CHECK ((`a` > 0))}
   */
  public String sql() {
    return "CONSTRAINT " + Printer.name(name) + " CHECK (" + expression + ")"
        + (enforced ? "" : " /*!80016 NOT ENFORCED */");
  }
}
