package dev.cutover.planetscale;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A consumer of the in-memory fake (this artifact) gets at run time the core, the in-memory backend
 * and Jackson, and nothing else: no Connector/J, protobuf or HikariCP (the Vitess path is the
 * consumer's own dependency, {@code cutover-backend-vitess}). Read from the list Maven resolved for
 * the runtime scope ({@code target/runtime-dependencies.txt}, maven-dependency-plugin's {@code list}).
 */
class LeanDependenciesTest {

  private static final Pattern ARTIFACT = Pattern.compile("^\\s*([\\w.\\-]+):([\\w.\\-]+):jar:[^:\\s]+:(compile|runtime)");

  static Set<String> runtimeArtifacts(Path list) throws IOException {
    Set<String> artifacts = new TreeSet<>();
    for (String line : Files.readAllLines(list)) {
      Matcher m = ARTIFACT.matcher(line);
      if (m.find()) {
        artifacts.add(m.group(1) + ":" + m.group(2));
      }
    }
    return artifacts;
  }

  @Test
  void theRuntimeClasspathIsTheCoreTheInMemoryBackendAndJacksonOnly() throws IOException {
    Path list = Path.of(System.getProperty("user.dir"), "target", "runtime-dependencies.txt");
    assertThat(list).as("written by maven-dependency-plugin in generate-test-resources").exists();
    assertThat(runtimeArtifacts(list)).containsExactly(
        "com.fasterxml.jackson.core:jackson-annotations",
        "com.fasterxml.jackson.core:jackson-core",
        "com.fasterxml.jackson.core:jackson-databind",
        "dev.cutover:cutover-backend-inmemory",
        "dev.cutover:cutover-core");
  }

  @Test
  void theListIsReadAsMavenWritesIt_soTheCheckCanFail(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Path list = dir.resolve("list.txt");
    Files.writeString(list, """

        The following files have been resolved:
           com.mysql:mysql-connector-j:jar:9.1.0:compile -- module com.mysql.cj
           com.google.protobuf:protobuf-java:jar:4.26.1:runtime
           com.zaxxer:HikariCP:jar:7.1.0:compile -- module com.zaxxer.hikari [auto]
           org.junit.jupiter:junit-jupiter-api:jar:5.11.4:provided
        """);
    assertThat(runtimeArtifacts(list)).containsExactly("com.google.protobuf:protobuf-java", "com.mysql:mysql-connector-j",
        "com.zaxxer:HikariCP");
  }
}
