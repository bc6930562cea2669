/**
 * A property-based test harness for deploy requests and for your own tools around them: the
 * {@link dev.cutover.inmemory.property.PropertyHarness} generates random, seeded scenarios
 * ({@link dev.cutover.inmemory.property.ScenarioGenerator}, shaped by
 * {@link dev.cutover.inmemory.property.GeneratorSettings}) as typed
 * {@link dev.cutover.inmemory.scenario.Scenario} values, runs each through the
 * {@link dev.cutover.inmemory.scenario.Simulator} with the real driver and your code under test
 * (called at every tick), checks Cutover's invariants ({@link dev.cutover.inmemory.property.Invariants},
 * one class each) and yours ({@link dev.cutover.inmemory.property.Invariant}), and on a failure
 * shrinks the scenario ({@link dev.cutover.inmemory.property.Shrinker}) with your code and checks
 * in the loop and writes it as a scenario file. The user's guide is {@code docs/property-testing.md}.
 *
 * <p>How the invariants are observed. The harness puts two layers between the driver and its store
 * and backend (the simulator's wrapper hooks): an observer that hands each invariant, at the moment
 * it happens, what concerns a moment (a save, a complete command, a revert submission), with the
 * backend's true rows read without consuming faults, and a crash point that kills the driver before
 * its Nth call. After every tick the code under test runs, then each invariant's per-tick check;
 * what concerns a whole run (double submissions, admission order, liveness) is checked when the run
 * ends. A user's backend layer ({@link dev.cutover.inmemory.property.PropertyHarness.Builder#backendLayer})
 * and store layer ({@link dev.cutover.inmemory.property.PropertyHarness.Builder#storeLayer}) sit
 * between the crash point and the observer: the driver sees what they make of the backend and the
 * store, the invariants the truth (the true rows, and each save as it reached the store).
 *
 * <p>Invariants 9 and 10 compare final states with those of a single uninterrupted driver, on a
 * variant of the scenario without faults and with every command-relative delay at least one poll
 * interval (so a driver ticking again at the same instant sees what the single driver would see).
 * Any difference fails, and the message says where the two runs' histories first parted.
 *
 * <p>This project does not use jqwik: properties run on JUnit 5 over this generator.
 */
package dev.cutover.inmemory.property;
