package dev.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cutover schema normalize|apply|diff|merge}: what each prints and its exit status, and bad input
 * (a missing file, SQL that does not parse, a statement MySQL would refuse, a file too large, bytes that are
 * not UTF-8) as one line naming the file and the statement, with status 2.
 */
class SchemaCommandTest {

  private static final String T = "CREATE TABLE `t` (\n"
      + "  `id` int NOT NULL,\n"
      + "  `name` varchar(10) DEFAULT NULL,\n"
      + "  PRIMARY KEY (`id`)\n"
      + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;\n\n";

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(InputStream in, String... args) {
    return Cutover.run(args, in, out, err);
  }

  private int run(String... args) {
    return run(InputStream.nullInputStream(), args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private String file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text).toString();
  }

  @Test
  void normalizePrintsTheCanonicalSchema_asMySqlPrintsIt() throws IOException {
    String f = file("s.sql", "create table t (id int(11) primary key, name varchar(10));\n");
    assertThat(run("schema", "normalize", f)).isEqualTo(Cutover.OK);
    assertThat(out()).isEqualTo(T);
    assertThat(err()).isEmpty();
  }

  @Test
  void normalizeReadsStandardInput_andAByteOrderMark() {
    byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
    byte[] sql = "CREATE TABLE t (id int primary key, name varchar(10));".getBytes(StandardCharsets.UTF_8);
    byte[] both = new byte[bom.length + sql.length];
    System.arraycopy(bom, 0, both, 0, 3);
    System.arraycopy(sql, 0, both, 3, sql.length);
    assertThat(run(new ByteArrayInputStream(both), "schema", "normalize", "-")).isEqualTo(Cutover.OK);
    assertThat(out()).isEqualTo(T);
  }

  @Test
  void applyPrintsTheSchemaAfterTheStatements_orTheRefusalMySqlWouldGive() throws IOException {
    String s = file("s.sql", "CREATE TABLE t (id int primary key);");
    String d = file("d.sql", "ALTER TABLE t ADD COLUMN name varchar(10);");
    assertThat(run("schema", "apply", s, d)).isEqualTo(Cutover.OK);
    assertThat(out()).isEqualTo(T);
    out.reset();
    String twice = file("twice.sql", "ALTER TABLE t ADD COLUMN x int;\nALTER TABLE t ADD COLUMN x int;\n");
    assertThat(run("schema", "apply", s, twice)).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(out()).isEmpty();
    assertThat(err()).isEqualTo("cutover schema apply: " + twice
        + ": statement 2 (line 2, column 1): Duplicate column name 'x' [MySQL error 1060]\n");
  }

  @Test
  void diffPrintsOneStatementALine_nothingForEqualSchemas_andJsonWithItsFlags() throws IOException {
    String from = file("from.sql", "CREATE TABLE t (id int primary key, name varchar(10)); CREATE TABLE u (a int);");
    String to = file("to.sql", "CREATE TABLE t (id int primary key, name varchar(10), age int);");
    assertThat(run("schema", "diff", from, to)).isEqualTo(Cutover.OK);
    assertThat(out()).isEqualTo("DROP TABLE `u`;\nALTER TABLE `t` ADD COLUMN `age` int DEFAULT NULL AFTER `name`;\n");
    out.reset();
    assertThat(run("schema", "diff", "--json", from, to)).isEqualTo(Cutover.OK);
    assertThat(out()).isEqualTo("[{\"table\":\"u\",\"kind\":\"drop\",\"statement\":\"DROP TABLE `u`\",\"instant\":false,"
        + "\"dropsData\":true},{\"table\":\"t\",\"kind\":\"alter\",\"statement\":"
        + "\"ALTER TABLE `t` ADD COLUMN `age` int DEFAULT NULL AFTER `name`\",\"instant\":true,\"dropsData\":false}]\n");
    out.reset();
    assertThat(run("schema", "diff", from, from)).isEqualTo(Cutover.OK);
    assertThat(out()).isEmpty();
  }

  @Test
  void diffKeepsQuotedTextAsItIs_onlyLineBreaksBecomeOneLine() throws IOException {
    String from = file("from.sql", "CREATE TABLE t (id int primary key);");
    String to = file("to.sql", "CREATE TABLE t (id int primary key, c varchar(10) DEFAULT '(  x )' COMMENT 'a  b\\'  c');\n"
        + "CREATE TABLE n (id int primary key, v varchar(10) DEFAULT '( y\n  )');");
    assertThat(run("schema", "diff", from, to)).isEqualTo(Cutover.OK);
    assertThat(out()).isEqualTo("CREATE TABLE `n` (`id` int NOT NULL, `v` varchar(10) DEFAULT '( y\\n  )',"
        + " PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;\n"
        + "ALTER TABLE `t` ADD COLUMN `c` varchar(10) DEFAULT '(  x )' COMMENT 'a  b''  c' AFTER `id`;\n");
  }

  @Test
  void mergeGivesTheMergedSchema_orTheConflictWithStatusOne() throws IOException {
    String base = file("base.sql", "CREATE TABLE t (id int primary key); CREATE TABLE u (id int primary key);");
    String a = file("a.sql", "CREATE TABLE t (id int primary key, name varchar(10)); CREATE TABLE u (id int primary key);");
    String b = file("b.sql", "CREATE TABLE t (id int primary key);");
    assertThat(run("schema", "merge", base, a, b)).isEqualTo(Cutover.OK);
    assertThat(out()).isEqualTo(T);
    out.reset();
    String c = file("c.sql", "CREATE TABLE t (id int primary key, name varchar(20)); CREATE TABLE u (id int primary key);");
    assertThat(run("schema", "merge", base, a, c)).isEqualTo(Cutover.CHECK_FAILED);
    assertThat(out()).startsWith("conflict: t: ");
  }

  @Test
  void badInputIsOneLineNamingTheFileAndTheStatement_statusTwo() throws IOException {
    String bad = file("bad.sql", "CREATE TABLE ok (id int);\nCREATE TABLE v (id int;\n");
    assertThat(run("schema", "normalize", bad)).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).startsWith("cutover schema normalize: " + bad + ": statement 2 (line 2, column ")
        .doesNotContain("\tat ");
    err.reset();
    String missing = dir.resolve("none.sql").toString();
    assertThat(run("schema", "diff", missing, bad)).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).isEqualTo("cutover schema diff: " + missing + ": no such file\n");
    err.reset();
    Path notUtf8 = dir.resolve("latin1.sql");
    Files.write(notUtf8, new byte[] {'C', 'R', (byte) 0xe9});
    assertThat(run("schema", "normalize", notUtf8.toString())).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).isEqualTo("cutover schema normalize: " + notUtf8 + ": not UTF-8 text\n");
    err.reset();
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        return ' ';
      }
    };
    assertThat(run(endless, "schema", "normalize", "-")).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).isEqualTo("cutover schema normalize: (standard input): larger than "
        + SchemaCommand.MAX_FILE_BYTES + " bytes\n");
    err.reset();
    assertThat(run("schema", "diff", "-", "-")).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).contains("standard input can be read once only");
    err.reset();
    assertThat(run("schema")).isEqualTo(Cutover.INVALID_INPUT);
    assertThat(err()).contains("no command given");
  }
}
