#!/usr/bin/env bash
# Build the UNPATCHED base for side-by-side runs: the base commit of
# build/linux (a worktree in build/base) with config/x86_64.config less the
# series' own KUnit suites, into build/kernel-base.
. "$(dirname "$0")/lib.sh"

wt=$BUILD/base
worktree_at "$wt" "$(base_commit)"
config_for "$wt" > "$BUILD/base.config"
SRC=$wt KOUT=$BUILD/kernel-base KCONFIG=$BUILD/base.config "$TOP/scripts/build.sh"
