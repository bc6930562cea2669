package dev.cutover.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and the documents stay readable from a clone: none of their links leaves the
 * repository. Checked: README.md, every Markdown file under docs/, and every Markdown file they
 * link to, transitively.
 */
class DocumentLinksTest {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static final Pattern MARKDOWN_LINK = Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]*)[^)]*\\)");
  private static final Pattern REFERENCE_LINK = Pattern.compile("(?m)^\\s*\\[[^\\]]+]:\\s*(\\S+)");
  private static final Pattern ADDRESS = Pattern.compile("(?i)\\b(?:https?|ftp)://|\\bfile:/|\\bmailto:\\S+@|\\bwww\\.");
  private static final Pattern OUTSIDE_PATH = Pattern.compile("(?<![\\w./-])\\.\\./shared/|(?<![\\w-])shared/spec/");

  @Test
  void noLinkOfTheReadmeOrTheDocsLeavesTheRepository() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path file : documents()) {
      problems.addAll(problemsOf(file, Files.readString(file)));
    }
    assertThat(problems).as("links that leave the repository or point at nothing").isEmpty();
  }

  @Test
  void theCheckCatchesAnAddressAPathOutsideAndAMissingFile() {
    Path readme = ROOT.resolve("README.md");
    assertThat(problemsOf(readme, "see [Vitess](https://vitess.io/docs/)")).hasSize(1);
    assertThat(problemsOf(readme, "see <http://example.org>")).hasSize(1);
    assertThat(problemsOf(readme, "or run a scenario file: `Simulator.run(...)`")).isEmpty();
    assertThat(problemsOf(readme, "specified in `../shared/spec/deploy-requests.md`")).hasSize(1);
    assertThat(problemsOf(readme, "see [the spec](../shared/spec/x.md)")).isNotEmpty();
    assertThat(problemsOf(readme, "see [gone](docs/no-such-file.md)")).hasSize(1);
    assertThat(problemsOf(readme, "see [the guide](docs/guide.md#running-a-driver)")).isEmpty();
  }

  /** README.md, docs/**.md, and the Markdown files they link to inside the repository. */
  static Set<Path> documents() throws IOException {
    Set<Path> seen = new LinkedHashSet<>();
    Deque<Path> todo = new ArrayDeque<>();
    todo.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md") && !p.toString().contains("/target/")).sorted().forEach(todo::add);
    }
    while (!todo.isEmpty()) {
      Path file = todo.removeFirst().normalize();
      if (!seen.add(file)) {
        continue;
      }
      for (String target : targets(Files.readString(file))) {
        Path linked = resolve(file, target);
        if (linked != null && linked.startsWith(ROOT) && linked.toString().endsWith(".md") && Files.isRegularFile(linked)) {
          todo.add(linked);
        }
      }
    }
    return seen;
  }

  static List<String> problemsOf(Path file, String text) {
    List<String> problems = new ArrayList<>();
    String where = ROOT.relativize(file).toString();
    Matcher address = ADDRESS.matcher(text);
    while (address.find()) {
      problems.add(where + ": an address outside the repository: " + around(text, address.start()));
    }
    Matcher outside = OUTSIDE_PATH.matcher(text);
    while (outside.find()) {
      problems.add(where + ": a path outside the repository: " + around(text, outside.start()));
    }
    for (String target : targets(text)) {
      if (ADDRESS.matcher(target).find()) {
        continue; // already reported
      }
      Path linked = resolve(file, target);
      if (linked == null) {
        continue; // a link to an anchor of the same page
      }
      if (!linked.startsWith(ROOT)) {
        problems.add(where + ": a link outside the repository: " + target);
      } else if (!Files.exists(linked)) {
        problems.add(where + ": a link to a missing file: " + target);
      }
    }
    return problems;
  }

  private static List<String> targets(String text) {
    List<String> targets = new ArrayList<>();
    for (Pattern p : List.of(MARKDOWN_LINK, REFERENCE_LINK)) {
      Matcher m = p.matcher(text);
      while (m.find()) {
        targets.add(m.group(1));
      }
    }
    return targets;
  }

  private static Path resolve(Path file, String target) {
    String path = target.replaceAll("#.*$", "");
    if (path.isEmpty()) {
      return null;
    }
    return file.getParent().resolve(path).normalize();
  }

  private static String around(String text, int at) {
    int end = Math.min(text.length(), at + 60);
    int newline = text.indexOf('\n', at);
    return text.substring(at, newline >= 0 && newline < end ? newline : end);
  }
}
