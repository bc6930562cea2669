package dev.cutover.inmemory;

import dev.cutover.core.FailureKind;
import dev.cutover.core.Nullable;
import dev.cutover.core.spi.BackendException;
import dev.cutover.core.spi.VSchemaUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The VSchema of each keyspace of an {@link InMemoryBackend}, and how applying one behaves (spec
 * section 8, scenario fields {@code vschemas}, {@code defaults.vschemaAfter} and the {@code migrations}
 * entries with a {@code keyspace}). An application asked at {@code a} is in place from
 * {@code a + after}: the call at or after that instant puts it in place and reports the VSchema it
 * replaced (the keyspace's when the application was first asked); calls before answer "not yet".
 * Asking again for the same VSchema of the same request continues the same application; another
 * VSchema starts a new one; asking for the VSchema in place (with none under way) answers at once that
 * it is in place, replacing itself, and no script hits it. Not thread-safe: the backend calls it under its own lock.
 */
final class SimulatedVSchemas {

  /** One application under way: asked first at {@code since}, replacing {@code replaced}. */
  private static final class Pending {
    final VSchemaUpdate update;
    final Instant since;
    final String replaced;
    boolean failedOnce;

    Pending(VSchemaUpdate update, Instant since, String replaced) {
      this.update = update;
      this.since = since;
      this.replaced = replaced;
    }
  }

  private final Map<String, String> current;
  private final Duration after;
  private final List<VSchemaScript> scripts;
  private final Map<String, Pending> pending = new HashMap<>();

  /**
   * @param current each keyspace's VSchema at the start; copied
   * @param after how long an application takes
   * @param scripts how applications fail
   */
  SimulatedVSchemas(Map<String, String> current, Duration after, List<VSchemaScript> scripts) {
    this.current = new HashMap<>(current);
    this.after = after;
    this.scripts = List.copyOf(scripts);
  }

  /** The keyspace's VSchema now, or {@code null} for a keyspace it does not know. */
  @Nullable String get(String keyspace) {
    return current.get(keyspace);
  }

  /**
   * Asks for {@code u} at {@code now}.
   *
   * @return empty while it is not in place, else the VSchema it replaced
   * @throws BackendException as a script says
   */
  Optional<String> apply(VSchemaUpdate u, Instant now) throws BackendException {
    Pending p = pending.get(u.keyspace());
    if (p == null && u.vschema().equals(current.get(u.keyspace()))) {
      return Optional.of(u.vschema()); // in place already: nothing to apply (idempotent)
    }
    if (p == null || !p.update.equals(u)) {
      p = new Pending(u, now, current.get(u.keyspace()));
      pending.put(u.keyspace(), p);
    }
    VSchemaScript script = scriptOf(u);
    if (script != null && !p.failedOnce && !now.isBefore(p.since.plus(script.failAfter()))) {
      if (script.kind() == FailureKind.PERMANENT) {
        pending.remove(u.keyspace());
        throw BackendException.permanentFailure("simulated refusal of the VSchema of keyspace '" + u.keyspace()
            + "'" + (u.revert() ? " (putting the earlier one back)" : ""), null);
      }
      p.failedOnce = true;
      throw BackendException.transientFailure("simulated transient failure applying the VSchema of keyspace '"
          + u.keyspace() + "'", null);
    }
    if (script != null && !p.failedOnce) {
      return Optional.empty(); // it fails before it is ever in place
    }
    if (now.isBefore(p.since.plus(after))) {
      return Optional.empty();
    }
    pending.remove(u.keyspace());
    current.put(u.keyspace(), u.vschema());
    return Optional.of(p.replaced);
  }

  private @Nullable VSchemaScript scriptOf(VSchemaUpdate u) {
    VSchemaScript found = null;
    for (VSchemaScript s : scripts) {
      if (s.requestId().equals(u.requestId()) && s.keyspace().equals(u.keyspace()) && s.revert() == u.revert()) {
        found = s; // the last one given counts
      }
    }
    return found;
  }
}
