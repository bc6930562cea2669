package dev.cutover.core.spi;

import java.util.Objects;

/**
 * A whole VSchema to put in place for one keyspace (spec section 8): a request's new one, or, when
 * the request is reverted, the one the keyspace had before it.
 *
 * @param requestId the deploy request (for backends that key behaviour on it, like the simulator)
 * @param keyspace the keyspace whose VSchema it replaces
 * @param vschema the whole VSchema, JSON text (one object)
 * @param revert whether this puts a keyspace's earlier VSchema back (a revert) rather than applying a
 *     request's new one
 */
public record VSchemaUpdate(String requestId, String keyspace, String vschema, boolean revert) {
  /**
   * Checks that no reference is null; the text was checked when the request was created.
   *
   * @param requestId not null
   * @param keyspace not null
   * @param vschema not null
   * @param revert any value
   * @throws NullPointerException naming the field, if one is null
   */
  public VSchemaUpdate {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(keyspace, "keyspace");
    Objects.requireNonNull(vschema, "vschema");
  }
}
