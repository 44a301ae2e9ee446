#!/usr/bin/env bash
# Build build/linux with config/x86_64.config into build/kernel, through
# kunit.py so that KUnit and the QEMU guest boot the very same bzImage.
. "$(dirname "$0")/lib.sh"

[ -f "$SRC/Makefile" ] || die "no kernel tree at $SRC: run scripts/base-tree.sh first"
command -v ccache >/dev/null || die "ccache is missing: run scripts/deps.sh"
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
ccache -M 8G >/dev/null

step "building $(git -C "$SRC" describe --always) with ${KCONFIG#$TOP/} into ${KOUT#$TOP/}"
cd "$SRC"
python3 tools/testing/kunit/kunit.py build --arch=x86_64 \
	--build_dir="$KOUT" --kunitconfig="$KCONFIG" \
	--jobs="$(nproc)" --make_options="CC=ccache gcc" \
	> "$KOUT.log" 2>&1 ||
	{ tail -n 40 "$KOUT.log" >&2; die "kernel build failed; full log: $KOUT.log"; }
[ -f "$KOUT/arch/x86/boot/bzImage" ] || die "no bzImage in $KOUT"
step "built $KOUT/arch/x86/boot/bzImage"
