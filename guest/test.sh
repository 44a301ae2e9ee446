# The guest tests, one TAP line each (renumbered by the host).  pci_bar_files
# is the series' kselftest (tools/testing/selftests/pci/).
echo "# boot: every device's BAR files, and their ABI against the base"
pci_bar_files
abi_check boot
abi_check hostile-none --hostile

echo "# remove and rescan a device"
dev=$(devices_with_id 1b36 0005 | head -n 1)
echo 1 > $SYS/$dev/remove
tap $([ ! -e $SYS/$dev ]; echo $?) "$dev gone after remove"
echo 1 > /sys/bus/pci/rescan
wait_for "[ -e $SYS/$dev/resource0 ]" 10
tap $? "$dev back after rescan"
pci_bar_files $dev
abi_check boot

echo "# hotplug over QMP"
dev=$(hot_add hp1)
tap $? "hot-added device ${dev:-(none)} appears with its BAR files"
pci_bar_files $dev
abi_check hotplug $dev
hot_remove hp1 $dev
tap $? "hot-removed device $dev is gone"

cycles=${CYCLES:-5}
echo "# $cycles remove/rescan and $cycles hotplug cycles while 2 readers map every file"
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

echo "# a rescan that changes no BAR leaves mappings alone"
dev=$(devices_with_id 1b36 0005 | while read d; do [ -e $SYS/$d/resource2 ] && echo $d; done | head -n 1)
pci-revoke $dev 2 --rescan || [ $? = 1 ] || tap 1 "pci-revoke could not map BAR 2 of ${dev:-(none)}"

echo "# revocation when a driver claims a mapped BAR"
dev=$(devices_with_id 1af4 1044 | head -n 1)
pci-revoke $dev 4 virtio-pci || [ $? = 1 ] || tap 1 "pci-revoke could not map BAR 4 of ${dev:-(none)}"
echo $dev > $SYS/$dev/driver/unbind
pci_bar_files --revoke $dev virtio-pci 4
