package dev.cutover.schema;

import java.util.Objects;

/**
 * A view: its name and its definition in a normalized token form (one space between tokens, words in
 * lower case, names unquoted where they can be). Views are compared as that text; this module does not
 * print a view as MySQL does.
 *
 * @param name the view's name
 * @param definition the {@code SELECT} of the view, normalized
 */
public record View(String name, String definition) {

  /**
   * Validates.
   *
   * @param name see the record
   * @param definition see the record
   * @throws NullPointerException if name or definition is null
   */
  public View {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(definition, "definition");
  }

  /**
   * The view's statement in the canonical schema text.
   *
   * @return {@code CREATE VIEW `v` AS ...}
   */
  public String sql() {
    return "CREATE VIEW " + Printer.name(name) + " AS " + definition;
  }
}
