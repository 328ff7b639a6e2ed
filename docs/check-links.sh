#!/usr/bin/env bash
# docs/check-links.sh [FILE.md...]: every relative link of the project's markdown resolves.
# Default files: README.md, CONTRIBUTING.md and docs/*.md. A link is [text](target) or
# ![alt](target) outside code (fenced blocks and `spans` are skipped); http(s):, mailto: and
# the like are not followed. The path must exist, relative to the file that links; a #anchor into
# a markdown file must be one of its headings, as GitHub makes anchors of them (lower case,
# punctuation dropped, spaces to hyphens, -1, -2 for repeats).
# Prints one line per broken link (file:line: target: why) on stderr; exit 1 if any, 2 on bad
# usage, 0 and one summary line otherwise.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
prog="docs/check-links.sh"
case "${1:-}" in
  -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  -*) echo "$prog: unknown option '$1' (usage: $prog [FILE.md...])" >&2; exit 2 ;;
esac
cd "$root"
if [ "$#" -eq 0 ]; then set -- README.md CONTRIBUTING.md docs/*.md; fi
for f in "$@"; do
  [ -f "$f" ] || { echo "$prog: no such file: $f" >&2; exit 2; }
done

# links FILE: "line<TAB>target" for every link outside code.
links() {
  awk '
    /^[ \t]*(```|~~~)/ { fence = !fence; next }
    fence { next }
    {
      line = $0
      gsub(/`[^`]*`/, "", line)                     # inline code spans
      while (match(line, /\]\([^) \t]+(\)| "[^"]*"\))/)) {
        t = substr(line, RSTART + 2, RLENGTH - 3)
        sub(/ ".*$/, "", t)
        print NR "\t" t
        line = substr(line, RSTART + RLENGTH)
      }
    }' "$1"
}

# anchors FILE: the GitHub anchor of every heading of FILE, one a line.
anchors() {
  awk '
    /^[ \t]*(```|~~~)/ { fence = !fence; next }
    fence || !/^#+[ \t]/ { next }
    {
      h = $0; sub(/^#+[ \t]+/, "", h); sub(/[ \t]+#*[ \t]*$/, "", h)
      h = tolower(h)
      gsub(/[^a-z0-9 _-]/, "", h)   # GitHub keeps letters, digits, spaces, - and _
      gsub(/ /, "-", h)
      if (h in seen) { n = seen[h]++; print h "-" n } else { seen[h] = 1; print h }
    }' "$1"
}

bad=0 count=0
for f in "$@"; do
  dir="$(dirname "$f")"
  while IFS=$'\t' read -r n target; do
    case "$target" in
      *://*|mailto:*|tel:*) continue ;;
    esac
    count=$((count + 1))
    path="${target%%#*}"
    anchor=""
    case "$target" in *'#'*) anchor="${target#*#}" ;; esac
    if [ -z "$path" ]; then file="$f"; else file="$dir/$path"; fi
    if [ ! -e "$file" ]; then
      echo "$f:$n: $target: no such file or directory ($file)" >&2; bad=$((bad + 1)); continue
    fi
    if [ -n "$anchor" ]; then
      case "$file" in
        *.md)
          if ! anchors "$file" | grep -qxF -- "$anchor"; then
            echo "$f:$n: $target: no heading with anchor #$anchor in $file" >&2; bad=$((bad + 1))
          fi ;;
      esac
    fi
  done < <(links "$f")
done
if [ "$bad" -gt 0 ]; then
  echo "$prog: $bad of $count relative links broken" >&2
  exit 1
fi
echo "$prog: $count relative links in $# files resolve"
