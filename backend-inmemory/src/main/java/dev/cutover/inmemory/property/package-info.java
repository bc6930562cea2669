/**
 * Property checks of the deploy-request state machine over random, seeded scenarios: the
 * {@link dev.cutover.inmemory.property.ScenarioGenerator} writes valid scenario files (up to 3
 * keyspaces of 8 shards, 5 requests of 6 changes, random timings, failures, forced rows, faults and
 * actions, legal and illegal); {@link dev.cutover.inmemory.property.PropertyCheck} runs each through
 * the {@link dev.cutover.inmemory.scenario.Simulator} with the real driver and checks every
 * {@link dev.cutover.inmemory.property.Invariant}; on a failure the
 * {@link dev.cutover.inmemory.property.Shrinker} makes the scenario small and
 * {@link dev.cutover.inmemory.property.PropertyHarness} writes it as a file that
 * {@code bin/cutover simulate FILE} replays, and reports the seed and the invariant.
 *
 * <p>How the invariants are observed. The harness puts two layers between the driver and its store
 * and backend (the simulator's wrapper hooks): an observer that checks, at the moment they happen,
 * what concerns a moment (a complete command: the backend's true rows of every change of the
 * request, read without consuming faults; a revert: the order and the previous revert's rows; a
 * state entered: the rows behind it, the revert window, the deploy queue), and a crash point that
 * kills the driver before its Nth call. What concerns a whole run (histories, double submissions,
 * admission order, liveness) is checked when the run ends.
 *
 * <p>Invariants 9 and 10 compare final states with those of a single uninterrupted driver, on a
 * variant of the scenario without faults and with every command-relative delay at least one poll
 * interval (so a driver ticking again at the same instant sees what the single driver would see).
 * Any difference fails, and the message says where the two runs' histories first parted.
 *
 * <p>This project does not use jqwik: properties run on JUnit 5 over this generator.
 */
package dev.cutover.inmemory.property;
