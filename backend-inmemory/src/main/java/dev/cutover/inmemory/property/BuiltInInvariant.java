package dev.cutover.inmemory.property;

/** One of Cutover's own invariants ({@link Invariants}): numbered, named after the spec rule it checks. */
public abstract class BuiltInInvariant implements Invariant {

  private final int number;
  private final String name;
  private final String rule;

  BuiltInInvariant(int number, String name, String rule) {
    this.number = number;
    this.name = name;
    this.rule = rule;
  }

  /**
   * The invariant's number in reports.
   *
   * @return 0 to 13, as in {@link Invariants} and {@code docs/property-testing.md}
   */
  public final int number() {
    return number;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String rule() {
    return rule;
  }

  /** "invariant 2 (GATED_COMPLETION)". */
  @Override
  public final String label() {
    return "invariant " + number + " (" + name + ")";
  }

  @Override
  public final String toString() {
    return label();
  }
}
