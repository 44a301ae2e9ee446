#!/usr/bin/env bash
# Run the KUnit tests of the build in QEMU (kunit.py exec --arch=x86_64,
# two CPUs for the suites that run two threads at once); writes
# $KUNIT_RESULTS.json and .log (build/kunit.*) and prints one TAP line a
# test case.  KUNIT_ARGS: more of the kernel command line (the pci_debug=
# switches of a debug kernel, scripts/kunit-breaks.sh).
. "$(dirname "$0")/lib.sh"
results=${KUNIT_RESULTS:-$BUILD/kunit}

[ -f "$KOUT/arch/x86/boot/bzImage" ] || die "no kernel in $KOUT: run scripts/build.sh first"
cd "$TREE"
rc=0
python3 tools/testing/kunit/kunit.py exec --arch=x86_64 --build_dir="$KOUT" \
	--qemu_args="-smp 2" ${KUNIT_ARGS:+--kernel_args="$KUNIT_ARGS"} \
	--kunitconfig="$TOP/config/x86_64.config" --timeout=600 \
	--json="$results.json" > "$results.log" 2>&1 || rc=$?
grep -E "^\[..:..:..\] (\[|=|Testing|Ran|#)" "$results.log" | sed 's/^\[..:..:..\] //' >&2 || true
python3 - "$results.json" <<'PY' || die "no KUnit results (kunit.py exit $rc); log: $results.log"
import json, sys
def leaves(group, path):
    for case in group.get("test_cases", []):
        yield f"{path}.{case['name']}", case["status"]
    for sub in group.get("sub_groups", []):
        yield from leaves(sub, sub["name"])
cases = list(leaves(json.load(open(sys.argv[1])), "kunit"))
if not cases:
    sys.exit("kunit.py ran no test")
for i, (name, status) in enumerate(cases, 1):
    word = "ok" if status in ("PASS", "SKIP") else "not ok"
    print(f"{word} {i} - KUnit {name}{' # SKIP' if status == 'SKIP' else ''}")
PY
exit $rc
