#!/bin/sh
# Regenerates the cases of the bad-input corpus that are awkward to write by
# hand: raw bytes (a byte-order mark, invalid UTF-8, a NUL), an empty file,
# nesting deeper than the 64 levels of instances/FORMAT.md, and a 257-byte id.
# The outputs are committed; run this from the repository root after changing
# it:  sh tests/bad/make-binary-cases.sh
# shellcheck disable=SC2059 # the octal escapes must be in the format string
set -eu
d=tests/bad
[ -d "$d" ] || { echo "run from the repository root" >&2; exit 2; }

# Octal escapes only: POSIX printf has no \x.
head='{\n  "format": "musubi-instance-1",\n'
tail='  "companies": [\n    {"id": "C1", "capacity": 1}\n  ]\n}\n'

# EF BB BF, then an otherwise valid instance.
printf "\357\273\277$head"'  "applicants": [],\n'"$tail" >"$d/bom.json"

# A lone 0xFF in a field value, line 4 column 36.
printf "$head"'  "applicants": [\n    {"id": "A1", "field": "engineer\377ing"}\n  ],\n'"$tail" >"$d/invalid-utf8.json"

# A 3-byte sequence cut short by the closing quote (E1 BB then '"').
printf "$head"'  "name": "Nguy\341\273",\n  "applicants": [],\n'"$tail" >"$d/invalid-utf8-truncated-sequence.json"

# Known bugs (KNOWN_FAILURES in tests/e2e_bad_inputs.sh): well-formed-looking
# sequences that are not UTF-8 (RFC 3629 section 4).
# ED A0 80 encodes the surrogate U+D800.
printf "$head"'  "name": "\355\240\200",\n  "applicants": [],\n'"$tail" >"$d/invalid-utf8-surrogate.json"
# E0 80 AF is an overlong encoding of '/'.
printf "$head"'  "name": "\340\200\257",\n  "applicants": [],\n'"$tail" >"$d/invalid-utf8-overlong.json"
# F4 90 80 80 would be U+110000, beyond Unicode.
printf "$head"'  "name": "\364\220\200\200",\n  "applicants": [],\n'"$tail" >"$d/invalid-utf8-beyond-unicode.json"

# A raw NUL inside a string, line 3 column 14.
printf "$head"'  "name": "FY\0002018",\n  "applicants": [],\n'"$tail" >"$d/nul-byte.json"

# Zero bytes.
: >"$d/empty-file.json"

# 65 levels: the top-level object and 64 nested arrays in "description".
open='' close='' i=0
while [ "$i" -lt 64 ]; do open="${open}["; close="${close}]"; i=$((i + 1)); done
printf "$head"'  "description": %s%s,\n  "applicants": [],\n'"$tail" "$open" "$close" >"$d/deep-nesting.json"

# An id of 257 bytes, one more than the limit.
id='' i=0
while [ "$i" -lt 257 ]; do id="${id}A"; i=$((i + 1)); done
printf "$head"'  "applicants": [\n    {"id": "%s"}\n  ],\n'"$tail" "$id" >"$d/id-too-long.json"
