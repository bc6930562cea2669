package dev.cutover.vitess;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.spi.DeployRequestStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link DeployRequestStore} in one MySQL 8 table (or any MySQL-compatible server, vtgate
 * included):
 *
 * <pre>
 * id            varchar(255) utf8mb4_0900_bin (exact, no padding)  primary key
 * seq           bigint auto_increment     creation order
 * version       bigint                    compare-and-set
 * active        boolean                   DeployRequest.needsDriving()
 * state         varchar(64)               PlanetScale's deployment_state
 * database_name varchar(255)
 * body          json                      the whole request (DeployRequestJson)
 * </pre>
 *
 * <p>A save is {@code UPDATE ... WHERE id = ? AND version = ?}: the one writer whose version still
 * matches wins, every other sees zero rows and gets {@link Optional#empty()}. The table is created
 * when missing. All values travel as bind parameters; the table name is a validated identifier.
 *
 * <p>SQL failures are thrown as {@link StoreException} (unchecked: the store's interface declares
 * none).
 */
public final class JdbcDeployRequestStore implements DeployRequestStore {

  /** The default table name. */
  public static final String DEFAULT_TABLE = "cutover_deploy_requests";

  private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
  private static final int MAX_ID_LENGTH = 255;

  private final DataSource dataSource;
  private final String table;

  private JdbcDeployRequestStore(DataSource dataSource, String table) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(table, "table");
    if (!TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException("table: must match " + TABLE.pattern() + ", was '" + table + "'");
    }
    this.table = '`' + table + '`';
  }

  /** A store in table {@value #DEFAULT_TABLE}, created if missing. */
  public static JdbcDeployRequestStore create(DataSource dataSource) {
    return create(dataSource, DEFAULT_TABLE);
  }

  /** A store in {@code table}, created if missing. */
  public static JdbcDeployRequestStore create(DataSource dataSource, String table) {
    JdbcDeployRequestStore store = new JdbcDeployRequestStore(dataSource, table);
    store.createTableIfMissing();
    return store;
  }

  private void createTableIfMissing() {
    String ddl = "CREATE TABLE IF NOT EXISTS " + table + " ("
        + "id VARCHAR(" + MAX_ID_LENGTH + ") CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_bin NOT NULL, "
        + "seq BIGINT NOT NULL AUTO_INCREMENT, "
        + "version BIGINT NOT NULL, "
        + "active BOOLEAN NOT NULL, "
        + "state VARCHAR(64) NOT NULL, "
        + "database_name VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_bin NOT NULL, "
        + "body JSON NOT NULL, "
        + "PRIMARY KEY (id), "
        + "UNIQUE KEY seq_idx (seq), "
        + "KEY active_seq_idx (active, seq)"
        + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      st.execute(ddl);
    } catch (SQLException e) {
      throw new StoreException("creating table " + table + ": " + SqlErrors.describe(e), e);
    }
  }

  @Override
  public DeployRequest insert(DeployRequest request) {
    Objects.requireNonNull(request, "request");
    if (request.id().length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException("id: at most " + MAX_ID_LENGTH + " characters in this store, was "
          + request.id().length());
    }
    DeployRequest stored = request.withVersion(0);
    String sql = "INSERT INTO " + table + " (id, version, active, state, database_name, body) VALUES (?, ?, ?, ?, ?, ?)";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, stored.id());
      ps.setLong(2, stored.version());
      ps.setBoolean(3, stored.needsDriving());
      ps.setString(4, stored.state().wireName());
      ps.setString(5, stored.database());
      ps.setString(6, DeployRequestJson.write(stored));
      ps.executeUpdate();
      return stored;
    } catch (SQLIntegrityConstraintViolationException e) {
      throw new IllegalArgumentException("id: a deploy request '" + request.id() + "' already exists", e);
    } catch (SQLException e) {
      if (e.getErrorCode() == 1062) {
        throw new IllegalArgumentException("id: a deploy request '" + request.id() + "' already exists", e);
      }
      throw new StoreException("inserting deploy request " + request.id() + ": " + SqlErrors.describe(e), e);
    }
  }

  @Override
  public Optional<DeployRequest> get(String id) {
    Objects.requireNonNull(id, "id");
    String sql = "SELECT version, body FROM " + table + " WHERE id = ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(fromRow(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("reading deploy request " + id + ": " + SqlErrors.describe(e), e);
    }
  }

  @Override
  public Optional<DeployRequest> compareAndSet(DeployRequest next) {
    Objects.requireNonNull(next, "next");
    DeployRequest stored = next.withVersion(next.version() + 1);
    String sql = "UPDATE " + table + " SET version = ?, active = ?, state = ?, body = ? WHERE id = ? AND version = ?";
    try (Connection c = dataSource.getConnection()) {
      int updated;
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setLong(1, stored.version());
        ps.setBoolean(2, stored.needsDriving());
        ps.setString(3, stored.state().wireName());
        ps.setString(4, DeployRequestJson.write(stored));
        ps.setString(5, next.id());
        ps.setLong(6, next.version());
        updated = ps.executeUpdate();
      }
      if (updated == 1) {
        return Optional.of(stored);
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + table + " WHERE id = ?")) {
        ps.setString(1, next.id());
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalArgumentException("id: no deploy request '" + next.id() + "'");
          }
        }
      }
      return Optional.empty();
    } catch (SQLException e) {
      throw new StoreException("saving deploy request " + next.id() + ": " + SqlErrors.describe(e), e);
    }
  }

  @Override
  public List<DeployRequest> list() {
    return query("SELECT version, body FROM " + table + " ORDER BY seq");
  }

  @Override
  public List<DeployRequest> listActive() {
    return query("SELECT version, body FROM " + table + " WHERE active = TRUE ORDER BY seq");
  }

  private List<DeployRequest> query(String sql) {
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<DeployRequest> out = new ArrayList<>();
      while (rs.next()) {
        out.add(fromRow(rs));
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("listing deploy requests: " + SqlErrors.describe(e), e);
    }
  }

  private static DeployRequest fromRow(ResultSet rs) throws SQLException {
    long version = rs.getLong("version");
    DeployRequest r = DeployRequestJson.read(rs.getString("body"));
    return r.version() == version ? r : r.withVersion(version);
  }

  /** Drops the store's table: for tests. */
  void dropTable() {
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + table);
    } catch (SQLException e) {
      throw new StoreException("dropping table " + table + ": " + SqlErrors.describe(e), e);
    }
  }

  /** A store operation that failed in the database. */
  public static final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
      super(message, cause);
    }

    /** Whether retrying later may succeed (a lost connection, a timeout, a deadlock). */
    public boolean isTransient() {
      return getCause() instanceof SQLException s && SqlErrors.isTransient(s);
    }
  }
}
