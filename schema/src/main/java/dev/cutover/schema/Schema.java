package dev.cutover.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A database's schema: tables and views, each list by name.
 *
 * @param tables the tables, by name
 * @param views the views, by name
 */
public record Schema(List<Table> tables, List<View> views) {

  /** The schema with nothing in it. */
  public static final Schema EMPTY = new Schema(List.of(), List.of());

  /**
   * Sorts by name and copies.
   *
   * @param tables see the record
   * @param views see the record
   * @throws NullPointerException if a list is null
   */
  public Schema {
    List<Table> t = new ArrayList<>(tables);
    t.sort(Comparator.comparing(Table::name));
    tables = List.copyOf(t);
    List<View> v = new ArrayList<>(views);
    v.sort(Comparator.comparing(View::name));
    views = List.copyOf(v);
  }

  /**
   * The table of that name (table names are case-sensitive, as on MySQL for Linux).
   *
   * @param name a table name
   * @return the table, or empty
   */
  public Optional<Table> table(String name) {
    return tables.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /**
   * The view of that name.
   *
   * @param name a view name
   * @return the view, or empty
   */
  public Optional<View> view(String name) {
    return views.stream().filter(v -> v.name().equals(name)).findFirst();
  }

  /** This schema with {@code table} in place of the table of its name (or added). */
  Schema with(Table table) {
    List<Table> t = new ArrayList<>(tables);
    t.removeIf(x -> x.name().equals(table.name()));
    t.add(table);
    return new Schema(t, views);
  }

  /** This schema without the table {@code name}. */
  Schema without(String name) {
    List<Table> t = new ArrayList<>(tables);
    t.removeIf(x -> x.name().equals(name));
    return new Schema(t, views);
  }

  /** This schema with {@code view} in place of the view of its name (or added). */
  Schema with(View view) {
    List<View> v = new ArrayList<>(views);
    v.removeIf(x -> x.name().equals(view.name()));
    v.add(view);
    return new Schema(tables, v);
  }

  /** This schema without the view {@code name}. */
  Schema withoutView(String name) {
    List<View> v = new ArrayList<>(views);
    v.removeIf(x -> x.name().equals(name));
    return new Schema(tables, v);
  }

  /**
   * The canonical schema text: each table's {@code CREATE TABLE} as {@link Table#sql()} prints it,
   * followed by {@code ;} and a blank line, tables by name, then the views the same way.
   *
   * @return the text; empty for the empty schema
   */
  public String text() {
    StringBuilder b = new StringBuilder();
    for (Table t : tables) {
      b.append(t.sql()).append(";\n\n");
    }
    for (View v : views) {
      b.append(v.sql()).append(";\n\n");
    }
    return b.toString();
  }
}
