#!/usr/bin/env bash
# Record golden/abi-*.txt from the UNPATCHED base: build the base commit of
# build/linux (a worktree in build/base) with the same config, less the
# series' own KUnit suites, into build/kernel-base; boot it with the device
# matrix in abi mode; cut the tables out of its console log.  The patched
# kernel's guest tests must then print exactly these tables.
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
sed '/^# The series. own KUnit suites/,$d' "$TOP/config/x86_64.config" > "$BUILD/base.config"
export SRC=$wt KOUT=$BUILD/kernel-base KCONFIG=$BUILD/base.config
"$TOP/scripts/build.sh"
# The initramfs carries the golden tables: give it the current ones.
"$TOP/scripts/guest.sh" abi >/dev/null 2>&1 || true
log=$KOUT-guest-abi.log
grep -q '^@@done' "$log" || die "the base guest did not finish; log: $log"
for when in boot hotplug; do
	sed -n "/^@@abi-begin $when\$/,/^@@abi-end\$/p" "$log" | sed '1d;$d' > "$TOP/golden/abi-$when.txt"
	[ -s "$TOP/golden/abi-$when.txt" ] || die "no $when table in $log"
	step "golden/abi-$when.txt: $(wc -l < "$TOP/golden/abi-$when.txt") files"
done
