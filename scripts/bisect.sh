#!/usr/bin/env bash
# Bisectability: check out each patch of the series in turn (a worktree in
# build/bisect), build it with config/x86_64.config into build/kernel-bisect,
# compile the series' C files with W=1 for x86_64, alpha and powerpc
# (scripts/cross.sh: no W=1 warning the base lacks), and boot the guest
# tests on it (one remove/rescan and hotplug cycle each).  One TAP line a patch; fails if any patch does not build,
# warns or fails a guest test.  A patch that changes only Documentation/,
# selftests or other architectures builds the same x86_64 kernel as the one
# before: that one's build and guest tests stand for it.  Logs: build/kernel-bisect*.log
. "$(dirname "$0")/lib.sh"

[ -d "$TREE/.git" ] || die "no tree at $TREE: run scripts/base-tree.sh first"
base=$(base_commit)
wt=$BUILD/bisect
export SRC=$wt KOUT=$BUILD/kernel-bisect KCONFIG=$BUILD/bisect.config
# The series' C files, W=1, no warning the base lacks (scripts/cross.sh, the
# one W=1 policy): on x86_64, and where the code x86 does not compile
# (HAVE_PCI_LEGACY, alpha's own files) is.
arches="x86_64 alpha powerpc"
cross_why() {	# why the patch at $commit does not compile there, if it changes kernel C
	local log=$KOUT-cross-$n.log
	git -C "$wt" diff --quiet "$commit^" "$commit" -- '*.[ch]' ':!tools/' && return
	SRC=$wt "$TOP/scripts/cross.sh" $arches > "$log" 2>&1 && return
	why="$(grep '^not ok' "$log" | sed 's/^not ok - //' | paste -sd';')"
	echo "${why:-cross build fails} (log: $log)"
}
# Whether the patch's kernel revokes the user mappings of a removed device's
# BARs, as the series does from its revocation patch on (the base's
# pci-sysfs.c unmaps nothing): before it, the guest skips those checks.
revokes_removed() { grep -q unmap_mapping_range "$wt/drivers/pci/pci-sysfs.c"; }
# The guest tests' remove/rescan and hotplug cycles: once each at every
# patch (the guest step runs them 5 times on the whole series).
cycles=${BISECT_CYCLES:-1}
failed=0 n=0 prev_why=
for commit in $(git -C "$TREE" rev-list --reverse "$base..HEAD"); do
	n=$((n + 1))
	subject=$(git -C "$TREE" log -1 --format=%s "$commit")
	worktree_at "$wt" "$commit"
	start=$SECONDS
	# The x86_64 build and boot are left out where they would repeat one
	# already made: nothing the x86_64 kernel is built from changed (only
	# Documentation/, selftests -- the guest runs the tip's kselftest
	# anyway -- or another architecture), or the patch's x86_64 kernel is
	# the tip's and the guest step of this same make test built and tested
	# it (TIP_TESTED=1, set by scripts/test.sh).  The alpha and powerpc
	# compile still runs.
	changed=$(git -C "$wt" diff --name-only "$commit^" "$commit")
	stands=
	if [ $n -gt 1 ] && [ -z "$prev_why" ] &&
	   ! grep -qvE '^(Documentation/|tools/testing/selftests/|MAINTAINERS$|arch/)' <<< "$changed" &&
	   ! grep -q '^arch/x86/' <<< "$changed"; then
		stands="leaves the x86_64 kernel of patch $((n - 1)) as it was"
	elif [ "${TIP_TESTED:-}" = 1 ] &&
	     git -C "$wt" diff --quiet "$commit" "$(git -C "$TREE" rev-parse HEAD)" -- \
		':!Documentation/' ':!tools/testing/selftests/' ':!MAINTAINERS'; then
		stands="builds the tip's x86_64 kernel, which the guest step of this run built and tested"
	fi
	if [ -n "$stands" ]; then
		why=$(cross_why)
		if [ -n "$why" ]; then
			echo "not ok $n - patch $n builds and passes: $subject: $why"
			failed=1
		else
			if git -C "$wt" diff --quiet "$commit^" "$commit" -- '*.[ch]' ':!tools/'; then
				did="changes no kernel C file"
			else
				did="compiles ($arches, W=1)"
			fi
			echo "ok $n - patch $n $did and $stands ($((SECONDS - start)) s): $subject"
		fi
		prev_why=$why
		continue
	fi
	config_for "$wt" > "$KCONFIG"
	why=
	if ! "$TOP/scripts/build.sh" 2>/dev/null; then
		cp "$KOUT.log" "$KOUT-$n.log"
		why="does not build (log: $KOUT-$n.log)"
	elif why=$(cross_why) && [ -n "$why" ]; then
		:
	elif ! GUEST_TAP=$BUILD/bisect-guest-$n.tap GUEST_LOG=$KOUT-guest-$n.log \
		GUEST_APPEND="CYCLES=$cycles$(revokes_removed || echo " revoke_removed=no")" \
		"$TOP/scripts/guest.sh" test >/dev/null 2>&1; then
		why="guest tests fail (log: $KOUT-guest-$n.log)"
	fi
	prev_why=$why
	if [ -n "$why" ]; then
		echo "not ok $n - patch $n builds and passes: $subject: $why"
		failed=1
	else
		echo "ok $n - patch $n builds, compiles with no new W=1 warning ($arches), guest tests pass ($((SECONDS - start)) s): $subject"
	fi
done
exit $failed
