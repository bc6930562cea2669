/**
 * Scenario files and the simulator that replays them: the library's golden tests, the shrunk
 * output of a failing property, and what {@code bin/cutover simulate} runs.
 *
 * <p>A {@link dev.cutover.inmemory.scenario.Scenario} (read and written by {@link
 * dev.cutover.inmemory.scenario.ScenarioFiles}, format in {@code shared/spec/scenarios.md}) names a
 * topology, deploy requests, how the in-memory backend's migrations behave, what the user does
 * when, and what must come of it. The {@link dev.cutover.inmemory.scenario.Simulator} runs the real
 * {@link dev.cutover.core.driver.Driver} over an {@link dev.cutover.inmemory.InMemoryBackend} on a
 * virtual clock, tick by tick, and returns a {@link dev.cutover.inmemory.scenario.Simulation}: the
 * driver's events in order, the per-shard progress of every migration, the final requests, the
 * backend's call log, and what differs from the file's expectations. {@link
 * dev.cutover.inmemory.scenario.Timelines} prints it for machines ({@code --jsonl}) or people.
 *
 * <p>Harnesses can put wrappers between the driver and its store or backend, crash the driver from
 * them with {@link dev.cutover.inmemory.scenario.SimulatedCrash} (it is restarted and the step
 * redone), and run several drivers over one store.
 */
package dev.cutover.inmemory.scenario;
