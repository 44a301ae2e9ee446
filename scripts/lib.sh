# Shared by the scripts: paths, the base record, and one way to fail.
# shellcheck shell=bash
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
TREE=$BUILD/linux          # git tree: base commit + the series
KOUT=$BUILD/kernel         # O= output of the one kernel build
SERIES=$TOP/series
# shellcheck source=../BASE
. "$TOP/BASE"

die() { echo "error: $*" >&2; exit 1; }
step() { echo "==> $*" >&2; }
