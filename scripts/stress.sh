#!/usr/bin/env bash
# Stress under the kernel's checkers (make stress): the unpatched base, v1
# of the series and the series, each built with config/debug.config (KASAN,
# lockdep, kmemleak, DEBUG_KOBJECT_RELEASE), debug/switch.patch, the fake
# Resizable BAR of debug/fake-rebar.patch and, for v1 and the series, the
# windows that widen their BAR-file updates (debug/v1-window-update.patch,
# debug/window-bar-files-update.patch), into build/kernel-stress-KERNEL;
# each booted with those switches on in harness=stress (guest/stress.sh:
# resize, remove/rescan, hotplug, bind/unbind and readers at once, CYCLES
# hotplug cycles long, then a check that every device's BAR files are
# those its BARs call for, and kmemleak).  Prints the reports counted in
# each log side by side.
#   stress.sh [KERNEL...]   base, v1 and/or series (all three by default)
# A guest that prints nothing for GUEST_QUIET seconds (120) is stuck: QEMU's
# monitor dumps its vCPUs into the log three times, GUEST_QUIET apart, and
# the run stops (scripts/qemu-run.py --quiet; nokaslr: its RIPs are those
# of System.map).  After an Oops the kernel's hung-task detector is silent
# (TAINT_DIE): a task that died holding pci_rescan_remove_lock stops every
# rescan without a report.
# A boot whose kernel is tainted before its first line about PCI, with
# lock debugging turned off by it, is booted again, up to twice (a
# "dropped:" line under the table).
# Fails if the series' log has a report the base's has not (compared by
# their first line, less CPU, PID, times and offsets; the base is needed
# for that), or a "duplicate filename", a failed update of BAR files or a
# failed guest check; and if v1, run beside it, shows none of those: a
# stress that v1 passes cannot tell the two apart.  Logs:
# build/kernel-stress-KERNEL-guest.log, TAP build/stress-KERNEL.tap.
. "$(dirname "$0")/lib.sh"

kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || kernels=(base v1 series)
cycles=${CYCLES:-20}
# HOTPLUG=no: no hot-add/hot-remove.  pciehp's own lockdep report (its
# reset_lock against the rescan/remove lock, the base has it too) comes at
# the first hot-add, and lockdep turns itself off after its first report:
# without hotplug it watches the whole run.
d=$TOP/debug
for kernel in "${kernels[@]}"; do
	case $kernel in
	base) window=() ;;
	v1) window=("$d/v1-window-update.patch") ;;
	series) window=("$d/window-bar-files-update.patch") ;;
	*) die "usage: stress.sh [base|v1|series]..." ;;
	esac
	"$TOP/scripts/build-at.sh" "$kernel" "kernel-stress-$kernel" "$d/switch.patch" \
		"${window[@]}" "$d/fake-rebar.patch" "$TOP/config/debug.config"
done

reports='blocked for more than|soft lockup|BUG: KASAN|possible (circular|recursive) locking|lock held when returning|inconsistent lock state|suspicious RCU|WARNING:|BUG:|Oops|Kernel panic|^unreferenced object|duplicate filename|failed to update its (BAR|resource) files'
# early_taint LOG: the first report of a kernel tainted before its first
# line about PCI (the boot CPU's own start, no PCI code run yet), when that
# taint turned lock debugging off: such a boot watches nothing with
# lockdep, and its reports say nothing of the stress.  (Seen once on the
# base: "BUG: KASAN: wild-memory-access in do_raw_spin_lock" from an
# interrupt during identify_cpu() in start_kernel().)
early_taint() {
	awk '/^(pci|PCI)[ :]/ { exit }
	     !first && /BUG:|WARNING:|Oops/ { first = $0 }
	     /Disabling lock debugging due to kernel taint/ { print first; exit }' "$1"
}
declare -A log secs
: > "$BUILD/stress-dropped.txt"
for kernel in "${kernels[@]}"; do
	out=$BUILD/kernel-stress-$kernel
	log[$kernel]=$out-guest.log
	step "stress on $kernel (log: ${log[$kernel]})"
	# A boot tainted before PCI's first line is booted again, up to twice.
	for try in 0 1 2; do
		start=$SECONDS
		rm -f "${log[$kernel]}" "$BUILD/stress-$kernel.tap"	# judge this boot only
		KOUT=$out GUEST_APPEND="nokaslr pci_debug=window-update,rebar kmemleak=on CYCLES=$cycles${HOTPLUG:+ HOTPLUG=$HOTPLUG}" \
			GUEST_LOG=${log[$kernel]} GUEST_TAP=$BUILD/stress-$kernel.tap GUEST_TIMEOUT=3000 \
			GUEST_QUIET=${GUEST_QUIET:-120} "$TOP/scripts/guest.sh" stress 2>/dev/null || true
		secs[$kernel]=$((SECONDS - start))
		first=$(early_taint "${log[$kernel]}")
		[ -n "$first" ] && [ $try -lt 2 ] || break
		mv "${log[$kernel]}" "${log[$kernel]}.early-taint-$try"
		echo "$kernel: a boot tainted before PCI's first line, lock debugging off ('$first'): booted again; log: ${log[$kernel]}.early-taint-$try" |
			tee -a "$BUILD/stress-dropped.txt" >&2
	done
done

count() { grep -c -E "$2" "${log[$1]}" || true; }
nok() {	# nok KERNEL: its failed guest checks ("none": no results at all),
	# less qemu-run's "guest log clean", which fails on any report:
	# the reports are counted here instead.
	local tap=$BUILD/stress-$1.tap
	if [ -f "$tap" ]; then grep '^not ok' "$tap" | grep -vc 'guest log clean' || true
	else echo none; fi
}
differ() {	# differ KERNEL: devices whose BAR files differ from their BARs ("-": not checked)
	sed -n 's/^\(not \)\{0,1\}ok .*(\([0-9]*\) devices differ)$/\2/p' "$BUILD/stress-$1.tap" 2>/dev/null | grep . || echo -
}
row() {	# row TITLE FUNCTION ARG: one line, a column per kernel
	local k
	printf '%-34s' "$1"
	for k in "${kernels[@]}"; do printf ' %8s' "$("$2" "$k" "$3")"; done
	echo
}
lockdep='possible (circular|recursive) locking|lock held when returning|inconsistent lock state|suspicious RCU'
row "report (CYCLES=$cycles${HOTPLUG:+ HOTPLUG=$HOTPLUG})" echo ""	# the header: each kernel's name
row "KASAN" count 'BUG: KASAN'
row "lockdep" count "$lockdep"
row "WARNING" count 'WARNING:'
row "Oops / other BUG / panic" count 'Oops|BUG: [^K]|Kernel panic'
row "hung task / soft lockup" count 'blocked for more than|soft lockup'
row "kmemleak suspected leaks" count '^unreferenced object'
row "sysfs duplicate filename" count 'duplicate filename'
row "BAR files update failed" count 'failed to update its (BAR|resource) files'
row "devices with missing/stale files" differ ""
row "guest checks failed" nok ""
sec() { echo "${secs[$1]}"; }
row "seconds" sec ""
for k in "${kernels[@]}"; do	# each loop's own count, when it got to the end
	grep '^# \(resize\|remove/rescan\):' "${log[$k]}" 2>/dev/null | sed "s/^# /  $k: /" || true
done
sed 's/^/dropped: /' "$BUILD/stress-dropped.txt"

signatures() {	# signatures LOG: each report's first line, made comparable
	grep -E "$reports" "$1" | sed -E 's/^\[ *[0-9.]+\] //; s/(CPU|PID): [0-9]+/\1: N/g;
		s/\+0x[0-9a-f]+\/0x[0-9a-f]+//g; s/0x[0-9a-f]+/0xN/g; s/ \(size [0-9]+\)//' | sort -u
}
ran() { [[ " ${kernels[*]} " == *" $1 "* ]]; }
bad=0
if ran series; then
	failed=$(nok series)
	[ "$failed" != none ] || failed=1
	grep -q '^@@done' "${log[series]}" || failed=$((failed + 1))
	failed=$((failed + $(count series 'duplicate filename|failed to update its BAR files')))
	if ran base; then
		new=$(comm -13 <(signatures "${log[base]}") <(signatures "${log[series]}"))
		[ -z "$new" ] || { echo "reports of the series the base does not have:"; echo "$new" | sed 's/^/  /'; failed=$((failed + 1)); }
	else
		echo "(no base run: the series' reports are not compared with the base's)"
	fi
	[ "$failed" = 0 ] || { echo "error: the series fails the stress; log: ${log[series]}" >&2; bad=1; }
fi
if ran v1; then
	v1=$(count v1 'duplicate filename|failed to update its resource files')
	[ "$(differ v1)" = - ] || v1=$((v1 + $(differ v1)))
	[ "$v1" -gt 0 ] || { echo "error: v1 passes the stress: it cannot tell v1 from the series; log: ${log[v1]}" >&2; bad=1; }
fi
[ $bad = 0 ] || exit 1
step "stress: ${kernels[*]}: as expected"
