package dev.cutover.inmemory;

import dev.cutover.core.FailureKind;
import dev.cutover.core.Nullable;
import java.time.Instant;
import java.util.Objects;

/**
 * A backend failure to inject: the next {@code times} calls of {@code operation} made at or after
 * {@code from} fail with {@code kind}, optionally only the calls that concern one request (and one
 * change of it). A faulted call has no effect beyond being logged.
 *
 * <p>Which calls a filter matches: {@code analyse} carries its request only (a fault filtered by
 * change never hits it); {@code submit} and {@code revert} their request and change; {@code complete}, {@code cancel} and
 * {@code throttle} the request and change of their migration; a {@code read} matches through the
 * queries it holds (a query of the request, in the keyspace of the change when one is given), and a
 * filtered read fault fails only the matching queries, reported in
 * {@link dev.cutover.core.spi.RowsRead#failures()}, while an unfiltered one fails the whole call.
 * {@code keyspaces}, {@code shards} and {@code findByContext} concern no request: only unfiltered faults
 * hit them. {@code vschema} hits reading a keyspace's VSchema (no request: only unfiltered faults) and
 * applying or putting one back (its request; a fault filtered by change never hits it).
 *
 * <pre>{@code
 * Fault.of(BackendOperation.READ, FailureKind.TRANSIENT).from(at).times(2)
 * Fault.of(BackendOperation.SUBMIT, FailureKind.PERMANENT).forChange("dr-1", 1)
 * }</pre>
 *
 * @param operation the call to fail
 * @param kind transient (the driver retries later) or permanent (a refusal)
 * @param from the first instant at which the fault may hit
 * @param times how many calls it hits, at least 1
 * @param requestId only calls for this request, or {@code null} for any
 * @param change only calls for this change index, or {@code null} for any
 */
public record Fault(BackendOperation operation, FailureKind kind, Instant from, int times,
    @Nullable String requestId, @Nullable Integer change) {

  /**
   * Checks the fields; {@link #of} and the methods that copy a fault with one field changed read
   * better.
   *
   * @param operation not null
   * @param kind not null
   * @param from not null ({@link Instant#MIN} for "from the start")
   * @param times 1 or more
   * @param requestId a request id, or {@code null} for any request
   * @param change 0 or more, or {@code null} for any change
   * @throws NullPointerException if {@code operation}, {@code kind} or {@code from} is null
   * @throws IllegalArgumentException if {@code times} is less than 1 or {@code change} is negative
   */
  public Fault {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(from, "from");
    if (times < 1) {
      throw new IllegalArgumentException("times: must be at least 1, was " + times);
    }
    if (change != null && change < 0) {
      throw new IllegalArgumentException("change: must not be negative, was " + change);
    }
  }

  /**
   * A fault hitting the first call of {@code operation}, whenever it is made, for any request.
   *
   * @param operation the call to fail, not null
   * @param kind how it fails, not null
   * @return a fault from {@link Instant#MIN}, hitting one call, with no request or change filter
   */
  public static Fault of(BackendOperation operation, FailureKind kind) {
    return new Fault(operation, kind, Instant.MIN, 1, null, null);
  }

  /**
   * This fault, hitting only calls made at or after {@code instant}.
   *
   * @param instant the first instant at which it may hit, by the backend's clock; not null
   * @return a new fault, the rest unchanged
   */
  public Fault from(Instant instant) {
    return new Fault(operation, kind, instant, times, requestId, change);
  }

  /**
   * This fault, hitting {@code n} calls.
   *
   * @param n how many calls it hits, 1 or more
   * @return a new fault, the rest unchanged
   * @throws IllegalArgumentException if {@code n} is less than 1
   */
  public Fault times(int n) {
    return new Fault(operation, kind, from, n, requestId, change);
  }

  /**
   * This fault, hitting only calls for {@code request}.
   *
   * @param request the deploy request's id, not null
   * @return a new fault, the rest (the change filter included) unchanged
   */
  public Fault forRequest(String request) {
    return new Fault(operation, kind, from, times, Objects.requireNonNull(request, "requestId"), change);
  }

  /**
   * This fault, hitting only calls for change {@code index} of {@code request}.
   *
   * @param request the deploy request's id, not null
   * @param index the index of the change in the request, 0 or more
   * @return a new fault, the rest unchanged
   * @throws IllegalArgumentException if {@code index} is negative
   */
  public Fault forChange(String request, int index) {
    return new Fault(operation, kind, from, times, Objects.requireNonNull(request, "requestId"), index);
  }

  /**
   * This fault, hitting only calls for change {@code index} of any request.
   *
   * @param index the index of the change, 0 or more
   * @return a new fault, the rest (the request filter included) unchanged
   * @throws IllegalArgumentException if {@code index} is negative
   */
  public Fault forChange(int index) {
    return new Fault(operation, kind, from, times, requestId, index);
  }
}
