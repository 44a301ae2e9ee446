#!/usr/bin/env bash
# The newcomer's path, timed as on a fresh Debian 12 machine: purge the
# packages scripts/deps.sh installs (those a new machine lacks), clone this
# repository's HEAD (committed work only) into DIR/repo with ../shared
# beside it as CI has it, and run each COMMAND there in turn with HOME an
# empty directory (no git identity, an empty ccache) and nothing else of
# the caller's environment.  Prints a table: each command's wall time, its
# last line, its steps' times (build/times.txt), and the disk used.
#   fresh-machine.sh DIR [COMMAND...]     default: test test demo
# (the first 'make test' is CI from a fresh machine, the second warm).
# Needs root (apt).  Leaves DIR for inspection; the packages stay installed.
. "$(dirname "$0")/lib.sh"

[ $# -ge 1 ] || die "usage: fresh-machine.sh DIR [demo|test|quick ...]"
dir=$1; shift
[ $# -gt 0 ] || set -- test test demo
for c in "$@"; do
	case $c in demo|test|quick) ;; *) die "not a command of the README: $c" ;; esac
done
[ "$(id -u)" = 0 ] || die "must run as root: it purges and installs packages"
[ ! -e "$dir" ] || die "$dir exists: remove it or name another directory"
git -C "$TOP" diff --quiet HEAD || step "note: uncommitted changes are not part of the clone"
mkdir -p "$dir/home"
dir=$(cd "$dir" && pwd)

# What a new machine of this kind has of deps.sh's list; the rest goes.
keep='build-essential|gcc|make|bc|libssl-dev|xz-utils|python3|git'
mapfile -t purge < <(for a in '' cross ppc; do "$TOP/scripts/deps.sh" --list $a; done |
	sort -u | grep -vxE "$keep")
installed=()
for p in "${purge[@]}"; do
	dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' && installed+=("$p")
done
if [ ${#installed[@]} -gt 0 ]; then
	# Nothing else of the machine goes with them (a package that depends
	# on one of them): refuse rather than remove what deps.sh won't bring back.
	sim=$(apt-get -s purge "${installed[@]}") || die "apt-get -s purge ${installed[*]} fails"
	extra=$(sed -n 's/^Purg \([^ ]*\).*/\1/p' <<< "$sim" |
		grep -vxF -f <(printf '%s\n' "${installed[@]}") | tr '\n' ' ' || true)
	[ -z "$extra" ] || die "purging ${installed[*]} would also remove: $extra; nothing was purged"
	# Their own dependencies (libraries) stay: apt-get autoremove could
	# take other packages of the machine along.
	step "purging ${installed[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get purge -y -q "${installed[@]}" > "$dir/purge.log" 2>&1 ||
		die "apt-get purge failed; log: $dir/purge.log"
fi

dpkg-query -W -f='${Package}\n' | sort > "$dir/packages-before"
git clone -q "$TOP" "$dir/repo"
[ -d "$TOP/../shared" ] && ln -s "$(cd "$TOP/../shared" && pwd)" "$dir/shared"
results=()
for c in "$@"; do
	i=${#results[@]}
	step "make $c (log: $dir/make-$i-$c.log)"
	t0=$SECONDS rc=0
	(cd "$dir/repo" && env -i HOME="$dir/home" PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		LANG=C.UTF-8 TERM=dumb make "$c") > "$dir/make-$i-$c.log" 2>&1 || rc=$?
	t=$((SECONDS - t0))
	steps=
	[ "$c" = demo ] || steps=$(tr '\n' ' ' < "$dir/repo/build/times.txt" 2>/dev/null || true)
	results+=("make $c: $t s, exit $rc, '$(tail -n 1 "$dir/make-$i-$c.log")'${steps:+; steps (s): $steps}")
	step "${results[-1]}"
	[ $rc = 0 ] || break
done

echo "fresh machine, $(nproc) cores, $(date -u +%F):"
printf '  %s\n' "${results[@]}"
kib=$(comm -13 "$dir/packages-before" <(dpkg-query -W -f='${Package}\n' | sort) |
	xargs -r dpkg-query -W -f='${Installed-Size}\n' | awk '{ s += $1 } END { print s + 0 }')
echo "disk: build/ $(du -sh "$dir/repo/build" | cut -f1), ccache $(du -sh "$dir/home/.cache/ccache" 2>/dev/null | cut -f1)," \
	"packages the commands installed $((kib / 1024)) MiB"
