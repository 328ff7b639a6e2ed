# shellcheck shell=bash
# shellcheck disable=SC2034 # jpf_home, jpf_from, jpf_problem, JPF_*: for the scripts sourcing this
# Where Java PathFinder (jpf-core) comes from; sourced by jpf/check.sh and jpf/setup.sh.
#
# jpf-core is on no package registry: it is built from its source, branch java-17, at the commit
# below. jpf_find looks, in this order, in
#   1. $JPF_HOME                    (set by the user; must hold build/RunJPF.jar)
#   2. $JPF_FALLBACK, default ../shared/jpf-core next to the repository (a shared build)
#   3. $JPF_CACHE, default ${XDG_CACHE_HOME:-$HOME/.cache}/kvm-locking/jpf-core, where
#      `make setup` (jpf/setup.sh) builds it when 1 and 2 are absent; used only if built
#      at the pinned commit.

JPF_REPO_URL="https://github.com/javapathfinder/jpf-core"
JPF_BRANCH="java-17"
JPF_COMMIT="7ea25de453111be77d09e12eb196fecf2dc6d365"
JPF_COMMIT_SHORT="${JPF_COMMIT:0:7}"
jpf_repo_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JPF_CACHE="${JPF_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kvm-locking/jpf-core}"
# The file in a cache build that records the commit it was built from.
JPF_STAMP=".kvm-locking-commit"

# jpf_find: sets jpf_home (the directory, or empty), jpf_from (JPF_HOME, fallback, cache) and,
# when JPF_HOME is set but unusable, jpf_problem (why). Returns 0 iff jpf_home is set.
jpf_find() {
  jpf_home=""; jpf_from=""; jpf_problem=""
  if [ -n "${JPF_HOME:-}" ]; then
    if [ -f "$JPF_HOME/build/RunJPF.jar" ]; then
      jpf_home=$(cd "$JPF_HOME" && pwd); jpf_from=JPF_HOME; return 0
    fi
    jpf_problem="JPF_HOME=$JPF_HOME has no build/RunJPF.jar (build jpf-core, see jpf/README.md)"
    return 1
  fi
  local fallback="${JPF_FALLBACK:-$jpf_repo_top/../shared/jpf-core}"
  if [ -f "$fallback/build/RunJPF.jar" ]; then
    jpf_home=$(cd "$fallback" && pwd); jpf_from=fallback; return 0
  fi
  if [ -f "$JPF_CACHE/build/RunJPF.jar" ] && [ "$(cat "$JPF_CACHE/$JPF_STAMP" 2>/dev/null)" = "$JPF_COMMIT" ]; then
    jpf_home=$JPF_CACHE; jpf_from=cache; return 0
  fi
  return 1
}

# What to do when there is no JPF, in one line.
jpf_advice() {
  echo "build it yourself ($JPF_REPO_URL, branch $JPF_BRANCH, commit $JPF_COMMIT_SHORT: ./gradlew buildJars with JDK 17) and set JPF_HOME=<dir>, or put it at ../shared/jpf-core"
}
