package dev.cutover.inmemory.property;

/** Invariant 10: two drivers over one store reach the same final states as one (compared runs). */
final class TwoDrivers extends BuiltInInvariant {
  TwoDrivers() {
    super(10, "TWO_DRIVERS", "two drivers over one store reach the same final states as one");
  }
}
