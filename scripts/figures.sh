#!/usr/bin/env bash
# The figures of the cover letter, base and series side by side in one run.
# Timing, where the series changes it, inside the kernel: both kernels are
# built with debug/time-pci-core.patch, which logs the duration of each
# call of pci_bus_add_device(), pci_stop_and_remove_bus_device() and
# pci_rescan_bus() on the guest's clock.  That clock counts instructions:
# QEMU runs with -icount shift=FIG_ICOUNT (default 3), so the guest's time
# advances 2**FIG_ICOUNT ns a guest instruction, and a call's duration is
# the instructions the kernel executed in it (with the interrupts that
# landed in it), whatever the host did meanwhile.  Under TCG the host's
# time of a call measures the host (its caches, its other threads, how
# slowly QEMU emulates a config access) more than the kernel: two runs
# disagreed on which kernel was faster.  FIG_ICOUNT= (empty) times on the
# host's clock instead.  Each kernel boots FIG_BOOTS times (default 6,
# alternating) with the device matrix plus 32 endpoints; each boot
# (guest/figures.sh) removes and rescans the 32 endpoints FIG_REPS times
# (default 15), rescans FIG_NOTHING times in a row finding nothing
# (default 100), and hot-adds a device over QMP and removes it through its
# slot's power file FIG_CYCLES times (default 12).  Each timing row takes
# a value a boot, the median of its calls, and gives the ratio series/base
# and its 95% interval from the spread between boots (scripts/ratio-ci.py
# says why), and "no measurable difference" when the interval holds 1.0.
# A boot is dropped and booted again, up to FIG_RETRIES times (default 2)
# in a row, when its guest lost a timer interrupt (scripts/qemu-run.py
# exits 3: RCU reports it, a vCPU idle under TCG that never wakes, after
# which the guest waits for ever and its times mean nothing) or its
# hot-added device never reached the kernel (QEMU took the device_add,
# pciehp never saw the slot change); the table says how many were.
# Memory: the slab bytes a device holds, sizeof(struct pci_dev) and
# struct pci_bus (each kernel logs its own, debug/time-pci-core.patch: a
# probe compiled here against the worktree of the last build, as before,
# gave the series' sizes for both); then the allocating functions whose
# bytes per device differ.
. "$(dirname "$0")/lib.sh"

boots=${FIG_BOOTS:-6} icount=${FIG_ICOUNT-3} reps=${FIG_REPS:-15} nothing=${FIG_NOTHING:-100} cycles=${FIG_CYCLES:-12} retries=${FIG_RETRIES:-2}
[[ $retries =~ ^[0-9]+$ ]] || die "FIG_RETRIES must be a number, not '$retries'"
[[ $boots =~ ^[1-9][0-9]*$ ]] || die "FIG_BOOTS must be a positive number, not '$boots'"
[[ $reps =~ ^[1-9][0-9]*$ ]] || die "FIG_REPS must be a positive number, not '$reps'"
[[ $nothing =~ ^[1-9][0-9]*$ ]] || die "FIG_NOTHING must be a positive number, not '$nothing'"
[[ $cycles =~ ^[1-9][0-9]*$ ]] || die "FIG_CYCLES must be a positive number, not '$cycles'"
[[ $icount =~ ^([0-9]|10)?$ ]] || die "FIG_ICOUNT must be a shift from 0 to 10, or empty for the host's clock, not '$icount'"
"$TOP/scripts/build-at.sh" base kernel-fig-base "$TOP/debug/time-pci-core.patch"
"$TOP/scripts/build-at.sh" series kernel-fig-series "$TOP/debug/time-pci-core.patch"

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

declare -A kout=([base]=$BUILD/kernel-fig-base [series]=$BUILD/kernel-fig-series)
for k in base series; do : > "$BUILD/figures-$k.txt"; done
: > "$BUILD/figures-times.txt"
: > "$BUILD/figures-dropped.txt"
rm -f "$BUILD"/figures-*.log.dropped-*
for i in $(seq "$boots"); do
	for k in base series; do
		log=$BUILD/figures-$k-$i.log
		# loglevel=5: the timing lines go to the kernel's log only, not
		# to the serial console, which would slow down the calls around.
		for try in $(seq 0 "$retries"); do
			rc=0 why=
			KOUT=${kout[$k]} GUEST_DEVICES=$matrix GUEST_ICOUNT=$icount \
				GUEST_APPEND="slab_nomerge loglevel=5 FIG_REPS=$reps FIG_NOTHING=$nothing FIG_CYCLES=$cycles" \
				GUEST_LOG=$log GUEST_TAP=$BUILD/figures-$k.tap GUEST_TIMEOUT=1200 \
				"$TOP/scripts/guest.sh" figures >/dev/null 2>&1 || rc=$?
			if [ $rc = 3 ]; then
				why="lost a timer interrupt: $(grep -m1 "timer wakeup didn't happen" "$log")"
			elif [ $rc = 0 ] && grep -q '^@@fig-lost' "$log"; then
				why="$(grep -m1 '^@@fig-lost' "$log")"
			else
				break
			fi
			mv "$log" "$log.dropped-$try"
			echo "$k boot $i: $why" >> "$BUILD/figures-dropped.txt"
			step "$k boot $i dropped, its times mean nothing ($why); log: $log.dropped-$try"
		done
		[ -z "$why" ] || die "the $k guest was dropped $((retries + 1)) times in a row; logs: $log.dropped-*"
		[ $rc = 0 ] || die "the $k guest failed to measure; log: $log"
		grep '^@@fig-error' "$log" >&2 && die "the $k guest did not do what it measures; log: $log"
		sed -n 's/^@@fig //p' "$log" >> "$BUILD/figures-$k.txt"
		sed -n "s/^@@kt \\([^ ]*\\) \\([^ ]*\\) \\([0-9]*\\)$/$k $i \\1-\\2 \\3/p" "$log" >> "$BUILD/figures-times.txt"
		step "$k boot $i measured: $(grep -c "^$k $i " "$BUILD/figures-times.txt") timed calls"
	done
done

# Memory: one more boot of each kernel, with slub_debug=U (slower, so apart
# from the timed boots), removes the 32 endpoints and prints the slab objects
# that frees, by allocating function (guest/memory.sh).  Counted: what each
# device holds, at least one object per device (less: the guest's own
# processes, ACPI).  The functions are sorted by the file that defines them,
# from each build's objects.
defined_in() {	# defined_in OBJECT...: the functions the objects define
	nm --defined-only "$@" | awk '$2 ~ /^[tT]$/ { print $3 }'
}
for k in base series; do
	log=$BUILD/figures-$k-memory.log
	KOUT=${kout[$k]} GUEST_DEVICES=$matrix GUEST_APPEND="slub_debug=U slab_nomerge" GUEST_LOG=$log \
		GUEST_TAP=$BUILD/figures-$k.tap GUEST_TIMEOUT=900 "$TOP/scripts/guest.sh" memory >/dev/null 2>&1 ||
		die "the $k guest failed to count memory; log: $log"
	grep '^@@mem-error' "$log" >&2 && die "the $k guest could not count memory; log: $log"
	n=$(sed -n 's/^@@mem-devices //p' "$log")
	[ "${n:-0}" -gt 0 ] || die "the $k guest removed no endpoint; log: $log"
	# "function cache bytes-per-device objects-per-device"
	sed -n 's/^@@mem //p' "$log" | awk -v n="$n" '{ print $1, $2, $3 * $4 / n, $4 / n }' \
		> "$BUILD/memory-$k.txt"
	defined_in "${kout[$k]}"/drivers/pci/pci-sysfs.o > "$BUILD/memory-$k-pci-sysfs.txt"
	defined_in "${kout[$k]}"/fs/{kernfs,sysfs}/*.o > "$BUILD/memory-$k-kernfs.txt"
	step "$k memory counted"
done
# What a device holds: the functions and caches where either kernel frees at
# least one object a device (less: the guest's own processes, ACPI).
awk '{ if ($4 >= 1) print $1, $2 }' "$BUILD"/memory-{base,series}.txt | sort -u > "$BUILD/memory-held.txt"
for k in base series; do
	awk 'FNR == 1 { file++ } file == 1 { p[$1]; next } file == 2 { f[$1]; next }
	     file == 3 { held[$1 " " $2]; next }
	     (($1 " " $2) in held) { all += $3; if ($1 in p) pci += $3; if ($1 in f) kernfs += $3 }
	     END { printf "slab-bytes-per-device %d\n", all
		   printf "slab-bytes-per-device-from-pci-sysfs.c %d\n", pci
		   printf "slab-bytes-per-device-from-kernfs %d\n", kernfs }' \
		"$BUILD/memory-$k-pci-sysfs.txt" "$BUILD/memory-$k-kernfs.txt" "$BUILD/memory-held.txt" \
		"$BUILD/memory-$k.txt" >> "$BUILD/figures-$k.txt"
done

stats() {	# stats K NAME: "median min-max" of NAME's values for kernel K
	awk -v n="$2" '$1 == n { print $2 }' "$BUILD/figures-$1.txt" | sort -n |
		awk '{ v[NR] = $1 } END { if (!NR) { print "- -"; exit }
		     printf "%d %d-%d\n", v[int((NR + 1) / 2)], v[1], v[NR] }'
}
python3 "$TOP/scripts/ratio-ci.py" ${icount:+--icount "$icount"} < "$BUILD/figures-times.txt"
echo "($boots boots of each kernel, alternating, each: $reps rounds of remove/rescan of 32 endpoints,"
echo " $nothing rescans that find nothing, $cycles hot-adds over QMP and hot-removes through the slot's power file;"
echo " $(grep -c . "$BUILD/figures-dropped.txt") boots dropped and booted again: build/figures-dropped.txt;"
[ -z "$icount" ] || echo " the guest's clock: QEMU's -icount shift=$icount, $((1 << icount)) ns a guest instruction;"
echo " a call: add = pci_bus_add_device(), remove = pci_stop_and_remove_bus_device(), rescan = pci_rescan_bus())"
echo
printf '%-38s %12s %19s %12s %19s %7s\n' figure base "base min-max" series "series min-max" ratio
for name in $(awk '{ print $1 }' "$BUILD/figures-series.txt" | awk '!seen[$0]++'); do
	read -r bm br < <(stats base "$name")
	read -r sm sr < <(stats series "$name")
	ratio=$(awk -v b="$bm" -v s="$sm" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2f", s / b }')
	printf '%-38s %12s %19s %12s %19s %7s\n' "$name" "$bm" "$br" "$sm" "$sr" "$ratio"
done
echo "(slab bytes from one slub_debug=U boot of each: the objects that removing the 32 endpoints frees)"
echo
echo "Slab bytes (objects) per device that differ, by allocating function:"
printf '%-36s %-18s %14s %14s\n' function cache base series
awk 'FNR == 1 { file++ } file == 1 { held[$1 " " $2]; next }
     { v = sprintf("%d (%.3g)", $3, $4) }
     file == 2 { b[$1 " " $2] = v; next } { s[$1 " " $2] = v }
     END { for (k in held) { if (!(k in b)) b[k] = 0; if (!(k in s)) s[k] = 0
		if (s[k] != b[k]) { split(k, f, " "); printf "%-36s %-18s %14s %14s\n", f[1], f[2], b[k], s[k] } } }' \
	"$BUILD/memory-held.txt" "$BUILD/memory-base.txt" "$BUILD/memory-series.txt" | sort -k3,3nr
