#!/usr/bin/env bash
# Runs the Lincheck checks of impl/ and appends one results row per check to FILE
# (design property checker expected got states depth seconds status run).
# Exits 0 if every expectation is met, 1 otherwise, 2 on bad usage.
# Needs the impl artifact in ~/.m2 (make setup = mvn -B -q -DskipTests install).
set -uo pipefail
DESIGNS="adopted elision_only no_wait_loop if_not_while lost_wakeup rwsem_fair rwsem_unfair"
usage() { echo "usage: lincheck/check.sh [--design NAME] [--profile default|large] --out FILE"; }
design=all; out=""; profile="${LINCHECK_PROFILE:-default}"
while [ $# -gt 0 ]; do
  case "$1" in
    --design) [ $# -ge 2 ] || { echo "check.sh: --design needs a NAME" >&2; exit 2; }; design="$2"; shift 2 ;;
    --design=*) design="${1#*=}"; shift ;;
    --out) [ $# -ge 2 ] || { echo "check.sh: --out needs a FILE" >&2; exit 2; }; out="$2"; shift 2 ;;
    --out=*) out="${1#*=}"; shift ;;
    --profile) [ $# -ge 2 ] || { echo "check.sh: --profile needs default or large" >&2; exit 2; }; profile="$2"; shift 2 ;;
    --profile=*) profile="${1#*=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "check.sh: unknown option '$1' ($(usage))" >&2; exit 2 ;;
  esac
done
[ -n "$out" ] || { echo "check.sh: --out FILE is required ($(usage))" >&2; exit 2; }
if [ "$design" != all ] && ! [[ " $DESIGNS " == *" $design "* ]]; then
  echo "check.sh: unknown design '$design' (known: $DESIGNS)" >&2; exit 2
fi
case "$profile" in default|large) ;; *) echo "check.sh: unknown profile '$profile' (default or large)" >&2; exit 2 ;; esac
mkdir -p "$(dirname "$out")" || exit 2
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
before=0; [ -f "$out" ] && before=$(wc -l < "$out")
cd "$root" || exit 2
mvn -B -q -pl lincheck test -Dcheck.results="$out" -Dlincheck.design="$design" -Dlincheck.profile="$profile"
rc=$?
after=0; [ -f "$out" ] && after=$(wc -l < "$out")
new=$((after - before))
failed=$(tail -n "$new" "$out" 2>/dev/null | awk -F'\t' '$9 != "ok"' | wc -l)
if [ "$new" -le 0 ]; then
  echo "check.sh: no Lincheck rows were written to $out" >&2; exit 1
fi
echo "check.sh: $new Lincheck rows in $out, $failed with an unmet expectation (mvn exit $rc)"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
