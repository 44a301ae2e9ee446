# harness=stress (scripts/stress.sh, on the debug kernel): CYCLES remove/
# rescan and hotplug cycles while two readers map every file and a third
# process binds and unbinds virtio-pci; then a kmemleak scan.  KASAN,
# lockdep and WARN reports reach the console, where the host counts them.
cycles=${CYCLES:-20}
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
rng=$(devices_with_id 1af4 1044 | head -n 1)
readers_start
( while [ ! -e /tmp/readers.stop ]; do
	echo $rng > /sys/bus/pci/drivers/virtio-pci/unbind 2>/dev/null
	echo $rng > /sys/bus/pci/drivers/virtio-pci/bind 2>/dev/null
done ) &
dev=$(devices_with_id 1b36 0005 | head -n 1)
rescan_cycles $dev $cycles && hotplug_cycles hp1 $cycles
tap $? "$cycles remove/rescan and hotplug cycles under readers and bind/unbind"
readers_stop
abi_check boot
# Objects freed late (DEBUG_KOBJECT_RELEASE delays releases by up to 4 s)
# must not count as leaks: wait, then scan twice.
sleep 10
echo scan > /sys/kernel/debug/kmemleak
sleep 5
echo scan > /sys/kernel/debug/kmemleak
n=$(grep -c "^unreferenced object" /sys/kernel/debug/kmemleak)
tap $([ "$n" = 0 ]; echo $?) "kmemleak: $n suspected leaks"
head -n 40 /sys/kernel/debug/kmemleak
