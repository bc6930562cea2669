/**
 * What a backend and a store must provide.
 *
 * <p>{@link dev.cutover.core.spi.MigrationBackend} runs migrations (Vitess through vtgate in
 * {@code backend-vitess}, a deterministic simulation in {@code backend-inmemory}); its contract is
 * the abstract test class {@code dev.cutover.core.tck.MigrationBackendContract} in this module's
 * test-jar. {@link dev.cutover.core.spi.DeployRequestStore} keeps requests between ticks with
 * compare-and-set on their version; {@link dev.cutover.core.spi.InMemoryDeployRequestStore} is the
 * reference implementation.
 */
package dev.cutover.core.spi;
