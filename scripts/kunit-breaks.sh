#!/usr/bin/env bash
# Show that the KUnit suites see each part of the series go: for each
# debug-only revert debug/break-*.patch (or those named), build the series
# with it into build/kernel-break (one output directory, so each build is
# incremental), run the KUnit suites there, and print the cases that fail.
# Prints one TAP line a debug-only patch; the table goes to
# build/kunit-breaks.txt and stderr. A revert that no case notices is a
# failure: the claim it reverts is untested. A debug-only window (debug/window-*.patch, the delay that some
# reverts carry too) is run the same way as a control: with it alone,
# every case must pass.
#   kunit-breaks.sh [debug/break-NAME.patch | debug/window-NAME.patch]...
. "$(dirname "$0")/lib.sh"

patches=("$@")
[ ${#patches[@]} -gt 0 ] || patches=("$TOP"/debug/window-*.patch "$TOP"/debug/break-*.patch)
wrong=0
printf '%-28s %6s  %s\n' "debug-only patch" "failed" "cases that fail" > "$BUILD/kunit-breaks.txt"
for p in "${patches[@]}"; do
	name=$(basename "$p" .patch)
	step "$name: build and run KUnit"
	"$TOP/scripts/build-at.sh" series kernel-break "$p" >&2
	KOUT=$BUILD/kernel-break KUNIT_RESULTS=$BUILD/kunit-$name \
		"$TOP/scripts/kunit.sh" > "$BUILD/kunit-$name.tap" 2>/dev/null || true
	failed=$(sed -n 's/^not ok [0-9]* - KUnit //p' "$BUILD/kunit-$name.tap")
	n=$(grep -c '^not ok' "$BUILD/kunit-$name.tap" || true)
	if [ ! -s "$BUILD/kunit-$name.tap" ]; then
		echo "not ok - KUnit with $name: no result, see $BUILD/kunit-$name.log"
		wrong=$((wrong + 1)) failed="(no result)"
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
