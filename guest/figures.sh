# harness=figures: print "@@fig NAME VALUE" lines for scripts/figures.sh.
# The host added 32 extra endpoints at 00:08.0-00:0b.7 to the matrix.
echo "@@fig boot-to-init-ms $(awk '{ printf "%d", $1 * 1000 }' /proc/uptime)"
extra=$(extra_endpoints)
n=$(echo $extra | wc -w)
echo "@@fig extra-endpoints $n"
us() { sed -n 's/^@@us //p'; }

# Each step checks that it did what it times: "@@fig-error" fails the run.
t=$(pci-time run sh -c 'for d; do echo 1 > /sys/bus/pci/devices/$d/remove; done' sh $extra | us)
[ -z "$(extra_endpoints)" ] || echo "@@fig-error $(extra_endpoints | wc -l) of the $n endpoints still there after remove"
echo "@@fig remove-us-per-device $((t / n))"
t=$(pci-time run sh -c 'echo 1 > /sys/bus/pci/rescan' | us)
[ "$(extra_endpoints | wc -l)" = $n ] || echo "@@fig-error the rescan brought back $(extra_endpoints | wc -l) of the $n endpoints"
echo "@@fig rescan-us-per-device $((t / n))"
t=$(pci-time run sh -c 'echo 1 > /sys/bus/pci/rescan' | us)
echo "@@fig rescan-finding-nothing-us $t"
echo "@@fig bar-files $(ls $SYS/*/resource[0-5] $SYS/*/resource[0-5]_wc 2>/dev/null | wc -l)"

port=$(ls -d $SYS/* | while read d; do
	[ "$(cat $d/class)" = 0x060400 ] && echo ${d##*/}; done | tail -n 1)
for i in $(seq ${CYCLES:-5}); do
	t=$(pci-time exists /sys/devices/pci0000:00/$port/0000:04:00.0/resource2 "@@host add hp1" | us)
	echo "@@fig hotadd-to-files-us $t"
	t=$(pci-time gone /sys/devices/pci0000:00/$port/0000:04:00.0 "@@host del hp1" | us)
	echo "@@fig hotremove-to-gone-us $t"
done
