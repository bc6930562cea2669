package dev.cutover.vitess;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, fault 11: cluster.sh's start-up is race-free and {@code down} stops what {@code up}
 * started; the checks are a shell script of their own (src/test/vitess/cluster-test.sh), which
 * needs Linux's /proc and bash but no Vitess.
 */
class ClusterScriptTest {

  @Test
  void cluster_sh_waits_for_each_exec_and_down_stops_recorded_processes_and_orphans() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")) && new File("/bin/bash").canExecute(),
        "skipped: cluster.sh needs Linux /proc and bash");
    Path script = Path.of("src/test/vitess/cluster-test.sh");
    Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("all passed").doesNotContain("FAIL");
  }
}
