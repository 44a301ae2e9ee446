#!/usr/bin/env bash
# Style checks of the series: checkpatch --strict on every patch (the
# missing Signed-off-by is expected: it is added when the series is sent;
# "does MAINTAINERS need updating" is ignored for new files in directories
# MAINTAINERS already covers) and kernel-doc on every C file and header
# the series touches, counting only warnings the base does not have.
# Run from inside build/linux: checkpatch reads a file that another git
# repository tracks as a source file, not as a patch.  It is also run from
# the top of this repository on series/, as a reviewer would type it, where
# that source-file reading must be clean too.
. "$(dirname "$0")/lib.sh"

[ -d "$TREE/.git" ] || die "no tree at $TREE: run scripts/base-tree.sh first"
cd "$TREE"
bad=0
for p in "$SERIES"/[0-9][0-9][0-9][0-9]-*.patch; do
	[ "${p##*/}" = 0000-cover-letter.patch ] && continue
	if out=$(scripts/checkpatch.pl --strict --no-signoff --ignore FILE_PATH_CHANGES -q "$p" 2>/dev/null); then
		echo "ok - checkpatch ${p##*/}"
	else
		echo "not ok - checkpatch ${p##*/}"
		echo "$out" | sed 's/^/# /'
		bad=1
	fi
done
if out=$(cd "$TOP" && "$TREE/scripts/checkpatch.pl" --strict -q series/*.patch 2>/dev/null); then
	echo "ok - checkpatch --strict series/*.patch from the top of the repo"
else
	echo "not ok - checkpatch --strict series/*.patch from the top of the repo"
	echo "$out" | sed 's/^/# /'
	bad=1
fi
base=$(base_commit)
mapfile -t files < <(git diff --name-only --diff-filter=AM "$base" HEAD -- '*.c' '*.h')
base_dir=$(mktemp -d)
trap 'rm -rf "$base_dir"' EXIT
for f in "${files[@]}"; do
	mkdir -p "$base_dir/$(dirname "$f")"
	git show "$base:$f" > "$base_dir/$f" 2>/dev/null || : > "$base_dir/$f"
done
# Line numbers move with the series' changes: compare without them.
unnumbered() { sed -E 's/^([^:]*):[0-9]+:/\1:/' | sort; }
new=$(comm -13 <(cd "$base_dir" && "$TREE/scripts/kernel-doc" -none "${files[@]}" 2>&1 | unnumbered) \
	       <(scripts/kernel-doc -none "${files[@]}" 2>&1 | unnumbered))
if [ -z "$new" ]; then
	echo "ok - kernel-doc on ${#files[@]} touched files: no new warning"
else
	echo "not ok - kernel-doc on touched files"
	echo "$new" | sed 's/^/# /'
	bad=1
fi
exit $bad
