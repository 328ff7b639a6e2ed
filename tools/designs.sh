#!/usr/bin/env bash
# The designs, read from designs.tsv (the one list of them; see its header).
#
# Run:    tools/designs.sh names            all design names, space-separated, in file order
#         tools/designs.sh java             the names that have a Java class
#         tools/designs.sh known NAME       exit 0 iff NAME is a design
#         tools/designs.sh has-java NAME    exit 0 iff NAME is a design with a Java class
#         tools/designs.sh class NAME       its Java class (exit 1 if it has none)
#         tools/designs.sh kernel NAME      its kernel (5.15, 6.18 or -; exit 1 if no such design)
#         tools/designs.sh list             name, Java class and summary, one design a line
#         tools/designs.sh check-headers [cfg|jpf]
#                                           every spec .cfg '\* design:' and jpf/config/*.jpf
#                                           '# design:' names a design (a .jpf, one with Java)
# Source: the same as functions designs_names, designs_java, designs_known NAME,
#         designs_has_java NAME, designs_class NAME, designs_kernel NAME, designs_list,
#         designs_check_headers.
# A malformed designs.tsv, or a header naming no design, is one line on stderr and exit 2.

designs_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
designs_prog=${designs_prog:-designs}   # the name in messages (tools/lib.sh sets the script's)
designs_file="$designs_top/designs.tsv"

# designs_rows: the rows of designs.tsv as "name<TAB>kernel<TAB>java<TAB>module<TAB>summary", after
# checking the file's shape (comments, the header line, 4 fields, unique names).
designs_rows() {
  [ -f "$designs_file" ] || { echo "$designs_prog: $designs_file: no such file" >&2; return 2; }
  awk -F'\t' -v f="$designs_prog: designs.tsv" '
    /^#/ || /^[[:space:]]*$/ { next }
    !hdr { if ($0 != "name\tkernel\tjava\tmodule\tsummary") {
             printf "%s:%d: the header must be name<TAB>kernel<TAB>java<TAB>module<TAB>summary\n", f, NR > "/dev/stderr"; bad = 1; exit }
           hdr = 1; next }
    NF != 5 { printf "%s:%d: %d tab-separated fields, want 5 (name kernel java module summary)\n", f, NR, NF > "/dev/stderr"; bad = 1; exit }
    $1 !~ /^[a-z][a-z0-9_]*$/ { printf "%s:%d: design name %s is not [a-z][a-z0-9_]*\n", f, NR, $1 > "/dev/stderr"; bad = 1; exit }
    $2 !~ /^(5\.15|6\.18|-)$/ { printf "%s:%d: kernel must be 5.15, 6.18 or -, got %s\n", f, NR, $2 > "/dev/stderr"; bad = 1; exit }
    $3 != "-" && $3 !~ /^[A-Za-z_][A-Za-z0-9_.]*$/ { printf "%s:%d: java must be a class name or -, got %s\n", f, NR, $3 > "/dev/stderr"; bad = 1; exit }
    seen[$1]++ { printf "%s:%d: design %s is listed twice\n", f, NR, $1 > "/dev/stderr"; bad = 1; exit }
    { print; n++ }
    END { if (bad) exit 2
          if (!hdr || !n) { printf "%s: no designs (want a header line and one row per design)\n", f > "/dev/stderr"; exit 2 } }
  ' "$designs_file"
}

designs_names() { local r; r=$(designs_rows) || return 2; cut -f1 <<<"$r" | paste -sd' ' -; }
designs_java()  { local r; r=$(designs_rows) || return 2; awk -F'\t' '$3 != "-" { print $1 }' <<<"$r" | paste -sd' ' -; }
designs_class() { local r; r=$(designs_rows) || return 2; awk -F'\t' -v n="${1:-}" '$1 == n && $3 != "-" { print $3; f = 1 } END { exit !f }' <<<"$r"; }
designs_kernel() { local r; r=$(designs_rows) || return 2; awk -F'\t' -v n="${1:-}" '$1 == n { print $2; f = 1 } END { exit !f }' <<<"$r"; }
designs_known() { local n; n=$(designs_names) || return 2; [[ -n "${1:-}" && " $n " == *" $1 "* ]]; }
designs_has_java() { local n; n=$(designs_java) || return 2; [[ -n "${1:-}" && " $n " == *" $1 "* ]]; }
designs_list() {
  local r; r=$(designs_rows) || return 2
  awk -F'\t' '{ w = length($1) > w ? length($1) : w; n[NR] = $1; j[NR] = $3; s[NR] = $5 }
    END { for (i = 1; i <= NR; i++) printf "%-" w "s  %s  %s\n", n[i], (j[i] == "-" ? "spec only" : "Java     "), s[i] }' <<<"$r"
}

# designs_header FIELD FILE: the value of a header line of a TLC configuration ('\* FIELD: v')
# or a JPF configuration ('# FIELD: v'), by the file's extension; empty if it has none.
designs_header() {
  case "$2" in
    *.jpf) sed -n "s/^#[[:space:]]*$1:[[:space:]]*//p" "$2" ;;
    *) sed -n "s/^\\\\\\* $1:[[:space:]]*//p" "$2" ;;
  esac | head -n 1 | sed 's/[[:space:]]*$//'
}

# designs_check_headers [cfg|jpf]: the design named in each configuration header (the TLC
# configurations, the JPF ones, or both) must be in designs.tsv.
designs_check_headers() {
  local names java f d rel cfgs=() jpfs=()
  names=$(designs_names) || return 2
  java=$(designs_java) || return 2
  shopt -s nullglob
  [ "${1:-all}" = jpf ] || cfgs=("$designs_top"/spec/*.cfg "$designs_top"/spec/*/*.cfg)
  [ "${1:-all}" = cfg ] || jpfs=("$designs_top"/jpf/config/*.jpf)
  shopt -u nullglob
  for f in "${cfgs[@]}"; do
    rel=${f#"$designs_top"/}
    d=$(designs_header design "$f")
    [ -n "$d" ] || { echo "$designs_prog: $rel: no '\\* design:' header line" >&2; return 2; }
    [[ " $names " == *" $d "* ]] \
      || { echo "$designs_prog: $rel: design '$d' is not in designs.tsv (known: $names)" >&2; return 2; }
  done
  for f in "${jpfs[@]}"; do
    rel=${f#"$designs_top"/}
    d=$(designs_header design "$f")
    [ -n "$d" ] || { echo "$designs_prog: $rel: no '# design:' header line" >&2; return 2; }
    [[ " $java " == *" $d "* ]] || {
      if [[ " $names " == *" $d "* ]]; then
        echo "$designs_prog: $rel: design '$d' has no Java class in designs.tsv, so JPF cannot run it (with Java: $java)" >&2
      else
        echo "$designs_prog: $rel: design '$d' is not in designs.tsv (known: $names)" >&2
      fi
      return 2; }
  done
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -uo pipefail
  cmd=${1:-}
  case "$cmd" in
    names|java|list)
      [ $# -eq 1 ] || { echo "$designs_prog: $cmd takes no argument" >&2; exit 2; }
      "designs_${cmd//-/_}" ;;
    check-headers)
      case "${2:-all}" in all|cfg|jpf) ;; *) echo "$designs_prog: check-headers takes all, cfg or jpf" >&2; exit 2 ;; esac
      designs_check_headers "${2:-all}" ;;
    known|has-java|class|kernel)
      [ $# -eq 2 ] || { echo "$designs_prog: $cmd needs one NAME" >&2; exit 2; }
      "designs_${cmd//-/_}" "$2" ;;
    *) echo "$designs_prog: usage: tools/designs.sh names|java|list|check-headers|known NAME|has-java NAME|class NAME|kernel NAME" >&2; exit 2 ;;
  esac
fi
