# shellcheck shell=bash
# What the four check scripts (spec/tlc-check.sh, jpf/check.sh, lincheck/check.sh,
# trace/check.sh) share; they source this file.
#
# Options, the same in every script:   --design NAME   only this design's rows (designs.tsv)
#                                       --out FILE      append the rows to FILE (default
#                                                       target/check/results.tsv); its directory
#                                                       is created
#                                       -h, --help      the usage line, exit 0
# plus the script's own (--runs N, --profile P), each also as --opt=VALUE, and its value-less
# flags (--build: opt_build=1).
# Bad usage is one line on stderr, "<script>: <message>", and exit 2.
#
# Rows: one per checked property, 10 tab-separated columns (tools/table.sh prints the first 9):
#   design property checker expected got states depth seconds status run
# status is ok, FAIL, or "not run: <why>" (counted as skipped).
#
# Use:  . "$root/tools/lib.sh"
#       lib_init jpf/check.sh                  # the name in every message
#       lib_option runs N                      # optional: the script's own options (opt_runs)
#       lib_flag build                         # optional: a value-less flag (opt_build=1 if given)
#       lib_positional CFG...                  # optional: positional arguments (LIB_ARGS)
#       opt_runs=300                           # defaults, before lib_parse
#       lib_parse "$@"                         # sets opt_design, opt_out, opt_<name>, LIB_ARGS
#       lib_design java                        # checks --design: "any" design, or one with Java
#       lib_out                                # makes opt_out absolute, creates its directory
#       lib_row "$d" "$p" TLC "$exp" "$got" "$states" "$depth" "$secs" "$st" "$run"
# The rows are written, and results files read, by the checks module (checks/,
# org.kvmlocking.checks.Row): checks_main COMMAND ... runs its command line.

lib_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=tools/designs.sh
. "$lib_top/tools/designs.sh"
# shellcheck source=tools/vars.sh
. "$lib_top/tools/vars.sh"

LIB_COLUMNS="design property checker expected got states depth seconds status run"
LIB_HEADER=${LIB_COLUMNS// /$'\t'}   # results.tsv's first line (org.kvmlocking.checks.Row.HEADER)

# checks_main COMMAND ...: the checks module's command line (org.kvmlocking.checks.Main).
checks_main() { java -cp "$lib_top/checks/target/classes" org.kvmlocking.checks.Main "$@"; }
# checks_ready: the module is built, else one line (the caller exits 2).
checks_ready() {
  [ -f "$lib_top/checks/target/classes/org/kvmlocking/checks/Main.class" ] && return 0
  say "the checks module is not built (checks/target/classes): run 'make setup'"
  return 1
}

lib_init() {
  lib_prog=$1
  designs_prog=$1
  lib_opts=(design:NAME out:FILE)
  lib_flags=()
  lib_pos=""
  LIB_ARGS=()
  opt_design=""
  opt_out="$lib_top/target/check/results.tsv"
}

# say MESSAGE: one line on stderr, prefixed with the script's name.
say() { printf '%s: %s\n' "$lib_prog" "$*" >&2; }
# die MESSAGE: bad usage or an unusable environment: one line, exit 2.
die() { say "$*"; exit 2; }

lib_option() { lib_opts+=("$1:$2"); }          # lib_option NAME METAVAR
lib_flag() { lib_flags+=("$1"); printf -v "opt_${1//-/_}" '%s' ""; }   # lib_flag NAME: --NAME, no value
lib_positional() { lib_pos=$1; }               # lib_positional METAVAR (e.g. CFG...)

lib_usage() {
  local u="usage: $lib_prog" o
  for o in "${lib_opts[@]}"; do u+=" [--${o%%:*} ${o#*:}]"; done
  for o in ${lib_flags[@]+"${lib_flags[@]}"}; do u+=" [--$o]"; done
  [ -z "$lib_pos" ] || u+=" $lib_pos"
  printf '%s\n' "$u"
}

lib_parse() {
  local arg name value o meta
  while [ $# -gt 0 ]; do
    arg=$1; shift
    case "$arg" in
      -h|--help) lib_usage; exit 0 ;;
      --) [ -n "$lib_pos" ] || { [ $# -eq 0 ] || die "unexpected argument '$1' ($(lib_usage))"; }
          LIB_ARGS+=("$@"); break ;;
      --?*)
        name=${arg#--}; value=""; meta=""
        if [[ "$name" == *=* ]]; then value=${name#*=}; name=${name%%=*}; fi
        for o in ${lib_flags[@]+"${lib_flags[@]}"}; do
          if [ "$o" = "$name" ]; then
            [[ "$arg" != *=* ]] || die "--$name takes no value ($(lib_usage))"
            printf -v "opt_${name//-/_}" '%s' 1; continue 2
          fi
        done
        for o in "${lib_opts[@]}"; do [ "${o%%:*}" = "$name" ] && meta=${o#*:}; done
        [ -n "$meta" ] || die "unknown option '$arg' ($(lib_usage))"
        if [[ "$arg" != *=* ]]; then
          [ $# -gt 0 ] || die "--$name needs $meta ($(lib_usage))"
          value=$1; shift
        fi
        [ -n "$value" ] || die "--$name needs $meta ($(lib_usage))"
        printf -v "opt_${name//-/_}" '%s' "$value" ;;
      -*) die "unknown option '$arg' ($(lib_usage))" ;;
      *) [ -n "$lib_pos" ] || die "unexpected argument '$arg' ($(lib_usage))"
         LIB_ARGS+=("$arg") ;;
    esac
  done
}

# lib_design any|java: --design must name a design in designs.tsv (with "java": one that has a
# Java implementation). No --design is fine: all designs.
lib_design() {
  local names java
  names=$(designs_names) || exit 2
  [ -z "$opt_design" ] && return 0
  [[ " $names " == *" $opt_design "* ]] || die "unknown design '$opt_design' (known: $names)"
  if [ "$1" = java ]; then
    java=$(designs_java) || exit 2
    [[ " $java " == *" $opt_design "* ]] \
      || die "design '$opt_design' has no Java implementation (spec only; with Java: $java)"
  fi
  return 0
}

# lib_out: opt_out made absolute (relative to the caller's directory), its directory created.
lib_out() {
  case "$opt_out" in /*) ;; *) opt_out="$PWD/$opt_out" ;; esac
  local dir; dir=$(dirname "$opt_out")
  { mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ]; } \
    || die "--out $opt_out: cannot create or write its directory $dir"
  [ ! -e "$opt_out" ] || [ -w "$opt_out" ] || die "--out $opt_out: not writable"
}

# lib_int NAME MIN MAX: opt_NAME must be an integer in MIN..MAX.
lib_int() {
  local var="opt_${1//-/_}" v
  v=${!var}
  case "$v" in ''|*[!0-9]*) die "--$1 needs a positive integer, got '$v'" ;; esac
  { [ ${#v} -le ${#3} ] && [ "$v" -ge "$2" ] && [ "$v" -le "$3" ]; } \
    || die "--$1 must be between $2 and $3, got '$v'"
}

# lib_choice NAME VALUE...: opt_NAME must be one of the VALUEs.
lib_choice() {
  local name=$1 var="opt_${1//-/_}" c; shift
  for c in "$@"; do [ "${!var}" = "$c" ] && return 0; done
  die "unknown $name '${!var}' (one of: $*)"
}

# lib_row DESIGN PROPERTY CHECKER EXPECTED GOT STATES DEPTH SECONDS STATUS RUN: appends one row
# to opt_out (the checks module: results.tsv's header line first in a new file; a tab or
# newline inside a field becomes a space; an empty field becomes '-').
lib_row() {
  [ $# -eq 10 ] || { say "internal error: a row has 10 fields ($LIB_COLUMNS), got $#: $*"; exit 1; }
  checks_main row --out "$opt_out" -- "$@"
}

# lib_rows_count: the number of rows in opt_out now (0 if it does not exist; the header line
# is no row).
lib_rows_count() { if [ -f "$opt_out" ]; then grep -cvxF "$LIB_HEADER" "$opt_out" || true; else echo 0; fi; }

# lib_now; lib_seconds START DECIMALS: wall-clock seconds since START (from lib_now).
lib_now() { date +%s.%N; }
lib_seconds() { awk -v s="$1" -v e="$(date +%s.%N)" -v d="$2" 'BEGIN { printf "%." d "f", e - s }'; }
