#!/usr/bin/env bash
# Build $SRC (build/linux) with config/x86_64.config into $KOUT
# (build/kernel), through kunit.py so that KUnit and the QEMU guest boot the
# very same bzImage.  $KOUT is a link to an output directory inside $SRC
# (out_dir_in in lib.sh), so other trees' builds reuse ccache's objects.
. "$(dirname "$0")/lib.sh"

[ -f "$SRC/Makefile" ] || die "no kernel tree at $SRC: run scripts/base-tree.sh first"
command -v ccache >/dev/null || die "ccache is missing: run scripts/deps.sh"
out_dir_in "$SRC" "$KOUT"
name=${KOUT#$BUILD/}

step "building $(git -C "$SRC" describe --always) with ${KCONFIG#$TOP/} into build/$name (log: build/$name.log)"
[ -f "$KOUT.objects" ] || cp "$BUILD/kernel.objects" "$KOUT.objects" 2>/dev/null || true
watch_build "$KOUT" "$name" & watcher=$!
trap 'kill $watcher 2>/dev/null || true' EXIT
t0=$SECONDS
cd "$SRC"
python3 tools/testing/kunit/kunit.py build --arch=x86_64 \
	--build_dir="$KOUT" --kunitconfig="$KCONFIG" \
	--jobs="$(nproc)" --make_options="CC=ccache gcc" \
	> "$KOUT.log" 2>&1 ||
	{ tail -n 40 "$KOUT.log" >&2; die "kernel build failed; full log: $KOUT.log"; }
[ -f "$KOUT/arch/x86/boot/bzImage" ] || die "no bzImage in $KOUT"
find "$(readlink -f "$KOUT")" -name '*.o' | wc -l > "$KOUT.objects"
step "built build/$name/arch/x86/boot/bzImage in $((SECONDS - t0)) s ($(cat "$KOUT.objects") objects)"
