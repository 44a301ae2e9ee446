# harness=figures: print "@@fig NAME VALUE" lines for scripts/figures.sh.
# The host added 32 extra endpoints at 00:08.0-00:0b.7 to the matrix.
echo "@@fig boot-to-init-ms $(awk '{ printf "%d", $1 * 1000 }' /proc/uptime)"
extra=$(ls $SYS | grep '^0000:00:0[89ab]\.')
n=$(echo $extra | wc -w)
echo "@@fig extra-endpoints $n"
# Bytes in the slab caches (objects in use times object size), kmalloc
# caches alone, and kernfs nodes (one a sysfs file or directory).
slab() { awk 'NR > 2 { s += $2 * $4 } END { print s }' /proc/slabinfo; }
kmalloc() { awk '$1 ~ /^kmalloc-/ { s += $2 * $4 } END { print s }' /proc/slabinfo; }
kernfs() { awk '$1 == "kernfs_node_cache" { print $2 }' /proc/slabinfo; }
settle() { sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1; }
us() { sed -n 's/^@@us //p'; }

settle
s0=$(slab) k0=$(kmalloc) f0=$(kernfs)
t=$(pci-time run sh -c "for d in $extra; do echo 1 > $SYS/\$d/remove; done" | us)
echo "@@fig remove-us-per-device $((t / n))"
settle
s1=$(slab) k1=$(kmalloc) f1=$(kernfs)
t=$(pci-time run sh -c 'echo 1 > /sys/bus/pci/rescan' | us)
echo "@@fig rescan-us-per-device $((t / n))"
settle
s2=$(slab) k2=$(kmalloc) f2=$(kernfs)
echo "@@fig slab-bytes-per-device $(((s2 - s1) / n))"
echo "@@fig kmalloc-bytes-per-device $(((k2 - k1) / n))"
echo "@@fig kernfs-nodes-per-device $(((f2 - f1) / n))"
echo "@@fig slab-bytes-freed-per-removed-device $(((s0 - s1) / n))"

port=$(ls -d $SYS/* | while read d; do
	[ "$(cat $d/class)" = 0x060400 ] && echo ${d##*/}; done | tail -n 1)
for i in $(seq ${CYCLES:-5}); do
	t=$(pci-time exists /sys/devices/pci0000:00/$port/0000:04:00.0/resource2 "@@host add hp1" | us)
	echo "@@fig hotadd-to-files-us $t"
	t=$(pci-time gone /sys/devices/pci0000:00/$port/0000:04:00.0 "@@host del hp1" | us)
	echo "@@fig hotremove-to-gone-us $t"
done
