package dev.cutover.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a user depends on: the Apache-2.0 licence at the root, the {@code cutover-bom} managing
 * every published artifact at the reactor's version, and the unpublished modules (docs,
 * benchmarks, cli) skipped by install and deploy. The jars' contents (LICENSE, NOTICE,
 * Automatic-Module-Name) are checked by .ci/run after the build packaged them.
 */
class PackagingTest {

  private static final Path ROOT = DocumentLinksTest.ROOT;
  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

  @Test
  void theRootHoldsTheApacheLicenceAndANotice() throws IOException {
    String licence = Files.readString(ROOT.resolve("LICENSE"));
    assertThat(licence).contains("Apache License", "Version 2.0, January 2004",
        "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION", "END OF TERMS AND CONDITIONS");
    assertThat(Files.readString(ROOT.resolve("NOTICE"))).contains("Cutover");
    assertThat(Files.readString(ROOT.resolve("pom.xml"))).contains("<name>Apache-2.0</name>");
  }

  @Test
  void theBomManagesEveryPublishedArtifactAtTheReactorsVersion() throws IOException {
    String parent = Files.readString(ROOT.resolve("pom.xml"));
    String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
    assertThat(ownVersion(bom)).isEqualTo(ownVersion(parent));
    List<String> published = new ArrayList<>();
    Matcher m = MODULE.matcher(parent);
    while (m.find()) {
      String pom = Files.readString(ROOT.resolve(m.group(1)).resolve("pom.xml"));
      String artifactId = ownArtifactId(pom);
      assertThat(artifactId).as("artifactId of %s", m.group(1)).startsWith("cutover-");
      boolean skipped = pom.contains("<maven.install.skip>true</maven.install.skip>");
      assertThat(pom.contains("<maven.deploy.skip>true</maven.deploy.skip>")).as("%s: deploy skipped like install", artifactId)
          .isEqualTo(skipped);
      if (!skipped && !pom.contains("<packaging>pom</packaging>")) {
        published.add(artifactId);
      }
    }
    assertThat(published).contains("cutover-core", "cutover-backend-inmemory", "cutover-backend-vitess")
        .doesNotContain("cutover-docs", "cutover-benchmarks", "cutover-cli");
    assertThat(bom).as("the command line is an application, not in the BOM").doesNotContain("cutover-cli");
    for (String artifactId : published) {
      assertThat(bom).as("cutover-bom manages %s", artifactId).contains("<artifactId>" + artifactId + "</artifactId>");
    }
  }

  @Test
  void docsBenchmarksAndTheCommandLineAreNeitherInstalledNorDeployed() throws IOException {
    for (String module : List.of("docs", "benchmarks", "cli")) {
      String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
      assertThat(pom).as(module).contains("<maven.install.skip>true</maven.install.skip>",
          "<maven.deploy.skip>true</maven.deploy.skip>");
    }
  }

  /** The project's own version: the first {@code <version>} after its artifactId, outside {@code <parent>}. */
  private static String ownVersion(String pom) {
    String own = pom.replaceAll("(?s)<parent>.*?</parent>", "");
    Matcher m = Pattern.compile("<version>([^<]+)</version>").matcher(own);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static String ownArtifactId(String pom) {
    String own = pom.replaceAll("(?s)<parent>.*?</parent>", "");
    Matcher m = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(own);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }
}
