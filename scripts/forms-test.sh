#!/usr/bin/env bash
# The forms the series is kept, sent and carried in (TAP, one line each):
#   - series/ and build/linux: on a small scratch tree, an edit made on
#     one side only (a commit message, an order) is taken by the other
#     side's command, never overwritten; edits on both sides are refused
#     by both commands, which leave everything as it was; and the real
#     series/ is byte for byte what 'make export' writes of build/linux;
#   - the mails (scripts/mbox.sh: b4, To/Cc from get_maintainer.pl, b4 am
#     gives the tree), with a made-up sender when git has no identity;
#   - the Debian patch queue (scripts/quilt.sh: quilt push -a on the
#     unpacked source gives the tree).
. "$(dirname "$0")/lib.sh"
S=$TOP/scripts

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
sb=$scratch/build ss=$scratch/series
mkdir -p "$sb/linux" "$ss"
# in_scratch CMD...: a script of the harness on the scratch tree and series.
in_scratch() { BUILD=$sb SERIES=$ss "$@" > "$scratch/out" 2>&1; }
export GIT_AUTHOR_NAME=Tester GIT_AUTHOR_EMAIL=tester@localhost
export GIT_COMMITTER_NAME=Tester GIT_COMMITTER_EMAIL=tester@localhost
g() { git -C "$sb/linux" "$@"; }
g init -q -b series
printf 'one\n' > "$sb/linux/a" && printf 'two\n' > "$sb/linux/b"
g add a b && g commit -q -m "Base: $BASE_PACKAGE $BASE_PACKAGE_VERSION"
printf 'one more\n' >> "$sb/linux/a" && g commit -q -am "a: one more line" -m "Why: a test."
printf 'two more\n' >> "$sb/linux/b" && g commit -q -am "b: one more line" -m "Why: a test too."
printf 'cover\n' > "$ss/0000-cover-letter.patch"
sums() { (cd "$ss" && sha256sum -- *.patch) | sha256sum; }

in_scratch "$S/export.sh" && s=1 || s=0
in_scratch "$S/export.sh" --force && [ -f "$ss/0002-b-one-more-line.patch" ] && [ $s = 0 ] && s=0 || s=1
tap $s "export: refused without a record of the last match, written with --force"
in_scratch "$S/base-tree.sh" && grep -q 'already holds' "$scratch/out" && s=0 || s=1
tap $s "base-tree: the tree just exported is up to date"

# A message-only edit of a stored patch: export refuses to overwrite it,
# base-tree applies it, and then both sides agree. The edit also gives the
# patch another author and date, which the tree's commit must keep.
sed -i -e 's/^Why: a test\.$/Why: an edited test./' -e 's/^From: .*/From: Other Author <other@example.org>/' \
	-e 's/^Date: .*/Date: Mon, 1 Jan 2024 10:00:00 +0000/' "$ss/0001-a-one-more-line.patch"
before=$(sums)
in_scratch "$S/export.sh" && s=1 || s=0
[ $s = 0 ] && [ "$(sums)" = "$before" ] && grep -q 'series/ changed' "$scratch/out" && s=0 || s=1
tap $s "export: a message-only edit of series/ is not overwritten ($(tail -n 1 "$scratch/out" | cut -c1-70)...)"
in_scratch "$S/base-tree.sh" && g log --format=%B HEAD~1 -1 | grep -q 'an edited test' &&
	in_scratch "$S/export.sh" && grep -q 'already matches' "$scratch/out" && [ "$(sums)" = "$before" ] && s=0 || s=1
tap $s "base-tree: the edit reaches the tree's commit; series/ and the tree then match"
[ "$(g log -1 --format='%an <%ae> %aD' HEAD~1)" = "Other Author <other@example.org> Mon, 1 Jan 2024 10:00:00 +0000" ] && s=0 || s=1
tap $s "base-tree: the commit keeps the patch's author and date ($(g log -1 --format='%an, %ad' HEAD~1))"

# A new order in the tree (message and diff of each unchanged): base-tree
# refuses to reset it, export writes it.
GIT_SEQUENCE_EDITOR="sed -i '1{h;d};2{G}'" g rebase -q -i HEAD~2 >/dev/null 2>&1
before=$(sums)
in_scratch "$S/base-tree.sh" && s=1 || s=0
[ $s = 0 ] && [ "$(g log -1 --format=%s)" = "a: one more line" ] && grep -q 'work that series/ lacks' "$scratch/out" && s=0 || s=1
tap $s "base-tree: a new order of the tree's commits is kept, not reset"
in_scratch "$S/export.sh" && [ -f "$ss/0001-b-one-more-line.patch" ] && [ -f "$ss/0002-a-one-more-line.patch" ] && s=0 || s=1
tap $s "export: the new order is written to series/"

# Both sides edited: both commands refuse and touch nothing.
g commit -q --amend -m "a: one more line" -m "Why: edited in the tree."
sed -i 's/^Why: a test too\.$/Why: edited in series./' "$ss/0001-b-one-more-line.patch"
before=$(sums) head=$(g rev-parse HEAD)
in_scratch "$S/export.sh" && s=1 || s=0
in_scratch "$S/base-tree.sh" && s=1
[ $s = 0 ] && [ "$(sums)" = "$before" ] && [ "$(g rev-parse HEAD)" = "$head" ] && grep -q 'both changed' "$scratch/out" && s=0 || s=1
tap $s "edits on both sides: export and base-tree both refuse, nothing changes"
unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL

# The stored series is what 'make export' writes of build/linux, byte for
# byte (base-tree.sh applies a hand-edited patch all the same, with a note).
mkdir "$scratch/exported"
export_patches "$scratch/exported"
differ=$(diff -rq -x 0000-cover-letter.patch "$scratch/exported" "$SERIES" | sed "s|$scratch/exported|export|g; s|$SERIES|series|g" | head -n 3 | paste -sd';' || true)
[ "$(patches_sum "$scratch/exported")" = "$(patches_sum "$SERIES")" ] && s=0 || s=1
tap $s "series/ is byte for byte what make export writes of $TREE${differ:+ ($differ)}"

# The mails: the sender is the user's identity, or a made-up one here.
sender=()
[ -n "$(git config user.name || true)" ] && [ -n "$(git config user.email || true)" ] ||
	sender=(with_git_config user.name "Test Sender" user.email sender@example.org --)
"${sender[@]}" "$S/mbox.sh" > "$BUILD/mbox.log" 2>&1 && s=0 || s=1
tap $s "make mbox: $(grep -E '^(==> To/Cc|error)' "$BUILD/mbox.log" | tail -n 1 | sed 's/^==> //')"
tap $s "make mbox: $(grep -E '^(==> b4 am|error)' "$BUILD/mbox.log" | tail -n 1 | sed 's/^==> //')"

"$S/quilt.sh" > "$BUILD/quilt-queue.log" 2>&1 && s=0 || s=1
tap $s "Debian queue: $(grep -E '^(==> quilt push|error)' "$BUILD/quilt-queue.log" | tail -n 1 | sed 's/^==> //')"
exit $((tap_failed > 0))
