/**
 * The command line {@code bin/cutover} runs ({@link dev.cutover.cli.Cutover}): {@code simulate} runs a
 * scenario file on the in-memory backend, {@code serve} a local PlanetScale deploy-request API. An
 * application, not a library: nothing here is public API, and the module is not published.
 */
package dev.cutover.cli;
