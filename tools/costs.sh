#!/usr/bin/env bash
# The per-configuration cost table of a tools/check-run.sh run (issue 29), on stdout:
#   job  checker  rows  states  states_per_s  seconds  x_calibration
# one line per job (tlc/partN, jpf/<part>, lincheck/<part>, trace), longest first, then one
# line per Lincheck row (lincheck:<design>/<run>: the row's own seconds inside the Lincheck JVM)
# and one per TLC configuration (tlc:<cfg>: its own seconds inside its part's TLC JVM), then
# the totals. states: TLC's distinct states; JPF's new states; Lincheck's scenarios x
# invocations (summed over the job's rows); trace validation's states (summed). x_calibration:
# seconds / the calibration job's seconds of the same run ("-" when there was none).
# Usage: tools/costs.sh JOBSDIR WALL_SECONDS [CALIBRATION_SECONDS]
# (tools/check-run.sh calls it into target/check/costs.tsv.)
set -euo pipefail
[ $# -ge 2 ] && [ $# -le 3 ] || { echo "usage: tools/costs.sh JOBSDIR WALL_SECONDS [CALIBRATION_SECONDS]" >&2; exit 2; }
dir=$1; wall=$2; calib=${3:-}
[ -f "$dir/jobs.tsv" ] || { echo "tools/costs.sh: no $dir/jobs.tsv" >&2; exit 2; }
{
  printf 'job\tchecker\trows\tstates\tstates_per_s\tseconds\tx_calibration\n'
  while IFS=$'\t' read -r job secs; do
    f="$dir/${job//\//_}.tsv"
    [ -f "$f" ] || f=/dev/null
    awk -F'\t' -v job="$job" -v secs="$secs" -v cal="$calib" '
      function n(s) { if (match(s, /^[0-9]+x[0-9]+/)) { split(substr(s, 1, RLENGTH), a, "x"); return a[1] * a[2] }
                      return match(s, /^[0-9]+/) ? substr(s, 1, RLENGTH) + 0 : 0 }
      $1 == "design" { next }
      { rows++; v = n($6); chk = $3
        if (chk == "TLC" || chk == "JPF") { if (v > st) st = v } else st += v }
      END {
        c = job; sub(/\/.*/, "", c)
        printf "%s\t%s\t%d\t%d\t%s\t%s\t%s\n", job, c, rows, st, (secs > 0 && st > 0 ? sprintf("%.0f", st / secs) : "-"),
          secs, (cal > 0 ? sprintf("%.2f", secs / cal) : "-")
      }' "$f"
  done < <(sort -t$'\t' -k2,2nr "$dir/jobs.tsv")
  # Lincheck's rows, each with its own seconds (one JVM runs them all: where its time goes).
  for f in "$dir"/lincheck*.tsv; do
    [ -f "$f" ] || continue
    awk -F'\t' -v cal="$calib" '$1 != "design" && $3 == "Lincheck" {
        split($6, a, "x"); st = a[1] * a[2]
        printf "lincheck:%s/%s\tLincheck-row\t1\t%d\t%s\t%s\t%s\n", $1, $10, st, ($8 > 0 ? sprintf("%.0f", st / $8) : "-"),
          $8, (cal > 0 ? sprintf("%.2f", $8 / cal) : "-") }' "$f"
  done | sort -t$'\t' -k6,6gr
  # TLC's configurations, each with its own seconds inside its part's TLC JVM.
  for f in "$dir"/tlc_part*.tsv; do
    [ -f "$f" ] || continue
    awk -F'\t' -v cal="$calib" '$1 != "design" && $3 == "TLC" { if (!($10 in secs)) order[++n] = $10
        rows[$10]++; secs[$10] = $8; st = $6 + 0; if (st > states[$10]) states[$10] = st }
      END { for (i = 1; i <= n; i++) { r = order[i]
        printf "tlc:%s\tTLC-config\t%d\t%d\t%s\t%s\t%s\n", r, rows[r], states[r],
          (secs[r] > 0 ? sprintf("%.0f", states[r] / secs[r]) : "-"), secs[r], (cal > 0 ? sprintf("%.2f", secs[r] / cal) : "-") } }' "$f"
  done | sort -t$'\t' -k6,6gr
  awk -F'\t' -v w="$wall" -v cal="$calib" '{ s += $2; n++ } END {
      printf "total: %d jobs\t-\t-\t-\t-\t%s\t%s\n", n, s, (cal > 0 ? sprintf("%.1f", s / cal) : "-")
      printf "wall\t-\t-\t-\t-\t%s\t%s\n", w, (cal > 0 ? sprintf("%.1f", w / cal) : "-")
      if (cal > 0) printf "calibration\t-\t-\t125496\t%.0f\t%s\t1.00\n", 125496 / cal, cal }' "$dir/jobs.tsv"
}
