# What the series looks like to a person: each device's BAR files next to
# lspci's view, a hot-add and hot-remove, and a mapping being revoked.
show() {
	echo
	echo "=== $(lspci -s $1 2>/dev/null)"
	lspci -vvv -s $1 2>/dev/null | grep -E "Region|Expansion ROM" | sed 's/^\t*/    lspci: /'
	pci-abi $1 | awk '{ printf "    sysfs: %-14s mode %s  %10d bytes\n", $2, $3, $4 }'
}

echo "##### BAR files of every PCI device at boot"
for d in $SYS/*; do show ${d##*/}; done

echo
echo "##### Hot-add of a device into an empty root port (QMP device_add)"
dev=$(hot_add hp1)
show $dev
echo
echo "##### Hot-remove (QMP device_del)"
hot_remove hp1 $dev
echo "    $dev: $(ls $SYS/$dev 2>&1)"

echo
echo "##### A mapping of a BAR is revoked when its driver claims it"
run_block revoke pci-revoke $(devices_with_id 1af4 1044 | head -n 1) 4 virtio-pci
