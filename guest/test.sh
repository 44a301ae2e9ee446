# The guest tests, in blocks the host checks against their plans
# (guest/lib.sh).  pci_bar_files is the series' kselftest
# (tools/testing/selftests/pci/); the guest's devices are test devices,
# whose I/O ports it may read.
export PCI_BAR_FILES_READ_PORTS=1
echo "# boot: every device's BAR files, and their ABI against the base"
run_block kselftest-boot /kselftest/run_kselftest.sh -c pci
begin abi-boot
abi_check boot
abi_check hostile-none --hostile
end

echo "# remove and rescan a device"
begin remove-rescan
dev=$(devices_with_id 1b36 0005 | head -n 1)
echo 1 > $SYS/$dev/remove
tap $([ ! -e $SYS/$dev ]; echo $?) "$dev gone after remove"
echo 1 > /sys/bus/pci/rescan
wait_added $dev 10
tap $? "$dev back after rescan"
abi_check boot
end
run_block kselftest-rescanned env PCI_BAR_FILES_DEVICES=$dev pci_bar_files

echo "# hotplug over QMP"
begin hotplug
dev=$(hot_add hp1)
tap $? "hot-added device ${dev:-(none)} appears with its BAR files"
abi_check hotplug $dev
end
run_block kselftest-hotplug env PCI_BAR_FILES_DEVICES=$dev pci_bar_files

begin hot-remove
hot_remove hp1 $dev
tap $? "hot-removed device $dev is gone"
end

# The kselftest where it cannot test: skipped, never failed. As an
# unprivileged user, what needs root is skipped (the legacy case, which
# only looks at files, still runs); with no PCI bus to be seen (its sysfs
# directories hidden in a mount namespace), every case is skipped.
begin kselftest-skips
# ksft_count OUTPUT: "SKIPPED PASSED FAILED", from its TAP result lines
ksft_count() {
	echo "$(echo "$1" | grep -c '^ok [0-9]* .*# SKIP')" \
	     "$(echo "$1" | grep '^ok [0-9]* ' | grep -vc '# SKIP')" \
	     "$(echo "$1" | grep -c '^not ok')"
}
tap $([ "$(as-nobody id -u)" = 65534 ]; echo $?) "as-nobody runs as uid $(as-nobody id -u)"
out=$(as-nobody pci_bar_files 2>&1); rc=$?
set -- $(ksft_count "$out")
root=$(echo "$out" | grep -c '^ok [0-9]* .*# SKIP needs root')
tap $([ "$root" -gt 0 ] && [ "$3" = 0 ] && [ $rc = 0 ]; echo $?) \
	"pci_bar_files as uid 65534: $1 skipped ($root needing root), $2 passed, $3 failed, exit $rc"
mkdir -p /tmp/no-pci
out=$(unshare -m sh -c 'mount --bind /tmp/no-pci /sys/bus/pci &&
	mount --bind /tmp/no-pci /sys/class/pci_bus && exec pci_bar_files' 2>&1); rc=$?
set -- $(ksft_count "$out")
tap $([ "$1" -gt 0 ] && [ "$2" = 0 ] && [ "$3" = 0 ] && [ $rc = 0 ]; echo $?) \
	"pci_bar_files with no PCI bus in sight: $1 skipped, $2 passed, $3 failed, exit $rc"
end

cycles=${CYCLES:-5}
echo "# $cycles remove/rescan and $cycles hotplug cycles while 2 readers map every file"
begin cycles
readers_start
dev=$(devices_with_id 1b36 0005 | head -n 1)
rescan_cycles $dev $cycles
tap $? "$dev removed and rescanned $cycles times under readers"
hotplug_cycles hp1 $cycles
tap $? "hp1 hot-added and hot-removed $cycles times under readers"
readers_stop
abi_check boot
dev=$(hot_add hp1)
abi_check hotplug $dev
hot_remove hp1 $dev
end

. /harness/revoke.sh
