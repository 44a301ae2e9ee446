# Entry points; each target runs one script of scripts/.
.PHONY: help deps tree build kunit kunit-suites guest demo test quick clean export golden check cross ppc bisect race changes breaks mbox quilt figures stress
help:
	@echo "make demo    build the patched kernel and show it working in QEMU"
	@echo "make test    the whole suite, what CI runs; last line 'N passed, N failed'"
	@echo "             (55-62 min on a fresh clone with a warm ccache, 94 min cold: see README)"
	@echo "make quick   the fast path: build, style checks, KUnit, guest tests, harness self-tests, lockdown"
	@echo "make clean   remove build/ (trees, kernels, logs); keeps packages and ccache"
	@echo "make deps | tree | build | kunit | guest | export   single steps"
	@echo "make golden  re-record golden/ from the unpatched base"
	@echo "make check   checkpatch --strict and kernel-doc on the series, no is_bin_visible() size write"
	@echo "make cross   the series' C files with W=1 on 8 architectures, sparse"
	@echo "make ppc     the legacy files in a powerpc guest: base vs series"
	@echo "make bisect  build, W=1 and guest tests at every patch of the series"
	@echo "make race    the sysfs and /proc/bus/pci races: base vs series (RACE_BOOTS=2)"
	@echo "make changes what the series changes on purpose (revocation, files at the add event): base vs series"
	@echo "make breaks  each debug/break-*.patch turned on in turn (pci_debug=): the KUnit cases that fail"
	@echo "make kunit-suites  each KUnit suite the kernel's way (kunit.py run --kunitconfig=DIR);"
	@echo "             a kernel each, not in make test"
	@echo "make mbox    the series as mails from you (b4; To/Cc from get_maintainer.pl)"
	@echo "make quilt   the series as a Debian patch queue (DEP-3), checked with quilt push -a"
	@echo "make figures base vs series: in-kernel call costs (guest instructions, FIG_ICOUNT=3) with 95% intervals, memory (FIG_BOOTS=6, FIG_REPS=15, FIG_NOTHING=100, FIG_CYCLES=12)"
	@echo "make stress  resize, rescan, hotplug, bind at once under KASAN, lockdep, kmemleak: base, v1, series"
deps:
	scripts/deps.sh
tree: deps
	scripts/base-tree.sh
build: tree
	scripts/build.sh
kunit:
	scripts/kunit.sh
kunit-suites: tree
	scripts/kunit-suites.sh
guest:
	scripts/guest.sh test
demo: build
	scripts/guest.sh demo
test:
	scripts/test.sh
quick:
	scripts/test.sh quick
clean:
	scripts/clean.sh
export:
	scripts/export.sh
golden: tree
	scripts/golden.sh
check: tree
	scripts/check.sh
cross: tree
	scripts/deps.sh cross
	scripts/cross.sh
ppc: tree
	scripts/deps.sh ppc
	scripts/ppc.sh
bisect: tree
	scripts/bisect.sh
race: tree
	scripts/race.sh
changes: tree
	scripts/changes.sh
breaks: tree
	scripts/kunit-breaks.sh
mbox: tree
	scripts/mbox.sh
quilt: tree
	scripts/quilt.sh
figures: tree
	scripts/figures.sh
stress: tree
	scripts/stress.sh
