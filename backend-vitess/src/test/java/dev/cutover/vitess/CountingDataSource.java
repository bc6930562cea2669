package dev.cutover.vitess;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/** A real data source that records every SQL text executed through it and counts connections. */
final class CountingDataSource {

  private final DataSource real;
  private final List<String> statements = Collections.synchronizedList(new ArrayList<>());
  private int connections;

  CountingDataSource(DataSource real) {
    this.real = real;
  }

  synchronized int connections() {
    return connections;
  }

  List<String> statements() {
    synchronized (statements) {
      return List.copyOf(statements);
    }
  }

  void reset() {
    statements.clear();
    synchronized (this) {
      connections = 0;
    }
  }

  DataSource dataSource() {
    return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          Object result = invoke(real, method, args);
          if (result instanceof Connection c) {
            synchronized (this) {
              connections++;
            }
            return wrap(c, Connection.class);
          }
          return result;
        });
  }

  private Object wrap(Object target, Class<?> type) {
    InvocationHandler h = (proxy, method, args) -> {
      if (target instanceof Statement && method.getName().startsWith("execute") && args != null && args.length > 0
          && args[0] instanceof String sql) {
        statements.add(sql);
      }
      Object result = invoke(target, method, args);
      if (result instanceof Statement s && method.getName().equals("createStatement")) {
        return wrap(s, Statement.class);
      }
      return result;
    };
    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, h);
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
