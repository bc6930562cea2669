#!/usr/bin/env bash
# After the release dry run (.ci/run): every published module has what Maven Central requires
# beside its pom, a jar, a sources jar and a javadoc jar, and the poms carry name, description,
# url, licence, developers and scm. Run from the repository's root.
set -euo pipefail
cd "$(dirname "$0")/.."
version="$(sed -n '/<parent>/,/<\/parent>/d; s#^  <version>\(.*\)</version>#\1#p' pom.xml | head -1)"
fail() { echo "release check: $*"; exit 1; }
for need in '<url>' '<licenses>' '<developers>' '<scm' '<description>' '<name>'; do
  grep -q "$need" pom.xml || fail "pom.xml has no $need"
  grep -q "$need" bom/pom.xml || fail "bom/pom.xml has no $need"
done
count=0
for pom in */pom.xml; do
  module="$(dirname "$pom")"
  artifact="$(grep -o '<artifactId>cutover-[a-z-]*</artifactId>' "$pom" | grep -v cutover-parent | head -1 | sed 's#</*artifactId>##g')"
  if grep -q '<maven.deploy.skip>true</maven.deploy.skip>' "$pom"; then
    # central-publishing-maven-plugin ignores maven.deploy.skip: the module must be in its excludeArtifacts.
    grep -q "<excludeArtifacts>.*\b$artifact\b" pom.xml || fail "$artifact is not published but not in pom.xml's excludeArtifacts"
    grep -q "<excludeArtifacts>.*\b$artifact\b" bom/pom.xml || fail "$artifact is not in bom/pom.xml's excludeArtifacts"
    continue
  fi
  grep -q '<packaging>pom</packaging>' "$pom" && continue
  grep -q '<name>' "$pom" && grep -q '<description>' "$pom" || fail "$pom has no name or description"
  for suffix in "" -sources -javadoc; do
    jar="$module/target/$artifact-$version$suffix.jar"
    [[ -f "$jar" ]] || fail "$jar is missing"
  done
  count=$((count + 1))
done
(( count >= 4 )) || fail "only $count published modules found"
echo "release check: $count modules with jar, sources and javadoc at $version, and the bom"
