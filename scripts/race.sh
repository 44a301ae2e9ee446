#!/usr/bin/env bash
# The sysfs_initialized race, reproduced: on the unpatched base and on the
# series, each with a debug-only patch (debug/race-window-*.patch) that
# prints "pci-race: window open" at the late_initcall where pci_sysfs_init()
# creates the boot devices' files and then sleeps 5 s there.  The host
# hot-adds a device (hp1 of config/devices.txt) when it sees that line, so
# that it is added while the boot devices' files are created, as an async
# host bridge probe or an early hotplug does on real hardware (QEMU
# enumerates too fast to hit the window by chance).  Each kernel boots
# RACE_BOOTS times (default 5); prints a table and one TAP line a kernel.
. "$(dirname "$0")/lib.sh"

boots=${RACE_BOOTS:-5}
[[ $boots =~ ^[1-9][0-9]*$ ]] || die "RACE_BOOTS must be a positive number, not '$boots'"
[ -d "$TREE/.git" ] || die "no tree at $TREE: run scripts/base-tree.sh first"
base=$(git -C "$TREE" rev-list --max-parents=0 HEAD)
wt=$BUILD/race
[ -d "$wt" ] || git -C "$TREE" worktree add -q --detach "$wt" "$base"
"$TOP/scripts/initramfs.sh"

declare -A dup missing clean
for kernel in base series; do
	commit=$base
	[ $kernel = series ] && commit=$(git -C "$TREE" rev-parse HEAD)
	git -C "$wt" checkout -q --force --detach "$commit"
	git -C "$wt" apply "$TOP/debug/race-window-$kernel.patch" ||
		die "debug/race-window-$kernel.patch does not apply to $kernel"
	out=$BUILD/kernel-race-$kernel
	if [ $kernel = base ]; then
		sed '/^# The series. own KUnit suites/,$d' "$KCONFIG" > "$BUILD/race.config"
	else
		cp "$KCONFIG" "$BUILD/race.config"
	fi
	SRC=$wt KOUT=$out KCONFIG=$BUILD/race.config "$TOP/scripts/build.sh"
	git -C "$wt" checkout -q --force .
	dup[$kernel]=0 missing[$kernel]=0 clean[$kernel]=0
	for i in $(seq "$boots"); do
		log=$out-race-$i.log tap=$out-race-$i.tap
		"$TOP/scripts/qemu-run.py" --kernel "$out/arch/x86/boot/bzImage" \
			--initrd "$BUILD/initramfs.cpio.gz" --devices "$TOP/config/devices.txt" \
			--append harness=race --log "$log" --tap "$tap" --timeout 300 \
			--on "pci-race: window open=add hp1" 2>/dev/null || true
		d=0 m=0
		grep -q "sysfs: cannot create duplicate filename" "$log" && d=1
		grep -q "^not ok .*ABI" "$tap" 2>/dev/null && m=1
		grep -q "^@@done" "$log" || m=1
		dup[$kernel]=$((dup[$kernel] + d)) missing[$kernel]=$((missing[$kernel] + m))
		[ $d = 0 ] && [ $m = 0 ] && clean[$kernel]=$((clean[$kernel] + 1))
		step "$kernel boot $i: duplicate filename $d, files missing or wrong $m ($log)"
	done
done

printf '%-8s %6s %20s %24s %12s\n' kernel boots "duplicate filename" "files missing or wrong" "all correct"
for kernel in base series; do
	printf '%-8s %6d %20d %24d %12d\n' $kernel "$boots" "${dup[$kernel]}" "${missing[$kernel]}" "${clean[$kernel]}"
done
# The base must show the race (or the reproducer reproduces nothing), the
# series must not.
ok=0
if [ "${dup[base]}" -gt 0 ]; then
	echo "ok - race reproduced on the unpatched base in ${dup[base]}/$boots boots"
else
	echo "not ok - race not reproduced on the unpatched base (0/$boots boots): the reproducer is broken"
	ok=1
fi
if [ "${clean[series]}" = "$boots" ]; then
	echo "ok - no race with the series: $boots/$boots boots with every file and no duplicate"
else
	echo "not ok - the series showed the race or wrong files in $((boots - clean[series]))/$boots boots"
	ok=1
fi
exit $ok
