# Shared by the scripts: paths, the base record, and one way to fail.
# shellcheck shell=bash
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
TREE=$BUILD/linux          # git tree: base commit + the series
SRC=${SRC:-$TREE}          # the tree to build (golden.sh: the base)
KOUT=${KOUT:-$BUILD/kernel}  # O= output of the kernel build
KCONFIG=${KCONFIG:-$TOP/config/x86_64.config}
SERIES=$TOP/series
# shellcheck source=../BASE
. "$TOP/BASE"

die() { echo "error: $*" >&2; exit 1; }
step() { echo "==> $*" >&2; }

# The base commit of $TREE (its root: the Debian source as one commit).
base_commit() {
	[ -d "$TREE/.git" ] || die "no tree at $TREE: run scripts/base-tree.sh first"
	git -C "$TREE" rev-list --max-parents=0 HEAD
}

# config_for SRC: config/x86_64.config less the KUnit suites that SRC does
# not have (the base, or an early patch of the series): kunit.py refuses a
# configuration whose options do not all stick.
config_for() {
	local line sym
	while read -r line; do
		sym=${line#CONFIG_} sym=${sym%%=*}
		[[ $line == CONFIG_*_KUNIT_TEST=* ]] &&
			! grep -rqx "config $sym" --include='Kconfig*' "$1" && continue
		printf '%s\n' "$line"
	done < "$TOP/config/x86_64.config"
}

# worktree_at DIR COMMIT: a detached worktree of $TREE at DIR showing COMMIT.
# One with local changes is refused, not reset: it must be what COMMIT says.
worktree_at() {
	local dir=$1 commit=$2
	if [ ! -d "$dir" ]; then
		git -C "$TREE" worktree add -q --detach "$dir" "$commit"
	else
		[ -z "$(git -C "$dir" status --porcelain)" ] ||
			die "$dir has local changes; move it away or clean it, it must stay at ${commit:0:12}"
		git -C "$dir" checkout -q --detach "$commit"
	fi
}
