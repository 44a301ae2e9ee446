# Print the ABI table (pci-abi) at boot and for a hot-added device, between
# markers that scripts/golden.sh cuts out of the console log.
echo "@@abi-begin boot"
pci-abi
echo "@@abi-end"
dev=$(hot_add hp1)
echo "@@abi-begin hotplug"
pci-abi $dev
echo "@@abi-end"
hot_remove hp1 $dev
