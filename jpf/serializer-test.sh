#!/usr/bin/env bash
# Checks the claim behind jpf/check.sh's default state matching (JPF_SERIALIZER=fast: jpf-core's
# CFSerializer with masks cached by identity, and Enum.name out of the hash in runs expected to
# hold): JPF explores the same states as with jpf-core's own serializer (stock). Three runs, two
# expected to hold (one 5.15, one gfn-to-pfn cache) and one red, each under stock, fast and a
# seeded mutant (JPF_SERIALIZER=mutant: IgnoreEnumConstantFields, which does merge states):
# fast's rows must equal stock's (design, property, expected, got, states, depth, status), and
# the mutant's must not, so the comparison is shown able to fail. ~20 s; make test runs it.
# Exits 1 on a failed comparison, 0 when JPF is not found (jpf/check.sh's rows say "not run").
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
runs=(adopted_fault_delete adopted_gpc_618_memslot_delete lost_wakeup_618_check)
dir="$root/target/jpf-serializer-test"
rm -rf "$dir"; mkdir -p "$dir"
for m in stock fast mutant; do
  JPF_SERIALIZER=$m "$here/check.sh" --out "$dir/$m.tsv" "${runs[@]}" >"$dir/$m.log" 2>&1 \
    || { echo "jpf/serializer-test.sh: jpf/check.sh failed with JPF_SERIALIZER=$m (see $dir/$m.log)"; exit 1; }
done
if grep -q 'not run' "$dir/stock.tsv"; then
  echo "jpf/serializer-test.sh: skipped, JPF not found (see jpf/check.sh)"; exit 0
fi
rows() { awk -F'\t' 'BEGIN { OFS = "\t" } $1 != "design" { print $1, $2, $4, $5, $6, $7, $9, $10 }' "$1" | sort; }
[ "$(rows "$dir/stock.tsv" | wc -l)" = ${#runs[@]} ] || { echo "jpf/serializer-test.sh: expected ${#runs[@]} rows in $dir/stock.tsv"; exit 1; }
if ! diff <(rows "$dir/stock.tsv") <(rows "$dir/fast.tsv") >"$dir/fast.diff"; then
  echo "jpf/serializer-test.sh: FAIL, JPF_SERIALIZER=fast explores other states than jpf-core's serializer:"
  cat "$dir/fast.diff"; exit 1
fi
if diff <(rows "$dir/stock.tsv") <(rows "$dir/mutant.tsv") >/dev/null; then
  echo "jpf/serializer-test.sh: FAIL, the seeded mutant (JPF_SERIALIZER=mutant) went unnoticed: the comparison cannot fail"
  exit 1
fi
states() { awk -F'\t' '$1 != "design" { split($6, s, " "); printf "%s%s %s", (n++ ? ", " : ""), $10, s[1] }' "$1"; }
echo "jpf/serializer-test.sh: fast = stock on ${#runs[@]} runs ($(states "$dir/fast.tsv") states); the mutant differs ($(states "$dir/mutant.tsv")): ok"
