#!/usr/bin/env bash
# What the series changes on purpose, base against series, in one run:
# boot the switches kernels of the base and the series (switches_kernel in
# scripts/lib.sh, the ones scripts/race.sh boots) with pci_debug=
# window-add-event (debug/add-event-window.patch: a 1 s sleep at the start
# of pci_bus_add_device() once the system runs, so that a uevent helper,
# which starts after the event, can see what the device has before
# pci_bus_add_device() goes on) and rebar (debug/fake-rebar.patch: a
# pci-testdev's BAR 2 resizable, QEMU 7.2 having no such device), in
# harness=changes
# (guest/revoke.sh and guest/uevent.sh), and print two tables:
#   revocation: for each event and door (resourceN, resourceN_wc,
#     /dev/mem, /proc/bus/pci), what an access through a mapping of a
#     memory BAR made before the event does (guest/pci-revoke.c);
#   add event: for each PCI device added (a rescan, a hot-add), the BAR
#     files it has when its KOBJ_ADD uevent arrives, against those it
#     settles with (guest/pci-uevent.c).
# TAP: the series passes every check, and the base fails those the series
# fixes (or the checks could not tell the two apart).
. "$(dirname "$0")/lib.sh"

switches_kernel base
switches_kernel series
switches=$(debug_switches "$TOP/debug/add-event-window.patch"),$(debug_switches "$TOP/debug/fake-rebar.patch")

declare -A kout=([base]=$BUILD/kernel-switches-base [series]=$BUILD/kernel-switches-series)
for k in base series; do
	log=$BUILD/changes-$k.log tap=$BUILD/changes-$k.tap
	rm -f "$log" "$tap"	# judge this boot only
	KOUT=${kout[$k]} GUEST_LOG=$log GUEST_TAP=$tap GUEST_TIMEOUT=600 GUEST_APPEND="pci_debug=$switches" \
		"$TOP/scripts/guest.sh" changes >/dev/null 2>&1 || true
	grep -q '^@@done' "$log" || die "the $k guest did not finish; log: $log"
	grep -q 'pci-add-window: ' "$log" || die "the $k guest never opened the add-event window (pci_debug=$switches not on?); log: $log"
	step "$k: $(grep -c '^ok' "$tap") passed, $(grep -c '^not ok' "$tap") failed ($tap)"
done

python3 - "$BUILD"/changes-{base,series}.tap "$BUILD"/changes-{base,series}.log <<'PY'
import re, sys
base_tap, series_tap, base_log, series_log = sys.argv[1:]
n = failed = 0
def tap(ok, what):
    global n, failed
    n += 1
    failed += not ok
    print(f"{'' if ok else 'not '}ok {n} - {what}")

# Revocation: "BLOCK: DOOR (WHAT) mapping of BDF revoked WHEN" or
# "revoke-rescan: DOOR mapping of BDF still reads after a rescan".
row = re.compile(r"^(not )?ok \d+ - (revoke-[a-z-]+): (\S+)(?: \(([^)]+)\))? mapping of \S+ (.*)$")
def revocations(path):
    out = {}
    for line in open(path):
        m = row.match(line.strip())
        if m:
            seen = m[4] or ("still readable" if not m[1] else "fault")
            out[(m[2], re.sub(r"^revoked ", "", m[5]), m[3])] = (not m[1], seen)
    return out
base, series = revocations(base_tap), revocations(series_tap)
print("Revocation: an access through a mapping made before the event")
print(f"{'event':<58} {'door':<14} {'base':<15} {'series':<15}")
for k, s in series.items():
    print(f"{k[0] + ': ' + k[1]:<58} {k[2]:<14} {base.get(k, (None, '(no result)'))[1]:<15} {s[1]:<15}")
tap(series and all(ok for ok, _ in series.values()),
    f"revocation, series: every check passes ({sum(ok for ok, _ in series.values())}/{len(series)})")
fixed = [k for k in series if k[0] in ("revoke-remove", "revoke-hot-remove", "revoke-resize")]
tap(fixed and all(not base.get(k, (True,))[0] for k in fixed),
    f"revocation, base: every removal and resize check fails ({sum(not base.get(k, (True,))[0] for k in fixed)}/{len(fixed)})")
kept = [k for k in series if k[0] in ("revoke-rescan", "revoke-driver")]
tap(kept and all(base.get(k, (False,))[0] for k in kept),
    f"revocation, base: the rescan and driver checks pass as on the series ({sum(base.get(k, (False,))[0] for k in kept)}/{len(kept)})")

# The add events: "# add BDF: at the event: FILES; settled: FILES".
add = re.compile(r"^# add (\S+): at the event: (.*); settled: (.*)$")
def adds(path):
    return [m.groups() for m in map(add.match, open(path).read().splitlines()) if m]
base, series = adds(base_log), adds(series_log)
print()
print("The BAR files of a device when its add event arrives, against those it settles with")
print(f"{'kernel':<7} {'device':<13} {'at the add event':<36} settled")
for name, events in (("base", base), ("series", series)):
    for bdf, at, now in events:
        print(f"{name:<7} {bdf:<13} {at:<36} {now}")
tap(series and all(at == now for _, at, now in series),
    f"add event, series: every device has its BAR files at its add event ({sum(at == now for _, at, now in series)}/{len(series)})")
tap(base and any(at != now for _, at, now in base),
    f"add event, base: some device lacks them ({sum(at != now for _, at, now in base)}/{len(base)}), as the fix expects")
sys.exit(1 if failed else 0)
PY
