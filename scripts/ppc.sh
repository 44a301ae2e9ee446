#!/usr/bin/env bash
# The legacy files where they exist: x86 has none, powerpc does.  Builds the
# unpatched base and the series (worktree build/ppc) for a
# little-endian pSeries guest (config/ppc64le.config: KASAN, lockdown LSM)
# and boots each once in qemu-system-ppc64 under TCG with the devices of
# config/ppc64le-devices.txt; the guest answers without lockdown, then raises
# it to integrity, then to confidentiality (securityfs), answering again.
# The guest's /init is guest/ppc/legacy.c, built with the kernel's nolibc.
# Prints the answers side by side, then TAP lines; the base's bugs are
# checked too, so that a reproducer that stops reproducing fails.
. "$(dirname "$0")/lib.sh"

cross=powerpc64le-linux-gnu-
command -v ${cross}gcc >/dev/null && command -v qemu-system-ppc64 >/dev/null ||
	die "${cross}gcc or qemu-system-ppc64 is missing: run scripts/deps.sh ppc"
base=$(base_commit)
wt=$BUILD/ppc obj=$BUILD/ppc-objects

# Both kernels come from one worktree and one output directory: the series
# is an incremental build on the base's objects (make rebuilds what the
# series changes), and the base on the series' the next time.
build() {	# build KERNEL COMMIT: build/ppc-KERNEL/{vmlinux,initrd.cpio}
	local kernel=$1 dest=$BUILD/ppc-$1 log=$BUILD/ppc-$1.log
	local make=(make -C "$wt" O="$obj" ARCH=powerpc CROSS_COMPILE=$cross)
	worktree_at "$wt" "$2"
	out_dir_in "$wt" "$obj"
	step "building the $kernel ($(git -C "$wt" describe --always)) for ppc64le (log: build/ppc-$kernel.log)"
	watch_build "$obj" "ppc-$kernel" & watcher=$!
	trap 'kill $watcher 2>/dev/null || true' EXIT
	{
		"${make[@]}" KCONFIG_ALLCONFIG="$TOP/config/ppc64le.config" allnoconfig &&
		"${make[@]}" -j"$(nproc)" CC="ccache ${cross}gcc" vmlinux &&
		"${make[@]}" headers_install INSTALL_HDR_PATH="$obj/uapi"
	} > "$log" 2>&1 || { tail -n 30 "$log" >&2; die "ppc64le build failed; log: $log"; }
	kill $watcher 2>/dev/null || true
	local want
	while read -r want; do
		grep -qx "$want" "$obj/.config" ||
			die "$want of config/ppc64le.config did not stick in $obj/.config"
	done < <(grep '^CONFIG_' "$TOP/config/ppc64le.config")
	rm -rf "$dest"
	mkdir -p "$dest"
	cp "$obj/vmlinux" "$dest/"
	local nolibc=$wt/tools/include/nolibc
	${cross}gcc -Os -static -nostdlib -fno-stack-protector -fno-asynchronous-unwind-tables \
		-Wall -Werror -include "$nolibc/nolibc.h" -I "$nolibc" -I "$obj/uapi/include" \
		-o "$dest/ppc-legacy" "$TOP/guest/ppc/legacy.c" -lgcc ||
		die "cannot build guest/ppc/legacy.c"
	printf '%s\n' 'dir /dev 0755 0 0' 'nod /dev/console 0600 0 0 c 5 1' \
		'dir /proc 0755 0 0' 'dir /sys 0755 0 0' "file /init $dest/ppc-legacy 0755 0 0" |
		"$obj/usr/gen_init_cpio" - > "$dest/initrd.cpio"
}

boot() {	# boot OUT: the guest's lines in OUT-MODE.txt for each lockdown MODE
	local out=$1 devices=() d
	while read -r d; do devices+=(-device "$d"); done < <(grep -v '^#' "$TOP/config/ppc64le-devices.txt")
	timeout 300 qemu-system-ppc64 -M pseries -cpu power9 -m 1G -nographic -nodefaults \
		-no-reboot -serial mon:stdio -kernel "$out/vmlinux" -initrd "$out/initrd.cpio" \
		-append "console=hvc0 kasan_multi_shot panic=-1" "${devices[@]}" \
		< /dev/null > "$out-boot.log" 2>&1 || true
	# The guest raises lockdown itself, printing "mode MODE" before each part.
	rm -f "$out"-{none,integrity,confidentiality}.txt
	tr -d '\r' < "$out-boot.log" |
		awk -v out="$out" 'BEGIN { f = out "-none.txt" } /^mode [a-z]+$/ { f = out "-" $2 ".txt"; next } { print > f }'
}
build base "$base"
build series "$(git -C "$TREE" rev-parse HEAD)"

lines() {	# lines KERNEL PATTERN: KERNEL's lines starting with PATTERN, this $mode
	grep -E "^($2) " "$BUILD/ppc-$1-$mode.txt" || true
}

for kernel in base series; do
	step "booting the $kernel (log: build/ppc-$kernel-boot.log)"
	boot "$BUILD/ppc-$kernel"
done
for mode in none integrity confidentiality; do
	echo "# lockdown $mode: base | series"
	diff -y -W 100 <(lines base 'file|op|byte') <(lines series 'file|op|byte') | sed 's/^/#   /' || true
	for kernel in base series; do
		grep -qx done "$BUILD/ppc-$kernel-$mode.txt" && s=0 || s=1
		tap $s "$kernel, lockdown $mode: the guest ran this part to its end (log: build/ppc-$kernel-boot.log)"
	done
	if [ "$mode" = none ]; then
		grep -q 'BUG: KASAN: slab-out-of-bounds in pci_write_legacy_io' "$BUILD/ppc-base-$mode.txt" && s=0 || s=1
		tap $s "base: KASAN reports the out-of-bounds read of a 1- and 2-byte legacy_io write"
		grep -qE 'BUG:|WARNING:|Oops|cannot create duplicate' "$BUILD/ppc-series-boot.log" && s=1 || s=0
		tap $s "series: no KASAN report, BUG or WARNING in the log (every mode)"
		grep -qx 'byte legacy-write-a5-bar-read 0xa5' "$BUILD/ppc-base-$mode.txt" && s=1 || s=0
		tap $s "base: a 1-byte legacy_io write of 0xa5 sends $(lines base byte | sed -n 's/^byte legacy-write-a5-bar-read //p'), not 0xa5"
		[ "$(lines series byte)" = "$(printf '%s\n' 'byte bar-write-5a-legacy-read 0x5a' \
			'byte legacy-write-a5-bar-read 0xa5' 'byte legacy-write-1122-bar-read 0x22')" ] && s=0 || s=1
		tap $s "series: legacy_io reads and writes, 1 and 2 bytes, reach the device's register"
		[ "$(lines base op)" = "$(lines series op)" ] && s=0 || s=1
		tap $s "series answers read, write and mmap as the base does"
		missing=$(comm -23 <(lines base file | sort) <(lines series file | sort) | tr '\n' ' ')
		[ -z "$missing" ] && s=0 || s=1
		tap $s "every legacy file of the base is there, same mode and size${missing:+: missing $missing}"
		nobus=$(for b in $(lines series bus | cut -d' ' -f2); do
			for f in legacy_io legacy_mem; do
				lines series file | grep -q "^file $b $f " || echo "$b/$f"
			done
		done | tr '\n' ' ')
		[ -z "$nobus" ] && s=0 || s=1
		tap $s "series: every bus has legacy_io and legacy_mem${nobus:+; missing: $nobus}"
	else
		# legacy_io refused as raw port access is (read, write, mmap),
		# legacy_mem's mmap as a BAR's.
		want=$(lines base op | sed -E '/^op legacy_(io read|io write|io mmap|mem mmap)/s/[^ ]+$/EPERM/')
		[ "$want" = "$(lines series op)" ] && s=0 || s=1
		tap $s "series, lockdown $mode: legacy_io reads, writes, mmaps and legacy_mem mmaps refused with EPERM, the rest as the base"
		lines base op | grep -qE '^op legacy_io write1 ok|^op legacy_mem mmap ok' && s=0 || s=1
		tap $s "base, lockdown $mode: legacy_io writes and legacy_mem mmap are not refused"
	fi
done
echo "# ppc64le guest: $((tap_n - tap_failed)) passed, $tap_failed failed"
[ $tap_failed = 0 ]
