# harness=stress (scripts/stress.sh, on a debug kernel: KASAN, lockdep,
# kmemleak, the update windows of debug/ and a fake Resizable BAR): every
# path that changes a device's BAR files at once, CYCLES hot-add/hot-remove
# cycles long:
#   - resize: BAR 2 of the pci-testdev behind rp1 through resource2_resize,
#     1, 2, 4 MB in turn (debug/fake-rebar.patch: QEMU 7.2 has no device
#     with the capability); each write releases, resizes and assigns the
#     BARs of its bus and updates the files;
#   - remove and rescan: the e1000e removed, the whole machine rescanned
#     (which assigns every bus, the resized device's too, and syncs files);
#   - hotplug: the matrix's hp1 hot-added and hot-removed over QMP (pciehp;
#     HOTPLUG=no: 15 s a cycle without it, for lockdep, which pciehp's own
#     report at the first hot-add turns off);
#   - bind/unbind: virtio-pci on the virtio-rng;
#   - two readers mapping every BAR, rom and config file.
# Then, settled: every device's BAR files are those its BARs call for,
# and a kmemleak scan.  KASAN, lockdep, WARN and sysfs's "duplicate
# filename" reach the console, where the host counts them.
cycles=${CYCLES:-20}
memory() {	# memory WHEN: a line of /proc/meminfo's totals, with builtins only
	# (no fork: it still prints when nothing else can start)
	local line="# memory $1:" k v u
	while read -r k v u; do
		case $k in MemFree:|MemAvailable:|Slab:|SUnreclaim:) line="$line $k $v" ;; esac
	done < /proc/meminfo
	echo "$line"
}
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
rsz=$(behind $(devices_with_id 1b36 000c | head -n 1))	# behind rp1
nic=$(devices_with_id 8086 10d3 | head -n 1)
rng=$(devices_with_id 1af4 1044 | head -n 1)
port=$(empty_root_port)	# before the NIC's own port is ever empty
echo "# resize $rsz, remove/rescan $nic, bind/unbind $rng, hotplug hp1 into $port"
[ -e $SYS/$rsz/resource2_resize ]
tap $? "$rsz has resource2_resize (pci_debug=rebar)"
readers_start
( while [ ! -e /tmp/readers.stop ]; do
	echo $rng > /sys/bus/pci/drivers/virtio-pci/unbind 2>/dev/null
	echo $rng > /sys/bus/pci/drivers/virtio-pci/bind 2>/dev/null
done ) &
( n=0 ok=0
while [ ! -e /tmp/readers.stop ]; do
	echo $((n % 3)) > $SYS/$rsz/resource2_resize 2>/dev/null && ok=$((ok + 1))
	n=$((n + 1))
done
echo "# resize: $n writes, $ok succeeded" ) &
( n=0
while [ ! -e /tmp/readers.stop ]; do
	echo 1 > $SYS/$nic/remove 2>/dev/null
	echo 1 > /sys/bus/pci/rescan
	n=$((n + 1))
	[ $((n % 20)) != 0 ] || memory "remove/rescan $n"
done
echo "# remove/rescan: $n cycles" ) &
done=0
for i in $(seq $cycles); do
	memory "cycle $i"
	if [ "${HOTPLUG:-yes}" = no ]; then
		sleep 15	# lockdep stays on: pciehp's own report turns it off
	else
		hp=$(hot_add hp1 $port) && hot_remove hp1 $hp || break
	fi
	done=$i
done
[ $done = $cycles ]
tap $? "$cycles ${HOTPLUG:+(HOTPLUG=$HOTPLUG) }hotplug cycles ($done done) beside resize, remove/rescan, bind/unbind and readers"
readers_stop
# Settle: 1 MB again, the NIC back, nothing left running.
echo 0 > $SYS/$rsz/resource2_resize
echo 1 > /sys/bus/pci/rescan
wait_added $nic 30
tap $? "$nic is back after a last rescan"
bad=0
for d in $(ls $SYS); do
	what=$(bar_files_against_bars $d)
	[ -z "$what" ] || { echo "# $d: $what"; bad=$((bad + 1)); }
done
tap $bad "every device's BAR files are those its BARs call for ($bad devices differ)"
# Objects freed late (DEBUG_KOBJECT_RELEASE delays releases by up to 4 s)
# must not count as leaks: wait, then scan twice.
sleep 10
echo scan > /sys/kernel/debug/kmemleak
sleep 5
echo scan > /sys/kernel/debug/kmemleak
n=$(grep -c "^unreferenced object" /sys/kernel/debug/kmemleak)
tap $([ "$n" = 0 ]; echo $?) "kmemleak: $n suspected leaks"
head -n 40 /sys/kernel/debug/kmemleak
