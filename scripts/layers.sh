#!/bin/sh
# The layout is the architecture: checks that no file of the library includes
# a header of a layer above its own (README "Layout"). Layers, lowest first:
#   include base model check engine analysis output generator cli
# tests/ and bench/ may include anything. Prints each upward include as
# "file:line: layer X includes layer Y (header)" and exits 1 if there is one.
# Usage: scripts/layers.sh [ROOT]
cd "${1:-.}" || exit 2
rank() {
    case $1 in
    include) echo 0 ;; base) echo 1 ;; model) echo 2 ;; check) echo 3 ;; engine) echo 4 ;;
    analysis) echo 5 ;; output) echo 6 ;; generator) echo 7 ;; cli) echo 8 ;; *) echo -1 ;;
    esac
}
bad=0
for dir in base model check engine analysis output generator cli; do
    own=$(rank "$dir")
    for f in "$dir"/*.c "$dir"/*.h "$dir"/*.cpp; do
        [ -f "$f" ] || continue
        # '#include "layer/x.h"' lines, with their line numbers.
        grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[a-z]*/' "$f" | while IFS= read -r hit; do
            line=${hit%%:*}
            hdr=$(printf '%s\n' "$hit" | sed 's/.*include[[:space:]]*"\([^"]*\)".*/\1/')
            layer=${hdr%%/*}
            r=$(rank "$layer")
            if [ "$r" -gt "$own" ]; then
                echo "$f:$line: layer $dir includes layer $layer ($hdr)"
            fi
        done
    done
done > "${TMPDIR:-/tmp}/musubi-layers.$$"
if [ -s "${TMPDIR:-/tmp}/musubi-layers.$$" ]; then
    cat "${TMPDIR:-/tmp}/musubi-layers.$$"
    bad=1
fi
rm -f "${TMPDIR:-/tmp}/musubi-layers.$$"
exit $bad
