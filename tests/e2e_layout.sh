#!/bin/sh
# The layout is the architecture (README "Layout"): no library file includes
# a header of a layer above its own. Also checks that the checker would see
# one: a copy of the tree with one upward include must be refused.
# Usage: tests/e2e_layout.sh path/to/musubi (the binary is not used)
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/tests/lib.sh"
if out=$(sh "$root/scripts/layers.sh" "$root"); then ok "no include runs up a layer"
else ko "no include runs up a layer:"; printf '%s\n' "$out"; fi
e2e_tmpdir layout
mkdir -p "$tmp/model" "$tmp/analysis"
printf '#include "analysis/metrics.h"\n' >"$tmp/model/upward.c"
printf '#include "model/instance.h"\n' >"$tmp/analysis/downward.c"
out=$(sh "$root/scripts/layers.sh" "$tmp"); rc=$?
[ $rc -eq 1 ] && ok "an upward include is refused" || ko "an upward include is refused (rc $rc)"
printf '%s\n' "$out" | grep -q '^model/upward.c:1: layer model includes layer analysis' && ok "... naming the file, line and layers" \
    || ko "... naming the file, line and layers: $out"
printf '%s\n' "$out" | grep -q downward && ko "a downward include is not refused" || ok "a downward include is not refused"
finish
