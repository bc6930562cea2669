#!/usr/bin/env bash
# Tests of cluster.sh's process handling that need no Vitess: run by
# ClusterScriptTest (or by hand: bash cluster-test.sh). Exit 0 when all pass.
#
#   1. start_bg returns only after the child exec'd, so a wait_for right after
#      it never takes the shell's pre-exec copy for a process that exited
#      (issue 9, fault 11: "etcd exited while waiting for etcd" under load).
#   1b. wait_for decides that a process exited by the process itself, not by
#      its command line (one read empty for a moment mid-exec: "vtctld exited
#      while waiting for vtctld" with vtctld running).
#   2. down stops a recorded process, and an orphan of ours that no pid file
#      records (a failed `up`), and leaves other processes alone.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TMP="$(mktemp -d)"
export CUTOVER_VITESS_CACHE="$TMP/cache"
export CUTOVER_VITESS_DATA="$TMP/data"
# shellcheck source=cluster.sh
source "$HERE/cluster.sh"
AS_SERVICE=() # no user namespace needed for plain test processes

failures=0
pass() { printf 'ok   %s\n' "$1"; }
fail() { printf 'FAIL %s\n' "$1"; failures=$((failures + 1)); }
cleanup() {
  local p
  for p in "${CLEANUP_PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  rm -rf "$TMP"
}
CLEANUP_PIDS=()
trap cleanup EXIT

mkdir -p "$PIDS" "$LOGS" "$DATA/bin"
# An etcd of ours, as far as cluster.sh can tell: named etcd, under the data dir.
cp "$(command -v sleep)" "$DATA/bin/etcd"

# --- 1. a child that is slow to exec is not reported as exited --------------
# Its log is a FIFO: the child blocks opening it (before exec) until a reader
# opens the other end. The reader waits until the child is seen blocked there,
# so the child is provably still the shell's copy for a while.
mkfifo "$LOGS/etcd.log"
(
  until [[ -s "$PIDS/etcd.pid" ]] && grep -qE "fifo|partner" "/proc/$(cat "$PIDS/etcd.pid")/wchan" 2>/dev/null; do
    sleep 0.05
  done
  exec cat "$LOGS/etcd.log" >/dev/null
) &
CLEANUP_PIDS+=($!)
start_bg etcd bash -c 'touch "$0.ready"; exec -a "$0" sleep 300' "$DATA/bin/etcd"
CLEANUP_PIDS+=("$(cat "$PIDS/etcd.pid")")
if pid_ours "$PIDS/etcd.pid"; then
  pass "start_bg returns once the child runs its program"
else
  fail "start_bg returned while the child was still this shell's copy (cmdline: $(tr '\0' ' ' <"/proc/$(cat "$PIDS/etcd.pid")/cmdline" 2>/dev/null))"
fi
if wait_for etcd 120 "the slow process" test -e "$DATA/bin/etcd.ready"; then
  pass "wait_for waits for a slow starter instead of reporting it exited"
else
  fail "wait_for gave up on a process that was starting"
fi

# --- 1b. wait_for judges "exited" by the process, not by its command line -----
# A server whose command line does not read as ours for a moment (an exec in
# progress) is still running; one that exited is reported at once.
start_bg vtctld sleep 300
CLEANUP_PIDS+=("$(cat "$PIDS/vtctld.pid")")
(sleep 1; touch "$DATA/vtctld.ready") &
CLEANUP_PIDS+=($!)
if wait_for vtctld 60 "the ready file" test -e "$DATA/vtctld.ready"; then
  pass "wait_for waits for a running process whatever its command line reads"
else
  fail "wait_for took a running process for exited"
fi
kill -KILL "$(cat "$PIDS/vtctld.pid")" 2>/dev/null || true
wait "$(cat "$PIDS/vtctld.pid")" 2>/dev/null || true
start_bg vtgate true
started=$SECONDS
if wait_for vtgate 60 "a file that never comes" test -e "$DATA/never"; then
  fail "wait_for waited out a process that had exited"
elif ((SECONDS - started < 30)); then
  pass "wait_for reports a process that exited without waiting out its time"
else
  fail "wait_for took $((SECONDS - started))s to see that its process had exited"
fi

# --- 2. down stops recorded processes and orphans, nothing else ----------------
"$DATA/bin/etcd" 300 </dev/null >/dev/null 2>&1 8>&- 9>&- & # an orphan etcd of ours: no pid file
orphan=$!
CLEANUP_PIDS+=("$orphan")
sleep 300 </dev/null >/dev/null 2>&1 & # not ours: must survive
bystander=$!
CLEANUP_PIDS+=("$bystander")
await_exec "$orphan" orphan
await_exec "$bystander" bystander
recorded="$(cat "$PIDS/etcd.pid")"
cmd_down
gone() { ! alive "$1"; }
wait "$orphan" 2>/dev/null || true
wait "$recorded" 2>/dev/null || true
if gone "$recorded"; then pass "down stops a recorded process"; else fail "down left recorded pid $recorded"; fi
if gone "$orphan"; then pass "down stops an orphan of ours that no pid file records"; else fail "down left orphan $orphan"; fi
if alive "$bystander"; then pass "down leaves other processes alone"; else fail "down killed an unrelated process"; fi
if [[ ! -e "$DATA" ]]; then pass "down removes the data dir"; else fail "down left $DATA"; fi

if ((failures)); then
  echo "$failures failed"
  exit 1
fi
echo "all passed"
