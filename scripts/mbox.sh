#!/usr/bin/env bash
# The series as mails, the b4 way, in build/mbox/ (one .eml a mail, and
# series.mbox).  On a temporary clone of build/linux: every patch authored
# and signed off by the sender (their git identity), 'b4 prep' with the
# cover letter of series/0000-cover-letter.patch and the revision of its
# subject, 'b4 prep --auto-to-cc' (To: and Cc: from
# scripts/get_maintainer.pl), then 'b4 send -o', which writes the mails
# and sends nothing.  Send them with: git send-email build/mbox/*.eml
# Checked at the end: every mail's To: and Cc: are what get_maintainer.pl
# gives for the series' patches (plus stable@ where a patch says so); b4
# am reads the mails as the whole series; what it makes, applied to the
# base, is exactly the series' tree.
. "$(dirname "$0")/lib.sh"

[ -d "$TREE/.git" ] || die "no tree at $TREE: run scripts/base-tree.sh first"
cd "$TREE"
[ -z "$(git status --porcelain)" ] || die "$TREE has uncommitted changes: commit and export them first"
name=$(git config user.name || true) email=$(git config user.email || true)
[ -n "$name" ] && [ -n "$email" ] ||
	die "no git identity: set user.name and user.email (git config --global); the mails are from you and signed off by you"
command -v b4 >/dev/null || die "b4 is missing: run scripts/deps.sh"
base=$(base_commit)
cover=$SERIES/0000-cover-letter.patch
[ -f "$cover" ] || die "no cover letter at $cover"
subject_line=$(sed -n 's/^Subject: //p' "$cover" | head -n 1)
subject=${subject_line#\[*\] }
revision=$(sed -n 's/^\[PATCH v\([0-9]*\) .*/\1/p' <<<"$subject_line")
n=$(git rev-list --count "$base..HEAD")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
step "cloning $TREE for b4 (a temporary clone, $work)"
git clone -q --shared --branch "$(git symbolic-ref --short HEAD)" "$TREE" "$work/tree"
cd "$work/tree"
git branch -q base "$base"
git checkout -q -b pci-sysfs-bars
# The sender's own mails: authored, committed and signed off by them.
git rebase -q --exec "git commit -q --amend --no-edit --reset-author --signoff" base \
	> "$work/author.log" 2>&1 || die "cannot author the series as $name <$email>: $(cat "$work/author.log")"
# The cover letter lives in the branch description (b4's branch-description
# strategy): its subject, a blank line, its body.
git config b4.prep-cover-strategy branch-description
b4 prep -e base > "$work/b4-prep.log" 2>&1 || die "b4 prep -e failed: $(cat "$work/b4-prep.log")"
git config branch.pci-sysfs-bars.description "$(printf '%s\n\n%s\n' "$subject" "$(sed '1,/^$/d' "$cover")")"
[ -z "$revision" ] || b4 prep --force-revision "$revision" >> "$work/b4-prep.log" 2>&1 ||
	die "b4 prep --force-revision $revision failed: $(cat "$work/b4-prep.log")"
step "b4 prep --auto-to-cc (scripts/get_maintainer.pl over the series)"
b4 prep --auto-to-cc >> "$work/b4-prep.log" 2>&1 || die "b4 prep --auto-to-cc failed: $(cat "$work/b4-prep.log")"
out=$BUILD/mbox
rm -rf "$out"
# b4 refuses to write unsigned mails for its web endpoint, which it picks
# when git has no SMTP server: name one for this run only (-o sends nothing).
smtp=()
git config sendemail.smtpserver >/dev/null || smtp=(with_git_config sendemail.smtpserver /bin/false --)
"${smtp[@]}" b4 send --no-sign --not-me-too -o "$out" > "$work/b4-send.log" 2>&1 ||
	die "b4 send -o failed: $(cat "$work/b4-send.log")"
mails=("$out"/*.eml)
[ ${#mails[@]} = $((n + 1)) ] || die "b4 send wrote ${#mails[@]} mails, not a cover letter and $n patches; see $out"
for m in "${mails[@]}"; do printf 'From mboxrd@z Thu Jan  1 00:00:00 1970\n'; sed 's/^>*From />&/' "$m"; echo; done > "$out/series.mbox"

# Every mail goes to the maintainers (To) and lists (Cc) that
# get_maintainer.pl names for the series' patches, and to nobody else but
# stable@ on a patch that carries "Cc: stable@vger.kernel.org" and on the
# cover letter of a series with such patches.
git format-patch -q -o "$work/patches" base..HEAD
gm() { scripts/get_maintainer.pl --nogit --nogit-fallback --nogit-chief-penguins --norolestats "$@" "$work"/patches/*.patch; }
want_to=$(gm --nol | sort) want_cc=$(gm --nom | sort)
# norm: the addresses of the lines read, one per line, in one form, sorted.
norm() { python3 -c 'import sys, email.utils as u
for n, a in u.getaddresses(sys.stdin.read().splitlines()):
    print(u.formataddr((n, a)) if n else a)' | sort; }
# header NAME FILE: the addresses of one header of the mail, unfolded.
header() {
	awk -v h="$1:" 'hdr && /^$/ { exit } { hdr = 1 }
		tolower($1) == tolower(h) { on = 1; sub(/^[^:]*: */, ""); printf "%s", $0; next }
		on && /^[ \t]/ { sub(/^[ \t]+/, " "); printf "%s", $0; next } { on = 0 }' "$2" | norm
}
# A reviewer that get_maintainer.pl also gives with --nom is in To: only.
want_to=$(norm <<<"$want_to") want_cc=$(comm -23 <(norm <<<"$want_cc") <(norm <<<"$want_to"))
stable=$(grep -l '^Cc: stable@vger.kernel.org' "${mails[@]}" || true)
for m in "${mails[@]}"; do
	[ "$(header To "$m")" = "$want_to" ] ||
		die "${m##*/}: To: is not get_maintainer.pl's maintainers: $(diff <(echo "$want_to") <(header To "$m") | tr '\n' ' ')"
	cc=$want_cc
	# b4 copies the patches' Cc: trailers to the cover letter too.
	if grep -q '^Cc: stable@vger.kernel.org' "$m" || { [ "$m" = "${mails[0]}" ] && [ -n "$stable" ]; }; then
		cc=$(printf '%s\nstable@vger.kernel.org\n' "$want_cc" | sort)
	fi
	[ "$(header Cc "$m")" = "$cc" ] ||
		die "${m##*/}: Cc: is not get_maintainer.pl's lists: $(diff <(echo "$cc") <(header Cc "$m") | tr '\n' ' ')"
done
step "To/Cc of the $((n + 1)) mails: $(wc -l <<<"$want_to") maintainers and reviewers, $(wc -l <<<"$want_cc") lists, as get_maintainer.pl gives"

# b4 reads the mails as the series; applied to the base, they give its tree.
# b4 0.12 (Debian 12) fails on folded Subject: headers, as it writes them
# itself: give it a copy with unfolded headers.
awk '/^From mboxrd@z / { hdr = 1; if (NR > 1) print ""; printf "%s", $0; next }
     hdr && /^$/ { hdr = 0 }
     hdr && /^[ \t]/ { sub(/^[ \t]+/, " "); printf "%s", $0; next }
     { printf "\n%s", $0 } END { print "" }' "$out/series.mbox" > "$work/check.mbox"
mkdir -p "$work/am"
if ! b4 --offline-mode am -m "$work/check.mbox" -o "$work/am" > "$out/b4-am.log" 2>&1; then
	die "b4 am could not read the mails; log: $out/b4-am.log"
fi
grep -q "Total patches: $n" "$out/b4-am.log" || die "b4 am did not find $n patches; log: $out/b4-am.log"
git checkout -q --detach base
git am -q "$work"/am/*.mbx || die "b4 am's mbox does not apply to the base"
[ "$(git rev-parse HEAD^{tree})" = "$(git -C "$TREE" rev-parse HEAD^{tree})" ] ||
	die "b4 am's mbox applied to the base differs from the series"
step "$out: cover letter + $n patches (v${revision:-1}) from $name <$email>, base-commit $(git rev-parse --short "$base")"
step "b4 am: Total patches: $n; applied to the base they give the series' tree"
echo "send with: git send-email $out/*.eml"
