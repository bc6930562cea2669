/**
 * The Vitess backend: {@link dev.cutover.vitess.VitessBackend} runs each change of a deploy request
 * as a Vitess Online DDL migration through vtgate, with completion postponed until every change is
 * ready on every shard, and {@link dev.cutover.vitess.JdbcDeployRequestStore} keeps requests in a
 * MySQL table with compare-and-set on their version.
 *
 * <p>Both speak plain JDBC (MySQL Connector/J) and hold no connection between calls. All SQL they
 * build goes through one class that validates identifiers and uuids and escapes literals; a
 * change is sent as exactly one statement on a connection that does not allow multi-statements.
 *
 * <p>The tests run against a real vtgate: a running one named by {@code CUTOVER_VTGATE_URL}
 * (see {@code src/test/vitess/cluster.sh}), or a Testcontainers {@code vitess/vttestserver} where
 * Docker is available; without either they skip and say why.
 */
package dev.cutover.vitess;
