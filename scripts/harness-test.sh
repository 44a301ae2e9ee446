#!/usr/bin/env bash
# The harness's own promises, each shown by breaking something on purpose
# in a real guest boot of build/kernel (TAP, one line each):
#   - a guest that panics right after a hot-plug request (the host injects
#     an NMI after its device_add; unknown_nmi_panic), while the host
#     still talks QMP to it, ends the run well within its timeout, with a
#     clear message, QEMU gone, nothing left in /tmp;
#   - a host call that never returns (qemu-run.py --on REGEX=stall, at the
#     first hot-plug request, as a QEMU that stops answering would make
#     it) still ends the run at its timeout, with QEMU gone;
#   - RCU's report of a lost timer on the guest's console (guest/init
#     prints it with fake_lost_timer) stops the run at once, exit 3, QEMU
#     gone, where the run would otherwise wait for a grace period that
#     never ends (a TCG vCPU that lost its timer interrupt);
#   - a guest that goes silent (guest/init with fake_silence) is stopped by
#     qemu-run.py --quiet after three dumps of its vCPUs and local APICs;
#   - a result line lost between guest and host (qemu-run.py --drop) fails
#     the run, where the same boot without the loss passes;
#   - make figures' statistics (scripts/ratio-ci.py, no guest): on made-up
#     calls, equal kernels get "no measurable difference", a series 1.5
#     times slower "series slower", more slow calls under the median
#     change nothing, boots that disagree flag the interval as wide, and
#     on the instruction clock (--icount) a call shows as instructions.
. "$(dirname "$0")/lib.sh"

[ -f "$KOUT/arch/x86/boot/bzImage" ] || die "no kernel in $KOUT: run scripts/build.sh first"
tmps() { find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'qemu-run-*' 2>/dev/null | sort; }

before=$(tmps)
log=$BUILD/harness-panic.log
t0=$SECONDS rc=0
# Once the panic shows, the host waits on QMP for an event that never
# comes, and meets a QEMU gone (before, that read spun forever).  timeout(1) turns a hang of
# qemu-run into a failure here instead of one of CI.
GUEST_APPEND=unknown_nmi_panic GUEST_ON=$'^@@host add=nmi\nKernel panic=gone hp1' GUEST_TIMEOUT=300 \
	GUEST_LOG=$log GUEST_TAP=$BUILD/harness-panic.tap timeout 200 "$TOP/scripts/guest.sh" test \
	> "$log.out" 2>&1 || rc=$?
t=$((SECONDS - t0))
[ $rc != 0 ] && grep -q 'Kernel panic' "$log" && grep -q 'never reached @@done' "$log.out" && s=0 || s=1
tap $s "a guest panic right after a hot-plug request fails the run ($t s of 300, exit $rc): $(grep -m1 '^qemu-run: ' "$log.out" || echo 'no message')"
[ $t -lt 120 ] && s=0 || s=1
tap $s "... and ends it within 120 s ($t s)"
pid=$(sed -n 's/^# qemu pid //p' "$log")
[ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null && [ "$(tmps)" = "$before" ] && s=0 || s=1
tap $s "... with QEMU (pid ${pid:-unknown}) gone and no temporary directory left"

log=$BUILD/harness-stall.log
t0=$SECONDS rc=0
GUEST_ON='^@@host add=stall' GUEST_TIMEOUT=60 GUEST_LOG=$log GUEST_TAP=$BUILD/harness-stall.tap \
	timeout 150 "$TOP/scripts/guest.sh" test > "$log.out" 2>&1 || rc=$?
t=$((SECONDS - t0))
pid=$(sed -n 's/^# qemu pid //p' "$log")
[ $rc != 0 ] && [ $rc != 124 ] && grep -q 'hard timeout after 60 s, the host stuck in' "$log.out" &&
	[ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null && [ "$(tmps)" = "$before" ] && s=0 || s=1
tap $s "a host call that never returns ends the run at its timeout ($t s, limit 60, exit $rc), QEMU gone: $(grep -m1 'hard timeout' "$log.out" || echo 'no message')"

log=$BUILD/harness-lost-timer.log
t0=$SECONDS rc=0
GUEST_APPEND=fake_lost_timer GUEST_TIMEOUT=300 GUEST_LOG=$log GUEST_TAP=$BUILD/harness-lost-timer.tap \
	timeout 200 "$TOP/scripts/guest.sh" test > "$log.out" 2>&1 || rc=$?
t=$((SECONDS - t0))
pid=$(sed -n 's/^# qemu pid //p' "$log")
[ $rc = 3 ] && [ $t -lt 30 ] && [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null && [ "$(tmps)" = "$before" ] &&
	! grep -q '^@@done' "$log" && s=0 || s=1
tap $s "RCU's report of a lost timer stops the run at once ($t s of 300, exit $rc), QEMU gone: $(grep -m1 'lost a timer' "$log.out" | cut -c1-100 || echo 'no message')"

log=$BUILD/harness-silence.log
t0=$SECONDS rc=0
GUEST_APPEND=fake_silence GUEST_QUIET=10 GUEST_TIMEOUT=300 GUEST_LOG=$log GUEST_TAP=$BUILD/harness-silence.tap \
	timeout 200 "$TOP/scripts/guest.sh" test > "$log.out" 2>&1 || rc=$?
t=$((SECONDS - t0))
pid=$(sed -n 's/^# qemu pid //p' "$log")
[ $rc != 0 ] && [ $rc != 124 ] && grep -q 'printed nothing for 40 s (--quiet 10): the run is stopped' "$log.out" &&
	[ "$(grep -c '^# host: info lapic 1: dumping local APIC state for CPU 1' "$log")" = 3 ] &&
	[ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null && [ "$(tmps)" = "$before" ] && s=0 || s=1
tap $s "a guest silent for ever (fake_silence) is stopped by --quiet 10 after three dumps of its vCPUs ($t s of 300, exit $rc), QEMU gone: $(grep -m1 'printed nothing' "$log.out" || echo 'no message')"

for drop in '' '^ok 1 - '; do
	log=$BUILD/harness-drop${drop:+-1}.log rc=0
	GUEST_DROP=$drop GUEST_LOG=$log GUEST_TAP=$BUILD/harness-drop.tap \
		"$TOP/scripts/guest.sh" hostile none > "$log.out" 2>&1 || rc=$?
	if [ -z "$drop" ]; then
		[ $rc = 0 ] && s=0 || s=1
		tap $s "a boot that loses no result passes (exit $rc; log: $log)"
	else
		[ $rc != 0 ] && grep -q 'block hostile: 0 results: plan 1..1' "$log.out" && s=0 || s=1
		tap $s "the same boot losing its 'ok 1' line fails: $(grep -m1 'block hostile' "$log.out" || echo "exit $rc, no block message")"
	fi
done

# make figures' statistics on made-up calls: 6 boots of each kernel, boot
# b shifted by (b mod 3) % (the series' boot b as the base's boot b + 1),
# in each boot 60 calls, 9 in 10 at the row's cost, the
# 10th 10 times slower.  Rows: equal kernels, a series 1.5 times slower, a
# series with 4 calls in 10 slow instead of 1 (the same median), boots
# 20 % apart.
made_up=$(python3 -c '
for row, series, slow, spread in (("equal", 1.0, 1, 1), ("slower", 1.5, 1, 1),
                                  ("tail", 1.0, 4, 1), ("wide", 1.0, 1, 10)):
    for k, f, n in (("base", 1.0, 1), ("series", series, slow)):
        for b in range(6):
            for i in range(60):
                cost = 1000000 * f * (1 + spread * ((b + (k == "series")) % 3) / 100)
                print(k, b, row, int(cost * (10 if i % 10 >= 10 - n else 1)))
')
out=$(echo "$made_up" | python3 "$TOP/scripts/ratio-ci.py")
echo "$out" | sed 's/^/# /'
row() { echo "$out" | awk -v r="$1" '$1 == r'; }
row equal | grep -q ' 1\.00 .* no measurable difference$' && s=0 || s=1
tap $s "figures: equal kernels: no measurable difference: $(row equal | cut -c1-60)"
row slower | grep -q ' 1\.50 .*series slower$' && s=0 || s=1
tap $s "figures: a series 1.5 times slower: series slower, 1.50: $(row slower | cut -c1-60)"
row tail | grep -q ' 1\.00 .* no measurable difference$' && s=0 || s=1
tap $s "figures: a boot's value is its median: 4 slow calls in 10 instead of 1 change nothing: $(row tail | cut -c1-60)"
row wide | grep -q 'interval wider than +/-10%$' && ! row equal | grep -q 'wider' && s=0 || s=1
tap $s "figures: boots 20 % apart flag the interval as wider than +/-10%, boots 2 % apart do not"
# On the instruction clock (--icount 3, 8 ns an instruction) the rows are
# the same and a call of 1.01 ms (the equal row's boots: 1.00, 1.01 and
# 1.02 ms) shows as 126.2 thousand instructions, the microseconds as 1010.0.
us=$(row equal | awk '{ print $4 }')
out=$(echo "$made_up" | python3 "$TOP/scripts/ratio-ci.py" --icount 3)
echo "$out" | sed 's/^/# /'
row equal | grep -q ' 126\.2  *126\.2  *1\.00 .* no measurable difference$' && [ "$us" = 1010.0 ] && s=0 || s=1
tap $s "figures: on the instruction clock (8 ns an instruction) a call of $us us is 126.2 k insn: $(row equal | cut -c1-70)"
exit $((tap_failed > 0))
