/**
 * A MySQL 8.0 schema model, in Java and on the JDK alone: read DDL into immutable values
 * ({@link dev.cutover.schema.Schema}, {@link dev.cutover.schema.Table}, ...), print a table exactly as
 * MySQL 8.0.31's {@code SHOW CREATE TABLE} prints it, apply a statement as MySQL would (or refuse it
 * with the error number MySQL gives), diff two schemas into the statements that turn one into the
 * other, and decide whether two changes of one schema commute (the three-way merge a deploy queue
 * needs).
 *
 * <p>{@link dev.cutover.schema.Schemas} is the entry point. Text becomes tokens through Cutover's one
 * SQL lexer ({@code dev.cutover.core.Statements}). Every behaviour here was checked against a real
 * MySQL 8.0.31 by the module's seeded harness; docs/schema.md lists what is modelled and what is not.
 */
package dev.cutover.schema;
