#!/usr/bin/env bash
# make readme: README.md's verdict matrix, the lines between <!-- results:begin --> and
# <!-- results:end -->, replaced by MATRIX (target/check/results.md, written by make check).
#
#   tools/readme.sh MATRIX README
#
# One line and exit 2 when MATRIX is missing or README lacks exactly one pair of markers in
# that order; README is rewritten only when the block changes (its markers stay).
set -euo pipefail
prog=tools/readme.sh
die() { printf '%s: %s\n' "$prog" "$*" >&2; exit 2; }
[ $# -eq 2 ] || die "usage: tools/readme.sh MATRIX README"
matrix=$1 readme=$2
[ -s "$matrix" ] || die "$matrix: no verdict matrix: run make check first"
[ -f "$readme" ] || die "$readme: no such file"
begin='<!-- results:begin -->' end='<!-- results:end -->'
nb=$(grep -cxF "$begin" "$readme" || true); ne=$(grep -cxF "$end" "$readme" || true)
[ "$nb" = 1 ] && [ "$ne" = 1 ] || die "$readme: want one line '$begin' and one '$end' (found $nb and $ne)"
lb=$(grep -nxF "$begin" "$readme" | cut -d: -f1); le=$(grep -nxF "$end" "$readme" | cut -d: -f1)
[ "$lb" -lt "$le" ] || die "$readme: '$end' comes before '$begin'"
tmp=$(mktemp "$readme.XXXXXX")
trap 'rm -f "$tmp"' EXIT
{ head -n "$lb" "$readme"; cat "$matrix"; tail -n "+$le" "$readme"; } >"$tmp"
if cmp -s "$tmp" "$readme"; then
  echo "readme: $readme's verdict matrix is already $matrix's"
else
  cat "$tmp" >"$readme"
  echo "readme: $readme's verdict matrix replaced by $matrix ($(grep -c '^| ' "$matrix" || true) table lines)"
fi
