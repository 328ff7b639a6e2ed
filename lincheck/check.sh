#!/usr/bin/env bash
# Runs the Lincheck checks of impl/ and appends one results row per check to FILE
# (design property checker expected got states depth seconds status run; the rows are written
# by the tests themselves, through Surefire).
# Usage: lincheck/check.sh [--design NAME] [--out FILE] [--profile default|large]
# (options shared with the other check scripts: tools/lib.sh; FILE defaults to
# target/check/results.tsv, the profile to $LINCHECK_PROFILE or default).
# Exits 0 if every expectation is met, 1 otherwise, 2 on bad usage.
# Needs the impl artifact in ~/.m2 (make setup = mvn -B -q -DskipTests install).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=tools/lib.sh
. "$root/tools/lib.sh"

lib_init lincheck/check.sh
vars_check LINCHECK_PROFILE || exit 2
lib_option profile "default|large"
opt_profile="${LINCHECK_PROFILE:-default}"
lib_parse "$@"
# "all" is what the tests take for every design; accepted here too.
[ "$opt_design" = all ] && opt_design=""
lib_design java
lib_choice profile default large
lib_out
out=$opt_out
design=${opt_design:-all}

before=$(lib_rows_count)
cd "$root" || exit 2
rc=0
mvn -B -q -pl lincheck test -Dcheck.results="$out" -Dlincheck.design="$design" -Dlincheck.profile="$opt_profile" || rc=$?
after=$(lib_rows_count)
new=$((after - before))
if [ "$new" -le 0 ]; then
  # A design may have no Lincheck row (e.g. racy_count: its race is JPF's to find); a whole
  # run that writes nothing ran nothing, which is a failure.
  if [ "$design" != all ] && [ "$rc" -eq 0 ]; then
    say "design $design has no Lincheck rows (LincheckDesignsTest)"; exit 0
  fi
  say "no Lincheck rows were written to $out"; exit 1
fi
failed=$(tail -n "$new" "$out" | awk -F'\t' '$9 != "ok"' | wc -l)   # the last rows: never the header line
say "$new Lincheck rows in $out, $failed with an unmet expectation (mvn exit $rc)"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
