package dev.cutover.vitess;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.spi.DeployRequestStore;
import dev.cutover.core.spi.StoredRequests;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>Reads check each row: its body must be a valid request ({@link DeployRequestJson#read}) whose
 * id, version, state and database are the row's own columns; a row that fails is
 * refused with a {@link StoreException} naming the row and the field. Parsed bodies are kept by
 * (id, version): {@link #listActive} (every tick) reads only ids and versions, then the bodies of
 * the rows whose version this store has not parsed yet. A version names one body forever, so
 * another writer's save is never missed.
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
  /** Parsed requests by id; an entry is used only for the version it holds. */
  private final Map<String, DeployRequest> parsed = new ConcurrentHashMap<>();
  private final AtomicLong bodiesParsed = new AtomicLong();

  private JdbcDeployRequestStore(DataSource dataSource, String table) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(table, "table");
    if (!TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException("table: must match " + TABLE.pattern() + ", was '" + table + "'");
    }
    this.table = '`' + table + '`';
  }

  /**
   * A store in table {@value #DEFAULT_TABLE}, created if missing.
   *
   * @param dataSource where the table lives, not null; connections are taken for each call and closed
   * @return the store
   * @throws StoreException if the table cannot be created (the database is unreachable, say)
   */
  public static JdbcDeployRequestStore create(DataSource dataSource) {
    return create(dataSource, DEFAULT_TABLE);
  }

  /**
   * A store in {@code table}, created if missing.
   *
   * @param dataSource where the table lives, not null; connections are taken for each call and closed
   * @param table a plain identifier: a letter or {@code _}, then up to 63 letters, digits or {@code _}
   * @return the store
   * @throws IllegalArgumentException if {@code table} is not such an identifier
   * @throws StoreException if the table cannot be created
   */
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
      parsed.put(stored.id(), stored);
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
    String sql = "SELECT " + ROW + " FROM " + table + " WHERE id = ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(fromRow(rs)) : Optional.empty();
      } catch (UnreadableRow e) {
        throw new StoreException(e.getMessage(), e.getCause());
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
        parsed.put(stored.id(), stored);
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
    return strict(readAll());
  }

  @Override
  public List<DeployRequest> listActive() {
    return strict(readActive());
  }

  /**
   * Every stored request in creation order; a row that is not a valid request is reported in
   * {@link StoredRequests#unreadable()} (naming the field) and the others are still read.
   */
  @Override
  public StoredRequests readAll() {
    List<DeployRequest> out = new ArrayList<>();
    Map<String, String> unreadable = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT " + ROW + " FROM " + table + " ORDER BY seq")) {
      while (rs.next()) {
        String id = rs.getString("id");
        try {
          out.add(fromRow(rs));
        } catch (UnreadableRow e) {
          unreadable.put(id, e.getMessage());
        }
      }
    } catch (SQLException e) {
      throw new StoreException("listing deploy requests: " + SqlErrors.describe(e), e);
    }
    return new StoredRequests(out, unreadable);
  }

  /**
   * The active requests in creation order, parsing only the bodies whose version this store has
   * not parsed yet; a row that is not a valid request is reported in
   * {@link StoredRequests#unreadable()} and the others are still read.
   */
  @Override
  public StoredRequests readActive() {
    List<String> ids = new ArrayList<>();
    Map<String, DeployRequest> known = new HashMap<>();
    Map<String, String> problems = new HashMap<>();
    Set<String> missing = new HashSet<>();
    try (Connection c = dataSource.getConnection()) {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT id, version FROM " + table + " WHERE active = TRUE ORDER BY seq")) {
        while (rs.next()) {
          String id = rs.getString(1);
          long version = rs.getLong(2);
          ids.add(id);
          DeployRequest cached = parsed.get(id);
          if (cached != null && cached.version() == version) {
            known.put(id, cached);
          } else {
            missing.add(id);
          }
        }
      }
      if (!missing.isEmpty()) {
        List<String> batch = new ArrayList<>(missing);
        for (int from = 0; from < batch.size(); from += 500) {
          List<String> part = batch.subList(from, Math.min(batch.size(), from + 500));
          String sql = "SELECT " + ROW + " FROM " + table + " WHERE id IN (" + "?, ".repeat(part.size() - 1) + "?)";
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < part.size(); i++) {
              ps.setString(i + 1, part.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                String id = rs.getString("id");
                try {
                  known.put(id, fromRow(rs));
                } catch (UnreadableRow e) {
                  problems.put(id, e.getMessage());
                }
              }
            }
          }
        }
      }
    } catch (SQLException e) {
      throw new StoreException("listing active deploy requests: " + SqlErrors.describe(e), e);
    }
    parsed.keySet().retainAll(known.keySet());
    List<DeployRequest> out = new ArrayList<>(ids.size());
    Map<String, String> unreadable = new LinkedHashMap<>();
    for (String id : ids) {
      DeployRequest r = known.get(id);
      if (r != null && r.needsDriving()) { // a row saved inactive between the two reads is left out
        out.add(r);
      } else if (problems.containsKey(id)) {
        unreadable.put(id, problems.get(id));
      }
    }
    return new StoredRequests(out, unreadable);
  }

  /**
   * The highest queue ticket of {@code database}, worked out by the server from the stored bodies:
   * one query, no body parsed. A body that is otherwise unreadable still holds its ticket (a ticket
   * once given is never given again, decision 95); a {@code queueTicket} that is not a JSON integer
   * from 0 to {@link Long#MAX_VALUE} is no ticket (reading that body reports it).
   */
  @Override
  public long highestQueueTicket(String database) {
    Objects.requireNonNull(database, "database");
    String ticket = "JSON_EXTRACT(body, '$.queueTicket')";
    String sql = "SELECT MAX(CAST(" + ticket + " AS SIGNED)) FROM " + table
        + " WHERE database_name = ? AND JSON_TYPE(" + ticket + ") = 'INTEGER' AND " + ticket + " >= 0";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long highest = rs.getLong(1);
        return rs.wasNull() ? 0 : highest;
      }
    } catch (SQLException e) {
      throw new StoreException("reading the highest queue ticket of database '" + database + "': "
          + SqlErrors.describe(e), e);
    }
  }

  /** The requests of a listing, or the first unreadable row as a {@link StoreException}. */
  private List<DeployRequest> strict(StoredRequests read) {
    if (!read.unreadable().isEmpty()) {
      Map.Entry<String, String> first = read.unreadable().entrySet().iterator().next();
      throw new StoreException(first.getValue(), null);
    }
    return read.requests();
  }

  /** How many stored bodies this store has parsed: for tests. */
  long bodiesParsed() {
    return bodiesParsed.get();
  }

  /** The columns {@link #fromRow} reads. */
  private static final String ROW = "id, version, active, state, database_name, body";

  /**
   * The request of a row: from the cache when this store already parsed this version of it, else
   * parsed and checked against the row's columns.
   *
   * @throws UnreadableRow if the body is not a valid request of this row
   */
  private DeployRequest fromRow(ResultSet rs) throws SQLException {
    String id = rs.getString("id");
    long version = rs.getLong("version");
    DeployRequest cached = parsed.get(id);
    if (cached != null && cached.version() == version) {
      return cached;
    }
    DeployRequest r;
    try {
      bodiesParsed.incrementAndGet();
      r = DeployRequestJson.read(rs.getString("body"));
      check("id", r.id(), id);
      check("version", r.version(), version);
      check("state", r.state().wireName(), rs.getString("state"));
      check("database", r.database(), rs.getString("database_name"));
    } catch (IllegalArgumentException e) {
      // the version in the message: a driver warns once per row and version, not every tick
      throw new UnreadableRow("deploy request row '" + VitessSql.printable(id) + "' (version " + version + ") of "
          + table + " is not a valid request: " + e.getMessage(), e);
    }
    parsed.put(id, r);
    return r;
  }

  private static void check(String field, Object inBody, Object inRow) {
    if (!inBody.equals(inRow)) {
      throw new IllegalArgumentException(field + ": the body says '" + VitessSql.printable(String.valueOf(inBody))
          + "', the row's column '" + VitessSql.printable(String.valueOf(inRow)) + "'");
    }
  }

  /** Drops the store's table: for tests. */
  void dropTable() {
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + table);
    } catch (SQLException e) {
      throw new StoreException("dropping table " + table + ": " + SqlErrors.describe(e), e);
    }
  }

  /** A row whose body is not a valid request of that row: reported, never read as a default. */
  private static final class UnreadableRow extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnreadableRow(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A store operation that failed in the database, or a stored row that is not a valid request. */
  public static final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failed store operation.
     *
     * @param message what the store was doing and what went wrong, naming the row when there is one
     * @param cause the {@link SQLException}, or what refused the row's body; may be null
     */
    public StoreException(String message, Throwable cause) {
      super(message, cause);
    }

    /**
     * Whether retrying later may succeed (a lost connection, a timeout, a deadlock); a row that is
     * not a valid request is not.
     *
     * @return true if the cause is an {@link SQLException} that {@code SqlErrors} counts as transient
     */
    public boolean isTransient() {
      return getCause() instanceof SQLException s && SqlErrors.isTransient(s);
    }
  }
}
