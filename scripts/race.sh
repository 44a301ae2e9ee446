#!/usr/bin/env bash
# The two races of a device added while boot-time code walks the devices
# found so far, reproduced with a window widened by debug-only patches
# (debug/race-window-*.patch) that print "pci-race: window open" and sleep
# 5 s there; the host hot-adds a device (hp1 of config/devices.txt) when it
# sees that line, as an async host bridge probe or an early hotplug does on
# real hardware (QEMU enumerates too fast to hit a window by chance):
#   base, series   the sysfs_initialized race, at the late_initcall where
#                  pci_sysfs_init() creates the boot devices' BAR files;
#   proc           the /proc/bus/pci twin, at pci_proc_init()'s walk, on
#                  the base as Debian ships it (with the stable fix
#                  "PCI/proc: Fix race between pci_proc_init() and
#                  pci_bus_add_device()"), the series leaves proc.c alone;
#   proc-unfixed   the same, less the two parts of that fix that close
#                  the race: proof that the reproducer catches it.
# Each is a switches kernel (switches_kernel in scripts/lib.sh: the base's or the
# series', every debug/ patch built in) booted with the pci_debug= switches
# that the first line of debug/race-window-KERNEL.patch names.  Each boots
# RACE_BOOTS times (default 2: the window is wide enough that the race
# shows in every boot where it is not fixed); prints a table and TAP.
. "$(dirname "$0")/lib.sh"

boots=${RACE_BOOTS:-2}
[[ $boots =~ ^[1-9][0-9]*$ ]] || die "RACE_BOOTS must be a positive number, not '$boots'"
[ -d "$TREE/.git" ] || die "no tree at $TREE: run scripts/base-tree.sh first"
switches_kernel base
switches_kernel series

declare -A dup missing clean
for kernel in base proc proc-unfixed series; do
	where=base
	[ $kernel = series ] && where=series
	switches=$(debug_switches "$TOP/debug/race-window-$kernel.patch")
	out=$BUILD/kernel-switches-$where
	dup[$kernel]=0 missing[$kernel]=0 clean[$kernel]=0
	for i in $(seq "$boots"); do
		log=$BUILD/race-$kernel-$i.log tap=$BUILD/race-$kernel-$i.tap
		rm -f "$log" "$tap"	# judge this boot only
		KOUT=$out GUEST_LOG=$log GUEST_TAP=$tap GUEST_TIMEOUT=300 GUEST_APPEND="pci_debug=$switches" \
			GUEST_ON="pci-race: window open=add hp1" "$TOP/scripts/guest.sh" race 2>/dev/null || true
		d=0 m=0
		grep -qE "sysfs: cannot create duplicate filename|proc_dir_entry .* already registered" "$log" && d=1
		grep -q "^not ok .*\(ABI\|/proc/bus/pci\)" "$tap" 2>/dev/null && m=1
		grep -q "^@@done" "$log" || m=1
		# A boot whose window never opened proves nothing either way.
		grep -q "pci-race: window open" "$log" || { m=1; step "$kernel boot $i: no window (pci_debug=$switches not on?)"; }
		dup[$kernel]=$((dup[$kernel] + d)) missing[$kernel]=$((missing[$kernel] + m))
		[ $d = 0 ] && [ $m = 0 ] && clean[$kernel]=$((clean[$kernel] + 1))
		step "$kernel boot $i: duplicate $d, files missing or wrong $m ($log)"
	done
done

printf '%-13s %6s %10s %24s %12s\n' kernel boots duplicate "files missing or wrong" "all correct"
for kernel in base series proc proc-unfixed; do
	printf '%-13s %6d %10d %24d %12d\n' $kernel "$boots" "${dup[$kernel]}" "${missing[$kernel]}" "${clean[$kernel]}"
done
# A race must show where it is not fixed (or the reproducer reproduces
# nothing), and not where it is.
for kernel in base proc-unfixed; do
	[ "${dup[$kernel]}" -gt 0 ] && s=0 || s=1
	tap $s "$kernel: race reproduced in ${dup[$kernel]}/$boots boots (none: the reproducer is broken)"
done
for kernel in series proc; do
	[ "${clean[$kernel]}" = "$boots" ] && s=0 || s=1
	tap $s "$kernel: no race in $boots boots: every file, no duplicate in ${clean[$kernel]}/$boots"
done
exit $((tap_failed > 0))
