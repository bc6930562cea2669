/**
 * The engine of {@code bin/cutover}: {@code simulate FILE [--jsonl]} ({@link
 * dev.cutover.inmemory.cli.Main}).
 */
package dev.cutover.inmemory.cli;
