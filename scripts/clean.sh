#!/usr/bin/env bash
# Remove build/: the kernel trees and worktrees, every kernel built, logs
# and results.  Refused while build/linux holds work that series/ lacks
# (uncommitted changes, or commits, messages or an order not exported).  Packages and the ccache
# stay (ccache -C empties it).
. "$(dirname "$0")/lib.sh"

[ -e "$BUILD" ] || { step "nothing to remove: there is no $BUILD"; exit 0; }
if [ -d "$TREE/.git" ]; then
	[ -z "$(git -C "$TREE" status --porcelain)" ] ||
		die "not removing $BUILD: $TREE has uncommitted changes (commit them and run 'make export')"
	case $(sync_state) in
	same|series) ;;
	*) die "not removing $BUILD: $TREE has work that series/ lacks (run 'make export')" ;;
	esac
fi
step "removing $BUILD ($(du -sh "$BUILD" 2>/dev/null | cut -f1)): kernel trees, kernels, logs, results"
rm -rf "$BUILD"
