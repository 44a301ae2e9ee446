# Shared by the scripts: paths, the base record, and one way to fail.
# shellcheck shell=bash
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
TREE=$BUILD/linux          # git tree: base commit + the series
SRC=${SRC:-$TREE}          # the tree to build (golden.sh: the base)
KOUT=${KOUT:-$BUILD/kernel}  # O= output of the kernel build
KCONFIG=${KCONFIG:-$TOP/config/x86_64.config}
SERIES=$TOP/series
# shellcheck source=../BASE
. "$TOP/BASE"

die() { echo "error: $*" >&2; exit 1; }
step() { echo "==> $*" >&2; }
