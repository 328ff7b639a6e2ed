#!/usr/bin/env bash
# Prints the results table of `make check` from the TSV rows the checkers
# wrote (design property checker expected got states depth seconds status run)
# and exits 1 if any row's status is FAIL, if a row does not have the 10 columns
# (tools/lib.sh writes them; so do the Lincheck and trace Java harnesses), or if
# there is no row at all.
set -euo pipefail
f="${1:-target/check/results.tsv}"
[ -s "$f" ] || { echo "table: no results in $f: nothing was checked" >&2; exit 1; }
awk -F'\t' '
  BEGIN { hdr = "design\tproperty\tchecker\texpected\tgot\tstates\tdepth\tseconds\tstatus"
          n = split(hdr, h, "\t"); for (i = 1; i <= n; i++) w[i] = length(h[i]) }
  NF != 10 { printf "table: %s:%d: %d columns, want 10 (design property checker expected got states depth seconds status run): counted as failed\n", FILENAME, FNR, NF > "/dev/stderr"
             fail++ }
  { rows[NR] = $0; for (i = 1; i <= n; i++) if (length($i) > w[i]) w[i] = length($i)
    if (NF != 10) next
    if ($9 == "FAIL") fail++; else if ($9 == "ok") ok++; else other++ }
  function line(s,   a, i, out) { split(s, a, "\t"); out = ""
    for (i = 1; i <= n; i++) out = out sprintf(i < n ? "%-" w[i] "s  " : "%s", a[i]); print out }
  END { line(hdr); sep = ""; for (i = 1; i <= n; i++) { s = ""; for (j = 0; j < w[i]; j++) s = s "-"; sep = sep (i > 1 ? "\t" : "") s }
        line(sep); for (r = 1; r <= NR; r++) line(rows[r])
        # rows as expected / not as expected / not run (e.g. JPF unavailable)
        printf "\ncheck: %d passed, %d failed, %d skipped\n", ok, fail, other
        exit fail > 0 }
' "$f"
