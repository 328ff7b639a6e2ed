#!/usr/bin/env bash
# Runs Java PathFinder on every application configuration in jpf/config/*.jpf (the plain-Java
# driver org.kvmlocking.jpf.Driver over impl/, one design and scenario each) and compares JPF's
# verdict with the expectation in the .jpf's header:
#
#   # design:   adopted
#   # property: Coherence
#   # expect:   holds | deadlock | race | violates:Name
#
# Usage: jpf/check.sh [--design NAME] [--out FILE] [--build] [RUN...]
# RUN: the name of a jpf/config/RUN.jpf (default: every one). --build: only build what JPF runs
# (impl, the driver, the HvaRange model class) and exit: tools/check-run.sh calls it once before
# it runs JPF configurations in parallel, so that no two runs compile the same class.
# (options and row format shared with the other check scripts: tools/lib.sh)
# Appends one TSV row per configuration to FILE (default target/check/results.tsv):
#   design property checker expected got states depth seconds status run
# JPF exits 0 whatever it finds, so the verdict comes from its "results" section:
#   no errors detected -> holds; NotDeadlockedProperty -> deadlock; PreciseRaceDetector -> race;
#   NoUncaughtExceptionsProperty with an InvariantViolation/AssertionError whose message starts
#   with "Name:" -> violates:Name (other exceptions: exception:Class).
# A "holds" counts only if the search completed (JPF printed "search finished", its statistics
# say constraints=0 and end>0, no search constraint was reported); otherwise got is
# "incomplete (...)" and a row expecting holds fails. The states column carries JPF's statistics:
#   NEW (end=N, constraints=C)    new states, end states, search constraints hit
# (the run column stays the run's name: the report finds target/check/jpf/<run>.out by it).
# JPF is found through JPF_HOME, else JPF_FALLBACK (default: ../shared/jpf-core next to the repo
# root), else the build `make setup` makes in ~/.cache/kvm-locking/jpf-core (jpf/find.sh).
# Without any, every row says "not run" and the script exits 0.
# Exits 1 if any row is FAIL, 2 on bad usage. JPF's whole output is kept in target/check/jpf/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=tools/lib.sh
. "$root/tools/lib.sh"
# shellcheck source=jpf/find.sh
. "$root/jpf/find.sh"
vars_check JPF_TIMEOUT || exit 2
timeout_s="${JPF_TIMEOUT:-600}"

lib_init jpf/check.sh
lib_flag build
lib_positional "RUN..."
lib_parse "$@"
lib_design java
lib_out
design=$opt_design

checks_ready || exit 2


# Every .jpf names a design of designs.tsv that has Java (tools/designs.sh check-headers).
designs_check_headers jpf || exit 2
configs=()
if [ ${#LIB_ARGS[@]} -gt 0 ]; then
  for r in "${LIB_ARGS[@]}"; do
    [ -f "$here/config/$r.jpf" ] || die "no such JPF configuration: jpf/config/$r.jpf"
  done
fi
for f in "$here"/config/*.jpf; do
  d=$(designs_header design "$f")
  if [ ${#LIB_ARGS[@]} -gt 0 ] && [[ " ${LIB_ARGS[*]} " != *" $(basename "$f" .jpf) "* ]]; then continue; fi
  if [ -z "$design" ] || [ "$d" = "$design" ]; then configs+=("$f"); fi
done

# ---------------------------------------------------------------- find JPF
if ! jpf_find; then
  [ -z "$jpf_problem" ] || die "$jpf_problem"
  [ -z "$opt_build" ] || exit 0
  reason="not run: JPF_HOME unset, no ../shared/jpf-core, none built by make setup (see README: Java PathFinder)"
  for f in "${configs[@]}"; do
    lib_row "$(designs_header design "$f")" "$(designs_header property "$f")" JPF "$(designs_header expect "$f")" "not run" - - - \
      "$reason" "$(basename "$f" .jpf)"
  done
  say "$reason: ${#configs[@]} rows written as not run"
  exit 0
fi

# ---------------------------------------------------------------- build what JPF runs
if [ ! -d "$root/impl/target/classes/org" ] || [ ! -f "$root/jpf/target/classes/org/kvmlocking/jpf/Driver.class" ]; then
  (cd "$root" && mvn -B -q -pl impl,jpf -DskipTests package) || die "build failed (mvn -pl impl,jpf package)"
fi
# The HvaRange model class (see src/model/java): compiled here, with its API checked against impl's.
model_src="$here/src/model/java/org/kvmlocking/kvm/HvaRange.java"
model_out="$here/target/jpf-model"
if [ ! -f "$model_out/org/kvmlocking/kvm/HvaRange.class" ] || [ "$model_src" -nt "$model_out/org/kvmlocking/kvm/HvaRange.class" ]; then
  mkdir -p "$model_out"
  javac --release 17 -d "$model_out" "$model_src" || die "cannot compile the JPF model class $model_src"
fi
api() { javap -public -cp "$1" org.kvmlocking.kvm.HvaRange | grep '(' | sed 's/^ *//' | sort; }
# The comparison once per build of either class (a stamp newer than both), not in every job:
# two javap JVMs, 0.5 CPU-s, in each of make check's ~50 JPF jobs (issue 29).
stamp="$model_out/.api-matches-impl"
impl_class="$root/impl/target/classes/org/kvmlocking/kvm/HvaRange.class"
if [ ! -f "$stamp" ] || [ "$impl_class" -nt "$stamp" ] || [ "$model_out/org/kvmlocking/kvm/HvaRange.class" -nt "$stamp" ]; then
  if ! diff <(api "$root/impl/target/classes") <(api "$model_out") > /dev/null; then
    diff <(api "$root/impl/target/classes") <(api "$model_out") >&2 || true
    rm -f "$stamp"
    die "the JPF model of HvaRange ($model_src) no longer matches impl's HvaRange API: update it"
  fi
  touch "$stamp"
fi

[ -z "$opt_build" ] || exit 0
logdir="$root/target/check/jpf"
mkdir -p "$logdir"

verdict() { # verdict LOG -> expected-style verdict
  local log="$1" res
  res=$(awk '/^=+ results/ { getline; print; exit }' "$log")
  case "$res" in
    "no errors detected") echo holds ;;
    *NotDeadlockedProperty*) echo deadlock ;;
    *PreciseRaceDetector*) echo race ;;
    *NoUncaughtExceptionsProperty*)
      # The exception line follows the property name in the "error 1" section.
      awk '/^=+ error 1/ { getline; getline; print; exit }' "$log" | awk '{
        cls = $1; sub(/:$/, "", cls); n = split(cls, p, "."); name = $2; sub(/:$/, "", name)
        if ((p[n] == "InvariantViolation" || p[n] == "AssertionError") && name ~ /^[A-Za-z]+$/ && $2 ~ /:$/)
          print "violates:" name
        else print "exception:" p[n] }' ;;
    "") echo "no result" ;;
    *) echo "error:$(echo "$res" | sed 's/^error #1: //; s/ .*//')" ;;
  esac
}

status=0
for f in "${configs[@]}"; do
  run=$(basename "$f" .jpf)
  d=$(designs_header design "$f"); prop=$(designs_header property "$f"); exp=$(designs_header expect "$f")
  log="$logdir/$run.out"
  # The driver gets the design's Java class, resolved here from designs.tsv: reading the file
  # under JPF would put its URL and stream classes into every state (2x the time).
  args=$(sed -n 's/^target\.args[[:space:]]*=[[:space:]]*//p' "$f" | head -n 1)
  [ "${args%%,*}" = "$d" ] || die "$run.jpf: target.args must start with its design '$d', got '$args'"
  cls=$(designs_class "$d") || die "$run.jpf: design '$d' has no Java class in designs.tsv"
  # A run expected to find a bug records its error path in spec actions: the driver's fifth
  # argument prints each step as "thread Action", JPF keeps each path's output (path_output) and
  # prints the error path's (the "output #1" section) instead of every path's (tree_output); the
  # report draws it as a swimlane beside TLC's counterexample. Runs expected to hold print nothing
  # (the printing would cost time on every path of a complete search).
  targs="$cls,${args#*,}"
  extra=()
  if [ "$exp" != holds ]; then
    IFS=, read -r -a a <<<"$targs"
    [ ${#a[@]} -ge 4 ] || targs="$targs,all"
    [ ${#a[@]} -ge 5 ] || targs="$targs,trace"
    extra=(+vm.tree_output=false +vm.path_output=true "+report.console.property_violation=error,output,snapshot")
  fi
  start=$(lib_now)
  set +e
  # SerialGC: JPF is single-threaded; G1's concurrent threads cost CPU the other job of make
  # check's two would use (adopted_wakeup 13.1 -> 9.7 CPU-s, adopted_two_overlap 32.5 -> 29.5).
  # A short run (CHECK_SHORT_JOB=1, tools/check-run.sh): no C2 compiler either, whose threads
  # cost a short run more CPU than they save (late_count_fault 4.3 -> 2.3 CPU-s, same wall time).
  jvm=(-XX:+UseSerialGC)
  [ "${CHECK_SHORT_JOB:-0}" != 1 ] || jvm+=(-XX:TieredStopAtLevel=1)
  (cd "$logdir" && timeout "$timeout_s" java -Xmx1g "${jvm[@]}" -jar "$jpf_home/build/RunJPF.jar" "+target.args=$targs" "${extra[@]}" "$f") > "$log" 2>&1
  rc=$?
  set -e
  secs=$(lib_seconds "$start" 1)
  got=$(verdict "$log")
  [ $rc -eq 124 ] && got="timeout (${timeout_s}s)"
  states=$(sed -n 's/^states:.*new=\([0-9]*\).*/\1/p' "$log" | head -n 1)
  depth=$(sed -n 's/^search:.*maxDepth=\([0-9]*\).*/\1/p' "$log" | head -n 1)
  ends=$(sed -n 's/^states:.*end=\([0-9]*\).*/\1/p' "$log" | head -n 1)
  constraints=$(sed -n 's/^search:.*constraints=\([0-9]*\).*/\1/p' "$log" | head -n 1)
  if [ "$got" = "$exp" ]; then st=ok; else st=FAIL; status=1; fi
  # A "holds" is only a verdict if the search completed: JPF says "search finished", hit no
  # search constraint (depth, memory or other limit: constraints=0, no "search constraint" in
  # the output), and reached end states (a path that silently stops, e.g. at a record's
  # equals, counts none).
  if [ "$got" = holds ]; then
    incomplete=""
    grep -q '^=* search finished' "$log" || incomplete="search did not finish"
    [ "${constraints:-x}" = 0 ] || incomplete="${incomplete:+$incomplete; }search constraints=${constraints:-?}"
    grep -qi 'search constraint' "$log" && incomplete="${incomplete:+$incomplete; }search constraint hit"
    [ "${ends:-0}" -gt 0 ] 2>/dev/null || incomplete="${incomplete:+$incomplete; }end=${ends:-?}: no end state reached"
    if [ -n "$incomplete" ]; then got="incomplete ($incomplete)"; [ "$exp" = holds ] && { st=FAIL; status=1; }; fi
  fi
  lib_row "$d" "$prop" JPF "$exp" "$got" "${states:--} (end=${ends:--}, constraints=${constraints:--})" "${depth:--}" "$secs" "$st" "$run"
  say "$run: $got (expected $exp) ${states:--} states, end=${ends:--}, constraints=${constraints:--}, ${secs}s: $st"
done
exit $status
