#!/usr/bin/env bash
# Make build/initramfs.cpio.gz: busybox, lspci with its libraries and
# pci.ids, the guest tests from guest/*.c and the series' kselftest
# (installed with its runner in /kselftest),
# the guest scripts and the golden ABI tables of the unpatched base.
. "$(dirname "$0")/lib.sh"

for f in /bin/busybox /usr/bin/lspci /usr/share/misc/pci.ids; do
	[ -e "$f" ] || die "$f is missing: run scripts/deps.sh"
done
out=$BUILD/initramfs.cpio.gz
kst=$TREE/tools/testing/selftests
[ -d "$kst/pci" ] || die "$kst/pci is missing: run scripts/base-tree.sh"
# Up to date: nothing it is made of is newer (guests boot it many times).
if [ -f "$out" ] && [ -z "$(find "$TOP/guest" "$TOP/golden" "$TOP/scripts/initramfs.sh" \
		"$kst/pci" "$kst/kselftest" "$kst/lib.mk" "$kst/Makefile" -newer "$out" -print -quit)" ]; then
	exit 0
fi
root=$BUILD/initramfs
rm -rf "$root"
mkdir -p "$root"/{bin,proc,sys,dev,tmp,harness,usr/share/misc}
cp /bin/busybox "$root/bin/"
for app in $(/bin/busybox --list | grep -vx busybox); do
	ln -sf busybox "$root/bin/$app"
done
# lspci is dynamically linked: take its loader and libraries along.
cp /usr/bin/lspci "$root/bin/"
for lib in $(ldd /usr/bin/lspci | grep -o '/[^ ]*'); do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
cp /usr/share/misc/pci.ids "$root/usr/share/misc/"
for src in "$TOP"/guest/*.c; do
	exe=$(basename "$src" .c)
	gcc -static -O2 -Wall -Wextra -Werror -o "$root/bin/$exe" "$src" ||
		die "guest test $src does not compile"
done
# The series' kselftest, built and installed the kselftest way (static:
# the guest has no libc), with its runner.
make -C "$kst" TARGETS=pci O="$BUILD/kselftest" LDFLAGS=-static \
	INSTALL_PATH="$root/kselftest" install > "$BUILD/kselftest.log" 2>&1 ||
	die "the kselftest does not build or install; log: $BUILD/kselftest.log"
[ -x "$root/kselftest/pci/pci_bar_files" ] ||
	die "the kselftest install has no pci/pci_bar_files; log: $BUILD/kselftest.log"
ln -s /kselftest/pci/pci_bar_files "$root/bin/pci_bar_files"
cp "$TOP/guest/init" "$root/init"
cp "$TOP"/guest/*.sh "$TOP"/golden/abi-*.txt "$root/harness/"
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$out.tmp"
mv "$out.tmp" "$out"
step "built $out ($(du -h "$out" | cut -f1))"
