/**
 * The {@link dev.cutover.core.driver.Driver}: the only code that touches a store and a backend.
 * It applies user actions and runs ticks, saving every intent before acting on it, so that a
 * driver killed at any point and restarted loses nothing and submits nothing twice. What it does
 * is reported as {@link dev.cutover.core.driver.DriverEvent}s.
 */
package dev.cutover.core.driver;
