# Print the ABI table (pci-abi) at boot and for a hot-added device, between
# markers that scripts/golden.sh cuts out of the console log.
echo "@@abi-begin boot"
pci-abi
echo "@@abi-end"
port=$(empty_root_port)
echo "@@host add hp1"
wait_for '[ -n "$(behind $port)" ]' 60
dev=$(behind $port)
wait_for "[ -e $SYS/$dev/resource2 ]" 10
echo "@@abi-begin hotplug"
pci-abi $dev
echo "@@abi-end"
echo "@@host del hp1"
wait_for '[ -z "$(behind $port)" ]' 60
