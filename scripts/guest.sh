#!/usr/bin/env bash
# Boot the built kernel in the q35 guest with the device matrix:
#   guest.sh test      the guest tests, TAP in build/guest.tap (or $GUEST_TAP)
#   guest.sh demo      show a person each device's BAR files, hotplug, revocation
#   guest.sh abi [L]   print the ABI tables (for scripts/golden.sh)
#   guest.sh hostile L the answers to bad input against the base's, TAP in
#                      build/guest-hostile-L.tap
# L is a kernel lockdown mode: none, integrity or confidentiality.  The
# exit status is the verdict.  Log: $KOUT-guest-MODE[-L].log
. "$(dirname "$0")/lib.sh"

mode=${1:-} lock=${2:-none}
case $mode in test|demo|abi|hostile) ;; *) die "usage: $0 test|demo|abi [LOCKDOWN]|hostile LOCKDOWN" ;; esac
case $lock in none|integrity|confidentiality) ;; *) die "lockdown mode must be none, integrity or confidentiality, not '$lock'" ;; esac
[ -f "$KOUT/arch/x86/boot/bzImage" ] || die "no kernel in $KOUT: run scripts/build.sh first"
"$TOP/scripts/initramfs.sh"
append="harness=$mode" log=$KOUT-guest-$mode.log tap=${GUEST_TAP:-$BUILD/guest.tap}
if [ "$lock" != none ]; then
	append+=" lockdown=$lock" log=$KOUT-guest-$mode-$lock.log
fi
[ "$mode" = hostile ] && tap=$BUILD/guest-hostile-$lock.tap
args=(--kernel "$KOUT/arch/x86/boot/bzImage" --initrd "$BUILD/initramfs.cpio.gz"
      --devices "$TOP/config/devices.txt" --append "$append"
      --log "$log" --timeout "${GUEST_TIMEOUT:-900}")
if [ "$mode" = demo ]; then
	# Show what the guest prints after it is up, not the kernel's boot log.
	"$TOP/scripts/qemu-run.py" "${args[@]}" --echo 2>&1 | sed -n '/^@@guest up/,$p'
	exit "${PIPESTATUS[0]}"
fi
exec "$TOP/scripts/qemu-run.py" "${args[@]}" --tap "$tap"
