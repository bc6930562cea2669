package dev.cutover.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/spec/ says what the product definition says, in the project's own words. The definition
 * lives outside the repository (beside the clone, as {@code ../shared/spec/}); where it is present,
 * every term it sets in code type (a state, an option, an action, a field) must appear in the
 * repository's version, and every numbered section heading too, so a rule added there and not
 * here fails the build.
 */
class SpecCopyTest {

  private static final Path DEFINITION = DocumentLinksTest.ROOT.resolveSibling("shared").resolve("spec");
  private static final Path OURS = DocumentLinksTest.ROOT.resolve("docs").resolve("spec");
  private static final Pattern CODE = Pattern.compile("`([^`\\n]+)`");
  private static final Pattern SECTION = Pattern.compile("(?m)^## (\\d+)\\.");

  @Test
  void deployRequestsSaysWhatTheDefinitionSays() throws IOException {
    check("deploy-requests.md");
  }

  @Test
  void scenariosSaysWhatTheDefinitionSays() throws IOException {
    check("scenarios.md");
  }

  private static void check(String name) throws IOException {
    assertThat(OURS.resolve(name)).isRegularFile();
    Path definition = DEFINITION.resolve(name);
    assumeTrue(Files.isRegularFile(definition), "the product definition is not beside this clone: " + definition);
    String theirs = Files.readString(definition);
    String ours = Files.readString(OURS.resolve(name));
    Set<String> missing = new LinkedHashSet<>();
    for (String term : matches(CODE, theirs)) {
      if (!ours.contains(term) && !term.contains("shared/")) {
        missing.add(term);
      }
    }
    assertThat(missing).as("terms of %s that docs/spec/%s does not mention", definition, name).isEmpty();
    assertThat(matches(SECTION, ours)).as("numbered sections").containsAll(matches(SECTION, theirs));
    assertThat(ours).as("a rewrite, not a copy").isNotEqualTo(theirs);
  }

  private static Set<String> matches(Pattern pattern, String text) {
    Set<String> found = new LinkedHashSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }
}
