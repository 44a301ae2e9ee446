# The user mappings of a memory BAR, made through each door (resourceN,
# resourceN_wc, /dev/mem, /proc/bus/pci), across each event that changes
# or keeps the BAR (guest/pci-revoke.c): part of the guest tests, and of
# harness=changes for scripts/changes.sh's tables of the base against the
# series.  Leaves $dev, the virtio device, bound to virtio-pci.
echo "# a rescan that changes no BAR leaves mappings alone"
dev=$(devices_with_id 1b36 0005 | while read d; do [ -e $SYS/$d/resource2 ] && echo $d; done | head -n 1)
run_block revoke-rescan pci-revoke $dev 2 --rescan

echo "# revocation when the device of a mapped BAR is removed, and after it is back"
if grep -q 'revoke_removed=no' /proc/cmdline; then
	# scripts/bisect.sh, at a patch before the series revokes them
	skip_block revoke-remove "this kernel does not revoke the mappings of a removed device"
	skip_block revoke-hot-remove "this kernel does not revoke the mappings of a removed device"
else
	run_block revoke-remove pci-revoke $dev 2 --remove
	dev=$(hot_add hp1)
	run_block revoke-hot-remove pci-revoke $dev 2 --hot-remove hp1
	hot_remove hp1 $dev
fi

echo "# revocation when a mapped BAR is resized (resourceN_resize)"
dev=$(devices_with_id 1b36 0005 | while read d; do [ -e $SYS/$d/resource2_resize ] && echo $d; done | head -n 1)
if [ -z "$dev" ]; then
	# QEMU 7.2 has no device with a Resizable BAR capability: only a kernel
	# with debug/fake-rebar.patch, booted with pci_debug=rebar, has one.
	skip_block revoke-resize "no device with a Resizable BAR (debug/fake-rebar.patch, pci_debug=rebar: make changes)"
elif grep -q 'revoke_removed=no' /proc/cmdline; then
	skip_block revoke-resize "this kernel does not revoke the mappings of a resized BAR"
else
	run_block revoke-resize pci-revoke $dev 2 --resize 1
fi

echo "# revocation when a driver claims a mapped BAR"
dev=$(devices_with_id 1af4 1044 | head -n 1)
run_block revoke-driver pci-revoke $dev 4 virtio-pci
