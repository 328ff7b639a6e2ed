#!/usr/bin/env bash
# `make setup`'s Java PathFinder step. jpf-core is on no package registry, so when none is found
# (JPF_HOME, ../shared/jpf-core or an earlier build: jpf/find.sh), this builds it from its source,
# branch java-17 at the pinned commit, with its own Gradle wrapper, into
# ${XDG_CACHE_HOME:-$HOME/.cache}/kvm-locking/jpf-core (JPF_CACHE), where jpf/check.sh finds it.
# Says what it did on one line. When the source cannot be fetched or built, it says in one line
# what to do and exits 0: setup goes on, and the JPF rows of the table say "not run".
# (Tested on a machine without access to GitHub: the fetch failure for real, the clone, commit
# pinning and build steps against a local stand-in repository with a stand-in gradlew.)
# Bounds: JPF_FETCH_TIMEOUT (default 60 s) for each git network step, JPF_BUILD_TIMEOUT
# (default 1800 s) for the Gradle build (the wrapper downloads Gradle itself).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=jpf/find.sh
. "$root/jpf/find.sh"
# shellcheck source=tools/vars.sh
. "$root/tools/vars.sh"
vars_check JPF_FETCH_TIMEOUT JPF_BUILD_TIMEOUT || exit 2
fetch_s=${JPF_FETCH_TIMEOUT:-60}
build_s=${JPF_BUILD_TIMEOUT:-1800}

if [ $# -gt 0 ]; then echo "jpf/setup.sh: takes no argument (environment: JPF_HOME, JPF_FALLBACK, JPF_CACHE)" >&2; exit 2; fi

if jpf_find; then
  case "$jpf_from" in
    JPF_HOME) echo "jpf: using JPF_HOME=$jpf_home" ;;
    fallback) echo "jpf: using the shared build $jpf_home" ;;
    cache)    echo "jpf: using jpf-core $JPF_COMMIT_SHORT built earlier in $jpf_home" ;;
  esac
  exit 0
fi
if [ -n "$jpf_problem" ]; then
  echo "jpf: $jpf_problem: fix JPF_HOME or unset it (jpf/check.sh stops on it)" >&2
  exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/jpf-core-build.XXXXXX") || { echo "jpf: cannot create a temporary directory" >&2; exit 0; }
log="$tmp/build.log"
src="$tmp/jpf-core"
trap 'rm -rf "$tmp"' EXIT
what="$JPF_REPO_URL (branch $JPF_BRANCH, commit $JPF_COMMIT_SHORT)"
todo="build it yourself and set JPF_HOME=<dir>, or put it at ../shared/jpf-core"
cannot() { # cannot VERB [WHY]: one line, then setup goes on (JPF rows: not run)
  echo "jpf: cannot $1 $what${2:+, $2}: $todo" >&2
  exit 0
}

export GIT_TERMINAL_PROMPT=0
timeout "$fetch_s" git clone -q --depth 1 --branch "$JPF_BRANCH" "$JPF_REPO_URL" "$src" >>"$log" 2>&1 \
  || cannot fetch
if [ "$(git -C "$src" rev-parse HEAD)" != "$JPF_COMMIT" ]; then
  # The branch has moved on: fetch the pinned commit itself.
  { timeout "$fetch_s" git -C "$src" fetch -q --depth 1 origin "$JPF_COMMIT" \
      && git -C "$src" -c advice.detachedHead=false checkout -q "$JPF_COMMIT"; } >>"$log" 2>&1 \
    || cannot fetch
fi
java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
[ "$java_major" = 17 ] || cannot build "it needs JDK 17, java here is ${java_major:-missing}"
if [ -e "$JPF_CACHE" ] && [ ! -f "$JPF_CACHE/jpf.properties" ] && [ -n "$(ls -A "$JPF_CACHE" 2>/dev/null)" ]; then
  cannot build "$JPF_CACHE exists and is not a jpf-core build (remove it, or set JPF_CACHE=<dir>)"
fi
mkdir -p "$(dirname "$JPF_CACHE")" || cannot build "cannot create $(dirname "$JPF_CACHE")"
# One line: what is built where, then (minutes later) "done" or "failed" and why.
printf 'jpf: no JPF_HOME, no ../shared/jpf-core: building jpf-core %s (./gradlew buildJars) into %s ...' \
  "$JPF_COMMIT_SHORT" "$JPF_CACHE"
if ! (cd "$src" && timeout "$build_s" bash ./gradlew --no-daemon -q buildJars) >>"$log" 2>&1 \
   || [ ! -f "$src/build/RunJPF.jar" ]; then
  echo " failed"
  cp "$log" "$JPF_CACHE.build.log" 2>/dev/null || true
  cannot build "./gradlew buildJars failed (log: $JPF_CACHE.build.log)"
fi
echo "$JPF_COMMIT" >"$src/$JPF_STAMP"
if ! { rm -rf "$JPF_CACHE" && mv "$src" "$JPF_CACHE"; }; then
  echo " failed"
  cannot build "cannot move the build to $JPF_CACHE"
fi
echo " done (jpf/check.sh finds it there)"
