#!/usr/bin/env bash
# Run the KUnit tests of the build in QEMU (kunit.py exec --arch=x86_64);
# writes build/kunit.json and prints one TAP line a test case.
. "$(dirname "$0")/lib.sh"

[ -f "$KOUT/arch/x86/boot/bzImage" ] || die "no kernel in $KOUT: run scripts/build.sh first"
cd "$TREE"
rc=0
python3 tools/testing/kunit/kunit.py exec --arch=x86_64 --build_dir="$KOUT" \
	--kunitconfig="$TOP/config/x86_64.config" --timeout=600 \
	--json="$BUILD/kunit.json" > "$BUILD/kunit.log" 2>&1 || rc=$?
grep -E "^\[..:..:..\] (\[|=|Testing|Ran|#)" "$BUILD/kunit.log" | sed 's/^\[..:..:..\] //' >&2 || true
python3 - "$BUILD/kunit.json" <<'PY' || die "no KUnit results (kunit.py exit $rc); log: $BUILD/kunit.log"
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
