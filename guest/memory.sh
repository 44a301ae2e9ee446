# harness=memory, booted with slub_debug=U: the slab memory each of the 32
# extra endpoints of scripts/figures.sh holds, by the function that
# allocated it.  Prints "@@mem FUNCTION CACHE OBJECT_BYTES OBJECTS" for every
# function and cache whose live objects removing the endpoints frees.
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
[ -d /sys/kernel/debug/slab ] || echo "@@mem-error no /sys/kernel/debug/slab: debugfs or slub_debug=U missing"

# Object sizes first: sysfs opens free their kernfs_open_node by kfree_rcu(),
# up to 5 s later, so the walks below open no sysfs file.
for c in /sys/kernel/debug/slab/*; do
	echo ${c##*/} $(cat /sys/kernel/slab/${c##*/}/object_size)
done > /tmp/object-bytes
live() {	# "cache function object_bytes objects" of every live slab object
	while read -r c b; do
		awk -v c=$c -v b=$b '$1 ~ /^[0-9]+$/ { sub(/\+.*/, "", $2); n[$2] += $1 }
			END { for (f in n) print c, f, b, n[f] }' /sys/kernel/debug/slab/$c/alloc_traces
	done < /tmp/object-bytes
}

extra=$(extra_endpoints)
echo "@@mem-devices $(echo $extra | wc -w)"
live > /tmp/warm	# the first walk allocates what the next ones reuse
sleep 6			# kfree_rcu() frees in batches, up to 5 s late
live > /tmp/before
for d in $extra; do echo 1 > $SYS/$d/remove; done
[ -z "$(extra_endpoints)" ] || echo "@@mem-error endpoints still there after remove"
sleep 6			# kernfs nodes are freed after a grace period too
live > /tmp/after
awk 'NR == FNR { a[$1 " " $2 " " $3] = $4; next }
     { k = $1 " " $2 " " $3; if ($4 > a[k]) print "@@mem", $2, $1, $3, $4 - a[k] }' \
	/tmp/after /tmp/before
