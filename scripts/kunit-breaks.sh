#!/usr/bin/env bash
# Show that the KUnit suites see each part of the series go: for each
# debug-only revert debug/break-*.patch (or those named), boot the debug
# kernel of the series (build/kernel-switches-series: every debug/ patch built
# in, each off until the command line turns it on) with the pci_debug=
# switches the patch's first line names, run the KUnit suites there, and
# print the cases that fail.  Prints one TAP line a debug-only patch; the
# table goes to build/kunit-breaks.txt and stderr.  A revert that no case
# notices is a failure: the claim it reverts is untested.  A debug-only
# window (debug/window-*.patch, the delay that some reverts are booted
# with too) is run the same way as a control: with it alone, every case
# must pass.
#   kunit-breaks.sh [debug/break-NAME.patch | debug/window-NAME.patch]...
. "$(dirname "$0")/lib.sh"

patches=("$@")
[ ${#patches[@]} -gt 0 ] || patches=("$TOP"/debug/window-*.patch "$TOP"/debug/break-*.patch)
declare -A built
while read -r p; do built[$(basename "$p")]=1; done < <(debug_patches series)
for p in "${patches[@]}"; do
	[ -n "${built[$(basename "$p")]:-}" ] ||
		die "$p is not built into the debug kernel of the series (debug_patches in scripts/lib.sh)"
	debug_switches "$p" >/dev/null
done
switches_kernel series >&2
wrong=0
printf '%-28s %6s  %s\n' "debug-only patch" "failed" "cases that fail" > "$BUILD/kunit-breaks.txt"
for p in "${patches[@]}"; do
	name=$(basename "$p" .patch)
	switches=$(debug_switches "$p")
	step "$name: KUnit with pci_debug=$switches"
	KOUT=$BUILD/kernel-switches-series KUNIT_RESULTS=$BUILD/kunit-$name KUNIT_ARGS="pci_debug=$switches" \
		"$TOP/scripts/kunit.sh" > "$BUILD/kunit-$name.tap" 2>/dev/null || true
	failed=$(sed -n 's/^not ok [0-9]* - KUnit //p' "$BUILD/kunit-$name.tap")
	n=$(grep -c '^not ok' "$BUILD/kunit-$name.tap" || true)
	if [ ! -s "$BUILD/kunit-$name.tap" ]; then
		echo "not ok - KUnit with $name: no result, see $BUILD/kunit-$name.log"
		wrong=$((wrong + 1)) failed="(no result)"
	elif ! grep -qE "pci-debug: switches on: $switches[[:space:]]*$" "$BUILD/kernel-switches-series/test.log"; then
		echo "not ok - KUnit with $name: the kernel did not say pci_debug=$switches is on, see $BUILD/kernel-switches-series/test.log"
		wrong=$((wrong + 1))
	else
		case $name in
		window-*) word=ok; [ -z "$failed" ] || { word="not ok"; wrong=$((wrong + 1)); }
			echo "$word - KUnit with $name alone: $n cases fail" ;;
		*) word=ok; [ -n "$failed" ] || { word="not ok"; wrong=$((wrong + 1)); }
			echo "$word - KUnit notices $name: $n cases fail" ;;
		esac
	fi
	printf '%-28s %6s  %s\n' "$name" "$n" "$(echo ${failed:-none})" >> "$BUILD/kunit-breaks.txt"
done
cat "$BUILD/kunit-breaks.txt" >&2
[ $wrong -eq 0 ]
