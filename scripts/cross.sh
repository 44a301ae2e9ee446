#!/usr/bin/env bash
# Compile the C files the series touches for every architecture that uses
# them, with W=1, against each arch's defconfig, and run sparse on them for
# x86_64, counting only warnings the unpatched base does not have:
#   cross.sh [ARCH...]        default: every arch of config/cross.txt
# A file under arch/X/ is compiled for X only.  Prints one TAP line an arch
# (and one for sparse) and fails if any object does not compile or has a
# W=1 warning the same file of the base does not have.
# Logs: build/cross/ARCH.log (ARCH.log.prepare: the configuration).
. "$(dirname "$0")/lib.sh"

[ -d "$TREE/.git" ] || die "no tree at $TREE: run scripts/base-tree.sh first"
base=$(base_commit)
mapfile -t files < <(git -C "$TREE" diff --name-only --diff-filter=AM "$base" HEAD -- '*.c')
[ ${#files[@]} -gt 0 ] || die "the series touches no C file"

wt=$BUILD/base
worktree_at "$wt" "$base"

# The series' files need options no defconfig has (NVMEM, HYPERV).
fragment=$TOP/config/cross.config
defconfig_with_fragment() {	# DEFCONFIG: with the caller's make=(...) and out
	"${make[@]}" "$1" && grep -v '^#' "$fragment" >> "$out/.config" &&
		"${make[@]}" olddefconfig
}
w1_build() {	# w1_build SRC OUT LOG OBJ...: compile OBJs afresh with W=1
	local src=$1 out=$2 log=$3; shift 3
	local make=(make -C "$src" O="$out" ARCH="${arch%%_*}" CROSS_COMPILE="$cross"
		    CC="ccache ${cross}gcc" -j"$(nproc)")
	mkdir -p "$out"
	# The defconfig is made once for an output directory and a tree (bisect
	# calls this at every patch).  Prepare is not a step of its own: make
	# runs it for the objects, as far as the tree's changes need (a second
	# walk cost half of this function's time); its warnings (bison, clone3)
	# are not the objects' and w1_warnings leaves them out.
	local made="$defconfig $(cd "$src" && pwd) $(sha256sum < "$fragment")"
	{ { [ -f "$out/.config" ] && [ "$(cat "$out/.harness-config" 2>/dev/null)" = "$made" ]; } ||
		{ defconfig_with_fragment "$defconfig" && echo "$made" > "$out/.harness-config"; }
	} > "$log.prepare" 2>&1 || return
	rm -f "${@/#/$out/}"	# make would not rebuild, nor warn again
	failed_log=$log		# from here on a failure is the objects'
	"${make[@]}" W=1 "$@" > "$log" 2>&1
}
w1_warnings() {	# w1_warnings SRC LOG: its warnings, without line numbers
	# Host tools built on the way (genksyms, relocs, objtool, syscall checks)
	# warn on their own: what make prepares for the objects is not theirs.
	grep 'warning:' "$2" | grep -v -e '/scripts/' -e '/tools/' -e '^tools/' -e '^<stdin>' |
		sed -E "s|^$1/||; s/:[0-9]+(:[0-9]+)?:/:/" | sort -u || true
}

failed=0
while read -r arch cross defconfig _; do
	case $arch in ''|'#'*) continue ;; esac
	[ $# -eq 0 ] || [[ " $* " == *" $arch "* ]] || continue
	command -v "${cross}gcc" >/dev/null ||
		die "${cross}gcc is missing: run scripts/deps.sh cross (or make cross)"
	out=$BUILD/cross/$arch
	log=$BUILD/cross/$arch.log
	mkdir -p "$out"
	objs=()
	for f in "${files[@]}"; do
		# First match wins: the KUnit suites (no CONFIG_KUNIT in a
		# defconfig) and selftests are never compiled here.
		case $f in
		tools/*|*/tests/*|*_kunit.c|*kunit*) continue ;;
		arch/*) [[ $f == arch/${arch%%_*}/* || ($arch == i386 && $f == arch/x86/*) ]] || continue ;;
		# Hyper-V guests only (Kconfig: HYPERV depends on X86 or ARM64)
		drivers/hv/*) [[ $arch == x86_64 || $arch == i386 || $arch == arm64 ]] || continue ;;
		esac
		[ -f "$SRC/$f" ] || continue	# not yet, at an early patch (bisect.sh)
		objs+=("${f%.c}.o")
	done
	start=$SECONDS
	status=0
	failed_log=$log.prepare	# set to $log by w1_build once configured
	w1_build "$SRC" "$out" "$log" "${objs[@]}" || status=$?
	[ $status -eq 0 ] || log=$failed_log
	new=$(w1_warnings "$SRC" "$log")
	if [ $status -eq 0 ] && [ -n "$new" ]; then
		# Count only what the base does not warn about in the same files.
		# The base never changes: its warnings for the same objects are
		# compiled once (bisect.sh asks at every patch).
		mapfile -t base_objs < <(for o in "${objs[@]}"; do [ -f "$wt/${o%.o}.c" ] && echo "$o"; done)
		key="$(git -C "$wt" rev-parse HEAD) ${base_objs[*]}"
		if [ "$(cat "$log.base.key" 2>/dev/null)" != "$key" ]; then
			rm -f "$log.base.key"
			w1_build "$wt" "$out-base" "$log.base" "${base_objs[@]}" ||
				die "the base does not compile for $arch; log: $log.base.prepare"
			echo "$key" > "$log.base.key"
		fi
		new=$(comm -23 <(echo "$new") <(w1_warnings "$wt" "$log.base"))
	fi
	warnings=$(grep -c . <<< "$new" || true)
	if [ $status -ne 0 ] || [ "$warnings" -ne 0 ]; then
		failed=1
		{ grep -E 'error:|\*\*\*' "$log" | head -n 10 || true; echo "$new" | head -n 20; } >&2
		echo "not ok - cross $arch: $warnings new warnings, status $status ($((SECONDS - start)) s); log: $log"
	else
		echo "ok - cross $arch: ${#objs[@]} objects, no new W=1 warning ($((SECONDS - start)) s)"
	fi
done < "$TOP/config/cross.txt"

# sparse on x86_64, base against series, warnings compared without line numbers.
[ $# -eq 0 ] || [[ " $* " == *" sparse "* ]] || exit $failed
command -v sparse >/dev/null || die "sparse is missing: run scripts/deps.sh"
sparse_warnings() {	# sparse_warnings SRC OUT: sparse's warnings on the objects
	local make=(make -C "$1" O="$2" -j"$(nproc)" CC="ccache gcc") out=$2
	mkdir -p "$2"
	{ defconfig_with_fragment x86_64_defconfig && "${make[@]}" prepare; } > "$2.log.prepare" 2>&1 ||
		die "cannot prepare $1 for sparse; log: $2.log.prepare"
	rm -f "${objs[@]/#/$2/}"
	"${make[@]}" C=1 "${objs[@]}" 2>&1 | tee "$2.log" |
		grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' |
		sed -E -e "s|^$(cd "$1" && pwd -P)/||" -e 's/:[0-9]+:[0-9]+:/:/' | sort
}
# Not the KUnit suites: x86_64_defconfig has no CONFIG_KUNIT, without which
# their headers declare nothing (as in the cross builds above).
objs=()
for f in "${files[@]}"; do
	case $f in
	*/tests/*|*_kunit.c) ;;
	arch/x86/*|drivers/*|fs/*|include/*|lib/*|kernel/*|mm/*) objs+=("${f%.c}.o") ;;
	esac
done
mapfile -t base_objs < <(for o in "${objs[@]}"; do [ -f "$wt/${o%.o}.c" ] && echo "$o"; done)
new=$(comm -13 <(objs=("${base_objs[@]}"); sparse_warnings "$wt" "$BUILD/cross/sparse-base") \
	       <(sparse_warnings "$SRC" "$BUILD/cross/sparse"))
if [ -z "$new" ]; then
	echo "ok - sparse on ${#objs[@]} x86_64 objects: no new warning"
else
	echo "not ok - sparse on x86_64: new warnings"
	echo "$new" | sed 's/^/# /'
	failed=1
fi
exit $failed
