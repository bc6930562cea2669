#!/usr/bin/env bash
# Drives the deploy-request flow of main.go, through PlanetScale's own Go client (planetscale-go
# v0.178.0), against `bin/cutover serve`: builds the program, starts the server on a free port with
# a service token, runs the program, and stops the server. Exit status: the program's (0 all checks
# passed, 1 a mismatch), 3 when something could not be built or started.
#
#   planetscale-api/src/test/go/run.sh             # the in-memory backend, fast migration timings
#   planetscale-api/src/test/go/run.sh --vitess    # a real Vitess: vtgate from `cluster.sh env`
#
# With --vitess the cluster must be up (backend-vitess/src/test/vitess/cluster.sh up); its
# CUTOVER_VTGATE_URL, CUTOVER_VTGATE_USER and CUTOVER_VTGATE_PASSWORD are taken from `cluster.sh env`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
mode="${1:-inmemory}"
# Go as cluster.sh finds it: on PATH, or where the Go tarball installs it.
export PATH="$PATH:/usr/local/go/bin"

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "psflow: building the Go client program ..." >&2
if ! (cd "$here" && go build -o "$work/psflow" .); then
  echo "psflow: the Go program did not build" >&2
  exit 3
fi

secret="psflow-$RANDOM$RANDOM"
args=(serve --port 0 --token "ci:$secret")
wait_for="2m"
case "$mode" in
  inmemory|--inmemory)
    # Fast migrations: ready 2 s after submission, reverts in 1 s; the driver ticks every 200 ms.
    cat > "$work/config.json" <<'JSON'
{
  "topology": {"commerce": ["-80", "80-"], "customer": ["-"]},
  "backend": {"defaults": {"readyAfter": "PT2S", "revertAfter": "PT1S"}},
  "databases": ["acme/shop"],
  "revertWindow": "PT10M",
  "pollInterval": "PT0.2S"
}
JSON
    args+=(--config "$work/config.json")
    ;;
  --vitess)
    eval "$(bash "$root/backend-vitess/src/test/vitess/cluster.sh" env)"
    : "${CUTOVER_VTGATE_URL:?cluster.sh env gave no CUTOVER_VTGATE_URL: is the cluster up?}"
    export CUTOVER_VTGATE_USER CUTOVER_VTGATE_PASSWORD
    cat > "$work/config.json" <<'JSON'
{"databases": ["acme/shop"], "revertWindow": "PT10M", "pollInterval": "PT1S"}
JSON
    args+=(--config "$work/config.json" --vitess "$CUTOVER_VTGATE_URL")
    wait_for="10m"
    ;;
  *)
    echo "usage: run.sh [--vitess]" >&2
    exit 3
    ;;
esac

"$root/bin/cutover" "${args[@]}" > "$work/server.out" 2> "$work/server.err" &
server_pid=$!
url=""
for _ in $(seq 1 600); do
  url="$(sed -n 's#^cutover serve: PlanetScale API on \(http://[^ ]*\) .*#\1#p' "$work/server.out" | head -1)"
  [[ -n "$url" ]] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "psflow: bin/cutover serve did not start:" >&2
    cat "$work/server.err" >&2
    exit 3
  fi
  sleep 0.5
done
if [[ -z "$url" ]]; then
  echo "psflow: bin/cutover serve printed no URL in time" >&2
  exit 3
fi
echo "psflow: server at $url ($mode)" >&2

status=0
CUTOVER_API_URL="$url" CUTOVER_TOKEN_ID=ci CUTOVER_TOKEN="$secret" CUTOVER_ORG=acme CUTOVER_DB=shop \
  CUTOVER_WAIT="$wait_for" "$work/psflow" || status=$?
if [[ $status -ne 0 ]]; then
  echo "psflow: the server's log:" >&2
  tail -50 "$work/server.err" >&2
fi
exit $status
