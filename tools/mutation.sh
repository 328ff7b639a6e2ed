#!/usr/bin/env bash
# Mutation testing of impl's protocol classes (docs/mutation.md); `make mutation` runs it.
#
#   tools/mutation.sh [--threads N] [--run yes|no] [--check] [-h|--help]
#   tools/mutation.sh MUTATION_THREADS=N MUTATION_RUN=yes|no     (what `make mutation` passes)
#
# --check only validates the options (make does it before anything runs: bad input is one
# line and exit 2, no build).
# Runs PIT (impl/pom.xml, profile "mutation") unless --run no, which only re-reads the last
# report (impl/target/pit-reports/mutations.xml). Prints the counts, the score on the protocol
# classes and every survivor (class.method:line mutator: description), each marked with its
# explanation from impl/MUTATION.md or as UNEXPLAINED.
#
# Exit 0: score >= MIN_SCORE and every survivor explained. Exit 1: score too low, an
# unexplained survivor, or PIT failed. Exit 2: bad usage (one line on stderr).
#
# A survivor is any mutant PIT did not detect: SURVIVED, NO_COVERAGE, RUN_ERROR, NON_VIABLE,
# NOT_STARTED, STARTED. Detected: KILLED, TIMED_OUT, MEMORY_ERROR (PIT's own definition).
# The score is detected / all mutants, in percent.
#
# impl/MUTATION.md keeps the explained survivors as a table between the lines
# "<!-- survivors:begin -->" and "<!-- survivors:end -->":
#   | class | method | mutator | description | count | why no test can tell it apart |
# class is the simple name (Memslots, HandleHvaRange$Callbacks), mutator PIT's short name
# (NegateConditionalsMutator), description PIT's text verbatim: no line number, so moving code
# does not break the list. A row explains at most `count` survivors with that key; more
# survivors with the same key than rows allow are unexplained. A row that explains nothing now
# is reported as stale (a warning: the mutant is gone or now killed, so remove the row).
set -euo pipefail

prog=tools/mutation.sh
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MIN_SCORE=85
MVN=${MVN:-mvn -B -q}
threads=2
run=yes
check_only=no
usage="usage: $prog [--threads N] [--run yes|no] [--check]  (make mutation [MUTATION_THREADS=N] [MUTATION_RUN=yes|no])"

die() { printf '%s: %s\n' "$prog" "$*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case $1 in
    -h|--help) echo "$usage"; exit 0 ;;
    --check) check_only=yes ;;
    MUTATION_THREADS=*) threads=${1#*=} ;;
    MUTATION_RUN=*) run=${1#*=} ;;
    MUTATION_*=*) die "unknown variable ${1%%=*} (known: MUTATION_THREADS, MUTATION_RUN)" ;;
    --threads=*) threads=${1#*=} ;;
    --threads) [ $# -ge 2 ] || die "--threads needs a value"; threads=$2; shift ;;
    --run=*) run=${1#*=} ;;
    --run) [ $# -ge 2 ] || die "--run needs a value"; run=$2; shift ;;
    *) die "unknown option '$1' ($usage)" ;;
  esac
  shift
done
[[ $threads =~ ^[1-9][0-9]?$ ]] || die "--threads (MUTATION_THREADS) must be a number from 1 to 99, got '$threads'"
[[ $run == yes || $run == no ]] || die "--run (MUTATION_RUN) must be yes or no, got '$run'"
[ "$check_only" = no ] || exit 0

report=$root/impl/target/pit-reports/mutations.xml
kept=$root/impl/MUTATION.md
log=$root/impl/target/pit-reports/pit.log
[ -f "$kept" ] || die "impl/MUTATION.md is missing (the list of explained survivors)"

cd "$root" || exit 2
start=$(date +%s)
if [ "$run" = yes ]; then
  mkdir -p "$(dirname "$log")"
  rm -f "$report"
  echo "mutation: PIT on impl's protocol classes, $threads thread(s) (log: impl/target/pit-reports/pit.log)"
  # -q hides PIT's progress; the whole output goes to the log, whose tail is shown on failure.
  # shellcheck disable=SC2086
  if ! $MVN -P mutation -pl impl -Dpit.threads="$threads" test-compile org.pitest:pitest-maven:mutationCoverage >"$log" 2>&1; then
    tail -n 20 "$log" | sed 's/^/  /'
    echo "mutation: FAIL: PIT did not complete (whole output: impl/target/pit-reports/pit.log)"
    exit 1
  fi
fi
[ -s "$report" ] || { echo "mutation: FAIL: no report at impl/target/pit-reports/mutations.xml (run without --run no)"; exit 1; }
secs=$(( $(date +%s) - start ))

# One mutation per line in PIT's XML: status, class, method, line, mutator, description.
tsv=$(sed -nE "s|.*status='([A-Z_]+)'.*<mutatedClass>([^<]*)</mutatedClass><mutatedMethod>([^<]*)</mutatedMethod>.*<lineNumber>([0-9]+)</lineNumber><mutator>([^<]*)</mutator>.*<description>([^<]*)</description>.*|\1\t\2\t\3\t\4\t\5\t\6|p" "$report" \
  | sed -e 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&apos;/'"'"'/g; s/&amp;/\&/g')
total=$(grep -c '<mutation ' "$report" || true)
parsed=$(printf '%s\n' "$tsv" | grep -c . || true)
[ "$total" -eq "$parsed" ] || { echo "mutation: FAIL: read $parsed of the $total mutations in the report (format changed?)"; exit 1; }

# The kept list: the table rows between the markers, without header and separator.
rows=$(sed -n '/<!-- survivors:begin -->/,/<!-- survivors:end -->/p' "$kept" | { grep '^|' || true; } | tail -n +3)

printf '%s\n' "$tsv" | ROWS=$rows awk -F'\t' -v min="$MIN_SCORE" -v secs="$secs" -v run="$run" '
  function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
  function short(m) { n = split(m, p, "."); return p[n] }
  function simple(c) { n = split(c, p, "."); return p[n] }
  BEGIN {
    nr = split(ENVIRON["ROWS"], r, "\n")
    for (i = 1; i <= nr; i++) {
      if (r[i] == "") continue
      n = split(r[i], f, "|")   # f[1] is empty (leading |)
      if (n < 8) { printf "mutation: FAIL: impl/MUTATION.md: malformed row (6 columns expected): %s\n", r[i]; bad = 1; continue }
      key = trim(f[2]) SUBSEP trim(f[3]) SUBSEP trim(f[4]) SUBSEP trim(f[5])
      c = trim(f[6])
      if (c !~ /^[1-9][0-9]*$/) { printf "mutation: FAIL: impl/MUTATION.md: count must be a positive number: %s\n", r[i]; bad = 1; continue }
      allowed[key] += c; why[key] = trim(f[7]); rowtext[key] = trim(f[2]) "." trim(f[3]) " " trim(f[4]) ": " trim(f[5])
    }
  }
  {
    st = $1; n_all++; count[st]++
    if (st == "KILLED" || st == "TIMED_OUT" || st == "MEMORY_ERROR") { detected++; next }
    cls = simple($2); key = cls SUBSEP $3 SUBSEP short($5) SUBSEP $6
    used[key]++
    line = sprintf("  %s.%s:%s %s: %s [%s]", cls, $3, $4, short($5), $6, st)
    # The reason once per row; further survivors of the same row point back to it.
    if (used[key] <= allowed[key]) { expl++; surv[++ns] = line "\n      equivalent: " (used[key] == 1 ? why[key] : "(the same row as above)") }
    else { unexpl++; surv[++ns] = line "\n      UNEXPLAINED: kill it with a test or add it to impl/MUTATION.md" }
  }
  END {
    printf "mutation: %d mutants: killed %d, timed out %d, survived %d, no coverage %d", n_all, count["KILLED"], count["TIMED_OUT"], count["SURVIVED"], count["NO_COVERAGE"]
    other = n_all - count["KILLED"] - count["TIMED_OUT"] - count["SURVIVED"] - count["NO_COVERAGE"]
    if (other) printf ", other %d", other
    printf "\n"
    if (ns) { printf "survivors (class.method:line mutator: description [status]):\n"; for (i = 1; i <= ns; i++) print surv[i] }
    for (k in allowed) if (used[k] < allowed[k]) { printf "mutation: warning: impl/MUTATION.md: stale row (%d listed, %d now survive): %s\n", allowed[k], used[k] + 0, rowtext[k] }
    score = n_all ? 100 * detected / n_all : 0
    printf "mutation: %d survivors: %d explained in impl/MUTATION.md, %d unexplained\n", ns, expl, unexpl
    printf "mutation: score %.1f%% (%d of %d detected) on the protocol classes, threshold %d%%\n", score, detected, n_all, min
    if (run == "yes") printf "mutation: wall time %d min %d s (report: impl/target/pit-reports/index.html)\n", secs / 60, secs % 60
    else print "mutation: the last report, not run again (impl/target/pit-reports/index.html)"
    fail = bad
    if (score < min) { printf "mutation: FAIL: score %.1f%% is under %d%%\n", score, min; fail = 1 }
    if (unexpl) { printf "mutation: FAIL: %d survivor(s) neither killed nor explained in impl/MUTATION.md\n", unexpl; fail = 1 }
    if (!fail) print "mutation: OK"
    exit fail
  }'
