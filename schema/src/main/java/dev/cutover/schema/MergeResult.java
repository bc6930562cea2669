package dev.cutover.schema;

import java.util.Objects;

/**
 * The verdict of a three-way merge: the merged schema, or the conflict.
 *
 * @param merged the schema both orders give, or null on a conflict
 * @param table the table of the conflict, or null when merged
 * @param reason why the two changes do not commute, or null when merged
 */
public record MergeResult(Schema merged, String table, String reason) {

  /**
   * Validates.
   *
   * @param merged see the record
   * @param table see the record
   * @param reason see the record
   * @throws IllegalArgumentException unless exactly one of merged and reason is given
   */
  public MergeResult {
    if ((merged == null) == (reason == null)) {
      throw new IllegalArgumentException("merge result: a merged schema or a conflict, exactly one");
    }
  }

  /**
   * Whether the two changes conflict.
   *
   * @return true on a conflict
   */
  public boolean conflict() {
    return merged == null;
  }

  static MergeResult conflict(String table, String reason) {
    return new MergeResult(null, Objects.requireNonNull(table, "table"), reason);
  }
}
