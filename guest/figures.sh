# harness=figures: print "@@fig NAME VALUE" lines and, for the timing rows,
# "@@kt PHASE OP NS" lines for scripts/figures.sh.  The kernel is built
# with debug/time-pci-core.patch: it logs "pci-time: OP NAME NS" for each
# call of pci_bus_add_device() (add), pci_stop_and_remove_bus_device()
# (remove) and pci_rescan_bus() (rescan), timed inside the call.  The
# host added 32 extra endpoints at 00:08.0-00:0b.7 to the matrix.
extra=$(extra_endpoints)
n=$(echo $extra | wc -w)
echo "@@fig extra-endpoints $n"
echo "@@fig bar-files $(ls $SYS/*/resource[0-5] $SYS/*/resource[0-5]_wc 2>/dev/null | wc -l)"

# kernel_times PHASE: the calls timed since the last time, as @@kt lines
# (dmesg -c empties the log, so that each phase reads only its own).
kernel_times() {
	dmesg -c | sed -n "s/.*pci-time: \([a-z]*\) [^ ]* \([0-9]*\)$/@@kt $1 \1 \2/p"
}
kernel_times boot >/dev/null

# Each step checks that it did what it times: "@@fig-error" fails the run.
for i in $(seq ${FIG_REPS:-60}); do
	for d in $extra; do echo 1 > $SYS/$d/remove; done
	[ -z "$(extra_endpoints)" ] || echo "@@fig-error $(extra_endpoints | wc -l) of the $n endpoints still there after remove"
	kernel_times endpoints
	echo 1 > /sys/bus/pci/rescan
	[ "$(extra_endpoints | wc -l)" = $n ] || echo "@@fig-error the rescan brought back $(extra_endpoints | wc -l) of the $n endpoints"
	kernel_times endpoints
	echo 1 > /sys/bus/pci/rescan
	kernel_times nothing-new
done

# QMP hot-plug: the kernel's part only (pciehp's 1 s debounce and 5 s
# wait before powering a slot off are outside the timed calls).
port=$(ls -d $SYS/* | while read d; do
	[ "$(cat $d/class)" = 0x060400 ] && echo ${d##*/}; done | tail -n 1)
for i in $(seq ${FIG_CYCLES:-10}); do
	pci-time exists /sys/devices/pci0000:00/$port/0000:04:00.0/resource2 "@@host add hp1" >/dev/null ||
		echo "@@fig-error hp1 did not come"
	pci-time gone /sys/devices/pci0000:00/$port/0000:04:00.0 "@@host del hp1" >/dev/null ||
		echo "@@fig-error hp1 did not go"
	kernel_times hotplug
done
