#!/usr/bin/env bash
# Make build/linux: the Debian kernel source named in BASE as the base commit,
# then every patch of series/ on top, one commit each.  Never throws away work:
# a tree with uncommitted changes or commits not in series/ is refused.
. "$(dirname "$0")/lib.sh"

tarball=/usr/src/$BASE_PACKAGE.tar.xz
have=$(dpkg-query -W -f='${Version}' "$BASE_PACKAGE" 2>/dev/null || true)
[ "$have" = "$BASE_PACKAGE_VERSION" ] && [ -f "$tarball" ] ||
	die "$BASE_PACKAGE $BASE_PACKAGE_VERSION is not installed (have: ${have:-none}); run scripts/deps.sh"

shopt -s nullglob
patches=()
for p in "$SERIES"/[0-9][0-9][0-9][0-9]-*.patch; do
	[ "${p##*/}" = 0000-cover-letter.patch ] || patches+=("$p")
done

if [ -d "$TREE/.git" ]; then
	cd "$TREE"
	[ -z "$(git status --porcelain)" ] ||
		die "$TREE has uncommitted changes. Commit them and run 'make export', or discard them yourself; nothing was touched."
	base=$(base_commit)
	[ "$(git log -1 --format=%s "$base")" = "Base: $BASE_PACKAGE $BASE_PACKAGE_VERSION" ] ||
		die "$TREE is based on '$(git log -1 --format=%s "$base")', not $BASE_PACKAGE_VERSION. Move it away to rebuild it."
	case $(sync_state) in
	same)
		step "$TREE already holds base + series (${#patches[@]} patches)"
		exit 0 ;;
	series)
		step "series/ changed since $TREE was made from it: resetting it to the base and re-applying series/" ;;
	tree)
		die "$TREE has work that series/ lacks (a commit, an edited message or diff, or a new order). Run 'make export' to keep it, or 'git -C $TREE reset --hard $base' to drop it; nothing was touched." ;;
	both)
		die "series/ and $TREE both changed since they last matched. Nothing was touched: keep the tree's work with 'scripts/export.sh --force' (it overwrites series/), or series/ with 'git -C $TREE reset --hard $base' and 'make tree'." ;;
	*)
		die "$TREE differs from series/ and has no record of when they last matched (a tree made before that record existed): 'scripts/export.sh --force' keeps the tree's patches, 'git -C $TREE reset --hard $base' and 'make tree' keeps series/." ;;
	esac
	git reset -q --hard "$base"
else
	[ ! -e "$TREE" ] || die "$TREE exists but is not a git tree; move it away."
	step "unpacking $tarball"
	tmp=$TREE.tmp
	rm -rf "$tmp"
	unpack_base "$tmp"
	cd "$tmp"
	git init -q -b base
	git add -f -A . >/dev/null
	# The same commit on every machine, so that its id can be the
	# base-commit of the series: the package's maintainer and the date of
	# its changelog entry, not whoever runs this, now.
	maint=$(dpkg-query -W -f='${Maintainer}' "$BASE_PACKAGE")
	date=$(zcat "/usr/share/doc/$BASE_PACKAGE/changelog.Debian.gz" | sed -n "s/^ -- .*>  //p" | head -n 1 || true)
	[ -n "$maint" ] && [ -n "$date" ] || die "cannot read the maintainer and date of $BASE_PACKAGE"
	export GIT_AUTHOR_NAME=${maint% <*} GIT_AUTHOR_EMAIL=${maint##*<} GIT_AUTHOR_DATE=$date
	export GIT_AUTHOR_EMAIL=${GIT_AUTHOR_EMAIL%>}
	export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL GIT_COMMITTER_DATE=$date
	git -c commit.gpgsign=false commit -q -m "Base: $BASE_PACKAGE $BASE_PACKAGE_VERSION" \
		-m "Linux $BASE_KERNELVERSION as shipped by Debian (upstream plus Debian's patches)," \
		-m "less the '/*' rule Debian appends to .gitignore."
	unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_AUTHOR_DATE GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL GIT_COMMITTER_DATE
	git checkout -q -b series
	cd "$TOP" && mv "$tmp" "$TREE" && cd "$TREE"
fi

# Each commit keeps the author and date of its stored patch; the committer
# is the local git identity or, with none, a fixed one (the tree is local
# scaffolding; make mbox authors and signs off the mails as the sender).
if [ -z "$(git config user.name || true)" ] || [ -z "$(git config user.email || true)" ]; then
	export GIT_COMMITTER_NAME="Local series build" GIT_COMMITTER_EMAIL=series@localhost
	step "no git identity: committing the series as $GIT_COMMITTER_NAME <$GIT_COMMITTER_EMAIL>"
fi
for p in "${patches[@]}"; do
	if ! git am -q --keep-cr "$p"; then
		git am --abort 2>/dev/null || true
		die "patch ${p##*/} does not apply to $BASE_PACKAGE $BASE_PACKAGE_VERSION; $TREE is left at the patch before it."
	fi
done
sync_record
# A stored patch that git format-patch would write otherwise (edited by
# hand) applies all the same; 'make export' writes it in that form.
[ "$(sed -n 's/^series //p' "$SYNC_RECORD")" = "$(sed -n 's/^tree //p' "$SYNC_RECORD")" ] ||
	step "note: series/ is not byte for byte what git format-patch makes of $TREE; 'make export' rewrites it so"
step "$TREE: base + ${#patches[@]} patches, HEAD $(git rev-parse --short HEAD)"
