#!/usr/bin/env bash
# Write the commits of build/linux on top of the base back into series/ as
# numbered patches.  The cover letter (0000-cover-letter.patch) is kept as
# it is; a patch whose change is the same as the stored one is left
# untouched, so that the repo diff shows only real changes.  The patches
# name no author and carry no Signed-off-by: scripts/mbox.sh adds the
# submitter's from their git identity.
. "$(dirname "$0")/lib.sh"

[ -d "$TREE/.git" ] || die "no tree at $TREE: run scripts/base-tree.sh first"
cd "$TREE"
[ -z "$(git status --porcelain)" ] || die "$TREE has uncommitted changes: commit them first"
base=$(base_commit)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git format-patch -q --zero-commit --no-signature --no-base --keep-subject \
	--no-cover-letter -o "$tmp" "$base..HEAD"

# Drop author and date: the stored series names nobody.  Write a blank
# context line of the diff as an empty line (git am reads both the same):
# run on a file git tracks, as series/ is here, checkpatch reads the patch
# as a source file and calls the lone space trailing whitespace.
for p in "$tmp"/*.patch; do
	[ -e "$p" ] || continue
	awk 'hdr && /^$/ { hdr = 0 }
	     hdr && /^(From|Date): / { skip = 1; next }
	     hdr && skip && /^[ \t]/ { next }
	     /^diff --git / { diff = 1 }
	     diff && $0 == " " { $0 = "" }
	     { skip = 0; print }' hdr=1 "$p" > "$p.tmp" && mv "$p.tmp" "$p"
done

changed=0
shopt -s nullglob
for old in "$SERIES"/[0-9][0-9][0-9][0-9]-*.patch; do
	name=${old##*/}
	[ "$name" = 0000-cover-letter.patch ] || [ -e "$tmp/$name" ] || { rm "$old"; echo "removed $name"; changed=1; }
done
for new in "$tmp"/*.patch; do
	name=${new##*/}
	if [ -e "$SERIES/$name" ] && cmp -s "$new" "$SERIES/$name"; then
		continue
	fi
	cp "$new" "$SERIES/$name"
	echo "wrote $name"
	changed=1
done
[ $changed = 1 ] || step "series/ already matches $TREE"
