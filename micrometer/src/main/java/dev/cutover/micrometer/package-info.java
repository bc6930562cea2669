/**
 * Metrics of a Cutover driver as Micrometer meters: the requests per state, the transitions,
 * actions and commands, the ticks, every backend call, and the health of a {@link
 * dev.cutover.core.driver.DriverLoop}. {@link dev.cutover.micrometer.CutoverMetrics} is the one entry
 * point; the meters' names, tags and meanings are listed there and in {@code docs/metrics.md}. The
 * core library knows nothing of Micrometer: this module reaches the driver through its listener, a
 * forwarding backend and the loop's tick observer.
 */
package dev.cutover.micrometer;
