package dev.cutover.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.core.Cause;
import dev.cutover.core.DeployState;
import dev.cutover.core.Transitions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/state-diagram.md} is generated from {@link Transitions}, the one table of legal moves.
 * This test fails when the committed diagram is stale; run it with
 * {@code -Dcutover.docs.update=true} to rewrite the file.
 */
class StateDiagramTest {

  static String render() {
    StringBuilder sb = new StringBuilder();
    sb.append("# Deploy-request states\n\n")
        .append("Generated from `dev.cutover.core.Transitions` by `docs/src/test/java/dev/cutover/docs/")
        .append("StateDiagramTest.java`; do not edit by hand\n")
        .append("(`./mvnw -B -pl docs -am verify -Dcutover.docs.update=true` rewrites it).\n\n")
        .append("Each edge is labelled with its causes (`dev.cutover.core.Cause`): the user action, or what the ")
        .append("driver saw (the derivation's rules are spec section 5's). Terminal states lead to `[*]`. ")
        .append("`in_progress_vschema` and `in_progress_revert_vschema` are entered only by a request with VSchema ")
        .append("changes (spec section 8); the reserved state `cancelled` is never entered.\n\n")
        .append("```mermaid\nstateDiagram-v2\n")
        .append("    [*] --> pending\n");
    for (DeployState from : DeployState.values()) {
      for (DeployState to : Transitions.targets(from)) {
        StringBuilder causes = new StringBuilder();
        for (Cause cause : Transitions.causes(from, to)) {
          // a user action by its name; a derivation rule without the colon Mermaid reads as a separator
          causes.append(causes.length() == 0 ? "" : ", ").append(cause.label().replace(": ", " "));
        }
        sb.append("    ").append(from.wireName()).append(" --> ").append(to.wireName()).append(" : ")
            .append(causes).append('\n');
      }
    }
    for (DeployState s : DeployState.values()) {
      if (s.isTerminal()) {
        sb.append("    ").append(s.wireName()).append(" --> [*]\n");
      }
    }
    sb.append("```\n\n| state | terminal | occupies its database |\n|---|---|---|\n");
    for (DeployState s : DeployState.values()) {
      sb.append("| `").append(s.wireName()).append("` | ").append(s.isTerminal() ? "yes" : "")
          .append(" | ").append(s.occupiesDatabase() ? "yes" : "").append(" |\n");
    }
    return sb.toString();
  }

  @Test
  void theCommittedDiagramMatchesTheTransitionTable() throws IOException {
    Path file = Path.of("state-diagram.md");
    String expected = render();
    if (Boolean.getBoolean("cutover.docs.update")) {
      Files.writeString(file, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .as("docs/state-diagram.md is stale: rerun with -Dcutover.docs.update=true")
        .isEqualTo(expected);
  }
}
