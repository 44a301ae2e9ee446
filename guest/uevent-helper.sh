#!/bin/sh
# Run by the kernel for each uevent while guest/uevent.sh sets it as
# /sys/kernel/uevent_helper, as udev is run: on a PCI device's "add", note
# the BAR files the device has at once, in /tmp/uevents.
[ "$ACTION" = add ] && [ "$SUBSYSTEM" = pci ] || exit 0
. /harness/lib.sh
echo "$DEVPATH $(bar_files /sys$DEVPATH)" >> /tmp/uevents
