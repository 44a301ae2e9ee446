#!/usr/bin/env bash
# The figures of the cover letter, base and series side by side in one run:
# each kernel boots FIG_BOOTS times (default 3, alternating) with the device
# matrix plus 32 endpoints, and measures (guest/figures.sh) boot to init,
# remove and rescan time a device, kmalloc-96 objects in use (where 6.12's
# by-hand BAR attributes live), and QMP hot-add to files / hot-remove to
# gone, CYCLES (5) each boot (pciehp waits 5 s after the attention button
# to power a slot off); plus sizeof(struct pci_dev) and struct pci_bus.  Prints
# one table: median and min-max of each kernel, and the series/base ratio.
. "$(dirname "$0")/lib.sh"

boots=${FIG_BOOTS:-3}
[[ $boots =~ ^[1-9][0-9]*$ ]] || die "FIG_BOOTS must be a positive number, not '$boots'"
[ -f "$KOUT/arch/x86/boot/bzImage" ] || die "no kernel in $KOUT: run scripts/build.sh first"
"$TOP/scripts/build-base.sh"
"$TOP/scripts/initramfs.sh"

matrix=$BUILD/figures-devices.txt
{
	cat "$TOP/config/devices.txt"
	echo "# scripts/figures.sh: 32 endpoints more (memory and rescan figures)"
	for slot in 8 9 a b; do
		for fn in 0 1 2 3 4 5 6 7; do
			echo "boot pci-testdev,bus=pcie.0,addr=0x$slot.$fn,multifunction=on,membar=1M"
		done
	done
} > "$matrix"

declare -A kout=([base]=$BUILD/kernel-base [series]=$KOUT)
for k in base series; do : > "$BUILD/figures-$k.txt"; done
for i in $(seq "$boots"); do
	for k in base series; do
		log=$BUILD/figures-$k-$i.log
		"$TOP/scripts/qemu-run.py" --kernel "${kout[$k]}/arch/x86/boot/bzImage" \
			--initrd "$BUILD/initramfs.cpio.gz" --devices "$matrix" \
			--append "harness=figures slab_nomerge" --log "$log" --timeout 600 >/dev/null 2>&1 ||
			die "the $k guest failed to measure; log: $log"
		sed -n 's/^@@fig //p' "$log" >> "$BUILD/figures-$k.txt"
		step "$k boot $i measured"
	done
done

# sizeof() of the structures, compiled with each tree's own flags.
sizes() {	# sizes KOUT: "name bytes" of struct pci_dev and struct pci_bus
	local t cmd
	t=$(mktemp -d)
	printf '#include <linux/pci.h>\nchar pci_dev_bytes[sizeof(struct pci_dev)];\nchar pci_bus_bytes[sizeof(struct pci_bus)];\n' > "$t/s.c"
	cmd=$(sed -n 's/^savedcmd_drivers\/pci\/bus.o := //p' "$1/drivers/pci/.bus.o.cmd" |
		sed "s|-Wp,-MMD,[^ ]*||; s|-o drivers/pci/bus.o|-o $t/s.o|; s|[^ ]*drivers/pci/bus.c|$t/s.c|; s|-D[_A-Z]*KBUILD_[A-Z]*=[^ ]*||g")
	(cd "$1" && eval "$cmd") || die "cannot compile the sizeof probe in $1"
	nm -S "$t/s.o" | while read -r _ size _ name; do echo "sizeof-$name $((16#$size))"; done
	rm -rf "$t"
}
for k in base series; do sizes "${kout[$k]}" >> "$BUILD/figures-$k.txt"; done

stats() {	# stats K NAME: "median min-max" of NAME's values for kernel K
	awk -v n="$2" '$1 == n { print $2 }' "$BUILD/figures-$1.txt" | sort -n |
		awk '{ v[NR] = $1 } END { if (!NR) { print "- -"; exit }
		     printf "%d %d-%d\n", v[int((NR + 1) / 2)], v[1], v[NR] }'
}
printf '%-38s %12s %19s %12s %19s %7s\n' figure base "base min-max" series "series min-max" ratio
for name in $(awk '{ print $1 }' "$BUILD/figures-series.txt" | awk '!seen[$0]++'); do
	read -r bm br < <(stats base "$name")
	read -r sm sr < <(stats series "$name")
	ratio=$(awk -v b="$bm" -v s="$sm" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2f", s / b }')
	printf '%-38s %12s %19s %12s %19s %7s\n' "$name" "$bm" "$br" "$sm" "$sr" "$ratio"
done
echo "($boots boots of each kernel, alternating; per-device times over the 32 extra endpoints, in us unless named ms)"
