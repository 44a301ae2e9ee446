#!/usr/bin/env bash
# Boot the built kernel in the q35 guest with the device matrix:
#   guest.sh test   the guest tests, TAP in build/guest.tap (or $GUEST_TAP), verdict as status
#   guest.sh demo   show a person each device's BAR files, hotplug, revocation
#   guest.sh abi    print the ABI table (used by scripts/golden.sh)
. "$(dirname "$0")/lib.sh"

mode=${1:-}
case $mode in test|demo|abi) ;; *) die "usage: $0 test|demo|abi" ;; esac
[ -f "$KOUT/arch/x86/boot/bzImage" ] || die "no kernel in $KOUT: run scripts/build.sh first"
"$TOP/scripts/initramfs.sh"
args=(--kernel "$KOUT/arch/x86/boot/bzImage" --initrd "$BUILD/initramfs.cpio.gz"
      --devices "$TOP/config/devices.txt" --append "harness=$mode"
      --log "$KOUT-guest-$mode.log" --timeout "${GUEST_TIMEOUT:-900}")
if [ "$mode" = demo ]; then
	# Show what the guest prints after it is up, not the kernel's boot log.
	"$TOP/scripts/qemu-run.py" "${args[@]}" --echo 2>&1 | sed -n '/^@@guest up/,$p'
	exit "${PIPESTATUS[0]}"
fi
exec "$TOP/scripts/qemu-run.py" "${args[@]}" --tap "${GUEST_TAP:-$BUILD/guest.tap}"
