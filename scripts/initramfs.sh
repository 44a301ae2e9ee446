#!/usr/bin/env bash
# Make build/initramfs.cpio.gz: busybox, lspci with its libraries and
# pci.ids, the guest tests from guest/*.c and the series' kselftest (static),
# the guest scripts and the golden ABI tables of the unpatched base.
. "$(dirname "$0")/lib.sh"

for f in /bin/busybox /usr/bin/lspci /usr/share/misc/pci.ids; do
	[ -e "$f" ] || die "$f is missing: run scripts/deps.sh"
done
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
# The series' kselftest, built from the tree as its Makefile would.
kst=$TREE/tools/testing/selftests/pci/pci_bar_files.c
[ -f "$kst" ] || die "$kst is missing: run scripts/base-tree.sh"
gcc -static -O2 -Wall -Wextra -Werror -o "$root/bin/pci_bar_files" "$kst" ||
	die "the kselftest $kst does not compile"
cp "$TOP/guest/init" "$root/init"
cp "$TOP"/guest/*.sh "$TOP"/golden/abi-*.txt "$root/harness/"
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$BUILD/initramfs.cpio.gz"
step "built $BUILD/initramfs.cpio.gz ($(du -h "$BUILD/initramfs.cpio.gz" | cut -f1))"
