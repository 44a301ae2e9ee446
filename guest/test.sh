# The guest tests, one TAP line each (renumbered by the host).
echo "# boot: every device's BAR files"
pci-bar-files
abi_check boot

echo "# remove and rescan a device"
dev=$(devices_with_id 1b36 0005 | head -n 1)
echo 1 > $SYS/$dev/remove
tap $([ ! -e $SYS/$dev ]; echo $?) "$dev gone after remove"
echo 1 > /sys/bus/pci/rescan
wait_for "[ -e $SYS/$dev/resource0 ]" 10
tap $? "$dev back after rescan"
pci-bar-files $dev
abi_check boot

echo "# hotplug over QMP"
port=$(empty_root_port)
echo "@@host add hp1"
wait_for '[ -n "$(behind $port)" ]' 60
tap $? "hot-added device appears behind $port"
dev=$(behind $port)
wait_for "[ -e $SYS/$dev/resource2 ]" 10
pci-bar-files $dev
abi_check hotplug $dev
echo "@@host del hp1"
wait_for '[ -z "$(behind $port)" ]' 60
tap $? "hot-removed device $dev is gone"
tap $([ ! -e $SYS/$dev ]; echo $?) "no sysfs left for $dev"

echo "# revocation when a driver claims a mapped BAR"
dev=$(devices_with_id 1af4 1044 | head -n 1)
pci-revoke $dev 4 virtio-pci
