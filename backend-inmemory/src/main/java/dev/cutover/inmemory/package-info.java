/**
 * A deterministic, in-memory stand-in for Vitess Online DDL: the {@link
 * dev.cutover.inmemory.InMemoryBackend}.
 *
 * <p>It implements {@link dev.cutover.core.spi.MigrationBackend} the way Vitess behaves, but every
 * migration row is a pure function of time: a change submitted at {@code s} is {@code queued},
 * then {@code running}, then ready to complete, at offsets its {@link
 * dev.cutover.inmemory.MigrationTimings} set (per change and per shard if you like), and completes,
 * fails, is cancelled or reverted at times that follow from the calls it received. Time comes
 * from an injected {@link java.time.Clock}; a {@link dev.cutover.inmemory.VirtualClock} shared with
 * the {@link dev.cutover.core.driver.Driver} makes a whole deploy run in microseconds and the same
 * way every time.
 *
 * <p>Embed it in your own tests and fakes: script per-migration timings and failures with the
 * builder, force any row status at any time with {@link dev.cutover.inmemory.ForcedRow}, make chosen
 * calls fail transiently or permanently with {@link dev.cutover.inmemory.Fault}, and check what the
 * driver asked in the backend's call log ({@link dev.cutover.inmemory.BackendCall}). Scenario files
 * and the simulator that replays them live in {@link dev.cutover.inmemory.scenario}.
 */
package dev.cutover.inmemory;
