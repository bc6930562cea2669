/**
 * The deploy-request state machine, as pure functions over immutable values.
 *
 * <p>A {@link dev.cutover.core.DeployRequest} moves through the PlanetScale
 * {@link dev.cutover.core.DeployState}s along the edges of {@link dev.cutover.core.Transitions},
 * the one table of legal moves. {@link dev.cutover.core.DeployMachine} holds every decision: it
 * applies user {@link dev.cutover.core.Action}s (a refused action is a value, never an exception),
 * plans the step of each state from what the driver observed (the time, the deploy queue, the
 * {@link dev.cutover.core.MigrationRow}s), and records what became of the
 * {@link dev.cutover.core.Command}s it asked for. It performs no I/O and reads no clock; the
 * {@code driver} package does the rest.
 *
 * <p>The gate: completion is requested only when every expected row of every change is ready to
 * complete (or complete). A row that is expected but not visible counts as pending, never done.
 */
package dev.cutover.core;
