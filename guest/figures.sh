# harness=figures: print "@@fig NAME VALUE" lines and, for the timing rows,
# "@@kt PHASE OP NS" lines for scripts/figures.sh.  The kernel is built
# with debug/time-pci-core.patch: it logs "pci-time: OP NAME NS" for each
# call of pci_bus_add_device() (add), pci_stop_and_remove_bus_device()
# (remove) and pci_rescan_bus() (rescan), timed inside the call.  The
# host added 32 extra endpoints at 00:08.0-00:0b.7 to the matrix.
# FIG_REPS rounds of remove and rescan of the 32 endpoints, FIG_NOTHING
# rescans in a row that find nothing, FIG_CYCLES hot-plug cycles.
extra=$(extra_endpoints)
n=$(echo $extra | wc -w)
echo "@@fig extra-endpoints $n"
echo "@@fig bar-files $(ls $SYS/*/resource[0-5] $SYS/*/resource[0-5]_wc 2>/dev/null | wc -l)"

# The sizes of the structures, as this kernel has them (the patch logs
# them at late_initcall).
sizes=$(dmesg | sed -n 's/.*pci-size: pci_dev \([0-9]*\) pci_bus \([0-9]*\)$/\1 \2/p')
if [ -n "$sizes" ]; then
	echo "@@fig sizeof-pci_dev_bytes ${sizes% *}"
	echo "@@fig sizeof-pci_bus_bytes ${sizes#* }"
else
	echo "@@fig-error no 'pci-size:' line in the kernel's log"
fi

# kernel_times PHASE: the calls timed since the last time, as @@kt lines
# (dmesg -c empties the log, so that each phase reads only its own).
kernel_times() {
	dmesg -c | sed -n "s/.*pci-time: \([a-z]*\) [^ ]* \([0-9]*\)$/@@kt $1 \1 \2/p"
}
kernel_times boot >/dev/null

# Each step checks that it did what it times: "@@fig-error" fails the run,
# "@@fig-lost" has the boot dropped and booted again.
for i in $(seq ${FIG_REPS:-15}); do
	for d in $extra; do echo 1 > $SYS/$d/remove; done
	[ -z "$(extra_endpoints)" ] || echo "@@fig-error $(extra_endpoints | wc -l) of the $n endpoints still there after remove"
	kernel_times endpoints
	echo 1 > /sys/bus/pci/rescan
	[ "$(extra_endpoints | wc -l)" = $n ] || echo "@@fig-error the rescan brought back $(extra_endpoints | wc -l) of the $n endpoints"
	kernel_times endpoints
done

# Rescans that find nothing, in a row, apart from the rounds above (the
# work a round leaves to kworkers would land in them).
sleep 1
for i in $(seq ${FIG_NOTHING:-100}); do echo 1 > /sys/bus/pci/rescan; done
[ "$(extra_endpoints | wc -l)" = $n ] || echo "@@fig-error $(extra_endpoints | wc -l) of the $n endpoints after the rescans that find nothing"
kernel_times nothing-new

# Hot-plug, the kernel's part: pciehp's calls of pci_bus_add_device() and
# pci_stop_and_remove_bus_device() for the device in the slot.  The add is
# QEMU's device_add over QMP (pciehp acts on the presence change at once);
# the removal is a write of 0 to the slot's power file, pciehp's orderly
# removal (pciehp_disable_slot(), as after the attention button, without
# the button's 5 s wait; QEMU then unplugs the device).  pciehp's fixed
# waits (link training, 1 s after powering the slot off) are outside the
# timed calls.  Writing the power file fails while pciehp still brings the
# slot up: ask again.
port=$(ls -d $SYS/* | while read d; do
	[ "$(cat $d/class)" = 0x060400 ] && echo ${d##*/}; done | tail -n 1)
slot=$(grep -l '^0000:04:00$' /sys/bus/pci/slots/*/address | sed 's|/address$||')
hp=/sys/devices/pci0000:00/$port/0000:04:00.0
[ -n "$slot" ] || echo "@@fig-error no hotplug slot for $port"
for i in $(seq ${FIG_CYCLES:-12}); do
	# A hot-add QEMU took but pciehp never saw (it happened once in
	# hundreds): scripts/figures.sh drops the boot and boots again.
	if ! pci-time exists $hp/resource2 "@@host add hp1" >/dev/null; then
		echo "@@fig-lost hp1 did not come after QEMU's device_add"
		break
	fi
	wait_for "echo 0 2>/dev/null > $slot/power" 10 || echo "@@fig-error the slot's power file refused 0"
	[ ! -e $hp ] || echo "@@fig-error hp1 still there after its slot was powered off"
	kernel_times hotplug
done
