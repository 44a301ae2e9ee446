#!/usr/bin/env bash
# Install, with apt, everything the build, the guest and the tests use,
# and the kernel source named in BASE.  Does nothing when all is present.
#   deps.sh cross   also the cross compilers of config/cross.txt
#   deps.sh ppc     also what the powerpc guest of scripts/ppc.sh needs
#   deps.sh --list [cross|ppc]   print the packages, install nothing
. "$(dirname "$0")/lib.sh"

list=
[ "${1:-}" = --list ] && { list=1; shift; }

pkgs=(build-essential flex bison bc libelf-dev libssl-dev dwarves cpio kmod
      rsync xz-utils python3 python3-ply python3-git git ccache sparse b4 quilt qemu-system-x86 ipxe-qemu
      busybox-static pciutils
      "$BASE_PACKAGE=$BASE_PACKAGE_VERSION")
case ${1:-} in
cross) pkgs+=($(awk '!/^#/ && NF == 4 { print $4 }' "$TOP/config/cross.txt")) ;;
ppc) pkgs+=(gcc-powerpc64le-linux-gnu qemu-system-ppc) ;;
'') ;;
*) die "usage: deps.sh [cross|ppc]" ;;
esac

if [ -n "$list" ]; then
	printf '%s\n' "${pkgs[@]%%=*}"
	exit 0
fi
missing=()
for p in "${pkgs[@]}"; do
	name=${p%%=*} want=${p#*=}
	have=$(dpkg-query -W -f='${db:Status-Abbrev}${Version}' "$name" 2>/dev/null || true)
	case $have in
	ii*) [ "$name" = "$p" ] || [ "${have#ii }" = "$want" ] || [ "${have:3}" = "$want" ] || missing+=("$p") ;;
	*) missing+=("$p") ;;
	esac
done
if [ ${#missing[@]} = 0 ]; then
	step "all packages present"
	exit 0
fi
[ "$(id -u)" = 0 ] || die "missing packages (${missing[*]}) and not root: install them with apt-get as root"
step "apt-get install ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null || die "apt-get update failed"
mkdir -p "$BUILD"
apt-get install -y -q --no-install-recommends "${missing[@]}" >"$BUILD/apt.log" 2>&1 || {
	tail -n 20 "$BUILD/apt.log" >&2
	apt-cache policy "$BASE_PACKAGE" >&2 || true
	die "apt-get install failed (log: $BUILD/apt.log). If $BASE_PACKAGE_VERSION is no longer in the archive, move BASE to a version it has and re-check the series."
}
