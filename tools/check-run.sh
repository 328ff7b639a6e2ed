#!/usr/bin/env bash
# Runs make check's jobs on every core: each part of the TLC configurations (one TLC JVM, about
# TLC_PART_SECONDS of models), each part of the JPF configurations (jpf/parts.tsv), each
# part of the Lincheck suite (lincheck/parts.tsv) and trace validation is one job; N of them run at once (default: the number of
# cores), longest first (tools/check-costs.tsv: seconds measured per job), each with one TLC
# worker. Each job writes its rows to its own file; at the end they are appended to --out in a
# fixed order (TLC configurations as given, then JPF, Lincheck, trace), whatever order they
# finished in, so the table and the report do not depend on the schedule.
#
# Usage: tools/check-run.sh [--design NAME] [--out FILE] [--jobs N] [--checkers LIST] CFG...
#   --jobs N         jobs at once, 1..64 (default: CHECK_JOBS, else the number of cores)
#   --checkers LIST  comma-separated subset of tlc,jpf,lincheck,trace (default: all four)
#   CFG...           the TLC configurations (make check: spec/*.cfg spec/bad/*.cfg)
# One line per finished job on stderr ("[k/n] job: ok|FAIL, seconds"); a failed job's own
# messages follow it. Job logs, row files and measured seconds: target/check/jobs/. The
# measured seconds of this run per job and per TLC configuration (costs-next.tsv there) are
# the costs file's format: copy it over tools/check-costs.tsv after the checks change. A whole run (no --design, every checker)
# first runs the calibration job (tools/calibrate.sh; CHECK_CALIBRATION=0: never, 1: in any
# run). Every run ends with the cost table, target/check/costs.tsv (tools/costs.sh), each job's
# seconds also as a multiple of the calibration's. Exits 1 if any job failed, 2 on bad usage.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tools/lib.sh
. "$root/tools/lib.sh"

lib_init tools/check-run.sh
lib_option jobs N
lib_option checkers LIST
opt_jobs=${CHECK_JOBS:-$(nproc 2>/dev/null || echo 2)}
opt_checkers=tlc,jpf,lincheck,trace
lib_positional "CFG..."
vars_check CHECK_JOBS CHECK_CALIBRATION TLC_WORKERS TLC_PART_SECONDS || exit 2
lib_parse "$@"
lib_int jobs 1 64
lib_design any
lib_out
checks_ready || exit 2
cfgs=("${LIB_ARGS[@]}")
checkers=" "
IFS=, read -r -a list <<<"$opt_checkers"
for c in "${list[@]}"; do
  case "$c" in tlc|jpf|lincheck|trace) checkers+="$c " ;;
    *) die "unknown checker '$c' in --checkers (known: tlc,jpf,lincheck,trace)" ;; esac
done
has() { [[ "$checkers" == *" $1 "* ]]; }
if has tlc && [ ${#cfgs[@]} -eq 0 ]; then die "no TLC configuration given ($(lib_usage))"; fi
java_designs=" $(designs_java) "
if [ -n "$opt_design" ] && [[ "$java_designs" != *" $opt_design "* ]]; then
  # A design with no Java implementation has only TLC rows.
  checkers=" $(has tlc && echo tlc) "
fi

jobsdir="$root/target/check/jobs"
rm -rf "$jobsdir"; mkdir -p "$jobsdir" || die "cannot create $jobsdir"
dopt=(); [ -z "$opt_design" ] || dopt=(--design "$opt_design")

# The jobs, in the order their rows go into --out: names[i] and cmds[i] (a command line).
names=(); cmds=()
add() { names+=("$1"); cmds+=("$2"); }
q() { printf '%q' "$1"; }
costs="$root/tools/check-costs.tsv"
# TLC: the configurations, in the order given, cut into parts of about TLC_PART_SECONDS (default
# 300) by their measured seconds (tools/check-costs.tsv, tlc/<cfg> lines; 1 for one not there);
# each part is one job, one TLC JVM running its models one after another (spec/tlc-check.sh,
# TlcBatch: 0.1-0.4 s for a small model in a warm JVM against 1.0-1.5 s in a fresh one). One
# part while they fit: each more JVM compiles TLC again (measured 2026-12-06, make check's 140
# configurations with make tlc: 6 parts 336 CPU-s, 3 parts 241, one JVM alone 189).
if has tlc; then
  for cfg in "${cfgs[@]}"; do [ -f "$cfg" ] || die "no such configuration: $cfg"; done
  declare -A tlc_cost tlc_cfgs
  # One awk: each configuration's seconds (at least 0.5), the part it falls in and that part's
  # seconds so far ("part<TAB>seconds<TAB>cfg"); a part closes once it reaches TLC_PART_SECONDS.
  while IFS=$'\t' read -r k secs cfg; do
    tlc_cfgs[$k]+=" $(q "$cfg")"; tlc_cost[$k]=$secs
  done < <(for cfg in "${cfgs[@]}"; do
      [ -z "$opt_design" ] || [ "$(designs_header design "$cfg")" = "$opt_design" ] && printf '%s\n' "$cfg"
    done | awk -F'\t' -v t="${TLC_PART_SECONDS:-300}" '
      FILENAME != "-" { s[$1] = $2; next }
      { n = $0; sub(/.*\//, "", n); sub(/\.cfg$/, "", n)
        c = (("tlc/" n) in s) ? s["tlc/" n] + 0 : 1; if (c < 0.5) c = 0.5
        if (k == 0 || sum >= t) { k++; sum = 0 }
        sum += c; print k "\t" sum "\t" $0 }' "$costs" -)
  for ((k = 1; k <= ${#tlc_cfgs[@]}; k++)); do
    add "tlc/part$k" "TLC_WORKERS=\${TLC_WORKERS:-1} $(q "$root/spec/tlc-check.sh")${tlc_cfgs[$k]}"
  done
fi
# JPF: one job per part of jpf/parts.tsv (all of a part's configurations in one JVM, a warm JIT:
# jpf/check.sh, docs/jpf-bounds.md); for one design a single job.
if has jpf; then
  if [ -z "$opt_design" ]; then
    while read -r p; do add "jpf/$p" "$(q "$root/jpf/check.sh") --part $(q "$p")"; done < <("$root/jpf/check.sh" --parts)
  else
    add jpf "$(q "$root/jpf/check.sh")"
  fi
fi
# Lincheck: one job per part of lincheck/parts.tsv (a whole run), each on one core beside the
# others; for one design a single job (its rows are few).
if has lincheck; then
  if [ -z "$opt_design" ]; then
    while read -r p; do add "lincheck/$p" "$(q "$root/lincheck/check.sh") --part $(q "$p")"; done < <("$root/lincheck/check.sh" --parts)
  else
    add lincheck "$(q "$root/lincheck/check.sh")"
  fi
fi
has trace && add trace "$(q "$root/trace/check.sh")"
n=${#names[@]}
[ "$n" -gt 0 ] || die "no job to run (design '${opt_design}' has no configuration here)"

# Build once what the JPF jobs and the Lincheck parts share, before they run side by side (the
# two builds at once: one Maven each).
bpids=()
if has jpf && [[ " ${names[*]} " == *" jpf"[/\ ]* ]]; then
  { "$root/jpf/check.sh" --build || { say "the JPF build failed (jpf/check.sh --build)"; exit 1; }; } & bpids+=($!)
fi
if [[ " ${names[*]} " == *" lincheck/"* ]]; then
  { "$root/lincheck/check.sh" --build || { say "the Lincheck build failed (lincheck/check.sh --build)"; exit 1; }; } & bpids+=($!)
fi
for p in ${bpids[@]+"${bpids[@]}"}; do wait "$p" || exit 1; done

# Longest first (LPT): the measured seconds of tools/check-costs.tsv, 30 for a job not in it
# (a TLC part: its configurations' seconds plus 2 for the JVM).
# Its third column, if any, is the number of cores the job keeps busy by itself: such a job
# starts first, alone (before the longest-first order); nothing runs beside it. (The Lincheck job
# had 2 until 2026-12-06: Lincheck 3.7's model checker runs one thread at a time and does not
# spin, measured: rwsem_unfair targeted 47 CPU-s in 44 s wall, and 41.3 s pinned to one core
# against 39.5 s on two; its parts now run one core each, beside the others.)
declare -A width cost
order=""
while IFS=$'\t' read -r c i w; do
  order+="$i "; width[$i]=$w; cost[$i]=${c%.*}
done < <(for i in "${!names[@]}"; do
  if [[ "${names[$i]}" == tlc/part* ]]; then
    printf '%s\t%s\t1\n' "$(awk -v s="${tlc_cost[${names[$i]#tlc/part}]}" 'BEGIN { printf "%.0f", s + 2 }')" "$i"
    continue
  fi
  awk -F'\t' -v j="${names[$i]}" -v i="$i" '$1 == j { print $2 "\t" i "\t" ($3 == "" ? 1 : $3); f = 1; exit }
    END { if (!f) print 30 "\t" i "\t" 1 }' "$costs" 2>/dev/null
done | sort -t$'\t' -k3,3nr -k1,1gr -k2,2n)

trap 'trap - INT TERM; kill 0 2>/dev/null; exit 130' INT TERM
start=$(lib_now)
# The calibration job (tools/calibrate.sh, issue 29) first, alone, in a whole run (no --design,
# every checker): a frozen TLC run whose seconds state this run's as a ratio (costs.tsv below),
# whatever the machine's speed of the day. Its row is not a check: it stays out of --out.
calib=""; failed=0
# CHECK_CALIBRATION=0: never; =1: in any run.
calibrate=${CHECK_CALIBRATION:-}
if [ -z "$calibrate" ]; then
  calibrate=0; [ -n "$opt_design" ] || [ "$opt_checkers" != tlc,jpf,lincheck,trace ] || calibrate=1
fi
if [ "$calibrate" = 1 ]; then
  if "$root/tools/calibrate.sh" --out "$jobsdir/calibration.tsv" >"$jobsdir/calibration.log" 2>&1; then
    calib=$(cut -f3 "$root/target/check/calibration/seconds.tsv")
    say "calibration: ok, $calib s (tools/calibrate.sh)"
  else
    say "calibration: FAIL; its messages ($jobsdir/calibration.log):"; tail -n 5 "$jobsdir/calibration.log" | sed 's/^/    /' >&2
    { echo "calibration: FAIL; the end of $jobsdir/calibration.log:"; tail -n 5 "$jobsdir/calibration.log" | sed 's/^/    /'; } >>"$jobsdir/failed.log"
    failed=1
  fi
fi
declare -A pid_of started
running=0; done_n=0; failed=${failed:-0}
finish() { # finish I: report job I, which has ended
  local i=$1 j=${names[$1]} rc secs
  rc=$(cat "$jobsdir/${j//\//_}.rc" 2>/dev/null || echo 1)
  secs=$(lib_seconds "${started[$i]}" 0)
  printf '%s\t%s\n' "$j" "$secs" >>"$jobsdir/jobs.tsv"
  done_n=$((done_n + 1))
  if [ "$rc" = 0 ]; then
    say "[$done_n/$n] $j: ok, ${secs} s"
  else
    failed=$((failed + 1))
    local log="$jobsdir/${j//\//_}.log" msgs
    msgs=$(grep -v '\.\.\.$' "$log" || true)
    say "[$done_n/$n] $j: FAIL (exit $rc), ${secs} s; its messages ($log):"
    [ -z "$msgs" ] || tail -n 20 <<<"$msgs" | sed 's/^/    /' >&2
    # again after the table (make check prints failed.log last): a CI log's tail shows why
    { echo "$j: FAIL (exit $rc); the end of $log:"
      [ -z "$msgs" ] || { grep -v '^[[:space:]]*at ' <<<"$msgs" || true; } | tail -n 12 | sed 's/^/    /'; } >>"$jobsdir/failed.log"
  fi
}
reap() { # wait for a job to end, then report every job that has
  local k
  wait -n 2>/dev/null || true
  for k in "${!pid_of[@]}"; do
    if ! kill -0 "${pid_of[$k]}" 2>/dev/null; then
      wait "${pid_of[$k]}" 2>/dev/null || true; unset "pid_of[$k]"; running=$((running - ${width[$k]})); finish "$k"
    fi
  done
}
for i in $order; do
  w=${width[$i]:-1}; [ "$w" -le "$opt_jobs" ] || w=$opt_jobs
  while [ "$running" -gt 0 ] && [ $((running + w)) -gt "$opt_jobs" ]; do reap; done
  j=${names[$i]}; f="$jobsdir/${j//\//_}"
  started[$i]=$(lib_now)
  # A short job (<= 10 s in the costs file) runs its JVM without the C2 compiler
  # (CHECK_SHORT_JOB=1: spec/tlc-check.sh, jpf/check.sh): C2's compile threads cost short runs
  # more CPU than they save (JPF late_count_fault 4.3 -> 2.3 CPU-s, TLC ElisionOnly_Balance 2.4
  # -> 1.0, same wall time), CPU the job beside it needs.
  # A TLC part never: its JVM runs many models (all of make check's in one JVM, measured
  # 2026-12-06: 150 s wall, 189 CPU-s with C2 and ParallelGC; 245 s, 244 CPU-s with C1 only
  # and SerialGC).
  short=0; [[ "${names[$i]}" == tlc/* ]] || [ "${cost[$i]}" -gt 10 ] || short=1
  ( export CHECK_SHORT_JOB=$short; rc=0
    eval "${cmds[$i]} --out $(q "$f.tsv") ${dopt[*]:+--design $(q "$opt_design")}" >"$f.log" 2>&1 || rc=$?
    echo "$rc" >"$f.rc" ) &
  pid_of[$i]=$!; running=$((running + w)); width[$i]=$w
done
while [ "$running" -gt 0 ]; do reap; done

# The rows, in job order, under one header line (the checks module: each job's file may have
# its own header, or none).
rowfiles=()
for j in "${names[@]}"; do rowfiles+=("$jobsdir/${j//\//_}.tsv"); done
checks_main merge --out "$opt_out" "${rowfiles[@]}" || { say "cannot merge the jobs' rows into $opt_out"; failed=$((failed + 1)); }
wall=$(lib_seconds "$start" 0)
# The next tools/check-costs.tsv: this run's jobs, but a TLC part's configurations each on its
# own line (tlc/<cfg>, its rows' seconds), since the parts are cut from those.
{ grep -v '^tlc/part' "$jobsdir/jobs.tsv" || true
  for f in "$jobsdir"/tlc_part*.tsv; do
    [ -f "$f" ] && awk -F'\t' '$1 != "design" && !seen[$10]++ { print "tlc/" $10 "\t" $8 }' "$f"
  done; } >"$jobsdir/costs-next.tsv"
say "$n jobs, $opt_jobs at a time: $wall s wall, $(awk -F'\t' '{ s += $2 } END { print s + 0 }' "$jobsdir/jobs.tsv") s of jobs; $failed failed"
# The cost table (job, checker, states, states per second, seconds, x calibration):
# target/check/costs.tsv, from this run's jobs (tools/costs.sh).
"$root/tools/costs.sh" "$jobsdir" "$wall" "$calib" >"$(dirname "$opt_out")/costs.tsv" \
  && say "cost table: $(dirname "$opt_out")/costs.tsv${calib:+; wall = $(awk -v w="$wall" -v c="$calib" 'BEGIN { printf "%.1f", w / c }') x calibration ($calib s)}" \
  || say "could not write the cost table (tools/costs.sh)"
[ "$failed" -eq 0 ]
