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
	# Commits that are not in series/ would be lost.
	if [ "$(series_ids)" = "$(tree_ids)" ]; then
		step "$TREE already holds base + series (${#patches[@]} patches)"
		exit 0
	fi
	extra=$(unexported_commits)
	[ "$extra" = 0 ] ||
		die "$TREE has $extra commit(s) that are not in series/. Run 'make export' to keep them, or 'git -C $TREE reset --hard \$(git -C $TREE rev-list --max-parents=0 HEAD)' to drop them."
	step "resetting $TREE to the base and re-applying series/"
	git reset -q --hard "$base"
else
	[ ! -e "$TREE" ] || die "$TREE exists but is not a git tree; move it away."
	step "unpacking $tarball"
	tmp=$TREE.tmp
	rm -rf "$tmp" && mkdir -p "$tmp"
	tar -xJf "$tarball" -C "$tmp" --strip-components=1
	cd "$tmp"
	git init -q -b base
	# Debian's .gitignore ends with '/*' (ignore everything at the top),
	# which would hide every new file of the series: drop that rule.
	sed -i '/^\/\*$/d; /^!\/debian\/$/d' .gitignore
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

# The stored patches name no author: each commit is the local git identity's,
# or, with none, a fixed one (the tree is local scaffolding; make mbox signs
# off with the sender's own identity).
name=$(git config user.name || true) email=$(git config user.email || true)
if [ -z "$name" ] || [ -z "$email" ]; then
	name="Local series build" email="series@localhost"
	export GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$email
	step "no git identity: committing the series as $name <$email>"
fi
for p in "${patches[@]}"; do
	file=${p##*/}
	if ! git am -q --keep-cr < <(sed '0,/^$/{/^From: /d;/^Date: /d}' "$p" |
			sed "0,/^Subject: /s//From: $name <$email>\nSubject: /"); then
		git am --abort 2>/dev/null || true
		die "patch $file does not apply to $BASE_PACKAGE $BASE_PACKAGE_VERSION; $TREE is left at the patch before it."
	fi
done
step "$TREE: base + ${#patches[@]} patches, HEAD $(git rev-parse --short HEAD)"
