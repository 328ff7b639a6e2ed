#!/usr/bin/env bash
# make distributed-test: TLC's distributed mode on the loopback, checked against the
# single-process run (docs/distributed.md).
#
#   spec/tlc-distributed-test.sh [CFG]        (default spec/WakeAfterUnlock.cfg)
#
# 1. Bad host lists (malformed, unresolvable) stop spec/tlc-check.sh --distributed with one line
#    and exit 2, before any TLC starts and before any row is written.
# 2. CFG single-process (spec/tlc-check.sh: tlc2.TLC in a TlcBatch JVM), then with --distributed localhost,localhost:
#    TLCServer here and two TLCWorker JVMs (TLC_WORKER_THREADS, default 1 thread each). Both runs
#    must give the same verdict and the same distinct-state count on every row, all rows ok; the
#    server must have registered two workers and each must have been sent states.
# 3. A distributed run stopped by SIGTERM leaves no server or worker process behind, and no
#    process of a finished run is left either.
# Logs and a summary go to target/distributed-test/ (not target/check/tlc: `make report` reads
# that). Exits 1 with a line saying what differs.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cfg=${1:-spec/WakeAfterUnlock.cfg}
name=$(basename "$cfg" .cfg)
# shellcheck source=tools/lib.sh
. "$root/tools/lib.sh"
module=$(designs_header module "$cfg" 2>/dev/null || true)
out=target/distributed-test
check=spec/tlc-check.sh
dist=spec/tlc-distributed.sh
tag="kvmlocking.test=$$-$RANDOM"
export TLC_WORKER_THREADS=${TLC_WORKER_THREADS:-1}
export TLC_JAVA_OPTS="${TLC_JAVA_OPTS:+$TLC_JAVA_OPTS }-D$tag"

say() { printf 'distributed-test: %s\n' "$*" | tee -a "$out/summary.txt" >&2; }
fail() { say "FAIL: $*"; exit 1; }
now() { date +%s.%N; }
since() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", e - s }'; }
# leftover: the pids of processes whose command line has the tag (only JVMs this test started).
leftover() {
  local f a
  for f in /proc/[0-9]*/cmdline; do
    a=$(tr '\0' ' ' <"$f" 2>/dev/null) || continue
    [[ "$a" == *"$tag"* ]] && echo "${f//[^0-9]/}"
  done
  return 0
}

[ -f "$cfg" ] || { echo "distributed-test: no such configuration: $cfg" >&2; exit 2; }
rm -rf "$out"; mkdir -p "$out"
t0=$(now)
say "$(date -u '+%Y-%m-%d %H:%M:%S UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# 1. Bad input.
for bad in "localhost,,localhost" "local host" "nonexistent.invalid"; do
  rc=0
  msg=$("$check" --distributed "$bad" --out "$out/bad.tsv" --logdir "$out/bad" "$cfg" 2>&1) || rc=$?
  [ "$rc" = 2 ] || fail "--distributed '$bad': exit $rc, want 2 ($msg)"
  [ "$(printf '%s\n' "$msg" | wc -l)" = 1 ] || fail "--distributed '$bad': more than one line: $msg"
  [ ! -e "$out/bad.tsv" ] || fail "--distributed '$bad': a row was written"
  [ -z "$(ls "$out/bad" 2>/dev/null)" ] || fail "--distributed '$bad': TLC ran"
  say "bad HOSTS '$bad': exit 2, one line: $msg"
done

# 2. Single-process, then distributed.
row() { # row TSV -> "got states status" of every row (not results.tsv's header line), one line each
  grep -v '^design	property	' "$1" | cut -f5,6,9
}
t=$(now)
"$check" --out "$out/single.tsv" --logdir "$out/single" "$cfg" || fail "single-process run failed (rows: $out/single.tsv)"
single_s=$(since "$t")
t=$(now)
"$check" --distributed localhost,localhost --out "$out/distributed.tsv" --logdir "$out/distributed" "$cfg" \
  || fail "distributed run failed (rows: $out/distributed.tsv, log: $out/distributed/$name.out)"
dist_s=$(since "$t")
log="$out/distributed/$name.out"
# TLCServer's output is read by the checks module (TlcOutput.serverWorkers): "JVM SENT" a line.
checks_main server-workers "$log" >"$out/workers.txt" || fail "$log: not TLCServer's output (did $cfg run single-process?)"
# A worker JVM registers once per thread, as rmi://host:port/thread; the port tells the JVMs apart.
jvms() { checks_main server-workers "$1" 2>/dev/null | cut -d' ' -f1 || true; }
[ "$(jvms "$log" | wc -l)" = 2 ] || fail "$log: want 2 worker JVMs registered, got: $(jvms "$log" | tr '\n' ' ')"
sent=""
while read -r j n; do
  [ "$n" -gt 0 ] || fail "$log: worker $j was sent no state"
  sent+="$n "
done <"$out/workers.txt"
{ [ -s "$out/single.tsv" ] && [ -s "$out/distributed.tsv" ]; } || fail "no rows"
if ! diff <(row "$out/single.tsv") <(row "$out/distributed.tsv") >"$out/diff.txt"; then
  fail "verdict or distinct-state count differ (got states status, single < > distributed): $(tr '\n' ' ' <"$out/diff.txt")"
fi
read -r got states _ < <(row "$out/single.tsv" | head -n 1)
sdepth=$(cut -f7 "$out/single.tsv" | sed -n 2p); ddepth=$(cut -f7 "$out/distributed.tsv" | sed -n 2p)
say "$name single-process (TLC in one JVM, -workers auto): $got, $states distinct states, depth $sdepth, ${single_s} s"
say "$name distributed (TLCServer + 2 TLCWorkers on localhost, $TLC_WORKER_THREADS thread(s) each): $got, $states distinct states, depth $ddepth, ${dist_s} s; states sent to the workers: $sent"
sleep 1
[ -z "$(leftover)" ] || fail "processes left after the distributed run: $(leftover | tr '\n' ' ')"

# 3. SIGTERM in the middle of a run.
mkdir -p "$out/interrupted"
"$dist" run localhost,localhost spec "$module" "$cfg" "$out/interrupted/$name.out" &
runner=$!
for _ in $(seq 1 240); do
  [ "$(jvms "$out/interrupted/$name.out" | wc -l)" = 2 ] && break
  kill -0 "$runner" 2>/dev/null || break
  sleep 0.5
done
[ "$(jvms "$out/interrupted/$name.out" | wc -l)" = 2 ] \
  || { kill "$runner" 2>/dev/null || true; fail "interrupted run: the workers never registered ($out/interrupted/)"; }
kill -TERM "$runner"
rc=0; wait "$runner" || rc=$?
sleep 1
[ -z "$(leftover)" ] || fail "processes left after SIGTERM: $(leftover | tr '\n' ' ')"
say "SIGTERM during a distributed run (exit $rc): server and both workers stopped, nothing left"
say "passed in $(since "$t0") s (logs: $out/)"
