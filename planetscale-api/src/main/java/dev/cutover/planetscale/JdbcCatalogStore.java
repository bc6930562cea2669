package dev.cutover.planetscale;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link CatalogStore} in one row of a MySQL table (created if missing), beside the requests of
 * a {@code JdbcDeployRequestStore}: what {@code cutover serve --store} uses.
 */
public final class JdbcCatalogStore implements CatalogStore {

  /** The table {@link #create(DataSource)} uses. */
  public static final String DEFAULT_TABLE = "cutover_api_catalog";

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
  private static final String ROW = "catalog";

  private final DataSource dataSource;
  private final String table;

  private JdbcCatalogStore(DataSource dataSource, String table) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(table, "table");
    if (!IDENTIFIER.matcher(table).matches()) {
      throw new IllegalArgumentException("table: must be a letter or _ then up to 63 letters, digits or _, was '"
          + (table.length() > 80 ? table.substring(0, 80) + "…" : table) + "'");
    }
    this.table = table;
  }

  /**
   * A catalog store in {@link #DEFAULT_TABLE}, created if missing.
   *
   * @param dataSource where the table lives, not null; a connection is taken for each call and closed
   * @return the store
   * @throws IllegalStateException if the table cannot be created
   */
  public static JdbcCatalogStore create(DataSource dataSource) {
    return create(dataSource, DEFAULT_TABLE);
  }

  /**
   * A catalog store in {@code table}, created if missing.
   *
   * @param dataSource where the table lives, not null; a connection is taken for each call and closed
   * @param table a plain identifier: a letter or {@code _}, then up to 63 letters, digits or {@code _}
   * @return the store
   * @throws IllegalArgumentException if {@code table} is not such an identifier
   * @throws IllegalStateException if the table cannot be created
   */
  public static JdbcCatalogStore create(DataSource dataSource, String table) {
    JdbcCatalogStore store = new JdbcCatalogStore(dataSource, table);
    String ddl = "CREATE TABLE IF NOT EXISTS " + table + " ("
        + "name VARCHAR(64) NOT NULL, "
        + "body LONGTEXT CHARACTER SET utf8mb4 NOT NULL, "
        + "PRIMARY KEY (name)"
        + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      st.execute(ddl);
    } catch (SQLException e) {
      throw new IllegalStateException("creating table " + table + ": " + e.getMessage(), e);
    }
    return store;
  }

  @Override
  public Optional<String> load() {
    String sql = "SELECT body FROM " + table + " WHERE name = ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, ROW);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading the catalog from " + table + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void save(String document) {
    Objects.requireNonNull(document, "document");
    String sql = "INSERT INTO " + table + " (name, body) VALUES (?, ?) ON DUPLICATE KEY UPDATE body = VALUES(body)";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, ROW);
      ps.setString(2, document);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("saving the catalog to " + table + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "JdbcCatalogStore[" + table + "]";
  }
}
