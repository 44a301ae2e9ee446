# Helpers for the guest scripts (busybox sh).
SYS=/sys/bus/pci/devices

# Print the BDF of every device with vendor:device $1:$2.
devices_with_id() {
	for d in $SYS/*; do
		[ "$(cat $d/vendor):$(cat $d/device)" = "0x$1:0x$2" ] && echo ${d##*/}
	done
}

# The BAR files (resourceN, resourceN_wc) of sysfs directory $1, on a line.
bar_files() {
	(cd $1 2>/dev/null && echo $(ls -d resource[0-9] resource[0-9]_wc 2>/dev/null))
}

# Print the BDF of the first PCIe root port with nothing behind it.
empty_root_port() {
	for d in $SYS/*; do
		[ "$(cat $d/class)" = 0x060400 ] || continue
		ls -d /sys/devices/pci*/${d##*/}/????:??:??.? >/dev/null 2>&1 || { echo ${d##*/}; return; }
	done
}

# The 32 endpoints scripts/figures.sh adds at 00:08.0-00:0b.7, those present.
extra_endpoints() { ls $SYS | grep '^0000:00:0[89ab]\.'; }

# bar_files_against_bars BDF: what differs between the device's BAR files
# and what its BARs (its "resource" file) call for, nothing if they agree:
# resourceN of the BAR's size for each BAR with a size, resourceN_wc too
# for a prefetchable one (IORESOURCE_PREFETCH), no other.
bar_files_against_bars() {
	d=$SYS/$1 i=0 out=
	while read start end flags && [ $i -lt 6 ]; do
		want=0
		[ $((end)) -ne 0 ] && want=$((end - start + 1))
		wc=0
		[ $((flags & 0x2000)) -ne 0 ] && wc=$want
		for f in resource$i:$want resource${i}_wc:$wc; do
			name=${f%:*} size=${f#*:}
			have=$(stat -c %s $d/$name 2>/dev/null || echo 0)
			[ "$have" = "$size" ] || out="$out $name: $have bytes, its BAR $size;"
		done
		i=$((i + 1))
	done < $d/resource
	echo $out
}

# wait_for TEST SECONDS: poll until the shell test TEST is true, for up to
# SECONDS (a whole number); fails at once, saying so, without one.
wait_for() {
	case ${2:-} in
	''|*[!0-9]*) echo "wait_for: SECONDS must be a whole number, not '${2:-}' (test: $1)" >&2; return 2 ;;
	esac
	n=0
	while ! eval "$1"; do
		n=$((n + 1))
		[ $n -ge $(($2 * 10)) ] && return 1
		sleep 0.1
	done
}

# The device behind root port $1, if any.
behind() {
	ls -d /sys/devices/pci*/$1/????:??:??.? 2>/dev/null | head -n 1 | sed 's|.*/||'
}

# Results go to the host in blocks that it checks (scripts/qemu-run.py):
# "@@begin NAME", TAP lines numbered from 1, one plan "1..N", "@@end".
# begin NAME / end: a block of this shell's tap lines (plan last);
# run_block NAME CMD...: a block of a program that prints its own TAP and
# plan (a kselftest, pci-revoke).
n_tap=0
begin() { echo "@@begin $1"; n_tap=0; }
end() { echo "1..$n_tap"; echo "@@end"; }
run_block() {
	echo "@@begin $1"
	shift
	"$@"
	rb=$?
	echo "@@end"
	return $rb
}
skip_block() {	# skip_block NAME REASON: a block of one skipped test
	echo "@@begin $1"
	echo "ok 1 - $1 # SKIP $2"
	echo "1..1"
	echo "@@end"
}
tap() {	# tap STATUS DESCRIPTION: one TAP line from an exit status
	n_tap=$((n_tap + 1))
	if [ "$1" = 0 ]; then echo "ok $n_tap - $2"; else echo "not ok $n_tap - $2"; fi
}

# The kernel lockdown mode: none, integrity or confidentiality.
lockdown_mode() {
	sed -n 's/.*\[\(.*\)\].*/\1/p' /sys/kernel/security/lockdown 2>/dev/null || echo none
}

# abi_check WHEN [ARG]: compare pci-abi's table (pci-abi ARG: a BDF, or
# --hostile) with the unpatched base's (golden/abi-WHEN.txt, recorded by
# scripts/golden.sh); print what differs.
abi_check() {
	golden=/harness/abi-$1.txt
	pci-abi $2 > /tmp/abi.txt
	diff -u $golden /tmp/abi.txt > /tmp/abi.diff
	tap $? "BAR file ABI ($1${2:+ $2}) identical to the unpatched base"
	sed 's/^/# /' /tmp/abi.diff | head -n 40
}

# wait_added BDF SECONDS: wait until the PCI core has added device BDF
# (pci_bus_add_device()): its /proc/bus/pci entry comes last.  Its BAR files
# come before, with the device (KOBJ_ADD), and refuse access until then.
wait_added() {
	wait_for "[ -e /proc/bus/pci/$(echo $1 | sed 's/^0000://; s/:/\//') ]" $2
}

# hot_add NAME [PORT]: have the host hot-add matrix device NAME into the
# empty root port (PORT, its BDF, when the caller knows which: while other
# devices come and go, another port can look empty); print its BDF once
# the PCI core has added it.
# A device just hot-removed can still have its directory under the port
# after it left the bus (what hot_remove waits for): wait for one that the
# PCI core has added (its /proc/bus/pci entry), not for a directory.
hot_add() {
	port=${2:-$(empty_root_port)}
	echo "@@host add $1" >&2
	wait_for 'hp_dev=$(behind $port); [ -n "$hp_dev" ] &&
		[ -e /proc/bus/pci/$(echo $hp_dev | sed "s/^0000://; s/:/\//") ]' 70 || return 1
	echo $hp_dev
}

# hot_remove NAME BDF: have the host hot-remove NAME; wait until BDF is gone.
hot_remove() {
	echo "@@host del $1" >&2
	wait_for "[ ! -e $SYS/$2 ]" 60
}

# readers_start / readers_stop: processes that open, read, lseek and mmap
# every BAR, rom and config file (pci-abi) in a loop, while devices come
# and go under them.
readers_start() {
	rm -f /tmp/readers.stop
	for i in 1 2; do
		( while [ ! -e /tmp/readers.stop ]; do pci-abi > /dev/null 2>&1; done ) &
	done
}
readers_stop() {
	touch /tmp/readers.stop
	wait
}

# rescan_cycles BDF N: remove device BDF and rescan, N times; fails if it
# does not come back with its files.
rescan_cycles() {
	rc=0
	for i in $(seq $2); do
		echo 1 > $SYS/$1/remove
		echo 1 > /sys/bus/pci/rescan
		wait_added $1 30 || rc=1
	done
	return $rc
}

# hotplug_cycles NAME N: hot-add and hot-remove matrix device NAME, N times.
hotplug_cycles() {
	rc=0
	for i in $(seq $2); do
		hp=$(hot_add $1) || rc=1
		hot_remove $1 $hp || rc=1
	done
	return $rc
}
