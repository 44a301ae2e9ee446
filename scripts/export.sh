#!/usr/bin/env bash
# Write the commits of build/linux on top of the base back into series/,
# one patch each, exactly as git format-patch writes them (scripts/lib.sh,
# export_patches).  The cover letter (0000-cover-letter.patch) is kept as
# it is; a patch whose bytes did not change is left untouched.
# Refused when series/ changed since the tree was made from it (a patch
# edited by hand, or pulled): writing would lose that.  --force writes
# all the same.
. "$(dirname "$0")/lib.sh"

force=0
[ "${1:-}" = --force ] && force=1
[ -d "$TREE/.git" ] || die "no tree at $TREE: run scripts/base-tree.sh first"
cd "$TREE"
[ -z "$(git status --porcelain)" ] || die "$TREE has uncommitted changes: commit them first"
state=$(sync_state)
case $state in
same) step "series/ already matches $TREE"; exit 0 ;;
series|both|unknown)
	[ $force = 1 ] ||
		die "series/ changed since $TREE was made from it (state: $state): writing would overwrite that. Run 'make tree' to apply series/ (refused if the tree has work of its own too), or 'scripts/export.sh --force' to overwrite series/ with the tree's patches." ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export_patches "$tmp"
shopt -s nullglob
for old in "$SERIES"/[0-9][0-9][0-9][0-9]-*.patch; do
	name=${old##*/}
	[ "$name" = 0000-cover-letter.patch ] || [ -e "$tmp/$name" ] || { rm "$old"; echo "removed $name"; }
done
for new in "$tmp"/*.patch; do
	name=${new##*/}
	cmp -s "$new" "$SERIES/$name" 2>/dev/null && continue
	cp "$new" "$SERIES/$name"
	echo "wrote $name"
done
sync_record
