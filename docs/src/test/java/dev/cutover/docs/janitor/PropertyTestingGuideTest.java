package dev.cutover.docs.janitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.inmemory.property.BuiltInInvariant;
import dev.cutover.inmemory.property.Invariants;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/property-testing.md shows the janitor example's code as it is: every region of the example's
 * sources marked {@code // doc:NAME ... // doc:end} appears verbatim in the guide, and the table of
 * Cutover's invariants says what {@link Invariants} says.
 */
class PropertyTestingGuideTest {

  private static final Path GUIDE = Path.of("property-testing.md");
  private static final Path SOURCES = Path.of("src/test/java/dev/cutover/docs/janitor");
  private static final Pattern REGION = Pattern.compile("// doc:(?!end)[a-z]+\\n(.*?\\n)[ \\t]*// doc:end", Pattern.DOTALL);

  @Test
  void theGuideShowsTheExamplesCodeAsItIs() throws IOException {
    String guide = Files.readString(GUIDE, StandardCharsets.UTF_8);
    int regions = 0;
    for (String file : new String[] {"Janitor.java", "ForgetfulJanitor.java", "JanitorInvariants.java",
        "JanitorPropertyTest.java"}) {
      Matcher m = REGION.matcher(Files.readString(SOURCES.resolve(file), StandardCharsets.UTF_8));
      while (m.find()) {
        regions++;
        assertThat(guide).as("the guide shows the marked region of %s as it is", file)
            .contains("```java\n" + m.group(1) + "```");
      }
    }
    assertThat(regions).isEqualTo(4);
  }

  @Test
  void theGuidesTableOfInvariantsIsCutoversOwn() throws IOException {
    String guide = Files.readString(GUIDE, StandardCharsets.UTF_8);
    for (BuiltInInvariant i : Invariants.all()) {
      assertThat(guide).contains("| " + i.number() + " | `" + i.name() + "` | " + i.rule() + " |");
    }
  }
}
