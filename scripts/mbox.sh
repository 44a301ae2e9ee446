#!/usr/bin/env bash
# The series as the submitter sends it: build/mbox/*.patch for git
# send-email and build/mbox/series.mbox for b4, with the cover letter of
# series/0000-cover-letter.patch, a base-commit line, and the submitter's
# Signed-off-by on every patch, from their own git identity (user.name,
# user.email).  Checked at the end: b4 reads it as the whole series, and
# what b4 makes of it, applied to the base, is exactly the series' tree.
. "$(dirname "$0")/lib.sh"

[ -d "$TREE/.git" ] || die "no tree at $TREE: run scripts/base-tree.sh first"
cd "$TREE"
[ -z "$(git status --porcelain)" ] || die "$TREE has uncommitted changes: commit and export them first"
name=$(git config user.name || true) email=$(git config user.email || true)
[ -n "$name" ] && [ -n "$email" ] ||
	die "no git identity: set user.name and user.email (git config --global); the Signed-off-by is yours"
base=$(base_commit)
cover=$SERIES/0000-cover-letter.patch
[ -f "$cover" ] || die "no cover letter at $cover"

# The cover letter's subject (less its [PATCH 0/N]) and body become the
# branch description that format-patch fills the cover letter from.
subject=$(sed -n 's/^Subject: \(\[[^]]*\] *\)\{0,1\}//p' "$cover" | head -n 1)
body=$(sed '1,/^$/d' "$cover")

# The mails are the sender's: a branch of the series in a temporary
# worktree, every commit authored by the sender (build/linux may carry the
# fixed local identity of base-tree.sh), with the cover letter as its
# description.
wt=$(mktemp -d) branch=mbox-$$
trap 'git worktree remove --force "$wt" 2>/dev/null; git branch -q -D "$branch" 2>/dev/null; rm -rf "$wt"' EXIT
git worktree add -q -b "$branch" "$wt" HEAD
GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$email \
	git -C "$wt" rebase -q --exec "git commit -q --amend --no-edit --reset-author" "$base" \
	> "$BUILD/mbox-author.log" 2>&1 || die "cannot author the series as $name <$email>; log: $BUILD/mbox-author.log"
git config "branch.$branch.description" "$(printf '%s\n\n%s\n' "$subject" "$body")"

out=$BUILD/mbox
rm -rf "$out"
git -C "$wt" format-patch -q --signoff --cover-letter --cover-from-description=subject \
	--base="$base" --thread=shallow -o "$out" "$base..HEAD"
n=$(ls "$out"/*.patch | wc -l)
cat "$out"/*.patch > "$out/series.mbox"
grep -q "^base-commit: $base" "$out/0000-cover-letter.patch" || die "no base-commit in the cover letter"
[ "$(grep -c "^Signed-off-by: $name <$email>" "$out/series.mbox")" = $((n - 1)) ] ||
	die "not every patch carries Signed-off-by: $name <$email>"

# b4 reads the mbox as a series: every patch found, in order, cover kept.
command -v b4 >/dev/null || die "b4 is missing: run scripts/deps.sh"
b4dir=$(mktemp -d)
# b4 0.12 (Debian 12) fails on a folded From: header, as format-patch folds
# a long name and address: give it a copy with unfolded headers.
awk '/^From [0-9a-f]+ Mon Sep 17 00:00:00 2001$/ { hdr = 1 } hdr && /^$/ { hdr = 0 }
     hdr && /^[ \t]/ { sub(/^[ \t]+/, " "); printf "%s", $0; next }
     { if (NR > 1) print ""; printf "%s", $0 } END { print "" }' \
	"$out/series.mbox" > "$b4dir/check.mbox"
if ! b4 --offline-mode am -m "$b4dir/check.mbox" -o "$b4dir" > "$out/b4.log" 2>&1; then
	die "b4 could not read the series; log: $out/b4.log"
fi
grep -q "Total patches: $((n - 1))" "$out/b4.log" ||
	die "b4 did not find $((n - 1)) patches; log: $out/b4.log"
# What b4 made applies to the base and gives exactly the tree of the series.
git worktree add -q --detach "$b4dir/tree" "$base"
git -C "$b4dir/tree" am -q "$b4dir"/*.mbx ||
	die "b4's mbox does not apply to the base; see $b4dir"
[ "$(git -C "$b4dir/tree" rev-parse HEAD^{tree})" = "$(git rev-parse HEAD^{tree})" ] ||
	die "b4's mbox applied to the base differs from the series; see $b4dir"
git worktree remove --force "$b4dir/tree"
rm -rf "$b4dir"
step "$out: cover letter + $((n - 1)) patches signed off by $name <$email>, base-commit $(git rev-parse --short "$base")"
step "b4 am: Total patches: $((n - 1)); git am of its mbox on the base gives the series' tree"
echo "send with: git send-email --to=linux-pci@vger.kernel.org $out/*.patch"
