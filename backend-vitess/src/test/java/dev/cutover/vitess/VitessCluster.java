package dev.cutover.vitess;

import dev.cutover.core.spi.BackendException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * A real Vitess cluster a test runs against, handed to it by {@link VitessClusterExtension}: the
 * vtgate's JDBC URL and credentials, and its topology as vtgate reports it.
 *
 * @param jdbcUrl the vtgate's MySQL-protocol URL, such as {@code jdbc:mysql://127.0.0.1:15306/}
 * @param user the user, not null
 * @param password the password, or {@code null} for none
 * @param topology every keyspace, in name order, with its shards in the order {@link VitessBackend#shards} gives
 * @param source where it came from, for messages ({@code CUTOVER_VTGATE_URL}, say)
 */
public record VitessCluster(String jdbcUrl, String user, String password, Map<String, List<String>> topology,
    String source) {

  /**
   * Checks the fields and copies the topology.
   *
   * @throws NullPointerException naming the field, if a required one is null
   */
  public VitessCluster {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(source, "source");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    Objects.requireNonNull(topology, "topology").forEach((k, v) -> copy.put(k, List.copyOf(v)));
    topology = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * A data source of plain connections to the vtgate (no pool).
   *
   * @return a new data source
   */
  public DataSource dataSource() {
    return SimpleDataSource.of(jdbcUrl, user, password);
  }

  /**
   * A backend over a pool of connections to the vtgate; close it after the test.
   *
   * @return a new backend
   */
  public VitessBackend backend() {
    return VitessBackend.connect(jdbcUrl, user, password);
  }

  /** Reads the topology through the Vitess backend itself. */
  static Map<String, List<String>> topologyOf(VitessBackend backend) throws BackendException {
    Map<String, List<String>> topology = new LinkedHashMap<>();
    for (String keyspace : new TreeSet<>(backend.keyspaces())) {
      topology.put(keyspace, backend.shards(keyspace));
    }
    return topology;
  }
}
