#!/usr/bin/env bash
# Drives the deploy-request flow of main.go, through PlanetScale's own Go client (planetscale-go
# v0.178.0), against `bin/cutover serve` (the cli module's jar, built by bin/cutover when stale): builds
# the program, starts the server on a free port with a service token, runs the program, and stops the
# server. Exit status: the program's (0 all checks
# passed, 1 a mismatch), 3 when something could not be built or started.
#
#   planetscale-api/src/test/go/run.sh             # the in-memory backend, fast migration timings
#   planetscale-api/src/test/go/run.sh --vitess    # a real Vitess: vtgate from `cluster.sh env`
#
# With --vitess the cluster must be up (backend-vitess/src/test/vitess/cluster.sh up); its
# CUTOVER_VTGATE_URL, CUTOVER_VTGATE_USER and CUTOVER_VTGATE_PASSWORD are taken from `cluster.sh env`,
# and the server keeps its requests and catalog in a fresh database of the cluster's MySQL (--store):
# after the flow it is restarted, and the program checks through the client that every request is
# listed as it was (CUTOVER_SNAPSHOT, then CUTOVER_COMPARE).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
mode="${1:-inmemory}"
# Go as cluster.sh finds it: on PATH, or where the Go tarball installs it.
export PATH="$PATH:/usr/local/go/bin"

work="$(mktemp -d)"
server_pid=""
store_db=""
mysql_cli=()
cleanup() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ -n "$store_db" ]]; then
    "${mysql_cli[@]}" -e "DROP DATABASE IF EXISTS $store_db" || true
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
# A second token, from the environment (never the command line), that reaches only organization
# "elsewhere": the flow checks that acme/shop does not exist for it.
export PSFLOW_ELSEWHERE_TOKEN="elsewhere-$RANDOM$RANDOM"
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
  "pollInterval": "PT0.2S",
  "tokens": [{"id": "elsewhere", "secretEnv": "PSFLOW_ELSEWHERE_TOKEN", "organizations": ["elsewhere"]}]
}
JSON
    args+=(--config "$work/config.json")
    ;;
  --vitess)
    eval "$(bash "$root/backend-vitess/src/test/vitess/cluster.sh" env)"
    : "${CUTOVER_VTGATE_URL:?cluster.sh env gave no CUTOVER_VTGATE_URL: is the cluster up?}"
    export CUTOVER_VTGATE_USER CUTOVER_VTGATE_PASSWORD
    cat > "$work/config.json" <<'JSON'
{"databases": ["acme/shop"], "revertWindow": "PT10M", "pollInterval": "PT1S",
 "tokens": [{"id": "elsewhere", "secretEnv": "PSFLOW_ELSEWHERE_TOKEN", "organizations": ["elsewhere"]}]}
JSON
    args+=(--config "$work/config.json" --vitess "$CUTOVER_VTGATE_URL")
    wait_for="10m"
    # Requests and catalog in a fresh database of the cluster's MySQL (--store), so the flow can
    # restart the server and check, through the client, that every request is listed as it was.
    : "${CUTOVER_MYSQL_HOST:?cluster.sh env gave no CUTOVER_MYSQL_HOST}"
    store_db="psflow_$$_$RANDOM"
    mysql_cli=(mysql --no-defaults --connect-timeout=5 -h "$CUTOVER_MYSQL_HOST" -P "$CUTOVER_MYSQL_PORT"
      -u "${CUTOVER_MYSQL_USER:-root}")
    "${mysql_cli[@]}" -e "CREATE DATABASE $store_db" || { echo "psflow: cannot create database $store_db" >&2; exit 3; }
    args+=(--store "jdbc:mysql://$CUTOVER_MYSQL_HOST:$CUTOVER_MYSQL_PORT/$store_db")
    ;;
  *)
    echo "usage: run.sh [--vitess]" >&2
    exit 3
    ;;
esac

# Starts bin/cutover serve with "${args[@]}" and sets url to the base URL it prints.
start_server() {
  "$root/bin/cutover" "${args[@]}" > "$work/server.out" 2> "$work/server.err" &
  server_pid=$!
  url=""
  for _ in $(seq 1 600); do
    url="$(sed -n 's#^cutover serve: PlanetScale API on \(http://[^ ]*\) .*#\1#p' "$work/server.out" | head -1)"
    [[ -n "$url" ]] && break
    if ! kill -0 "$server_pid" 2>/dev/null; then
      wait "$server_pid" || echo "psflow: bin/cutover serve exited with status $?" >&2
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
}

stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

start_server
echo "psflow: server at $url ($mode)" >&2

psflow() {
  CUTOVER_API_URL="$url" CUTOVER_TOKEN_ID=ci CUTOVER_TOKEN="$secret" CUTOVER_ORG=acme CUTOVER_DB=shop \
    CUTOVER_SCOPED_TOKEN="elsewhere:$PSFLOW_ELSEWHERE_TOKEN" \
    CUTOVER_WAIT="$wait_for" "$@" "$work/psflow"
}

status=0
if [[ -n "$store_db" ]]; then
  psflow env CUTOVER_SNAPSHOT="$work/snapshot.json" || status=$?
  if [[ $status -eq 0 ]]; then
    # The same requests and catalog after a restart, read through the client again.
    stop_server
    start_server
    echo "psflow: restarted at $url over the same --store" >&2
    psflow env CUTOVER_COMPARE="$work/snapshot.json" || status=$?
  fi
else
  psflow env || status=$?
fi
if [[ $status -ne 0 ]]; then
  echo "psflow: the server's log:" >&2
  tail -50 "$work/server.err" >&2
fi
exit $status
