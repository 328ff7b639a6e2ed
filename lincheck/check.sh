#!/usr/bin/env bash
# Runs the Lincheck checks of impl/ and appends one results row per check to FILE
# (design property checker expected got states depth seconds status run; the rows are written
# by the tests themselves, through Surefire).
# Usage: lincheck/check.sh [--design NAME] [--out FILE] [--profile default|medium|large] [--part PART] [--build] [--parts]
#   --profile    scenario sizes: default (make check's, issue 29), medium (make check's until
#                issue 29: about 8 min of jobs), large (about 35 min); the tests' LincheckRun.size
#   --part PART  only the tests of one part of lincheck/parts.tsv (rest: those no other part
#                selects); the parts run side by side (tools/check-run.sh), so they do not
#                compile: --build first
#   --build      compile the module's tests (once, before the parts), nothing else
#   --parts      the part names, one a line (tools/check-run.sh's jobs), nothing else
# (options shared with the other check scripts: tools/lib.sh; FILE defaults to
# target/check/results.tsv, the profile to $LINCHECK_PROFILE or default).
# Exits 0 if every expectation is met, 1 otherwise, 2 on bad usage.
# Needs the impl artifact in ~/.m2 (make setup = mvn -B -q -DskipTests install).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=tools/lib.sh
. "$root/tools/lib.sh"

lib_init lincheck/check.sh
checks_ready || exit 2
vars_check LINCHECK_PROFILE || exit 2
lib_option profile "default|medium|large"
lib_option part PART
lib_flag build
lib_flag parts
opt_profile="${LINCHECK_PROFILE:-default}"
opt_part=""
lib_parse "$@"
partsfile="$root/lincheck/parts.tsv"
parts=$(awk -F'\t' '!/^#/ && NF >= 2 && $1 != "rest" { print $1 }' "$partsfile"; echo rest)
if [ -n "$opt_parts" ]; then printf '%s\n' "$parts"; exit 0; fi
if [ -n "$opt_build" ]; then
  cd "$root" && exec mvn -B -q -pl lincheck test-compile
fi
# The Surefire selection of the part: its pattern, or for rest every test none of them selects.
tests=""
if [ -n "$opt_part" ]; then
  grep -qx -- "$opt_part" <<<"$parts" || die "unknown --part '$opt_part' (lincheck/parts.tsv: $(tr '\n' ' ' <<<"$parts"))"
  if [ "$opt_part" = rest ]; then
    tests=$(awk -F'\t' '!/^#/ && NF >= 2 && $1 != "rest" { k = split($2, p, ","); for (i = 1; i <= k; i++) printf "%s!%s", (n++ ? "," : ""), p[i] }' "$partsfile")
  else
    tests=$(awk -F'\t' -v p="$opt_part" '!/^#/ && $1 == p { print $2 }' "$partsfile")
  fi
  # Column 3, optional: one Maven option of the part, passed as one argument (e.g. the test
  # JVM's options; rest's line has no pattern of its own).
  partopt=$(awk -F'\t' -v p="$opt_part" '!/^#/ && $1 == p { print $3 }' "$partsfile")
fi
# "all" is what the tests take for every design; accepted here too.
[ "$opt_design" = all ] && opt_design=""
lib_design java
lib_choice profile default medium large
lib_out
out=$opt_out
design=${opt_design:-all}

# The seeded mutants' rows (tests of the checker, not results) go to their own file.
seeded="$root/lincheck/target/seeded-results.tsv"
before=$(lib_rows_count)
sbefore=$(checks_main count "$seeded")
cd "$root" || exit 2
rc=0
# One design: only the test methods that can write its rows (lincheck/checks.tsv's test column;
# for a 6.18 design also Lincheck618Test, whose rows are written in the class), not every class
# in a JVM of its own to skip (make check DESIGN=x, issue 29).
if [ -z "$opt_part" ] && [ -n "$opt_design" ]; then
  tests=$(awk -F'\t' -v d="$opt_design" '!/^#/ && $1 == d && $6 ~ /#/ { printf "%s%s", (n++ ? "," : ""), $6 }' "$root/lincheck/checks.tsv")
  case "$opt_design" in *_618) tests="${tests:+$tests,}Lincheck618Test" ;; esac
  [ -n "$tests" ] || { say "design $opt_design has no Lincheck rows (lincheck/checks.tsv, Lincheck618Test)"; exit 0; }
fi
if [ -z "$opt_part" ] && [ -z "$tests" ]; then
  mvn -B -q -pl lincheck test -Dcheck.results="$out" -Dcheck.seeded="$seeded" -Dlincheck.design="$design" -Dlincheck.profile="$opt_profile" || rc=$?
elif [ -z "$opt_part" ]; then
  mvn -B -q -pl lincheck test -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false \
    -Dcheck.results="$out" -Dcheck.seeded="$seeded" -Dlincheck.design="$design" -Dlincheck.profile="$opt_profile" || rc=$?
else
  # One part: the tests are compiled (--build), Surefire alone runs them; its reports carry the
  # part's name, so that parts running side by side do not overwrite each other's.
  mvn -B -q -pl lincheck surefire:test -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false \
    ${partopt:+"$partopt"} -Dsurefire.reportNameSuffix="$opt_part" -Dcheck.results="$out" -Dcheck.seeded="$seeded" \
    -Dlincheck.design="$design" -Dlincheck.profile="$opt_profile" || rc=$?
fi
after=$(lib_rows_count)
new=$((after - before + $(checks_main count "$seeded") - sbefore))
if [ "$new" -le 0 ]; then
  # A design may have no Lincheck row (e.g. racy_count: its race is JPF's to find); a whole
  # run that writes nothing ran nothing, which is a failure.
  if [ "$design" != all ] && [ "$rc" -eq 0 ]; then
    say "design $design has no Lincheck rows (LincheckDesignsTest)"; exit 0
  fi
  say "no Lincheck rows were written to $out"; exit 1
fi
failed=$(lib_rows_count --after "$before" --not-ok)
say "$new Lincheck rows in $out, $failed with an unmet expectation (mvn exit $rc)"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
