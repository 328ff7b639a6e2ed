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
#   violates:P, validation:P, temporal:P (P|Q: each)  the property P
#   deadlock, hung                                    Deadlock, DeadlockFree, deadlock-freedom
#   race                                              Races
#   rejected ...                                      the same TraceValidation property
# "linearizable" needs a partner too (got nonlinearizable); "unrefuted" is no partner. Prints
# one line per green without a partner and exits 1 if there is any; 2 on bad usage. The rule
# is org.kvmlocking.checks.Results.pairing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tools/lib.sh
. "$root/tools/lib.sh"
lib_init tools/pairing.sh
[ $# -le 1 ] || die "usage: tools/pairing.sh [RESULTS]"
f="${1:-target/check/results.tsv}"
[ -s "$f" ] || die "$f: no results"
checks_ready || exit 2
checks_main pairing "$f"
