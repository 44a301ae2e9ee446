#!/usr/bin/env bash
# The test command: from a fresh Debian 12 machine to one verdict.
# deps, base tree + series, one kernel build, style checks, the series'
# files on 8 architectures (W=1, sparse), KUnit in QEMU, the guest tests in
# the q35 guest, the legacy files in a powerpc guest (base and series),
# the sysfs_initialized race on base and series, and every
# patch built and booted in turn (bisect); the
# last line is "N passed, N failed" over all of them.
. "$(dirname "$0")/lib.sh"
S=$TOP/scripts
mkdir -p "$BUILD"

timed() {	# timed NAME CMD...: run CMD, print how long it took
	local t0=$SECONDS rc=0
	"${@:2}" || rc=$?
	echo "time: $1 $((SECONDS - t0)) s" >&2
	return $rc
}

t_all=$SECONDS
timed deps "$S/deps.sh"
timed tree "$S/base-tree.sh"
timed build "$S/build.sh"

passed=0 failed=0 skipped=0
count() {	# count FILE: add the TAP results of FILE
	[ -f "$1" ] || return 0
	passed=$((passed + $(grep '^ok ' "$1" | grep -vic '# *skip' || true)))
	skipped=$((skipped + $(grep '^ok ' "$1" | grep -ic '# *skip' || true)))
	failed=$((failed + $(grep -c '^not ok ' "$1" || true)))
}
results() {	# results FILE WHAT: show FILE (less steps), count it; no TAP line fails
	grep -v '^==>' "$1" 2>/dev/null || true
	count "$1"
	grep -qE '^(not )?ok ' "$1" 2>/dev/null ||
		{ failed=$((failed + 1)); echo "not ok - $2 produced no results"; }
}

rm -f "$BUILD/kunit.json" "$BUILD/guest.tap" "$BUILD/check.tap" "$BUILD/cross.tap" "$BUILD/bisect-all.tap" "$BUILD/race.tap" "$BUILD/ppc.tap" "$BUILD"/guest-hostile-*.tap
timed check "$S/check.sh" > "$BUILD/check.tap" || true
results "$BUILD/check.tap" "the style checks"

timed cross-deps "$S/deps.sh" cross
timed cross "$S/cross.sh" > "$BUILD/cross.tap" || true
results "$BUILD/cross.tap" "the cross builds"

kunit_line=$(timed kunit "$S/kunit.sh") || true
echo "$kunit_line"
if [[ $kunit_line =~ ^kunit:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
	passed=$((passed + BASH_REMATCH[1])) failed=$((failed + BASH_REMATCH[2]))
else
	failed=$((failed + 1))
	echo "not ok - KUnit produced no results (build/kunit.log)"
fi

timed guest "$S/guest.sh" test || true
if [ -f "$BUILD/guest.tap" ]; then
	grep -E '^(not )?ok ' "$BUILD/guest.tap"
	count "$BUILD/guest.tap"
else
	failed=$((failed + 1))
	echo "not ok - the guest produced no results (build/kernel-guest-test.log)"
fi

for lock in integrity confidentiality; do
	timed "lockdown-$lock" "$S/guest.sh" hostile $lock || true
	if [ -f "$BUILD/guest-hostile-$lock.tap" ]; then
		grep -E '^(not )?ok ' "$BUILD/guest-hostile-$lock.tap" | sed "s/^\(\(not \)\{0,1\}ok [0-9]* -\)/\1 lockdown=$lock:/"
		count "$BUILD/guest-hostile-$lock.tap"
	else
		failed=$((failed + 1))
		echo "not ok - the lockdown=$lock guest produced no results"
	fi
done

timed ppc-deps "$S/deps.sh" ppc
timed ppc "$S/ppc.sh" > "$BUILD/ppc.tap" || true
results "$BUILD/ppc.tap" "the powerpc guest"

timed race "$S/race.sh" > "$BUILD/race.tap" || true
results "$BUILD/race.tap" "the race reproducer"

timed bisect "$S/bisect.sh" > "$BUILD/bisect-all.tap" || true
results "$BUILD/bisect-all.tap" "the bisect run"

echo "time: total $((SECONDS - t_all)) s" >&2
[ "$skipped" = 0 ] || echo "($skipped skipped: see the '# SKIP' lines above)"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
