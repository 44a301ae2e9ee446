#!/usr/bin/env bash
# Record golden/abi-*.txt from the UNPATCHED base: build it
# (scripts/build-at.sh base kernel-base), boot it with the device matrix in abi mode, once
# in each lockdown mode, cut the tables out of its console log.  The patched kernel's guest tests
# must then print exactly these tables.
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/build-at.sh" base kernel-base
export KOUT=$BUILD/kernel-base
# The initramfs carries the golden tables: give it the current ones.
for lock in none integrity confidentiality; do
	log=$KOUT-guest-abi.log
	[ $lock = none ] || log=$KOUT-guest-abi-$lock.log
	rm -f "$log"	# judge this boot only
	GUEST_TAP=$BUILD/golden-$lock.tap "$TOP/scripts/guest.sh" abi $lock >/dev/null 2>&1 || true
	grep -q '^@@done' "$log" || die "the base guest did not finish; log: $log"
	tables=hostile-$lock
	[ $lock = none ] && tables="boot hotplug $tables"
	for when in $tables; do
		sed -n "/^@@abi-begin $when\$/,/^@@abi-end\$/p" "$log" | grep '^[0-9a-f]\{4\}:' > "$TOP/golden/abi-$when.txt"
		[ -s "$TOP/golden/abi-$when.txt" ] || die "no $when table in $log"
		step "golden/abi-$when.txt: $(wc -l < "$TOP/golden/abi-$when.txt") files"
	done
done
