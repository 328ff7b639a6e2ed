#!/usr/bin/env bash
# The numeric (and other fixed-form) variables of make and the check scripts, each with its
# form, in one table; checked before anything is deleted, built or started.
#
#   tools/vars.sh NAME=VALUE...    (what the Makefile passes: the variables given on the command
#                                   line or in the environment) prints nothing and exits 0 when
#                                   every value has its form, else one line and exit 2
# Source: vars_check NAME...        the same for the variables of the environment (scripts)
#
# Forms: N..M an integer in that range (no sign, no leading zero); a|b|c one of those words.
vars_table() {
  cat <<'TABLE'
TLC_WORKERS	auto|1..999	TLC's worker threads per run (spec/tlc-check.sh)
CHECK_JOBS	1..64	make check's jobs at once (tools/check-run.sh)
CHECK_CALIBRATION	0|1	the calibration job: never, or in any run (tools/check-run.sh; unset: whole runs)
TLC_PART_SECONDS	1..3600	seconds of TLC models per make check job, one TLC JVM each (tools/check-run.sh)
TLC_WORKER_THREADS	1..999	threads per TLCWorker JVM (spec/tlc-distributed.sh)
TLC_SSH_TIMEOUT	1..600	seconds for each ssh connect (spec/tlc-distributed.sh)
TLC_COVERAGE	0|1	TLC's action coverage (spec/tlc-check.sh)
JPF_TIMEOUT	1..86400	seconds per JPF run (jpf/check.sh)
JPF_SERIALIZER	fast|stock|mutant	JPF's state matching: ours (same states, less time), jpf-core's CFSerializer, or a seeded mutant that merges states (jpf/check.sh, jpf/serializer-test.sh)
JPF_FETCH_TIMEOUT	1..3600	seconds to fetch jpf-core (jpf/setup.sh)
JPF_BUILD_TIMEOUT	1..86400	seconds to build jpf-core (jpf/setup.sh)
LINCHECK_PROFILE	default|medium|large	Lincheck's scenario sizes (lincheck/check.sh)
TABLE
}

# vars_value NAME VALUE: one line on stderr and return 2 unless VALUE has NAME's form.
vars_value() {
  local name=$1 value=$2 form lo hi w
  form=$(vars_table | awk -F'\t' -v n="$name" '$1 == n { print $2 }')
  [ -n "$form" ] || { echo "vars: unknown variable $name" >&2; return 2; }
  IFS='|' read -r -a words <<<"$form"
  for w in "${words[@]}"; do
    if [[ "$w" == *..* ]]; then
      lo=${w%..*}; hi=${w#*..}
      if [[ "$value" =~ ^[1-9][0-9]*$|^0$ ]] && [ ${#value} -le ${#hi} ] && [ "$value" -ge "$lo" ] && [ "$value" -le "$hi" ]; then
        return 0
      fi
    elif [ "$value" = "$w" ]; then
      return 0
    fi
  done
  local want=""
  for w in "${words[@]}"; do
    case "$w" in *..*) w="a number from ${w%..*} to ${w#*..}" ;; esac
    want+="${want:+ or }$w"
  done
  echo "$name must be $want, got '$value'" >&2
  return 2
}

# vars_check NAME...: each NAME that is set in the environment must have its form.
vars_check() {
  local n
  for n in "$@"; do
    [ -z "${!n+x}" ] || vars_value "$n" "${!n}" || return 2
  done
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -uo pipefail
  for a in "$@"; do
    [[ "$a" == *=* ]] || { echo "vars: usage: tools/vars.sh NAME=VALUE..." >&2; exit 2; }
    vars_value "${a%%=*}" "${a#*=}" || exit 2
  done
  exit 0
fi
