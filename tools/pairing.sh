#!/usr/bin/env bash
# Every green can turn red: for each (checker, property) that holds for the adopted design in
# the results, the same checker must have a row in which a seeded mutant or broken variant of
# the adopted code (any other design) is caught breaking that very property, as expected.
#
#   tools/pairing.sh [RESULTS]     (default target/check/results.tsv)
#
# A green is a row of design adopted, status ok, got holds or accepted...; its property column
# may name several properties (A,B+C): each needs a red partner. A red partner is a row of
# the same checker, another design, status ok, whose got names the property:
#   violates:P, validation:P, temporal:P              the property P
#   deadlock, hung                                    Deadlock, DeadlockFree, deadlock-freedom
#   race                                              Races
#   rejected ...                                      the same TraceValidation property
# "linearizable" needs a partner too (got nonlinearizable). Prints one line per green without a
# partner and exits 1 if there is any; 2 on bad usage.
set -euo pipefail
f="${1:-target/check/results.tsv}"
[ $# -le 1 ] || { echo "tools/pairing.sh: usage: tools/pairing.sh [RESULTS]" >&2; exit 2; }
[ -s "$f" ] || { echo "tools/pairing.sh: $f: no results" >&2; exit 2; }
awk -F'\t' '
  NF != 10 || $9 != "ok" { next }
  $1 == "adopted" && ($5 == "holds" || $5 ~ /^accepted/) {
    n = split($2, p, /[,+]/)
    for (i = 1; i <= n; i++) green[$3 SUBSEP p[i]] = 1
    next
  }
  $1 != "adopted" {
    got = $5
    if (got ~ /^(violates|validation|temporal):/) { sub(/^[a-z]+:/, "", got); red[$3 SUBSEP got] = 1 }
    else if (got == "deadlock" || got == "hung") { red[$3 SUBSEP "Deadlock"] = 1; red[$3 SUBSEP "DeadlockFree"] = 1; red[$3 SUBSEP "deadlock-freedom"] = 1 }
    else if (got == "race") red[$3 SUBSEP "Races"] = 1
    else if (got == "nonlinearizable") red[$3 SUBSEP "linearizable"] = 1
    else if (got ~ /^rejected/) red[$3 SUBSEP $2] = 1
  }
  END {
    for (k in green) {
      total++
      if (!(k in red)) { split(k, a, SUBSEP); printf "pairing: %s holds for adopted under %s, but no mutant is caught breaking it by %s\n", a[2], a[1], a[1]; bad++ }
    }
    printf "pairing: %d of %d (checker, property) greens of the adopted design have a red partner\n", total - bad, total
    exit bad > 0
  }
' "$f"
