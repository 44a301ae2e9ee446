# Print the ABI tables (pci-abi) between markers that scripts/golden.sh
# cuts out of the console log: without lockdown, at boot and for a
# hot-added device; in every lockdown mode, the answers to bad input.
lock=$(lockdown_mode)
dmesg -n 1	# no kernel message between the lines of a table
if [ "$lock" = none ]; then
	echo "@@abi-begin boot"
	pci-abi
	echo "@@abi-end"
	dev=$(hot_add hp1)
	echo "@@abi-begin hotplug"
	pci-abi $dev
	echo "@@abi-end"
	hot_remove hp1 $dev
fi
echo "@@abi-begin hostile-$lock"
pci-abi --hostile
echo "@@abi-end"
