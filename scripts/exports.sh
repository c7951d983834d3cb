#!/bin/sh
# The functions the public header declares, one name a line, sorted: what
# libmusubi.so exports (the Makefile writes its linker version script from
# this list; tests/e2e_install.sh compares nm -D with it). The header is
# preprocessed (its tables expanded), split into declarations at ';', and of
# each declaration that is a prototype (not a typedef) the name before the
# first '(' is taken.
# Usage: scripts/exports.sh [CC] [HEADER]
cc=${1:-cc}
header=${2:-include/musubi.h}
printf '#include "%s"\n' "$header" | "$cc" -E -P -x c - |
    tr '\n' ' ' | tr ';{}' '\n\n\n' |
    sed -n '/^ *typedef/d; s/^[^(]*[^a-zA-Z0-9_]\(mu_[a-zA-Z0-9_]*\) *(.*/\1/p' | sort -u
