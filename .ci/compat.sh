#!/usr/bin/env bash
# The binary-compatibility check (docs/releasing.md, "Compatibility"), run by .ci/run.
#
#   .ci/compat.sh                  # against the last release tag (vX.Y.Z) before HEAD
#   .ci/compat.sh --against REF    # against any commit (to try the check itself)
#
# Builds the baseline in a git worktree of its own (package, tests skipped: nothing is installed),
# copies each published module's jar to a baseline folder as ARTIFACT.jar (a module that did not
# exist then gets an empty jar: all of it is new), and runs japicmp (the root pom's compat
# profile) on the current build. A binary- or source-incompatible change to the public API fails,
# unless the version allows a breaking change: a new major version, or before 1.0 a new minor
# version. With no earlier release tag there is nothing to compare: it says so and passes.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

version_of() { # the version of the reactor's pom.xml in directory $1
  sed -n '/<parent>/,/<\/parent>/d; s#^  <version>\(.*\)</version>#\1#p' "$1/pom.xml" | head -1
}

against=""
if [[ "${1:-}" == "--against" ]]; then
  against="${2:?usage: compat.sh [--against REF]}"
else
  # The newest release tag reachable from HEAD, not counting one on HEAD itself.
  against="$(git describe --tags --abbrev=0 --match 'v[0-9]*.[0-9]*.[0-9]*' HEAD^ 2>/dev/null || true)"
  if [[ -z "$against" ]]; then
    echo "compat: no earlier release tag (v*.*.*) before HEAD: nothing to compare, the check passes"
    exit 0
  fi
fi

work="$(mktemp -d)"
cleanup() {
  git -C "$root" worktree remove --force "$work/tree" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "compat: building the baseline $against ..."
git worktree add --detach --quiet "$work/tree" "$against"
(cd "$work/tree" && ./mvnw -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package) \
  || { echo "compat: the baseline $against did not build"; exit 3; }

old="$(version_of "$work/tree")"
new="$(version_of "$root")"
mkdir -p "$work/baseline" "$work/empty/META-INF"
echo "no baseline: a module new since $against" > "$work/empty/META-INF/cutover-no-baseline"
for pom in "$root"/*/pom.xml; do
  module="$(basename "$(dirname "$pom")")"
  artifact="$(grep -o '<artifactId>cutover-[a-z-]*</artifactId>' "$pom" | grep -v cutover-parent | head -1 \
    | sed 's#</*artifactId>##g')"
  [[ -n "$artifact" ]] || continue
  jar="$work/tree/$module/target/$artifact-$old.jar"
  if [[ -f "$jar" ]]; then
    cp "$jar" "$work/baseline/$artifact.jar"
  else
    (cd "$work/empty" && "${JAVA_HOME:+$JAVA_HOME/bin/}jar" cf "$work/baseline/$artifact.jar" META-INF)
  fi
done

# May this version break the API? A new major; before 1.0, a new minor.
IFS=. read -r old_major old_minor _ <<< "${old%%-*}"
IFS=. read -r new_major new_minor _ <<< "${new%%-*}"
break_build=true
if (( new_major > old_major )) || { (( new_major == 0 && old_major == 0 )) && (( new_minor > old_minor )); }; then
  break_build=false
  echo "compat: $new may break the API of $old (a new major, or a new minor before 1.0): differences are reported only"
fi

echo "compat: comparing $new with $old ($against)"
./mvnw -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
  -Dcutover.compat.baseline="$work/baseline" -Dcutover.compat.break="$break_build" verify \
  || { echo "compat: the public API of $new is not compatible with $old (reports: */target/japicmp/)"; exit 1; }
echo "compat: $new is compatible with $old"
