# The BAR files a device has when userspace hears of it (its KOBJ_ADD
# uevent, guest/uevent-helper.sh), against those it settles with, for a
# device removed and rescanned and for one hot-added over QMP, for
# scripts/changes.sh (harness=changes), whose kernels carry
# debug/add-event-window.patch: without that window, the helper, started
# after the event, finds the files that the base makes a little later too.
echo "# the BAR files at the add event of a rescanned and a hot-added device"
: > /tmp/uevents
echo /harness/uevent-helper.sh > /sys/kernel/uevent_helper
dev=$(devices_with_id 1b36 0005 | while read d; do [ -e $SYS/$d/resource2 ] && echo $d; done | head -n 1)
echo 1 > $SYS/$dev/remove
echo 1 > /sys/bus/pci/rescan
wait_added $dev 30
hp=$(hot_add hp1)
wait_for "grep -q /$hp /tmp/uevents" 10
echo > /sys/kernel/uevent_helper
begin uevent
while read devpath files; do
	bdf=${devpath##*/} now=$(bar_files /sys$devpath)
	echo "# add $bdf: at the event: ${files:-(none)}; settled: ${now:-(none)}"
	tap $([ "$files" = "$now" ]; echo $?) "$bdf has its BAR files when userspace hears of it (add event)"
done < /tmp/uevents
tap $([ -s /tmp/uevents ]; echo $?) "PCI add events seen"
end
hot_remove hp1 $hp
