#!/usr/bin/env bash
# Runs Java PathFinder on every application configuration in jpf/config/*.jpf (the plain-Java
# driver org.kvmlocking.jpf.Driver over impl/, one design and scenario each) and compares JPF's
# verdict with the expectation in the .jpf's header:
#
#   # design:   adopted
#   # property: Coherence
#   # expect:   holds | deadlock | race | violates:Name
#
# Usage: jpf/check.sh [--design NAME] [--out FILE] [--part PART] [--parts] [--large] [--build] [RUN...]
# RUN: the name of a jpf/config/RUN.jpf (default: every one). --build: only build what JPF runs
# (impl, the driver, the HvaRange model class, the batch runner) and exit: tools/check-run.sh
# calls it once before it runs JPF jobs in parallel, so that no two jobs compile the same class.
# --parts: the part names of jpf/parts.tsv, one a line (tools/check-run.sh's JPF jobs), nothing
# else; --part PART: only the configurations of that part (rest: those no other part selects).
# --large: the configurations of jpf/config/large/ instead (make check-large; the argument for
# each, the run make check keeps in its place: docs/jpf-bounds.md).
# (options and row format shared with the other check scripts: tools/lib.sh)
# Appends one TSV row per configuration to FILE (default target/check/results.tsv):
#   design property checker expected got states depth seconds status run
# All the selected configurations run one after the other in one JVM (JpfBatch, src/batch: a
# new gov.nasa.jpf.JPF per configuration, as jpf-core's TestJPF does): one JVM start and a warm
# JIT instead of one JVM per configuration (issue 29, measured in docs/jpf-bounds.md). The
# seconds column is each configuration's own wall time inside that JVM.
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
vars_check JPF_TIMEOUT JPF_SERIALIZER || exit 2
timeout_s="${JPF_TIMEOUT:-600}"

lib_init jpf/check.sh
lib_option part PART
lib_flag parts
lib_flag large
lib_flag build
lib_positional "RUN..."
opt_part=""
lib_parse "$@"

# The parts (tools/check-run.sh runs each as one job, jobs side by side): jpf/parts.tsv, a part
# name and an extended regular expression over run names each; rest is every run none selects.
partsfile="$here/parts.tsv"
parts=$(awk -F'\t' '!/^#/ && NF >= 2 { print $1 }' "$partsfile"; echo rest)
if [ -n "$opt_parts" ]; then printf '%s\n' "$parts"; exit 0; fi
if [ -n "$opt_part" ]; then
  grep -qx -- "$opt_part" <<<"$parts" || die "unknown --part '$opt_part' (jpf/parts.tsv: $(tr '\n' ' ' <<<"$parts"))"
fi
# in_part RUN: is RUN in --part's selection (always, without --part)?
in_part() {
  [ -n "$opt_part" ] || return 0
  awk -F'\t' -v p="$opt_part" -v r="$1" '!/^#/ && NF >= 2 { if (r ~ ("^(" $2 ")$")) { hit = $1; exit } }
    END { exit !((p == "rest" && hit == "") || (hit == p)) }' "$partsfile"
}
lib_design java
lib_out
design=$opt_design
confdir="$here/config"
[ -z "$opt_large" ] || confdir="$here/config/large"

checks_ready || exit 2


# Every .jpf names a design of designs.tsv that has Java (tools/designs.sh check-headers).
designs_check_headers jpf || exit 2
configs=()
if [ ${#LIB_ARGS[@]} -gt 0 ]; then
  for r in "${LIB_ARGS[@]}"; do
    [ -f "$confdir/$r.jpf" ] || die "no such JPF configuration: ${confdir#"$root"/}/$r.jpf"
  done
fi
for f in "$confdir"/*.jpf; do
  [ -f "$f" ] || continue
  d=$(designs_header design "$f")
  if [ ${#LIB_ARGS[@]} -gt 0 ] && [[ " ${LIB_ARGS[*]} " != *" $(basename "$f" .jpf) "* ]]; then continue; fi
  in_part "$(basename "$f" .jpf)" || continue
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
# The batch runner and its state-matching classes (src/batch), compiled against this JPF's jpf.jar.
batch_dir="$here/src/batch/java/org/kvmlocking/jpf/batch"
batch_out="$here/target/jpf-batch"
batch_stamp="$batch_out/.compiled"
if [ ! -f "$batch_stamp" ] || [ -n "$(find "$batch_dir" -name '*.java' -newer "$batch_stamp")" ]; then
  rm -rf "$batch_out"; mkdir -p "$batch_out"
  javac --release 17 -cp "$jpf_home/build/jpf.jar" -d "$batch_out" "$batch_dir"/*.java || die "cannot compile the JPF batch runner in $batch_dir"
  touch "$batch_stamp"
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

[ ${#configs[@]} -gt 0 ] || { say "no JPF configuration selected"; exit 0; }
# One line per configuration for JpfBatch: output file, timeout, JPF's arguments, the .jpf.
runs="$logdir/.runs.$$"; secsf="$logdir/.secs.$$"
trap 'rm -f "$runs" "$secsf"' EXIT
: >"$runs"
for f in "${configs[@]}"; do
  run=$(basename "$f" .jpf)
  d=$(designs_header design "$f"); exp=$(designs_header expect "$f")
  log="$logdir/$run.out"
  rm -f "$log"
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
  # vm.gc=false: no JPF heap collection after every transition. State matching hashes only the
  # objects reachable from the roots (JPF's serializer), so the garbage left in the heap changes
  # no state: new/visited/backtracked/end were identical in all configurations with and without
  # it (docs/jpf-bounds.md), and the runs take about 40% less time.
  extra=(+vm.gc=false)
  # State matching (JPF_SERIALIZER, default fast; stock: jpf-core's own, to compare): jpf-core's
  # CFSerializer with its field masks looked up by identity (MaskCachingSerializer: every run's
  # counts the same), and in the complete searches (expect holds) java.lang.Enum.name left out
  # of the hash (IgnoreEnumNames: every holds run's counts the same). Not in the runs that look
  # for a bug: with it, 5 of the gpc driver's trace-printing runs reached their violation after
  # a few states more or fewer (13,548 -> 13,555; 28,624 -> 28,076), which is not understood.
  # Measured (docs/check-times.md, 2026-12-06): the 56 runs' JPF seconds 173.8 -> 141.8, same rows.
  # JPF_SERIALIZER=mutant: a state matching that does merge states (IgnoreEnumConstantFields),
  # jpf/serializer-test.sh's proof that its comparison of fast with stock can fail.
  case "${JPF_SERIALIZER:-fast}" in
    fast)
      extra+=(+vm.serializer.class=org.kvmlocking.jpf.batch.MaskCachingSerializer)
      [ "$exp" != holds ] || extra+=(+filter.instance_ammendments=org.kvmlocking.jpf.batch.IgnoreEnumNames) ;;
    mutant)
      extra+=(+vm.serializer.class=org.kvmlocking.jpf.batch.MaskCachingSerializer
        +filter.static_ammendments=org.kvmlocking.jpf.batch.IgnoreEnumConstantFields) ;;
  esac
  if [ "$exp" != holds ]; then
    IFS=, read -r -a a <<<"$targs"
    [ ${#a[@]} -ge 4 ] || targs="$targs,all"
    [ ${#a[@]} -ge 5 ] || targs="$targs,trace"
    extra+=(+vm.tree_output=false +vm.path_output=true "+report.console.property_violation=error,output,snapshot")
  fi
  line="$log"$'\t'"$timeout_s"$'\t'"+target.args=$targs"
  for e in "${extra[@]}"; do line+=$'\t'"$e"; done
  printf '%s\t%s\n' "$line" "$f" >>"$runs"
done

# SerialGC: JPF is single-threaded; G1's concurrent threads cost CPU the other job of make
# check's two would use (adopted_wakeup 13.1 -> 9.7 CPU-s, adopted_two_overlap 32.5 -> 29.5).
# A short job (CHECK_SHORT_JOB=1, tools/check-run.sh): no C2 compiler either, whose threads
# cost a short run more CPU than they save (late_count_fault 4.3 -> 2.3 CPU-s, same wall time).
# A batch of configurations keeps C2 (4 runs, 157k states: 49.6 CPU-s with C2, 65.8 with C1).
jvm=(-XX:+UseSerialGC)
[ "${CHECK_SHORT_JOB:-0}" != 1 ] || jvm+=(-XX:TieredStopAtLevel=1)
set +e
(cd "$logdir" && timeout $((timeout_s * ${#configs[@]} + 60)) java -Xmx1g "${jvm[@]}" \
  -cp "$jpf_home/build/jpf.jar:$batch_out" org.kvmlocking.jpf.batch.JpfBatch "$runs") >"$secsf"
batch_rc=$?
set -e
[ $batch_rc -eq 0 ] || say "the JPF batch JVM exited with $batch_rc (runs without a result: got 'no result')"

status=0
for f in "${configs[@]}"; do
  run=$(basename "$f" .jpf)
  d=$(designs_header design "$f"); prop=$(designs_header property "$f"); exp=$(designs_header expect "$f")
  log="$logdir/$run.out"
  secs=$(awk -F'\t' -v l="$log" '$1 == l { print $2; exit }' "$secsf")
  how=$(awk -F'\t' -v l="$log" '$1 == l { print $3; exit }' "$secsf")
  if [ -f "$log" ]; then got=$(verdict "$log"); else got="no result"; fi
  [ "$how" = timeout ] && got="timeout (${timeout_s}s)"
  [ -n "$how" ] || got="no result (the batch JVM ended first)"
  states=$(sed -n 's/^states:.*new=\([0-9]*\).*/\1/p' "$log" 2>/dev/null | head -n 1)
  depth=$(sed -n 's/^search:.*maxDepth=\([0-9]*\).*/\1/p' "$log" 2>/dev/null | head -n 1)
  ends=$(sed -n 's/^states:.*end=\([0-9]*\).*/\1/p' "$log" 2>/dev/null | head -n 1)
  constraints=$(sed -n 's/^search:.*constraints=\([0-9]*\).*/\1/p' "$log" 2>/dev/null | head -n 1)
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
  lib_row "$d" "$prop" JPF "$exp" "$got" "${states:--} (end=${ends:--}, constraints=${constraints:--})" "${depth:--}" "${secs:--}" "$st" "$run"
  say "$run: $got (expected $exp) ${states:--} states, end=${ends:--}, constraints=${constraints:--}, ${secs:--}s: $st"
done
exit $status
