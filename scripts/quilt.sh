#!/usr/bin/env bash
# The series as a Debian patch queue, for a distribution that carries it
# with quilt: build/debian-patches/ holds one patch a commit of build/linux,
# with DEP-3 headers (Description, Author, Origin, Forwarded,
# Last-Update), and a "series" file.  Checked at the end: 'quilt push -a'
# of the queue on the files it touches, unpacked from the linux-source
# tarball, gives them exactly as build/linux has them (the same files,
# bytes and modes, and no other).
. "$(dirname "$0")/lib.sh"

[ -d "$TREE/.git" ] || die "no tree at $TREE: run scripts/base-tree.sh first"
command -v quilt >/dev/null || die "quilt is missing: run scripts/deps.sh"
cd "$TREE"
[ -z "$(git status --porcelain)" ] || die "$TREE has uncommitted changes: commit them first"
base=$(base_commit)
out=$BUILD/debian-patches
rm -rf "$out" && mkdir -p "$out"

# The same names as series/ (git format-patch's), the same order.
names=$(mktemp -d)
trap 'rm -rf "$names"' EXIT
export_patches "$names"
mapfile -t files < <(cd "$names" && ls)
mapfile -t commits < <(git rev-list --reverse "$base..HEAD")
[ ${#files[@]} = ${#commits[@]} ] || die "format-patch wrote ${#files[@]} files for ${#commits[@]} commits"
for i in "${!commits[@]}"; do
	c=${commits[$i]} f=${files[$i]}
	{
		# DEP-3: the subject, then the body as continuation lines
		# (an empty line is " .").
		printf 'Description: %s\n' "$(git log -1 --format=%s "$c")"
		git log -1 --format=%b "$c" | sed -e '${/^$/d}' | sed -e 's/^$/./' -e 's/^/ /'
		printf 'Author: %s\n' "$(git log -1 --format='%an <%ae>' "$c")"
		printf 'Origin: other, series/%s of the PCI sysfs static attributes series\n' "$f"
		printf 'Forwarded: no\n'
		printf 'Last-Update: %s\n' "$(git log -1 --format=%cs "$c")"
		printf -- '---\n'
		GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 git show --format= --stat --patch "$c"
	} > "$out/$f"
	echo "$f" >> "$out/series"
done
step "$out: ${#commits[@]} patches with DEP-3 headers and a series file"

# quilt push -a on the unpacked source gives the tree of build/linux.  Only
# the files the queue touches are unpacked and compared (quilt changes no
# other; unpacking and hashing all 80,000 took a minute): each as the tree
# has it, with its mode, and none that the tree lacks.
work=$(mktemp -d)
trap 'rm -rf "$names" "$work"' EXIT
mapfile -t touched < <(git diff --name-only --no-renames "$base" HEAD)
mapfile -t in_base < <(git ls-tree -r --name-only "$base" -- "${touched[@]}")
[ ${#in_base[@]} -gt 0 ] || die "the series changes no file of the base: nothing to push a queue onto"
unpack_base "$work/src" "${in_base[@]}"
(cd "$work/src" && QUILT_PATCHES=$out quilt push -a -q) > "$BUILD/quilt.log" 2>&1 ||
	die "quilt push -a failed on the unpacked $BASE_PACKAGE; log: $BUILD/quilt.log"
rm -rf "$work/src/.pc"
got=$(cd "$work/src" && git init -q && git add -f -A . && git ls-files --format='%(objectmode) %(objectname) %(path)')
want=$(git ls-tree -r --format='%(objectmode) %(objectname) %(path)' HEAD -- "${touched[@]}")
[ "$got" = "$want" ] || {
	diff <(echo "$want") <(echo "$got") | head -n 10 >&2 || true
	die "quilt push -a on $BASE_PACKAGE gives other files than $TREE (< the tree, > the queue's)"
}
step "quilt push -a of the ${#commits[@]} patches on the unpacked $BASE_PACKAGE gives the tree of $TREE (the ${#touched[@]} files they touch)"
