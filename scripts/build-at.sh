#!/usr/bin/env bash
# Build a state of the series other than build/kernel, the one way:
#   build-at.sh WHERE NAME [FILE.patch | FILE.config]...
# WHERE is "base" (the unpatched base commit), "series" (HEAD of
# build/linux) or "v1" (v1 of the series, lib.sh's v1_commit).  The config is config/x86_64.config less the KUnit suites
# that tree lacks (config_for), plus each FILE.config given; each
# FILE.patch (a debug-only patch of debug/) is applied for the build and
# reverted after, on every way out.  The tree: build/base for the base,
# build/v1 for v1, build/linux for the series; a build with patches uses the worktree
# build/patched, so that build/linux is never touched.  Output: build/NAME;
# a build with patches is skipped when build/NAME.stamp says it is built
# from the same commit, patches and configuration.
. "$(dirname "$0")/lib.sh"

[ $# -ge 2 ] || die "usage: build-at.sh base|series|v1 NAME [FILE.patch|FILE.config]..."
where=$1 name=$2; shift 2
patches=() configs=()
for f in "$@"; do
	[ -f "$f" ] || die "no file $f"
	case $f in
	*.patch) patches+=("$(cd "$(dirname "$f")" && pwd)/${f##*/}") ;;
	*.config) configs+=("$f") ;;
	*) die "$f is neither a .patch nor a .config" ;;
	esac
done
case $where in
base) commit=$(base_commit) src=$BUILD/base ;;
series) commit=$(git -C "$TREE" rev-parse HEAD) src=$TREE ;;
v1) commit=$(v1_commit) src=$BUILD/v1 ;;
*) die "WHERE must be base, series or v1, not '$where'" ;;
esac
# A build with patches is done again only when what it is built from
# changed: the commit, a patch, the configuration (applying and reverting
# the patches would touch their files, and make would relink).
stamp=$BUILD/$name.stamp
key=$(cat <(echo "$commit") "${patches[@]}" "$TOP/config/x86_64.config" "${configs[@]}" | sha256sum)
if [ ${#patches[@]} -gt 0 ] && [ -f "$BUILD/$name/arch/x86/boot/bzImage" ] &&
   [ "$(cat "$stamp" 2>/dev/null)" = "$key" ]; then
	step "build/$name is built from ${commit:0:12} and these patches already"
	exit 0
fi
rm -f "$stamp"
if [ ${#patches[@]} -gt 0 ]; then
	src=$BUILD/patched
	worktree_at "$src" "$commit"
elif [ "$where" != series ]; then
	worktree_at "$src" "$commit"
fi

applied=()
revert() {
	local i
	for ((i = ${#applied[@]} - 1; i >= 0; i--)); do
		git -C "$src" apply -R "${applied[i]}" || echo "error: cannot revert ${applied[i]} in $src" >&2
	done
	applied=()
}
trap revert EXIT
for p in "${patches[@]}"; do
	git -C "$src" apply "$p" || die "${p#$TOP/} does not apply to the $where"
	applied+=("$p")
done
cat <(config_for "$src") "${configs[@]}" > "$BUILD/$name.config"
SRC=$src KOUT=$BUILD/$name KCONFIG=$BUILD/$name.config "$TOP/scripts/build.sh"
[ ${#patches[@]} -eq 0 ] || echo "$key" > "$stamp"
