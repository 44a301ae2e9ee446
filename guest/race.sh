# harness=race: the host hot-added hp1 into the last root port while the
# kernel created the files of the boot devices (scripts/race.sh).  Check
# that the hot-added device and every boot device have all their files.
port=$(ls -d /sys/bus/pci/devices/* | while read d; do
	[ "$(cat $d/class)" = 0x060400 ] && echo ${d##*/}; done | tail -n 1)
wait_for '[ -n "$(behind $port)" ]' 30
dev=$(behind $port)
tap $([ -n "$dev" ]; echo $?) "a device was hot-added behind $port during boot"
# Both tables list the boot devices and, apart, the hot-added one.
pci-abi | grep -v "^$dev " > /tmp/abi.txt
diff -u /harness/abi-boot.txt /tmp/abi.txt > /tmp/abi.diff
tap $? "boot devices: BAR file ABI identical to the unpatched base"
sed 's/^/# /' /tmp/abi.diff | head -n 20
abi_check hotplug $dev
n=$(dmesg | grep -c "cannot create duplicate filename")
tap $([ "$n" = 0 ]; echo $?) "the kernel log has no sysfs duplicate-file error ($n)"
