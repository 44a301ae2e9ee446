#!/usr/bin/env bash
# Style checks of the series: checkpatch --strict on every patch (the
# missing Signed-off-by is expected: it is added when the series is sent;
# "does MAINTAINERS need updating" is ignored for new files in directories
# MAINTAINERS already covers; "unknown commit id" only for the upstream
# commits of config/upstream-commits.txt, whose quoted subjects are
# checked instead: the base is Debian's tarball as one commit, without
# upstream's history, so checkpatch cannot look them up) and kernel-doc on every C file and header
# the series touches, counting only warnings the base does not have.
# checkpatch reads each patch on its standard input: given the path of a
# file that git tracks (series/ is tracked here), it would read the patch
# as a source file.
. "$(dirname "$0")/lib.sh"

[ -d "$TREE/.git" ] || die "no tree at $TREE: run scripts/base-tree.sh first"
cd "$TREE"
# checkpatch checks each SPDX-License-Identifier with scripts/spdxcheck.py
# and takes any identifier as valid when that script cannot run (its
# errors go to stderr, which checkpatch does not read). So run it with
# Debian's python3, which has the modules it imports (python3-ply,
# python3-git: scripts/deps.sh), ahead of any other python3 on PATH, and
# make sure it tells a known identifier from an unknown one.
export PATH=/usr/bin:$PATH
spdx() { echo "SPDX-License-Identifier: $1" | scripts/spdxcheck.py - 2>&1; }
[ -z "$(spdx GPL-2.0-only)" ] && [ -n "$(spdx NOT-A-LICENSE)" ] ||
	die "scripts/spdxcheck.py cannot check licenses, so checkpatch would accept any: $(spdx GPL-2.0-only | tail -n 1) (run scripts/deps.sh)"
bad=0
known=$(grep -v '^#' "$TOP/config/upstream-commits.txt" | cut -d' ' -f1 | paste -sd'|')
for p in "$SERIES"/[0-9][0-9][0-9][0-9]-*.patch; do
	[ "${p##*/}" = 0000-cover-letter.patch ] && continue
	out=$(scripts/checkpatch.pl --strict --no-signoff --ignore FILE_PATH_CHANGES --terse --show-types - < "$p" 2>/dev/null |
		grep -v '^total: ' | grep -vE "UNKNOWN_COMMIT_ID: Unknown commit id '($known)'" || true)
	# Each upstream commit the patch names is listed, with that subject.
	while read -r id subject; do
		grep -qxF "$id $subject" <(grep -v '^#' "$TOP/config/upstream-commits.txt") ||
			out+="${out:+$'\n'}upstream commit $id (\"$subject\") is not in config/upstream-commits.txt as such"
	done < <(sed '/^---$/q' "$p" | tr '\n' ' ' | grep -oE '(Fixes:|commit) [0-9a-f]{12} +\("[^"]*"\)' |
		sed -E 's/^[^ ]+ ([0-9a-f]{12}) +\("(.*)"\)$/\1 \2/')
	if [ -z "$out" ]; then
		echo "ok - checkpatch ${p##*/}"
	else
		echo "not ok - checkpatch ${p##*/}"
		echo "$out" | sed 's/^/# /'
		bad=1
	fi
done
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

# No is_bin_visible() callback of the tree writes a size: one static
# bin_attribute serves every object of its group, and a size written there
# for one object can reach another's file (the series sizes them through
# bin_size()). Each callback is found by name where a group sets it, and
# its body read up to its closing brace. The tests are left out: one of
# the sysfs suite does so on purpose, as the case without bin_size().
callbacks=$(grep -rhoE --include='*.c' --exclude-dir=tests --exclude='*_kunit.c' \
	'(\.|->)is_bin_visible[[:space:]]*=[[:space:]]*[A-Za-z_0-9]+' . | sed -E 's/.*=[[:space:]]*//' | sort -u)
writes=$(while read -r n; do
	grep -rlE --include='*.c' --exclude-dir=tests --exclude='*_kunit.c' "^[a-z].*[^A-Za-z_0-9]$n\(" . |
	xargs -r awk -v n="$n" '
		$0 ~ "^[a-z].*[^A-Za-z_0-9]" n "\\(" { body = 1 }
		body && /(->|\.)size[[:space:]]*=[^=]/ { print FILENAME ":" FNR ": " n "(): " $0 }
		body && /^}/ { body = 0 }'
done <<< "$callbacks")
if [ -z "$writes" ]; then
	echo "ok - no is_bin_visible() writes a size ($(grep -c . <<< "$callbacks") callbacks in the tree)"
else
	echo "not ok - is_bin_visible() writes a size: give its group a bin_size()"
	echo "$writes" | sed 's/^/# /'
	bad=1
fi

# The KUnit suites compile only with CONFIG_KUNIT, which no defconfig of
# the cross step has: W=1 and sparse on them with the guest's config, in
# the series' kernel build (needs it: run after scripts/build.sh).
mapfile -t tests < <(git diff --name-only --diff-filter=AM "$base" HEAD -- '*_kunit.c' '*/tests/*.c')
objs=("${tests[@]/%.c/.o}")
if [ ! -f "$KOUT/.config" ]; then
	echo "ok - W=1 and sparse on the KUnit suites # SKIP no kernel build in $KOUT (scripts/build.sh)"
elif out=$(make -s -C "$TREE" O="$(readlink -f "$KOUT")" ARCH=x86_64 CC="ccache gcc" W=1 C=2 \
		"${objs[@]}" 2>&1) && ! grep -E 'warning|error' <<<"$out" >/dev/null; then
	echo "ok - W=1 and sparse on the KUnit suites, guest config: no warning (${objs[*]})"
else
	echo "not ok - W=1 and sparse on the KUnit suites, guest config"
	echo "$out" | sed 's/^/# /'
	bad=1
fi
exit $bad
