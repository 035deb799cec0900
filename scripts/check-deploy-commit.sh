#!/usr/bin/env bash
# A deploy runs only commits of main: a rollback names an earlier one by its full SHA, and a
# commit of another branch (a pull request's, never reviewed as a merge) is refused.
#
# usage: scripts/check-deploy-commit.sh <40-hex commit>   (in a clone with main's history)
set -euo pipefail

commit=${1:?usage: scripts/check-deploy-commit.sh <commit>}
if ! [[ $commit =~ ^[0-9a-f]{40}$ ]]; then
  echo "deploy: \"$commit\" is not a full commit SHA (40 lowercase hex digits)" >&2
  exit 1
fi
if ! git merge-base --is-ancestor "$commit" origin/main; then
  echo "deploy: commit $commit is not on main; only commits of main are deployed" >&2
  exit 1
fi
echo "deploying commit $commit of main"
