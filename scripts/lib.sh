# Shared by the scripts: paths, the base record, and one way to fail.
# shellcheck shell=bash
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
TREE=$BUILD/linux          # git tree: base commit + the series
SRC=${SRC:-$TREE}          # the tree to build (golden.sh: the base)
KOUT=${KOUT:-$BUILD/kernel}  # O= output of the kernel build
KCONFIG=${KCONFIG:-$TOP/config/x86_64.config}
SERIES=${SERIES:-$TOP/series}
# shellcheck source=../BASE
. "$TOP/BASE"

# ccache for every compiler call of the harness.  Its settings are this
# process's own (environment), never written to the user's ccache.conf.
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
# Source paths are relative (see out_dir_in), and nothing is built with -g:
# the working directory need not be part of the hash.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$BUILD} CCACHE_NOHASHDIR=1

die() { echo "error: $*" >&2; exit 1; }

# tap STATUS TEXT: one TAP line from an exit status; tap_n counts the lines,
# tap_failed the failures (a script ends with "exit $((tap_failed > 0))").
tap_n=0 tap_failed=0
tap() {
	tap_n=$((tap_n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}
step() { echo "==> $*" >&2; }

# The base commit of $TREE (its root: the Debian source as one commit).
base_commit() {
	[ -d "$TREE/.git" ] || die "no tree at $TREE: run scripts/base-tree.sh first"
	git -C "$TREE" rev-list --max-parents=0 HEAD
}

# v1_commit: a commit of $TREE holding the base and v1 of the series (the
# 13 patches of series/ at V1_SERIES, the main commit before series v2 came
# in), made once as the branch "v1" of $TREE; make stress runs it beside
# the series to show what v2 fixes.  Its checkout is a worktree, never
# $TREE's own.
V1_SERIES=0dae705
v1_commit() {
	local dir=$BUILD/v1 patches p
	if ! git -C "$TREE" rev-parse -q --verify refs/heads/v1 >/dev/null; then
		patches=$(mktemp -d)
		git -C "$TOP" archive "$V1_SERIES" series | tar -x -C "$patches" ||
			die "cannot read series/ at $V1_SERIES from the history of $TOP"
		[ ! -e "$dir" ] || git -C "$TREE" worktree remove --force "$dir"
		git -C "$TREE" worktree add -q --detach "$dir" "$(base_commit)" >&2
		# v1's patches name no author (stored before they did): each is
		# committed under a fixed local one, through git am as v1 was.
		for p in "$patches"/series/[0-9][0-9][0-9][0-9]-*.patch; do
			[ "${p##*/}" != 0000-cover-letter.patch ] || continue
			sed '0,/^Subject: /s//From: Local series build <series@localhost>\nSubject: /' "$p" |
				GIT_COMMITTER_NAME="Local series build" GIT_COMMITTER_EMAIL=series@localhost \
				git -C "$dir" am -q --keep-cr >&2 || die "v1 patch ${p##*/} does not apply to the base"
		done
		git -C "$TREE" branch v1 "$(git -C "$dir" rev-parse HEAD)" >&2
		git -C "$TREE" worktree remove --force "$dir"
		rm -rf "$patches"
	fi
	git -C "$TREE" rev-parse refs/heads/v1
}

# unpack_base DIR [FILE...]: the source of BASE unpacked into DIR (made),
# or only the FILEs named (paths in the tree), less the '/*' rule that
# Debian appends to .gitignore (it would hide every new file of the series
# from git).  The base commit of $TREE is exactly this.
unpack_base() {
	local tarball=/usr/src/$BASE_PACKAGE.tar.xz dir=$1 top
	shift
	[ -f "$tarball" ] || die "no $tarball: run scripts/deps.sh"
	mkdir -p "$dir"
	top=$BASE_PACKAGE/
	tar -xJf "$tarball" -C "$dir" --strip-components=1 "${@/#/$top}"
	[ ! -f "$dir/.gitignore" ] || sed -i '/^\/\*$/d; /^!\/debian\/$/d' "$dir/.gitignore"
}

# with_git_config KEY VALUE... -- CMD...: run CMD with these git settings
# added for it alone (GIT_CONFIG_COUNT), the user's own config untouched.
with_git_config() {
	local k=${GIT_CONFIG_COUNT:-0} vars=()
	while [ "$1" != -- ]; do
		vars+=("GIT_CONFIG_KEY_$k=$1" "GIT_CONFIG_VALUE_$k=$2")
		k=$((k + 1))
		shift 2
	done
	shift
	env GIT_CONFIG_COUNT=$k "${vars[@]}" "$@"
}

# config_for SRC: config/x86_64.config less the KUnit suites that SRC does
# not have (the base, or an early patch of the series): kunit.py refuses a
# configuration whose options do not all stick.
config_for() {
	local line sym
	while read -r line; do
		sym=${line#CONFIG_} sym=${sym%%=*}
		[[ $line == CONFIG_*_KUNIT_TEST=* ]] &&
			! grep -rqx "config $sym" --include='Kconfig*' "$1" && continue
		printf '%s\n' "$line"
	done < "$TOP/config/x86_64.config"
}

# The debug kernels: every debug-only window and break of debug/ is built
# into one kernel of the base and one of the series (build/kernel-switches-base,
# build/kernel-switches-series), each off until the kernel command line turns
# it on with pci_debug= (debug/switch.patch): make race, make changes and
# make breaks boot these two kernels, built once between them.
debug_patches() {	# debug_patches base|series: the patches, in the order they apply
	local d=$TOP/debug
	case $1 in
	base) printf '%s\n' "$d/switch.patch" "$d/race-window-base.patch" "$d/race-window-proc.patch" \
		"$d/race-window-proc-unfixed.patch" "$d/add-event-window.patch" "$d/fake-rebar.patch" ;;
	series) printf '%s\n' "$d/switch.patch" "$d/race-window-series.patch" "$d/add-event-window.patch" \
		"$d/fake-rebar.patch" "$d"/window-*.patch "$d"/break-*.patch ;;
	*) die "debug_patches: base or series, not '$1'" ;;
	esac
}
switches_kernel() {	# switches_kernel base|series: build it, unless it is built already
	local patches
	mapfile -t patches < <(debug_patches "$1")
	"$TOP/scripts/build-at.sh" "$1" "kernel-switches-$1" "${patches[@]}"
}
debug_switches() {	# debug_switches PATCH: the pci_debug= value its first line boots with
	sed -n '1s/^# Debug only (pci_debug=\([^)]*\)).*/\1/p' "$1" | grep . ||
		die "${1#$TOP/}: its first line does not say which pci_debug= switches turn it on"
}

# worktree_at DIR COMMIT: a detached worktree of $TREE at DIR showing COMMIT.
# One with local changes is refused, not reset: it must be what COMMIT says.
worktree_at() {
	local dir=$1 commit=$2
	if [ ! -d "$dir" ]; then
		git -C "$TREE" worktree add -q --detach "$dir" "$commit"
	else
		[ -z "$(git -C "$dir" status --porcelain)" ] ||
			die "$dir has local changes; move it away or clean it, it must stay at ${commit:0:12}"
		git -C "$dir" checkout -q --detach "$commit"
	fi
}

# out_dir_in SRC OUT: make OUT (a path in build/) a link to SRC/.out-NAME,
# NAME being OUT's name, and create that directory.  An output directory
# right inside the tree it builds makes kbuild name every source file
# relative to it (srctree is ".."), so that the same file compiled in two
# trees of build/ (series, base, race, bisect) is the same compiler call:
# ccache compiles it once.  The tree ignores it (".gitignore": "*").
out_dir_in() {
	local src=$1 out=$2 real
	real=$(cd "$src" && pwd)/.out-${out##*/}
	mkdir -p "$real" "$(dirname "$out")"
	[ -f "$real/.gitignore" ] || printf '# build output\n*\n' > "$real/.gitignore"
	[ -L "$out" ] && [ "$(readlink "$out")" = "$real" ] && return 0
	rm -rf "$out"	# build output of another tree or an older layout
	ln -s "$real" "$out"
}

# watch_build OUT WHAT: while the caller's build into OUT runs, print once
# a minute how many objects it has made, against the count of its last
# complete build when there is one.  Stop it with "kill $!".
watch_build() {
	local out=$1 what=$2 t0=$SECONDS total n pause
	total=$(cat "$out.objects" 2>/dev/null || true)
	trap 'kill $pause 2>/dev/null; exit 0' TERM
	while :; do
		sleep 60 & pause=$!
		wait $pause
		n=$(find "$(readlink -f "$out")" -name '*.o' 2>/dev/null | wc -l) || true
		echo "    $what: $n${total:+ of ~$total} objects, $(((SECONDS - t0) / 60)) min" >&2
	done
}

# export_patches DIR: the commits of $TREE on its base, one file each, as
# git format-patch writes them, which is how series/ stores them.  The
# user's git settings (diff.noprefix, format.*) are left out: the same
# commits always give the same bytes.  So is git's own guess of how many
# hex digits the "index" lines need, which grows with the number of
# objects in the repository (7 in a fresh tree, 9 in a worked one): 12,
# as the kernel's documentation asks of commit ids.
export_patches() {
	GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 git -C "$TREE" format-patch -q \
		--zero-commit --no-signature --no-base --keep-subject --no-cover-letter --abbrev=12 \
		-o "$1" "$(base_commit)..HEAD"
}

# patches_sum DIR: one hash of the numbered patches of DIR, names and bytes
# (the cover letter left out): a new order, message or diff changes it.
patches_sum() {
	(cd "$1" && find . -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' \
		! -name 0000-cover-letter.patch -printf '%f\n' | LC_ALL=C sort |
		while read -r f; do printf '%s\n' "$f"; cat "$f"; done) | sha256sum | cut -c1-64
}

# The last time series/ and $TREE matched (base-tree.sh applied series/, or
# export.sh wrote it): both sums then, in the tree's git directory.
SYNC_RECORD=$TREE/.git/series-sync

# sync_record: write down that series/ and $TREE match now.
sync_record() {
	local d
	d=$(mktemp -d)
	export_patches "$d"
	printf 'series %s\ntree %s\n' "$(patches_sum "$SERIES")" "$(patches_sum "$d")" > "$SYNC_RECORD"
	rm -rf "$d"
}

# sync_state: what changed since series/ and $TREE last matched, one word:
# same, series (series/ changed: edited, pulled), tree (the tree has work
# series/ lacks: a commit, an edited message or diff, a new order), both,
# or unknown (no record, and they differ).
sync_state() {
	local d s t rs rt
	d=$(mktemp -d)
	export_patches "$d"
	s=$(patches_sum "$SERIES") t=$(patches_sum "$d")
	rm -rf "$d"
	if [ ! -f "$SYNC_RECORD" ]; then
		[ "$s" = "$t" ] && echo same || echo unknown
		return
	fi
	rs=$(sed -n 's/^series //p' "$SYNC_RECORD") rt=$(sed -n 's/^tree //p' "$SYNC_RECORD")
	if [ "$s" = "$t" ]; then echo same
	elif [ "$s" != "$rs" ] && [ "$t" != "$rt" ]; then echo both
	elif [ "$s" != "$rs" ]; then echo series
	elif [ "$t" != "$rt" ]; then echo tree
	else echo same
	fi
}
