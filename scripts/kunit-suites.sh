#!/usr/bin/env bash
# Run each KUnit suite of the series the kernel's way, from the
# .kunitconfig the series adds beside it: tools/testing/kunit/kunit.py run
# --kunitconfig=DIR, on UML where the suite runs there, in QEMU otherwise.
# Each gets a kernel of its own (build/kunit-suites/DIR), so a cold run
# builds four kernels; `make kunit` runs the same suites but one (vmbus,
# which needs a Hyper-V guest kernel) in the guest's kernel, and is what
# `make test` uses.
#   kunit-suites.sh [DIR...]     default: every .kunitconfig of the series
# Prints one TAP line a directory; logs: build/kunit-suites/DIR.log.
. "$(dirname "$0")/lib.sh"

# Where each suite runs (kunit.py --arch), and why not UML.
declare -A arch=(
	[fs/sysfs]=um
	[drivers/nvmem]=um
	[drivers/pci]=x86_64	# UML has no PCI bus
	[drivers/hv]=x86_64	# Hyper-V guests only: X86 or ARM64
)

[ -d "$TREE/.git" ] || die "no tree at $TREE: run scripts/base-tree.sh first"
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || mapfile -t dirs < <(git -C "$TREE" diff --name-only --diff-filter=AM \
	"$(base_commit)" HEAD -- '*/.kunitconfig' | xargs -r -n1 dirname)
[ ${#dirs[@]} -gt 0 ] || die "the series adds no .kunitconfig"
failed=0
for d in "${dirs[@]}"; do
	[ -f "$TREE/$d/.kunitconfig" ] || die "no $d/.kunitconfig in $TREE"
	a=${arch[$d]:-}
	[ -n "$a" ] || die "$d/.kunitconfig: say in scripts/kunit-suites.sh where it runs"
	out=$BUILD/kunit-suites/${d//\//-}
	log=$out.log
	mkdir -p "$out"
	step "kunit.py run --kunitconfig=$d --arch=$a (log: $log)"
	start=$SECONDS
	rc=0
	(cd "$TREE" && python3 tools/testing/kunit/kunit.py run --kunitconfig="$d" \
		--arch="$a" --build_dir="$out" --jobs="$(nproc)" \
		--make_options="CC=ccache gcc" --timeout=600) > "$log" 2>&1 || rc=$?
	summary=$(grep -E '^\[..:..:..\] Testing complete\.' "$log" | tail -n 1 | sed 's/^\[..:..:..\] //')
	if [ $rc -eq 0 ] && [ -n "$summary" ]; then
		echo "ok - kunit.py --kunitconfig=$d --arch=$a: $summary ($((SECONDS - start)) s)"
	else
		echo "not ok - kunit.py --kunitconfig=$d --arch=$a: exit $rc, ${summary:-no result}; log: $log"
		tail -n 20 "$log" | sed 's/^/# /'
		failed=1
	fi
done
exit $failed
