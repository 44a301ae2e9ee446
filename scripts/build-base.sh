#!/usr/bin/env bash
# Build the UNPATCHED base for side-by-side runs: the base commit of
# build/linux (a worktree in build/base) with config/x86_64.config less the
# series' own KUnit suites, into build/kernel-base.
. "$(dirname "$0")/lib.sh"

[ -d "$TREE/.git" ] || die "no tree at $TREE: run scripts/base-tree.sh first"
base=$(git -C "$TREE" rev-list --max-parents=0 HEAD)
wt=$BUILD/base
if [ ! -d "$wt" ]; then
	git -C "$TREE" worktree add -q --detach "$wt" "$base"
else
	[ -z "$(git -C "$wt" status --porcelain)" ] || die "$wt has changes; it must stay the pristine base"
	git -C "$wt" checkout -q --detach "$base"
fi
sed '/^# The series. own KUnit suites/,$d' "$KCONFIG" > "$BUILD/base.config"
SRC=$wt KOUT=$BUILD/kernel-base KCONFIG=$BUILD/base.config "$TOP/scripts/build.sh"
