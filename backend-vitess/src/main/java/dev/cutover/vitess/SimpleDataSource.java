package dev.cutover.vitess;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that opens a new JDBC connection (MySQL Connector/J) for every
 * {@link #getConnection()}. Enough for a driver that makes a handful of calls per tick; pass a
 * pooling {@code DataSource} of your own instead if you want one.
 *
 * <p>Refuses URLs that turn on {@code allowMultiQueries}: one call sends one statement.
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
   *
   * @param password may be {@code null} for none
   * @throws IllegalArgumentException if the url is not a MySQL JDBC url or enables multi-statements
   */
  public static SimpleDataSource of(String url, String user, String password) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    if (!url.startsWith("jdbc:mysql:")) {
      throw new IllegalArgumentException("url: must be a jdbc:mysql: url, was '" + url + "'");
    }
    if (url.toLowerCase(Locale.ROOT).replace(" ", "").contains("allowmultiqueries=true")) {
      throw new IllegalArgumentException("url: allowMultiQueries must stay off, was '" + url + "'");
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
    return new SimpleDataSource(url, p);
  }

  /** The JDBC url. */
  public String url() {
    return url;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return DriverManager.getConnection(url, properties);
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
    return DriverManager.getConnection(url, p);
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
