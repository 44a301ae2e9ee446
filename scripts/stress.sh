#!/usr/bin/env bash
# Stress under the kernel's checkers, base against series: build both with
# their config plus config/debug.config (KASAN, lockdep, kmemleak,
# DEBUG_KOBJECT_RELEASE) into build/kernel-debug-base and build/kernel-debug,
# boot each in harness=stress (guest/stress.sh: CYCLES=20 remove/rescan and
# hotplug cycles under readers and driver bind/unbind, then kmemleak), and
# print the reports counted in each log side by side.  Fails on a report the
# series' log has and the base's has not (compared by their first line,
# less CPU, PID, times and offsets), or on a failed guest check.  Logs:
# build/kernel-debug{-base,}-stress.log, TAP build/stress-{base,series}.tap.
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/build-at.sh" base kernel-debug-base "$TOP/config/debug.config"
"$TOP/scripts/build-at.sh" series kernel-debug "$TOP/config/debug.config"

reports='BUG: KASAN|possible (circular|recursive) locking|lock held when returning|inconsistent lock state|suspicious RCU|WARNING:|BUG:|Oops|Kernel panic|^unreferenced object|duplicate filename'
declare -A log secs
for kernel in base series; do
	out=$BUILD/kernel-debug
	[ $kernel = base ] && out=$BUILD/kernel-debug-base
	log[$kernel]=$out-stress.log
	step "stress on the $kernel (log: ${log[$kernel]})"
	start=$SECONDS
	rm -f "${log[$kernel]}" "$BUILD/stress-$kernel.tap"	# judge this boot only
	KOUT=$out GUEST_APPEND=kmemleak=on GUEST_LOG=${log[$kernel]} GUEST_TAP=$BUILD/stress-$kernel.tap \
		GUEST_TIMEOUT=3000 "$TOP/scripts/guest.sh" stress 2>/dev/null || true
	secs[$kernel]=$((SECONDS - start))
done

count() { grep -c -E "$2" "${log[$1]}" || true; }
row() { printf '%-28s %8s %8s\n' "$1" "$(count base "$2")" "$(count series "$2")"; }
printf '%-28s %8s %8s\n' "report (debug kernels)" base series
row "KASAN" 'BUG: KASAN'
row "lockdep" 'possible (circular|recursive) locking|lock held when returning|inconsistent lock state|suspicious RCU'
row "WARNING" 'WARNING:'
row "BUG / Oops / panic" 'BUG:|Oops|Kernel panic'
row "kmemleak suspected leaks" '^unreferenced object'
row "sysfs duplicate filename" 'duplicate filename'
nok() {	# nok KERNEL: its failed guest checks ("none": no results at all),
	# less qemu-run's "guest log clean", which fails on any report:
	# the reports are compared below instead.
	local tap=$BUILD/stress-$1.tap
	if [ -f "$tap" ]; then grep '^not ok' "$tap" | grep -vc 'guest log clean' || true
	else echo none; fi
}
printf '%-28s %8s %8s\n' "guest checks failed" "$(nok base)" "$(nok series)"
printf '%-28s %8s %8s\n' "seconds" "${secs[base]}" "${secs[series]}"

signatures() {	# signatures LOG: each report's first line, made comparable
	grep -E "$reports" "$1" | sed -E 's/^\[ *[0-9.]+\] //; s/(CPU|PID): [0-9]+/\1: N/g;
		s/\+0x[0-9a-f]+\/0x[0-9a-f]+//g; s/0x[0-9a-f]+/0xN/g; s/ \(size [0-9]+\)//' | sort -u
}
new=$(comm -13 <(signatures "${log[base]}") <(signatures "${log[series]}"))
failed=$(nok series)
[ "$failed" != none ] || failed=1
grep -q '^@@done' "${log[series]}" || failed=$((failed + 1))
[ -z "$new" ] || { echo "reports the base does not have:"; echo "$new" | sed 's/^/  /'; }
[ -z "$new" ] && [ "$failed" = 0 ] ||
	die "the series' stress run has new reports or failed checks; log: ${log[series]}"
step "stress: no report the base does not have, every guest check passed"
