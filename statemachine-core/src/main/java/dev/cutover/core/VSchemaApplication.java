package dev.cutover.core;

import java.util.Objects;

/**
 * Where one keyspace's VSchema change of a request stands (spec section 8): the VSchema the
 * keyspace had before the request, saved before the new one is applied, and the commands that
 * apply the new one and put the earlier one back. It exists from the moment the earlier VSchema
 * was read.
 *
 * @param keyspace the keyspace
 * @param earlier the keyspace's VSchema before the request, as the backend gave it (JSON text); what
 *     a revert puts back
 * @param application the command that applies the request's VSchema
 * @param restoration the command that puts {@code earlier} back (a revert)
 */
public record VSchemaApplication(String keyspace, String earlier, CommandState application,
    CommandState restoration) {

  /**
   * Checks that no part is null.
   *
   * @param keyspace not null or blank
   * @param earlier not null (a keyspace without a VSchema is given as the text the backend reads for it)
   * @param application not null
   * @param restoration not null
   * @throws NullPointerException naming the part, if one is null
   * @throws IllegalArgumentException if the keyspace is blank
   */
  public VSchemaApplication {
    Objects.requireNonNull(keyspace, "keyspace");
    Objects.requireNonNull(earlier, "earlier");
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(restoration, "restoration");
    if (keyspace.isBlank()) {
      throw new IllegalArgumentException("keyspace: must not be blank, was '" + keyspace + "'");
    }
  }

  /**
   * The keyspace's earlier VSchema just read: nothing applied or put back yet.
   *
   * @param keyspace not null or blank
   * @param earlier the VSchema read, not null
   * @return an application with both commands {@link CommandState#NONE}
   */
  public static VSchemaApplication read(String keyspace, String earlier) {
    return new VSchemaApplication(keyspace, earlier, CommandState.NONE, CommandState.NONE);
  }

  VSchemaApplication withApplication(CommandState state) {
    return new VSchemaApplication(keyspace, earlier, state, restoration);
  }

  VSchemaApplication withRestoration(CommandState state) {
    return new VSchemaApplication(keyspace, earlier, application, state);
  }

  VSchemaApplication withEarlier(String vschema) {
    return new VSchemaApplication(keyspace, vschema, application, restoration);
  }
}
