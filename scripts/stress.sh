#!/usr/bin/env bash
# Stress under the kernel's checkers: build the series with
# config/x86_64.config plus config/debug.config (KASAN, lockdep, kmemleak,
# DEBUG_KOBJECT_RELEASE) into build/kernel-debug, boot it in harness=stress
# (guest/stress.sh: CYCLES=20 remove/rescan and hotplug cycles under
# readers and driver bind/unbind, then kmemleak), and print the reports
# counted in its log.  Fails on any report or failed check.
. "$(dirname "$0")/lib.sh"

out=$BUILD/kernel-debug
cat "$KCONFIG" "$TOP/config/debug.config" > "$BUILD/debug.config"
KOUT=$out KCONFIG=$BUILD/debug.config "$TOP/scripts/build.sh"
"$TOP/scripts/initramfs.sh"
log=$out-stress.log
start=$SECONDS
"$TOP/scripts/qemu-run.py" --kernel "$out/arch/x86/boot/bzImage" \
	--initrd "$BUILD/initramfs.cpio.gz" --devices "$TOP/config/devices.txt" \
	--append "harness=stress kmemleak=on" --log "$log" --tap "$BUILD/stress.tap" \
	--timeout 3000 2>/dev/null && status=0 || status=$?
count() { grep -c -E "$1" "$log" || true; }
printf '%-34s %s\n' "report (debug kernel, $((SECONDS - start)) s)" count
printf '%-34s %s\n' "KASAN" "$(count 'BUG: KASAN')" \
	"lockdep" "$(count 'possible (circular|recursive) locking|lock held when returning|inconsistent lock state|suspicious RCU')" \
	"WARNING" "$(count 'WARNING:')" \
	"BUG / Oops / panic" "$(count 'BUG:|Oops|Kernel panic')" \
	"kmemleak suspected leaks" "$(count '^unreferenced object')" \
	"sysfs duplicate filename" "$(count 'duplicate filename')" \
	"guest checks failed" "$(grep -c '^not ok' "$BUILD/stress.tap" 2>/dev/null || echo 1)"
[ $status = 0 ] || die "the stress run found problems; log: $log"
step "stress: no report; log: $log"
