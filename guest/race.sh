# harness=race: the host hot-added hp1 into the last root port while the
# kernel walked the boot devices (scripts/race.sh).  Check
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
# The /proc/bus/pci twin (the proc kernels of scripts/race.sh): one file a
# device, no duplicate.
n=0
for d in /sys/bus/pci/devices/*; do
	d=${d##*/}		# 0000:01:00.0 -> /proc/bus/pci/01/00.0
	b=${d#0000:}
	[ -e "/proc/bus/pci/${b%%:*}/${b#*:}" ] || { n=$((n + 1)); echo "# no /proc/bus/pci file for $d"; }
done
tap $([ "$n" = 0 ]; echo $?) "every device has its /proc/bus/pci file ($n missing)"
n=$(dmesg | grep -c "already registered")
tap $([ "$n" = 0 ]; echo $?) "the kernel log has no proc duplicate-entry warning ($n)"
