#!/usr/bin/env bash
# One command: start the local Vitess cluster, run the whole build with the Vitess suite
# required, stop the cluster (also on failure). Extra arguments go to Maven.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
trap 'bash "$here/cluster.sh" down || true' EXIT
bash "$here/cluster.sh" up
eval "$(bash "$here/cluster.sh" env)"
export CUTOVER_REQUIRE_VITESS=1
cd "$root"
./mvnw -B verify "$@"
