package dev.cutover.vitess;

import dev.cutover.core.MigrationHandle;
import dev.cutover.core.Statements;
import dev.cutover.core.spi.DdlLint;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The only place where text a user typed becomes part of SQL sent to vtgate. Every identifier,
 * migration uuid, migration context and statement passes through one of these methods; nothing is
 * concatenated into SQL elsewhere.
 *
 * <ul>
 *   <li>Keyspaces must match {@link #KEYSPACE} and are backtick-quoted as well.
 *   <li>Migration uuids must match Vitess's online-DDL uuid format, {@link #UUID}.
 *   <li>Migration contexts are encoded into letters, digits, {@code _}, {@code :} and {@code -}, then
 *       quoted: a literal that never needs an escape reads the same under every {@code sql_mode},
 *       {@code NO_BACKSLASH_ESCAPES} included.
 *   <li>A change's SQL must hold exactly one statement ({@link Statements#split}).
 * </ul>
 */
final class VitessSql {

  /** Keyspace names: letters, digits, underscore and dash, at most 64 characters (a MySQL schema name). */
  static final Pattern KEYSPACE = DdlLint.KEYSPACE;

  /**
   * Shard names as Vitess spells key ranges ({@code -80}, {@code 80-}, {@code 40-80}) or the
   * unsharded {@code 0}.
   */
  static final Pattern SHARD = Pattern.compile("[0-9a-fA-F]*-[0-9a-fA-F]*|[0-9]+");

  /** Vitess's online-DDL uuid: a version-1 uuid with underscores, lower-case hex. */
  static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{12}");

  /** {@code migration_context} is a {@code varchar(1024)} in {@code _vt.schema_migrations}. */
  static final int MAX_CONTEXT_LENGTH = 1024;

  private VitessSql() {}

  /**
   * Schemas a vtgate or its MySQL has besides keyspaces: MySQL's own and Vitess's sidecar database
   * ({@code _vt}, and any name starting with {@code _vt}), compared without regard to case.
   */
  static final Set<String> SYSTEM_SCHEMAS = DdlLint.SYSTEM_SCHEMAS;

  /** Whether {@code name} is a system schema ({@link #SYSTEM_SCHEMAS}), never a keyspace. */
  static boolean isSystemSchema(String name) {
    return DdlLint.isSystemSchema(name);
  }

  /** The keyspace, validated and backtick-quoted: {@code `commerce`}. */
  static String keyspace(String keyspace) {
    Objects.requireNonNull(keyspace, "keyspace");
    if (!KEYSPACE.matcher(keyspace).matches()) {
      throw new IllegalArgumentException("keyspace: must match " + KEYSPACE.pattern() + ", was '"
          + printable(keyspace) + "'");
    }
    if (isSystemSchema(keyspace)) {
      throw new IllegalArgumentException("keyspace: '" + keyspace + "' is a system schema, not a keyspace");
    }
    return '`' + keyspace + '`';
  }

  /** A keyspace and shard as a target for {@code USE}: {@code `commerce:-80`}. */
  static String shardTarget(String keyspace, String shard) {
    keyspace(keyspace);
    Objects.requireNonNull(shard, "shard");
    if (!SHARD.matcher(shard).matches()) {
      throw new IllegalArgumentException("shard: must match " + SHARD.pattern() + ", was '" + printable(shard) + "'");
    }
    return '`' + keyspace + ':' + shard + '`';
  }

  /** Whether {@code value} is a migration uuid as Vitess makes them. */
  static boolean isUuid(String value) {
    return value != null && UUID.matcher(value).matches();
  }

  /** The migration's uuid, validated, as a string literal: {@code 'a0638f6b_ec7b_11ea_9bf8_000d3a9b8a9a'}. */
  static String uuid(MigrationHandle handle) {
    Objects.requireNonNull(handle, "handle");
    String value = handle.value();
    if (!isUuid(value)) {
      throw new IllegalArgumentException("handle: not a Vitess migration uuid (" + UUID.pattern() + "): '"
          + printable(value) + "'");
    }
    return '\'' + value + '\'';
  }

  /** What vtgate accepts in {@code @@migration_context} (v24 refuses anything else with error 1231). */
  static final Pattern VITESS_CONTEXT = Pattern.compile("[A-Za-z0-9_:-]+");

  /** The prefix of an encoded context; a context that starts with it is always encoded. */
  static final String ENCODED_PREFIX = "e:";

  /**
   * The request's migration context as Vitess stores it. vtgate accepts only letters, digits,
   * {@code _}, {@code :} and {@code -}; a context made of those (and not starting with
   * {@value #ENCODED_PREFIX}) is used as is, which is the common case
   * ({@code cutover:<database>:<id>:<millis>}). Any other context is encoded, injectively:
   * {@value #ENCODED_PREFIX} followed by its UTF-8 bytes, letters, digits, {@code :} and {@code -}
   * as themselves and every other byte (including {@code _}) as {@code _} and two hex digits.
   *
   * @throws IllegalArgumentException if the context holds a lone surrogate (it has no UTF-8 bytes:
   *     Java would encode it as {@code ?}, and two contexts would share one encoding)
   */
  static String vitessContext(String context) {
    Objects.requireNonNull(context, "migrationContext");
    int lone = loneSurrogate(context);
    if (lone >= 0) {
      throw new IllegalArgumentException("migrationContext: holds a lone surrogate at offset " + lone + ": '"
          + printable(context) + "'");
    }
    if (VITESS_CONTEXT.matcher(context).matches() && !context.startsWith(ENCODED_PREFIX)) {
      return context;
    }
    StringBuilder sb = new StringBuilder(ENCODED_PREFIX);
    for (byte b : context.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' || c == '-') {
        sb.append(c);
      } else {
        sb.append('_').append(Character.forDigit((c >> 4) & 0xf, 16)).append(Character.forDigit(c & 0xf, 16));
      }
    }
    return sb.toString();
  }

  /** The offset of the first unpaired surrogate of {@code text}, or -1 if it is well-formed UTF-16. */
  static int loneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * A migration context as Vitess stores it ({@link #vitessContext}), as a string literal.
   *
   * @throws IllegalArgumentException if it is empty or longer than {@value #MAX_CONTEXT_LENGTH}
   *     characters as stored
   */
  static String context(String context) {
    Objects.requireNonNull(context, "migrationContext");
    if (context.isEmpty()) {
      throw new IllegalArgumentException("migrationContext: must not be empty");
    }
    String stored = vitessContext(context);
    if (stored.length() > MAX_CONTEXT_LENGTH) {
      throw new IllegalArgumentException("migrationContext: must be at most " + MAX_CONTEXT_LENGTH
          + " characters as Vitess stores it, was " + stored.length() + ": '" + printable(context) + "'");
    }
    return literal(stored);
  }

  /**
   * Text as a single-quoted string literal that reads as the same text whatever the session's
   * {@code sql_mode}: a quote or a backslash is read differently with and without
   * {@code NO_BACKSLASH_ESCAPES}, so the text may hold neither, nor a control character; nothing
   * is ever escaped. Every text this class quotes is made of safe characters by construction:
   * contexts are encoded ({@link #vitessContext}), strategies are constants.
   *
   * @throws IllegalArgumentException if the text holds a quote, a backslash or a control character
   */
  static String literal(String text) {
    Objects.requireNonNull(text, "text");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'' || c == '\\' || c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException("text: a quote, backslash or control character (at offset " + i
            + ") cannot be sent as a literal that reads the same under every sql_mode: '" + printable(text) + "'");
      }
    }
    return '\'' + text + '\'';
  }

  /** A throttle ratio as a plain decimal number, within [0, 1]. */
  static String ratio(double ratio) {
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new IllegalArgumentException("ratio: must be within [0, 1], was " + ratio);
    }
    return BigDecimal.valueOf(ratio).stripTrailingZeros().toPlainString();
  }

  /**
   * The single statement of a change, without its terminating semicolon.
   *
   * @throws IllegalArgumentException if the text holds no statement or more than one
   */
  static String singleStatement(String sql) {
    return DdlLint.singleStatement(sql);
  }

  /** {@code USE `keyspace`}. */
  static String use(String keyspace) {
    return "USE " + keyspace(keyspace);
  }

  /** {@code SET @@migration_context = '...'}. */
  static String setMigrationContext(String context) {
    return "SET @@migration_context = " + context(context);
  }

  /** {@code SET @@ddl_strategy = '...'} for a strategy this class knows. */
  static String setDdlStrategy(String strategy) {
    return "SET @@ddl_strategy = " + literal(strategy);
  }

  /** {@code ALTER VITESS_MIGRATION '<uuid>' COMPLETE}. */
  static String complete(MigrationHandle handle) {
    return "ALTER VITESS_MIGRATION " + uuid(handle) + " COMPLETE";
  }

  /** {@code ALTER VITESS_MIGRATION '<uuid>' FORCE_CUTOVER}. */
  static String forceCutover(MigrationHandle handle) {
    return "ALTER VITESS_MIGRATION " + uuid(handle) + " FORCE_CUTOVER";
  }

  /** {@code ALTER VITESS_MIGRATION '<uuid>' CANCEL}. */
  static String cancel(MigrationHandle handle) {
    return "ALTER VITESS_MIGRATION " + uuid(handle) + " CANCEL";
  }

  /** {@code ALTER VITESS_MIGRATION '<uuid>' THROTTLE RATIO r}, or {@code UNTHROTTLE} for 0. */
  static String throttle(MigrationHandle handle, double ratio) {
    String r = ratio(ratio);
    if (ratio == 0) {
      return "ALTER VITESS_MIGRATION " + uuid(handle) + " UNTHROTTLE";
    }
    return "ALTER VITESS_MIGRATION " + uuid(handle) + " THROTTLE RATIO " + r;
  }

  /** {@code REVERT VITESS_MIGRATION '<uuid>'}. */
  static String revert(MigrationHandle handle) {
    return "REVERT VITESS_MIGRATION " + uuid(handle);
  }

  /** Sidecar database names (where Vitess keeps {@code schema_migrations}): an identifier. */
  static final Pattern SIDECAR = Pattern.compile("[A-Za-z0-9_]{1,64}");

  /**
   * The rows of every migration tagged with one of {@code contexts} in {@code keyspace}, and of every
   * revert of such a migration:
   *
   * <pre>
   * SHOW VITESS_MIGRATIONS FROM `ks` WHERE migration_context IN ('c1', ...)
   *   OR reverted_uuid IN (SELECT migration_uuid FROM `_vt`.schema_migrations WHERE migration_context IN ('c1', ...))
   * </pre>
   *
   * Contexts are compared with equality, never LIKE, so {@code _} and {@code %} match only
   * themselves. Reverts need the second clause because vtgate tags a {@code REVERT VITESS_MIGRATION}
   * with a context of its own ({@code vtgate:<session uuid>}), whatever {@code @@migration_context}
   * says; the subquery runs on each shard, against that shard's {@code schema_migrations}.
   */
  static String showMigrations(String keyspace, List<String> contexts, String sidecarDatabase) {
    if (contexts.isEmpty()) {
      throw new IllegalArgumentException("contexts: must not be empty");
    }
    StringBuilder in = new StringBuilder("(");
    for (int i = 0; i < contexts.size(); i++) {
      in.append(i == 0 ? "" : ", ").append(context(contexts.get(i)));
    }
    in.append(')');
    return "SHOW VITESS_MIGRATIONS FROM " + keyspace(keyspace) + " WHERE migration_context IN " + in
        + " OR reverted_uuid IN (SELECT migration_uuid FROM " + sidecar(sidecarDatabase)
        + ".schema_migrations WHERE migration_context IN " + in + ")";
  }

  /** The sidecar database, validated and backtick-quoted: {@code `_vt`}. */
  static String sidecar(String name) {
    Objects.requireNonNull(name, "sidecarDatabase");
    if (!SIDECAR.matcher(name).matches()) {
      throw new IllegalArgumentException("sidecarDatabase: must match " + SIDECAR.pattern() + ", was '"
          + printable(name) + "'");
    }
    return '`' + name + '`';
  }

  /** {@code SHOW VITESS_SHARDS}: every shard of every keyspace, as {@code keyspace/shard}. */
  static String showShards() {
    return "SHOW VITESS_SHARDS";
  }

  /** A value for an error message: control characters shown as {@code \\uXXXX}, long values cut. */
  static String printable(String value) {
    return DdlLint.printable(value);
  }
}
