package dev.cutover.inmemory.property;

import dev.cutover.core.DeployRequest;
import dev.cutover.core.MigrationHandle;
import dev.cutover.core.Nullable;
import dev.cutover.core.spi.RevertSubmission;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A property every run of a generated scenario must have. Cutover's own are in {@link Invariants};
 * write yours with {@link #afterEachTick}, {@link #atEnd} or {@link #of}, or implement the hooks you
 * need. Each hook gets a {@link Moment} (the time, the scenario, the true backend, the stored
 * requests) and reports what does not hold with {@link Moment#fail}.
 *
 * <p>The harness calls the hooks of one invariant object in every run it makes (the plain run and
 * the comparing ones, each shrinking candidate too), one run at a time: keep per-run memory in
 * {@link Moment#memory}, not in fields.
 *
 * <pre>{@code
 * Invariant noRevertBeforeFiveMinutes = Invariant.afterEachTick("janitor waits 5 minutes",
 *     now -> now.requests().forEach(r -> { ... now.fail(r.id(), "skipped too early"); }));
 * }</pre>
 */
public interface Invariant {

  /**
   * A short name, unique among the invariants of one harness: {@code GATED_COMPLETION}, {@code janitor waits}.
   *
   * @return the name, not null or blank
   */
  String name();

  /**
   * What must hold, in words (shown in failure reports).
   *
   * @return the rule, not null; by default the name
   */
  default String rule() {
    return name();
  }

  /**
   * How reports name it: {@code invariant 'janitor waits'}; Cutover's own add their number.
   *
   * @return the label, not null
   */
  default String label() {
    return "invariant '" + name() + "'";
  }

  /**
   * After every tick (after the drivers and the code under test ran), at the tick's time. Does nothing
   * by default.
   *
   * @param now the run as it is after the tick
   */
  default void afterTick(Moment now) {}

  /**
   * Once, when a run ended without the driver throwing; {@link Moment#simulation()} is set. Does
   * nothing by default.
   *
   * @param end the run as it ended
   */
  default void atEnd(Moment end) {}

  /**
   * When the driver saved a request: {@code before} is what was stored ({@code null} for an insert).
   * Does nothing by default.
   *
   * @param now the run at the save
   * @param before the stored value the save replaced, or {@code null} for an insert
   * @param after the value as stored now (its version one above {@code before}'s)
   */
  default void saved(Moment now, @Nullable DeployRequest before, DeployRequest after) {}

  /**
   * Just before the driver asks the backend to complete {@code migration}. Does nothing by default.
   *
   * @param now the run before the call: the backend's rows are what the completion is based on
   * @param migration the migration the driver is about to complete
   */
  default void beforeComplete(Moment now, MigrationHandle migration) {}

  /**
   * Just before the driver asks the backend to force the cutover of {@code migration} (spec 7). Does
   * nothing by default.
   *
   * @param now the run before the call
   * @param migration the migration whose cutover the driver is about to force
   */
  default void beforeForceCutover(Moment now, MigrationHandle migration) {}

  /**
   * Just before the driver submits the revert of a change. Does nothing by default.
   *
   * @param now the run before the call
   * @param revert what the driver is about to submit
   */
  default void beforeRevert(Moment now, RevertSubmission revert) {}

  /**
   * Called just before a VSchema is applied or put back (spec 8), with the store as it is then.
   *
   * @param now the moment, with the backend's VSchemas as they are before the call
   * @param update the keyspace, the VSchema and whether it is put back
   */
  default void beforeApplyVSchema(Moment now, dev.cutover.core.spi.VSchemaUpdate update) {}

  /**
   * An invariant checked after every tick.
   *
   * @param name its name and rule, not null or blank
   * @param check called after every tick; reports with {@link Moment#fail}; not null
   * @return the invariant
   * @throws IllegalArgumentException if {@code name} is blank
   */
  static Invariant afterEachTick(String name, Consumer<Moment> check) {
    return of(name, name, check, m -> {});
  }

  /**
   * An invariant checked once, at the end of each run.
   *
   * @param name its name and rule, not null or blank
   * @param check called once when a run ended; reports with {@link Moment#fail}; not null
   * @return the invariant
   * @throws IllegalArgumentException if {@code name} is blank
   */
  static Invariant atEnd(String name, Consumer<Moment> check) {
    return of(name, name, m -> {}, check);
  }

  /**
   * An invariant with a per-tick check and an end check (either may do nothing).
   *
   * @param name its name, not null or blank
   * @param rule what must hold, in words, not null
   * @param afterEachTick called after every tick, not null ({@code m -> {}} for none)
   * @param atEnd called once when a run ended, not null ({@code m -> {}} for none)
   * @return the invariant; its {@code toString} is its label
   * @throws IllegalArgumentException if {@code name} is blank
   */
  static Invariant of(String name, String rule, Consumer<Moment> afterEachTick, Consumer<Moment> atEnd) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(afterEachTick, "afterEachTick");
    Objects.requireNonNull(atEnd, "atEnd");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name: must not be blank, was '" + name + "'");
    }
    return new Invariant() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String rule() {
        return rule;
      }

      @Override
      public void afterTick(Moment now) {
        afterEachTick.accept(now);
      }

      @Override
      public void atEnd(Moment end) {
        atEnd.accept(end);
      }

      @Override
      public String toString() {
        return label();
      }
    };
  }
}
