package dev.cutover.inmemory;

import dev.cutover.core.FailureKind;
import java.time.Duration;
import java.util.Objects;

/**
 * How applying one request's VSchema to one keyspace fails in the simulator (spec section 8): the
 * application asked first at {@code a} is never in place before {@code a + failAfter}, and the call
 * at or after that instant fails with {@code kind}. A permanent failure ends the application; a
 * transient one hits that one call, after which the VSchema goes in place as it would have.
 *
 * @param requestId the deploy request
 * @param keyspace the keyspace
 * @param revert {@code false} for applying the request's VSchema, {@code true} for putting the earlier
 *     one back (a revert)
 * @param failAfter from the first call of the application until it fails
 * @param kind permanent (the backend refuses the VSchema) or transient (one call fails)
 */
public record VSchemaScript(String requestId, String keyspace, boolean revert, Duration failAfter,
    FailureKind kind) {
  /**
   * Checks the fields.
   *
   * @param requestId not null
   * @param keyspace not null
   * @param revert any value
   * @param failAfter not null, not negative
   * @param kind not null
   * @throws NullPointerException naming the field, if one is null
   * @throws IllegalArgumentException if {@code failAfter} is negative
   */
  public VSchemaScript {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(keyspace, "keyspace");
    Objects.requireNonNull(failAfter, "failAfter");
    Objects.requireNonNull(kind, "kind");
    if (failAfter.isNegative()) {
      throw new IllegalArgumentException("vschemaFailAfter: must not be negative, was " + failAfter);
    }
  }
}
