#!/usr/bin/env bash
# The test command: from a fresh Debian 12 machine to one verdict.
# deps, base tree + series, one kernel build, style checks, the series'
# files on 8 architectures (W=1, sparse), the forms the series is kept,
# sent and carried in (series/, b4 mails, a quilt queue), KUnit in QEMU, the guest tests in
# the q35 guest, the legacy files in a powerpc guest (base and series),
# the sysfs_initialized race on base and series, what the series changes
# on purpose (revocation, files at the add event) on base and series, and
# every patch built and booted in turn (bisect); the
# last line is "N passed, N failed" over all of them.
#   test.sh         all of it (make test)
#   test.sh quick   deps, tree, build, style checks, KUnit, the guest tests,
#                   the harness's own tests and lockdown: the fast path (make quick)
. "$(dirname "$0")/lib.sh"
S=$TOP/scripts
case ${1:-} in '') full=1 ;; quick) full= ;; *) die "usage: test.sh [quick]" ;; esac
mkdir -p "$BUILD"
rm -f "$BUILD/times.txt"

times=()
timed() {	# timed NAME CMD...: run CMD, print how long it took
	local t0=$SECONDS rc=0
	"${@:2}" || rc=$?
	echo "time: $1 $((SECONDS - t0)) s" >&2
	times+=("$1 $((SECONDS - t0))")
	return $rc
}

t_all=$SECONDS
timed deps "$S/deps.sh"
timed tree "$S/base-tree.sh"
timed build "$S/build.sh"

passed=0 failed=0 skipped=0
results() {	# results FILE WHAT [PREFIX]: show FILE's TAP lines, count them; none fails
	local lines
	lines=$(grep -E '^(not )?ok ' "$1" 2>/dev/null | sed "s/^\(\(not \)\{0,1\}ok [0-9]* *-\{0,1\}\)/\1${3:+ $3:}/") || true
	if [ -z "$lines" ]; then
		failed=$((failed + 1))
		echo "not ok - $2 produced no results"
		return
	fi
	echo "$lines"
	passed=$((passed + $(grep '^ok ' <<< "$lines" | grep -vic '# *skip' || true)))
	skipped=$((skipped + $(grep '^ok ' <<< "$lines" | grep -ic '# *skip' || true)))
	failed=$((failed + $(grep -c '^not ok ' <<< "$lines" || true)))
}

run_step() {	# run_step NAME WHAT CMD...: CMD's TAP into build/NAME.tap, counted;
		# a CMD that fails without a "not ok" line is one failure more
	local rc=0
	timed "$1" "${@:3}" > "$BUILD/$1.tap" || rc=$?
	results "$BUILD/$1.tap" "$2"
	if [ $rc != 0 ] && ! grep -q '^not ok ' "$BUILD/$1.tap"; then
		failed=$((failed + 1))
		echo "not ok - $2 ended with exit status $rc and no failing result: see its log"
	fi
}

rm -f "$BUILD"/{kunit,guest,check,forms,cross,bisect,race,ppc,harness,changes,breaks}.tap "$BUILD"/guest-hostile-*.tap
run_step check "the style checks" "$S/check.sh"
if [ -n "$full" ]; then
	run_step forms "series/ round trip, mails (b4), Debian queue (quilt)" "$S/forms-test.sh"
	timed cross-deps "$S/deps.sh" cross
	run_step cross "the cross builds" "$S/cross.sh"
fi
run_step kunit "KUnit (build/kunit.log)" "$S/kunit.sh"

guest_rc=0
timed guest "$S/guest.sh" test || guest_rc=$?
results "$BUILD/guest.tap" "the guest (build/kernel-guest-test.log)"
# bisect.sh need not build and boot the tip's kernel again.
[ $guest_rc = 0 ] && export TIP_TESTED=1

run_step harness "the harness's own tests" "$S/harness-test.sh"

for lock in integrity confidentiality; do
	timed "lockdown-$lock" "$S/guest.sh" hostile $lock || true
	results "$BUILD/guest-hostile-$lock.tap" "the lockdown=$lock guest" "lockdown=$lock"
done

if [ -n "$full" ]; then
	timed ppc-deps "$S/deps.sh" ppc
	run_step ppc "the powerpc guest" "$S/ppc.sh"
	run_step race "the race reproducer" "$S/race.sh"
	run_step changes "revocation and add-event files: base vs series" "$S/changes.sh"
	run_step breaks "each part of the series reverted: KUnit fails" "$S/kunit-breaks.sh"
	run_step bisect "the bisect run" "$S/bisect.sh"
fi

times+=("total $((SECONDS - t_all))")
printf '%s\n' "${times[@]}" > "$BUILD/times.txt"
echo "time (s): $(printf '%s, ' "${times[@]}" | sed 's/, $//')" >&2
[ "$skipped" = 0 ] || echo "($skipped skipped: see the '# SKIP' lines above)"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
