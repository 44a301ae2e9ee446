#!/usr/bin/env bash
# Bisectability: check out each patch of the series in turn (a worktree in
# build/bisect), build it with config/x86_64.config into build/kernel-bisect,
# compile the C files that patch touches again with W=1, compile the
# series' C files for alpha and powerpc (scripts/cross.sh: no W=1 warning
# the base lacks), and boot the guest tests on it.  One TAP line a patch; fails if any patch does not build,
# warns or fails a guest test.  Logs: build/kernel-bisect*.log
. "$(dirname "$0")/lib.sh"

[ -d "$TREE/.git" ] || die "no tree at $TREE: run scripts/base-tree.sh first"
base=$(base_commit)
wt=$BUILD/bisect
[ -d "$wt" ] || git -C "$TREE" worktree add -q --detach "$wt" "$base"
[ -z "$(git -C "$wt" status --porcelain)" ] || die "$wt has changes; it must stay a checkout of the series"
export SRC=$wt KOUT=$BUILD/kernel-bisect KCONFIG=$BUILD/bisect.config
# The series' code that x86 does not compile (HAVE_PCI_LEGACY, alpha's own
# files) is compiled for these at every patch too, by scripts/cross.sh.
legacy_arches="alpha powerpc"
cross_ok() {	# the patch at $commit compiles there, if it changes kernel C
	git -C "$wt" diff --quiet "$commit^" "$commit" -- '*.[ch]' ':!tools/' ||
		SRC=$wt "$TOP/scripts/cross.sh" $legacy_arches
}
failed=0 n=0
for commit in $(git -C "$TREE" rev-list --reverse "$base..HEAD"); do
	n=$((n + 1))
	subject=$(git -C "$TREE" log -1 --format=%s "$commit")
	git -C "$wt" checkout -q --detach "$commit"
	config_for "$wt" > "$KCONFIG"
	start=$SECONDS
	w1log=$KOUT-w1-$n.log
	why=
	if ! "$TOP/scripts/build.sh" 2>/dev/null; then
		why="does not build (log: $KOUT.log)"
	else
		objs=()
		while read -r f; do
			case $f in arch/x86/*|arch/*) [[ $f == arch/x86/* ]] || continue ;; esac
			case $f in tools/*) continue ;; esac
			objs+=("${f%.c}.o")
		done < <(git -C "$wt" diff --name-only --diff-filter=AM "$commit^" "$commit" -- '*.c')
		if [ ${#objs[@]} -gt 0 ] &&
		   ! make -C "$wt" O="$KOUT" CC="ccache gcc" W=1 "${objs[@]}" > "$w1log" 2>&1; then
			why="W=1 build of ${objs[*]} fails (log: $w1log)"
		elif grep -q 'warning:' "$w1log" 2>/dev/null && [ ${#objs[@]} -gt 0 ]; then
			why="W=1 warnings in ${objs[*]} (log: $w1log)"
		elif ! cross_ok > "$KOUT-cross-$n.log" 2>&1; then
			why="$(grep '^not ok' "$KOUT-cross-$n.log" | sed 's/^not ok - //' | paste -sd';')"
			why="${why:-cross build fails} (log: $KOUT-cross-$n.log)"
		elif ! GUEST_TAP=$BUILD/bisect.tap "$TOP/scripts/guest.sh" test >/dev/null 2>&1; then
			why="guest tests fail (log: $KOUT-guest-test.log)"
		fi
	fi
	if [ -n "$why" ]; then
		echo "not ok $n - patch $n builds and passes: $subject: $why"
		failed=1
	else
		echo "ok $n - patch $n builds (x86_64, $legacy_arches), W=1 clean, guest tests pass ($((SECONDS - start)) s): $subject"
	fi
done
exit $failed
