package dev.cutover.planetscale;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A service token the server accepts, and what it may reach: as PlanetScale's service tokens are
 * granted organizations and databases, a token here is limited to the organizations in
 * {@code organizations} and the databases in {@code databases}; with both empty it reaches every one.
 * A call outside its reach is answered as PlanetScale answers it, 404 {@code not_found}.
 *
 * @param id the token's id, the actor of the calls made with it: 1 to 64 letters, digits,
 *     {@code -}, {@code _} or {@code .}
 * @param secret the secret, not blank, at most 256 characters, no whitespace
 * @param organizations the organizations it reaches whole; copied, kept in order
 * @param databases the {@code ORG/DB} databases it reaches besides; copied, kept in order
 */
public record ServeToken(String id, String secret, Set<String> organizations, Set<String> databases) {

  /**
   * Checks the parts and copies the sets.
   *
   * @param id 1 to 64 letters, digits, {@code .}, {@code -} or {@code _}
   * @param secret 1 to 256 printable ASCII characters, no space
   * @param organizations not null, valid names; copied
   * @param databases not null, {@code ORG/DB} of valid names; copied
   * @throws NullPointerException if a part is null
   * @throws IllegalArgumentException naming the part (the secret masked) if one is malformed
   */
  public ServeToken {
    Objects.requireNonNull(id, "token id");
    Objects.requireNonNull(secret, "token secret");
    if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("token: the id must be 1 to 64 letters, digits, '.', '-' or '_', was '"
          + ApiText.cap(id) + "'");
    }
    if (secret.isBlank() || secret.length() > 256 || !secret.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("token '" + id + "': the secret must be 1 to 256 printable ASCII characters"
          + " without spaces, was " + secret.length() + " characters");
    }
    organizations = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(organizations));
    databases = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(databases));
    for (String org : organizations) {
      Names.check("token '" + id + "' organizations", org);
    }
    for (String db : databases) {
      String[] parts = db.split("/", -1);
      if (parts.length != 2) {
        throw new IllegalArgumentException("token '" + id + "' databases: must be ORG/DB names, was '"
            + ApiText.cap(db) + "'");
      }
      Names.check("token '" + id + "' databases", parts[0]);
      Names.check("token '" + id + "' databases", parts[1]);
    }
  }

  /**
   * A token that reaches every organization.
   *
   * @param id the id
   * @param secret the secret
   * @return the token
   */
  public static ServeToken unrestricted(String id, String secret) {
    return new ServeToken(id, secret, Set.of(), Set.of());
  }

  /** Whether it reaches everything. */
  boolean unrestricted() {
    return organizations.isEmpty() && databases.isEmpty();
  }

  /** Whether it reaches something in this organization (its listing shows only what it reaches). */
  boolean reachesOrganization(String org) {
    return unrestricted() || organizations.contains(org) || databases.stream().anyMatch(d -> d.startsWith(org + "/"));
  }

  /** Whether it reaches this database. */
  boolean reachesDatabase(String org, String db) {
    return unrestricted() || organizations.contains(org) || databases.contains(org + "/" + db);
  }

  /** Whether {@code candidate} is this token's secret, compared in constant time. */
  boolean secretIs(String candidate) {
    return MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
  }

  /** The secret masked, for messages. */
  @Override
  public String toString() {
    return "ServeToken[id=" + id + ", secret=***, organizations=" + organizations + ", databases=" + databases + "]";
  }
}
