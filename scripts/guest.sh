#!/usr/bin/env bash
# Boot $KOUT's kernel (build/kernel) in the q35 guest with the device
# matrix: the one way every script boots the x86_64 guest.
#   guest.sh test      the guest tests, TAP in build/guest.tap
#   guest.sh demo      show a person each device's BAR files, hotplug, revocation
#   guest.sh abi [L]   print the ABI tables (for scripts/golden.sh)
#   guest.sh hostile L the answers to bad input against the base's, TAP in
#                      build/guest-hostile-L.tap
#   guest.sh race|figures|memory|stress|changes   for scripts/race.sh,
#                      figures.sh, stress.sh, changes.sh
# L is a kernel lockdown mode: none, integrity or confidentiality.  The
# exit status is the verdict (scripts/qemu-run.py).  Settings:
#   GUEST_APPEND   more of the kernel command line (CYCLES=N: the guest
#                  tests' remove/rescan and hotplug cycles, 5 by default)
#   GUEST_DEVICES  the device matrix (config/devices.txt)
#   GUEST_LOG      the log ($KOUT-guest-MODE[-L].log); GUEST_TAP the TAP file
#   GUEST_TIMEOUT  seconds before the run is stopped and fails (900)
#   GUEST_ON       REGEX=ACTION lines: hot-add, -remove or NMI when a line matches
#   GUEST_ICOUNT   SHIFT: the guest's clock counts its instructions (qemu-run.py --icount)
#   GUEST_DROP     debug: lose the result lines that match (harness-test.sh)
#   GUEST_QUIET    debug: seconds of silence after which QEMU's monitor dumps the vCPUs into the log
. "$(dirname "$0")/lib.sh"

mode=${1:-} lock=${2:-none}
case $mode in
test|demo|abi|hostile|race|figures|memory|stress|changes) ;;
*) die "usage: $0 test|demo|abi [LOCKDOWN]|hostile LOCKDOWN|race|figures|memory|stress|changes" ;;
esac
case $lock in none|integrity|confidentiality) ;; *) die "lockdown mode must be none, integrity or confidentiality, not '$lock'" ;; esac
[ -f "$KOUT/arch/x86/boot/bzImage" ] || die "no kernel in $KOUT: run scripts/build.sh first"
"$TOP/scripts/initramfs.sh"
append="harness=$mode${GUEST_APPEND:+ $GUEST_APPEND}" log=$KOUT-guest-$mode.log tap=$BUILD/guest.tap
if [ "$lock" != none ]; then
	append+=" lockdown=$lock" log=$KOUT-guest-$mode-$lock.log
fi
[ "$mode" = hostile ] && tap=$BUILD/guest-hostile-$lock.tap
args=(--kernel "$KOUT/arch/x86/boot/bzImage" --initrd "$BUILD/initramfs.cpio.gz"
      --devices "${GUEST_DEVICES:-$TOP/config/devices.txt}" --append "$append"
      --log "${GUEST_LOG:-$log}" --timeout "${GUEST_TIMEOUT:-900}"
      ${GUEST_ICOUNT:+--icount "$GUEST_ICOUNT"} ${GUEST_DROP:+--drop "$GUEST_DROP"} ${GUEST_QUIET:+--quiet "$GUEST_QUIET"})
while read -r on; do
	[ -z "$on" ] || args+=(--on "$on")
done <<< "${GUEST_ON:-}"
if [ "$mode" = demo ]; then
	# Show what the guest prints after it is up, not the kernel's boot log.
	"$TOP/scripts/qemu-run.py" "${args[@]}" --echo 2>&1 | sed -n '/^@@guest up/,$p'
	exit "${PIPESTATUS[0]}"
fi
exec "$TOP/scripts/qemu-run.py" "${args[@]}" --tap "${GUEST_TAP:-$tap}"
