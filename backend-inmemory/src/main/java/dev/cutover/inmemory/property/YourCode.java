package dev.cutover.inmemory.property;

import dev.cutover.inmemory.scenario.SimulatedCrash;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What a report names when the user's own code threw: the code under test, a backend or store layer,
 * or an invariant of theirs. It is not one of Cutover's invariants (invariant 0 says the <em>driver</em>
 * never throws): the report says whose code threw, and where.
 */
final class YourCode implements Invariant {

  /** The one instance reports name. */
  static final YourCode RUNS = new YourCode();

  private YourCode() {}

  @Override
  public String name() {
    return "your code runs to the end";
  }

  @Override
  public String rule() {
    return "your code under test, layers and invariants never throw (what they throw is a bug of theirs, not the"
        + " driver's)";
  }

  @Override
  public String label() {
    return "your code";
  }

  @Override
  public String toString() {
    return label();
  }

  /** Thrown in place of what a part of the user's threw, naming the part; passes up through the driver. */
  static final class Threw extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final String part;

    Threw(String part, RuntimeException cause) {
      super(part + " threw " + cause, cause, false, false);
      this.part = part;
    }

    /** "your code under test threw java.lang.IllegalStateException: boom at com.acme.Bot.run(Bot.java:12)". */
    String describe() {
      Throwable cause = getCause();
      StackTraceElement[] trace = cause.getStackTrace();
      return part + " threw " + cause + (trace.length > 0 ? " at " + trace[0] : "");
    }
  }

  /** Runs {@code step} of the user's {@code part}, reporting what it throws as theirs. */
  static void run(String part, Runnable step) {
    try {
      step.run();
    } catch (SimulatedCrash | Threw e) {
      throw e; // the simulated crash of the driver it called, or already named
    } catch (RuntimeException e) {
      throw new Threw(part, e);
    }
  }

  /**
   * Wraps a user's layer: what the layer itself throws (unchecked) is reported as the layer's; what
   * comes up from beneath it (Cutover's simulator, the observer) or is a simulated crash passes as it is.
   *
   * @param type the interface, {@code MigrationBackend} or {@code DeployRequestStore}
   * @param part how the report names the layer
   * @param layer the user's layer
   * @param beneath what the layer wraps
   * @return the layer, wrapped, for the driver to call
   */
  static <T> T layer(Class<T> type, String part, UnaryOperator<T> layer, T beneath) {
    Set<Throwable> fromBeneath = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    T below = proxy(type, beneath, e -> {
      fromBeneath.add(e);
      return e;
    });
    T made = layer.apply(below);
    if (made == null) {
      throw new NullPointerException(part + " result");
    }
    return proxy(type, made, e -> e instanceof SimulatedCrash || e instanceof Threw || fromBeneath.remove(e) ? e
        : new Threw(part, e));
  }

  private static <T> T proxy(Class<T> type, T target, UnaryOperator<RuntimeException> onThrow) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        throw cause instanceof RuntimeException r ? onThrow.apply(r) : cause;
      }
    }));
  }
}
