package dev.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The script {@code bin/cutover}, run by bash in a copy of the repository's shape whose Maven wrapper
 * and {@code java} are stand-ins that record how they were called: it builds the jar when it is
 * missing or older than a source, exits 3 when the build fails, runs the one jar with the
 * arguments as given and its exit status, and works through a symlink.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class BinCutoverTest {

  @TempDir Path root;
  private Path jar;
  private Path builds;

  record Run(int status, String out, String err) {}

  @BeforeEach
  void aRepositoryWithStandIns() throws IOException {
    Path script = Path.of(System.getProperty("user.dir")).resolve("../bin/cutover").normalize();
    Files.createDirectories(root.resolve("bin"));
    Files.copy(script, root.resolve("bin/cutover"));
    executable(root.resolve("bin/cutover"));
    for (String module : List.of("statemachine-core", "backend-inmemory", "cli")) {
      Files.createDirectories(root.resolve(module + "/src/main/java"));
      Files.writeString(root.resolve(module + "/pom.xml"), "<project/>");
    }
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    Files.writeString(root.resolve("LICENSE"), "license");
    Files.writeString(root.resolve("NOTICE"), "notice");
    jar = root.resolve("cli/target/cutover.jar");
    builds = root.resolve("builds.log");
    // The wrapper logs its arguments; it fails when FAIL_BUILD is set, else it makes the jar.
    script(root.resolve("mvnw"), "echo \"$*\" >> '" + builds + "'\n"
        + "[[ -n \"${FAIL_BUILD:-}\" ]] && { echo 'BUILD FAILURE' >&2; exit 1; }\n"
        + "mkdir -p cli/target && echo jar > cli/target/cutover.jar\n");
    // java prints its arguments one a line and exits with JAVA_STATUS.
    script(root.resolve("jdk/bin/java"), "printf '%s\\n' \"$@\"\nexit \"${JAVA_STATUS:-0}\"\n");
  }

  private Run cutover(Path command, List<String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", command.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(Files.createTempDirectory(root, "cwd").toFile());
    pb.environment().put("JAVA_HOME", root.resolve("jdk").toString());
    for (String e : env) {
      pb.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
    }
    Process p = pb.start();
    p.getOutputStream().close();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private Run cutover(String... args) throws Exception {
    return cutover(root.resolve("bin/cutover"), List.of(), args);
  }

  private long builds() throws IOException {
    return Files.exists(builds) ? Files.readAllLines(builds).size() : 0;
  }

  @Test
  void theFirstRunBuildsTheJarThenRunsItWithTheArgumentsAsGiven() throws Exception {
    Run run = cutover("simulate", "a file.json", "--jsonl");
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.err()).contains("cutover: building " + jar);
    assertThat(Files.readString(builds)).contains("-pl cli -am package");
    assertThat(run.out()).isEqualTo("-jar\n" + jar + "\nsimulate\na file.json\n--jsonl\n");
  }

  @Test
  void aFreshJarIsNotRebuilt_aNewerSourceOrPomRebuildsIt() throws Exception {
    cutover("--version");
    assertThat(builds()).isEqualTo(1);
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
    assertThat(cutover("--version").status()).isZero();
    assertThat(builds()).as("the jar is newer than every source").isEqualTo(1);

    Path source = root.resolve("backend-inmemory/src/main/java/Changed.java");
    Files.writeString(source, "class Changed {}");
    Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(120)));
    assertThat(cutover("--version").status()).isZero();
    assertThat(builds()).as("a source newer than the jar").isEqualTo(2);

    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(180)));
    Files.setLastModifiedTime(root.resolve("cli/pom.xml"), FileTime.from(Instant.now().plusSeconds(240)));
    assertThat(cutover("--version").status()).isZero();
    assertThat(builds()).as("a pom newer than the jar").isEqualTo(3);
  }

  @Test
  void aFailedBuildExitsThree() throws Exception {
    Run run = cutover(root.resolve("bin/cutover"), List.of("FAIL_BUILD=1"), "simulate", "x.json");
    assertThat(run.status()).isEqualTo(3);
    assertThat(run.err()).contains("BUILD FAILURE").contains("cutover: the build failed (see above)");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void theToolsExitStatusIsTheScripts() throws Exception {
    assertThat(cutover(root.resolve("bin/cutover"), List.of("JAVA_STATUS=1"), "simulate", "x.json").status())
        .isEqualTo(1);
    assertThat(cutover(root.resolve("bin/cutover"), List.of("JAVA_STATUS=2"), "simulate").status()).isEqualTo(2);
  }

  @Test
  void itWorksThroughASymlinkAndASymlinkToASymlink() throws Exception {
    Path elsewhere = Files.createDirectories(root.resolve("home/user/bin"));
    Path link = Files.createSymbolicLink(elsewhere.resolve("cutover"), root.resolve("bin/cutover"));
    Path relative = Files.createSymbolicLink(elsewhere.resolve("co"), Path.of("cutover"));
    for (Path command : List.of(link, relative)) {
      Run run = cutover(command, List.of(), "--help");
      assertThat(run.status()).as(run.err()).isZero();
      assertThat(run.out()).isEqualTo("-jar\n" + jar + "\n--help\n");
    }
  }

  private static void script(Path file, String body) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/usr/bin/env bash\nset -euo pipefail\n" + body);
    executable(file);
  }

  private static void executable(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
