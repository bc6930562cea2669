/**
 * The {@code MigrationBackend} contract, as tests every backend runs: the technology compatibility
 * kit (TCK) of cutover's backend SPI.
 *
 * <p>{@link dev.cutover.core.tck.MigrationBackendContract} holds the rules, one test each, numbered
 * and named after what the backend must do ({@code rule07_completeCompletesEveryShard}). A backend's
 * test extends it and provides the backend, a keyspace, and a {@link dev.cutover.core.tck.Waiter}:
 * the in-memory simulator lets time pass by moving its virtual clock, a real Vitess by sleeping.
 * The rules assume nothing else about time, and they read statuses as Vitess spells them, so the
 * same class checks the simulator in milliseconds and a two-shard vtgate in minutes.
 *
 * <p>The classes ship in the test-jar of {@code cutover-core} (module directory {@code statemachine-core}):
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>dev.cutover</groupId>
 *   <artifactId>cutover-core</artifactId>
 *   <type>test-jar</type>
 *   <scope>test</scope>
 * </dependency>
 * }</pre>
 *
 * <p>When a rule fails, its message names the rule, says what the backend did, and what to check
 * in it; fix the backend, not the rule.
 */
package dev.cutover.core.tck;
