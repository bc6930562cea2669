package dev.cutover.vitess;

import com.mysql.cj.conf.ConnectionUrl;
import com.mysql.cj.conf.HostInfo;
import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.jdbc.JdbcConnection;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that opens a new JDBC connection (MySQL Connector/J) for every
 * {@link #getConnection()}, with multi-statements off; and {@link #pooled}, the HikariCP pool over
 * it that production code should use.
 *
 * <p>One call sends one statement: {@code allowMultiQueries} stays off. The url is checked after
 * Connector/J has parsed it, so every spelling is caught ({@code ?allowMultiQueries=true}, the
 * {@code address=(host=..)(allowMultiQueries=yes)} and {@code (host=..,allowMultiQueries=yes)}
 * host forms, any letter case), and every connection opened is asked for the effective setting
 * and closed unused if it is on.
 */
public final class SimpleDataSource implements DataSource {

  private final String url;
  private final Properties properties;
  private volatile int loginTimeoutSeconds;

  private SimpleDataSource(String url, Properties properties) {
    this.url = url;
    this.properties = properties;
  }

  /**
   * A data source for {@code url} ({@code jdbc:mysql://host:port/...}) with these credentials.
   * Connect and socket timeouts default to 10 and 60 seconds unless the url sets them. Nothing is
   * opened here.
   *
   * @param url a {@code jdbc:mysql:} url, not null; it must not turn {@code allowMultiQueries} on
   * @param user the user name, not null
   * @param password may be {@code null} for none
   * @return the data source
   * @throws IllegalArgumentException if the url is not a MySQL JDBC url or enables multi-statements
   */
  public static SimpleDataSource of(String url, String user, String password) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    if (!url.startsWith("jdbc:mysql:")) {
      throw new IllegalArgumentException("url: must be a jdbc:mysql: url, was '" + VitessSql.printable(url) + "'");
    }
    Properties p = new Properties();
    p.setProperty("user", user);
    if (password != null) {
      p.setProperty("password", password);
    }
    p.setProperty("allowMultiQueries", "false");
    if (!url.contains("connectTimeout=")) {
      p.setProperty("connectTimeout", "10000");
    }
    if (!url.contains("socketTimeout=")) {
      p.setProperty("socketTimeout", "60000");
    }
    refuseMultiQueries(url, p);
    return new SimpleDataSource(url, p);
  }

  /**
   * A HikariCP pool of connections from {@link #of} (at most {@code maximumPoolSize}, none opened
   * before the first use, so a server that is down at start-up is a failure of the first call, not
   * of this method). Close it when done.
   *
   * <p>Connections keep the session state a caller leaves on them ({@code USE}, session
   * variables): give {@link VitessBackend} a pool of its own.
   *
   * @param url as {@link #of} takes it
   * @param user as {@link #of} takes it
   * @param password as {@link #of} takes it, {@code null} for none
   * @param maximumPoolSize the most connections open at once, 1 or more; idle ones may all be closed
   * @return a new pool, waiting up to 10 seconds for a connection when all are in use
   * @throws IllegalArgumentException as {@link #of}, or if {@code maximumPoolSize < 1}
   */
  public static HikariDataSource pooled(String url, String user, String password, int maximumPoolSize) {
    if (maximumPoolSize < 1) {
      throw new IllegalArgumentException("maximumPoolSize: must be at least 1, was " + maximumPoolSize);
    }
    SimpleDataSource source = of(url, user, password);
    HikariConfig config = new HikariConfig();
    config.setDataSource(source);
    config.setPoolName("cutover-" + POOLS.incrementAndGet());
    config.setMaximumPoolSize(maximumPoolSize);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(10_000);
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }

  private static final java.util.concurrent.atomic.AtomicInteger POOLS = new java.util.concurrent.atomic.AtomicInteger();

  /**
   * Refuses a url that, as Connector/J reads it with these properties, turns multi-statements on
   * for any host. Host-level properties override the connection properties, so setting
   * {@code allowMultiQueries=false} in them is not enough.
   */
  private static void refuseMultiQueries(String url, Properties properties) {
    ConnectionUrl parsed;
    try {
      parsed = ConnectionUrl.getConnectionUrlInstance(url, properties);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("url: not a url MySQL Connector/J reads: " + e.getMessage(), e);
    }
    for (HostInfo host : parsed.getHostsList()) {
      for (Map.Entry<String, String> e : host.getHostProperties().entrySet()) {
        if (e.getKey().equalsIgnoreCase(PropertyKey.allowMultiQueries.getKeyName()) && !isOff(e.getValue())) {
          throw new IllegalArgumentException("url: allowMultiQueries must stay off, was '"
              + VitessSql.printable(String.valueOf(e.getValue())) + "' for host " + host.getHost());
        }
      }
    }
  }

  private static boolean isOff(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    return v.equals("false") || v.equals("no");
  }

  /** Closes and refuses a connection on which multi-statements are on, whatever turned them on. */
  private static Connection checked(Connection c) throws SQLException {
    boolean multi;
    try {
      multi = c.unwrap(JdbcConnection.class).getPropertySet()
          .getBooleanProperty(PropertyKey.allowMultiQueries).getValue();
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw new SQLException("cannot read allowMultiQueries of the connection: " + e.getMessage(), "08004", e);
    }
    if (multi) {
      c.close();
      throw new SQLException("the connection allows multi-statements (allowMultiQueries); refused", "08004");
    }
    return c;
  }

  /**
   * The JDBC url.
   *
   * @return the url as given to {@link #of}
   */
  public String url() {
    return url;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return checked(DriverManager.getConnection(url, properties));
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    Properties p = new Properties();
    p.putAll(properties);
    p.setProperty("user", username);
    if (password != null) {
      p.setProperty("password", password);
    } else {
      p.remove("password");
    }
    return checked(DriverManager.getConnection(url, p));
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    // no log writer
  }

  @Override
  public void setLoginTimeout(int seconds) {
    loginTimeoutSeconds = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeoutSeconds;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no parent logger");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("not a wrapper for " + iface.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }

  @Override
  public String toString() {
    return "SimpleDataSource[" + url + ", user=" + properties.getProperty("user") + "]";
  }
}
