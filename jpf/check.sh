#!/usr/bin/env bash
# Runs Java PathFinder on every application configuration in jpf/config/*.jpf (the plain-Java
# driver org.kvmlocking.jpf.Driver over impl/, one design and scenario each) and compares JPF's
# verdict with the expectation in the .jpf's header:
#
#   # design:   adopted
#   # property: Coherence
#   # expect:   holds | deadlock | race | violates:Name
#
# Usage: jpf/check.sh [--design NAME] [--out FILE]
# Appends one TSV row per configuration to FILE (default target/check/results.tsv):
#   design property checker expected got states depth seconds status run-name
# JPF exits 0 whatever it finds, so the verdict comes from its "results" section:
#   no errors detected -> holds; NotDeadlockedProperty -> deadlock; PreciseRaceDetector -> race;
#   NoUncaughtExceptionsProperty with an InvariantViolation/AssertionError whose message starts
#   with "Name:" -> violates:Name (other exceptions: exception:Class).
# JPF is found through JPF_HOME, else JPF_FALLBACK (default: ../shared/jpf-core next to the repo
# root). Without either, every row says "not run" and the script exits 0.
# Exits 1 if any row is FAIL, 2 on bad usage. JPF's whole output is kept in target/check/jpf/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
out="$top/target/check/results.tsv"
design=""
timeout_s="${JPF_TIMEOUT:-600}"
designs="adopted elision_only no_wait_loop if_not_while lost_wakeup rwsem_fair rwsem_unfair"

die() { echo "jpf-check: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --design) [ $# -ge 2 ] || die "--design needs a name"; design="$2"; shift 2 ;;
    --out)    [ $# -ge 2 ] || die "--out needs a file"; out="$2"; shift 2 ;;
    *)        die "unknown option '$1' (known: --design NAME, --out FILE)" ;;
  esac
done
if [ -n "$design" ] && ! [[ " $designs " == *" $design "* ]]; then
  die "unknown design '$design' (known: $designs)"
fi

header() { # header FIELD FILE -> value of '# FIELD:' in the .jpf
  sed -n "s/^#[[:space:]]*$1:[[:space:]]*//p" "$2" | head -n 1
}

mkdir -p "$(dirname "$out")"
configs=()
for f in "$here"/config/*.jpf; do
  d=$(header design "$f")
  [[ " $designs " == *" $d "* ]] || die "$(basename "$f"): design '$d' is not one of: $designs"
  if [ -z "$design" ] || [ "$d" = "$design" ]; then configs+=("$f"); fi
done

# ---------------------------------------------------------------- find JPF
jpf_home=""
if [ -n "${JPF_HOME:-}" ]; then
  [ -f "$JPF_HOME/build/RunJPF.jar" ] || die "JPF_HOME=$JPF_HOME has no build/RunJPF.jar (build jpf-core, see jpf/README.md)"
  jpf_home="$JPF_HOME"
else
  fallback="${JPF_FALLBACK:-$top/../shared/jpf-core}"
  if [ -f "$fallback/build/RunJPF.jar" ]; then jpf_home=$(cd "$fallback" && pwd); fi
fi

if [ -z "$jpf_home" ]; then
  reason="not run: JPF_HOME unset and no ../shared/jpf-core (see README: Java PathFinder)"
  for f in "${configs[@]}"; do
    printf '%s\t%s\tJPF\t%s\tnot run\t-\t-\t-\t%s\t%s\n' "$(header design "$f")" "$(header property "$f")" \
      "$(header expect "$f")" "$reason" "$(basename "$f" .jpf)" >> "$out"
  done
  echo "jpf-check: $reason: ${#configs[@]} rows written as not run" >&2
  exit 0
fi

# ---------------------------------------------------------------- build what JPF runs
if [ ! -d "$top/impl/target/classes/org" ] || [ ! -f "$top/jpf/target/classes/org/kvmlocking/jpf/Driver.class" ]; then
  (cd "$top" && mvn -B -q -pl impl,jpf -DskipTests package) || die "build failed (mvn -pl impl,jpf package)"
fi
# The HvaRange model class (see src/model/java): compiled here, with its API checked against impl's.
model_src="$here/src/model/java/org/kvmlocking/kvm/HvaRange.java"
model_out="$here/target/jpf-model"
if [ ! -f "$model_out/org/kvmlocking/kvm/HvaRange.class" ] || [ "$model_src" -nt "$model_out/org/kvmlocking/kvm/HvaRange.class" ]; then
  mkdir -p "$model_out"
  javac --release 17 -d "$model_out" "$model_src" || die "cannot compile the JPF model class $model_src"
fi
api() { javap -public -cp "$1" org.kvmlocking.kvm.HvaRange | grep '(' | sed 's/^ *//' | sort; }
if ! diff <(api "$top/impl/target/classes") <(api "$model_out") > /dev/null; then
  diff <(api "$top/impl/target/classes") <(api "$model_out") >&2 || true
  die "the JPF model of HvaRange ($model_src) no longer matches impl's HvaRange API: update it"
fi

logdir="$top/target/check/jpf"
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
  d=$(header design "$f"); prop=$(header property "$f"); exp=$(header expect "$f")
  log="$logdir/$run.out"
  start=$(date +%s.%N)
  set +e
  (cd "$logdir" && timeout "$timeout_s" java -Xmx1g -jar "$jpf_home/build/RunJPF.jar" "$f") > "$log" 2>&1
  rc=$?
  set -e
  secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
  got=$(verdict "$log")
  [ $rc -eq 124 ] && got="timeout (${timeout_s}s)"
  states=$(sed -n 's/^states:.*new=\([0-9]*\).*/\1/p' "$log" | head -n 1)
  depth=$(sed -n 's/^search:.*maxDepth=\([0-9]*\).*/\1/p' "$log" | head -n 1)
  if [ "$got" = "$exp" ]; then st=ok; else st=FAIL; status=1; fi
  printf '%s\t%s\tJPF\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$d" "$prop" "$exp" "$got" "${states:--}" "${depth:--}" \
    "$secs" "$st" "$run" >> "$out"
  echo "jpf-check: $run: $got (expected $exp) ${states:--} states, ${secs}s: $st" >&2
done
exit $status
