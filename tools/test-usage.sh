#!/usr/bin/env bash
# make usage-test (part of make test): bad input is one line on stderr and exit 2, before
# anything is deleted, built or started (issue 24: `make tlc TLC_WORKERS=abc` started 36 JVMs,
# printed 151 lines and overwrote target/check).
#
# Each case runs with `java` and `mvn` on PATH replaced by stubs that record any call: a case
# passes when it exits 2, prints exactly one line on stderr and none on stdout, called neither,
# and left target/check as it was. (make bench/mutation check their variables with their own
# tools, which run java or bash on purpose: those cases check exit, line and target/check only.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=$(mktemp -d "${TMPDIR:-/tmp}/usage-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
for stub in java mvn; do
  printf '#!/bin/sh\necho "%s $*" >>"%s/calls"\nexit 1\n' "$stub" "$work" >"$work/bin/$stub"
  chmod +x "$work/bin/$stub"
done
snapshot() { if [ -d target/check ]; then find target/check -printf '%p %s %T@\n' | sort | md5sum; else echo none; fi; }

passed=0 failed=0
# case_ NAME STUBS(yes|no) COMMAND...: COMMAND must fail in one line with exit 2.
case_() {
  local name=$1 stubs=$2; shift 2
  local before after rc=0 path=$PATH why=""
  [ "$stubs" = no ] || path="$work/bin:$PATH"
  rm -f "$work/calls"
  before=$(snapshot)
  PATH=$path "$@" >"$work/out" 2>"$work/err" </dev/null || rc=$?
  after=$(snapshot)
  [ "$rc" = 2 ] || why+="exit $rc, want 2; "
  [ "$(wc -l <"$work/err")" = 1 ] || why+="$(wc -l <"$work/err") lines on stderr, want 1; "
  [ ! -s "$work/out" ] || why+="stdout not empty ($(head -c 100 "$work/out")); "
  [ ! -s "$work/calls" ] || why+="started: $(head -n 3 "$work/calls" | tr '\n' ';'); "
  [ "$before" = "$after" ] || why+="target/check changed; "
  if [ -z "$why" ]; then
    passed=$((passed + 1)); printf 'usage-test: ok    %-44s %s\n' "$name" "$(cat "$work/err")"
  else
    failed=$((failed + 1)); printf 'usage-test: FAIL  %-44s %s(stderr: %s)\n' "$name" "$why" "$(head -n 3 "$work/err" | tr '\n' ' ')"
  fi
}

# Every numeric (or fixed-form) make variable (tools/vars.sh's table), on the command line.
for v in $(awk -F'\t' '/^[A-Z_]+\t/ { print $1 }' <(sed -n '/^vars_table/,/^TABLE$/p' tools/vars.sh)); do
  case_ "make tlc $v=abc" yes make --no-print-directory tlc "$v=abc"
done
case_ "make tlc TLC_WORKERS=0" yes make --no-print-directory tlc TLC_WORKERS=0
case_ "make check CHECK_JOBS=65" yes make --no-print-directory check CHECK_JOBS=65
case_ "make check CHECK_JOBS='1 2'" yes make --no-print-directory check "CHECK_JOBS=1 2"
case_ "TLC_WORKERS=abc make tlc (environment)" yes env TLC_WORKERS=abc make --no-print-directory tlc
case_ "make check DESIGN=nope" yes make --no-print-directory check DESIGN=nope
case_ "make bench BENCH_RATES=abc" no make --no-print-directory bench BENCH_RATES=abc
case_ "make mutation MUTATION_THREADS=abc" no make --no-print-directory mutation MUTATION_THREADS=abc

# The check scripts' own usage.
case_ "spec/tlc-check.sh (no CFG)" yes spec/tlc-check.sh
case_ "spec/tlc-check.sh --bogus" yes spec/tlc-check.sh --bogus spec/IfNotWhile.cfg
case_ "spec/tlc-check.sh no-such.cfg" yes spec/tlc-check.sh no-such.cfg
case_ "spec/tlc-check.sh --design nope" yes spec/tlc-check.sh --design nope spec/IfNotWhile.cfg
case_ "TLC_WORKERS=abc spec/tlc-check.sh" yes env TLC_WORKERS=abc spec/tlc-check.sh spec/IfNotWhile.cfg
case_ "TLC_COVERAGE=2 spec/tlc-check.sh" yes env TLC_COVERAGE=2 spec/tlc-check.sh spec/IfNotWhile.cfg
case_ "tools/check-run.sh --jobs 0" yes tools/check-run.sh --jobs 0 spec/IfNotWhile.cfg
case_ "CHECK_JOBS=x tools/check-run.sh" yes env CHECK_JOBS=x tools/check-run.sh spec/IfNotWhile.cfg
case_ "CHECK_CALIBRATION=2 tools/check-run.sh" yes env CHECK_CALIBRATION=2 tools/check-run.sh spec/IfNotWhile.cfg
case_ "make check CHECK_CALIBRATION=yes" yes make --no-print-directory check CHECK_CALIBRATION=yes
case_ "jpf/check.sh --build=yes" yes jpf/check.sh --build=yes
case_ "JPF_TIMEOUT=-1 jpf/check.sh" yes env JPF_TIMEOUT=-1 jpf/check.sh
case_ "JPF_SERIALIZER=slow jpf/check.sh" yes env JPF_SERIALIZER=slow jpf/check.sh
case_ "lincheck/check.sh --profile huge" yes lincheck/check.sh --profile huge
case_ "lincheck/check.sh --part nope" yes lincheck/check.sh --part nope
case_ "tools/calibrate.sh --bogus" yes tools/calibrate.sh --bogus
case_ "tools/calibrate.sh extra" yes tools/calibrate.sh extra
case_ "trace/check.sh --runs 0" yes trace/check.sh --runs 0
case_ "tools/table.sh a b" yes tools/table.sh a b
case_ "tools/pairing.sh a b" yes tools/pairing.sh a b
case_ "spec/tlc-distributed.sh hosts 'a,,b'" yes spec/tlc-distributed.sh hosts 'a,,b'

echo "usage-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
