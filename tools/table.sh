#!/usr/bin/env bash
# Prints the results table of `make check` from the rows the checkers wrote (the first 9 of the
# 10 columns: design property checker expected got states depth seconds status; results.tsv's
# header line is no row) and exits 1 if any row's status is FAIL, if a line does not have the
# 10 columns, or if there is no row at all. The checks module reads the file
# (org.kvmlocking.checks.Results.table).
#
#   tools/table.sh [RESULTS]     (default target/check/results.tsv)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tools/lib.sh
. "$root/tools/lib.sh"
lib_init table
[ $# -le 1 ] || die "usage: tools/table.sh [RESULTS]"
checks_ready || exit 2
checks_main table "${1:-target/check/results.tsv}"
