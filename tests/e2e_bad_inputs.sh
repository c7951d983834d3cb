#!/bin/sh
# The bad-input corpus, end to end.
#
#   sh tests/e2e_bad_inputs.sh bin/musubi        (from the repository root)
#
# For every tests/bad/NAME.json, `musubi solve tests/bad/NAME.json -o OUT`
# must exit 3 (invalid input), print tests/bad/NAME.expect as the first line
# of stderr, byte for byte, create no OUT and leave no OUT.tmp.* behind; and a
# second run onto an existing OUT must leave it untouched. Then `musubi check`
# is given solutions that are not JSON or that break the instance, and must
# exit 3 or 1 (see musubi --help) and name the problem.
#
# One line per case; the last line is exactly "N passed, M failed, K
# skipped" (tests/lib.sh); the exit status is non-zero when anything failed.
set -u

# Cases that fail today because of known bugs in the reader. A failure here is
# counted as a skip, with the reason "known failure"; a pass is reported as
# "XPASS" and counted as a failure, so that fixing the bug forces the name off
# this list. Where the
# .expect of a case below is a proposal (the message after the fix), it says so.
KNOWN_FAILURES='
'
# (None today. The reader bugs this corpus found -- \u0000 cutting strings,
# raw newlines in messages, positions one past the mistake, UTF-8 cut in half,
# loose UTF-8, numbers and control characters -- are fixed; their cases stay.)

bin=${1:-}
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "usage: sh tests/e2e_bad_inputs.sh path/to/musubi (from the repository root)" >&2
    exit 2
fi
if [ ! -d tests/bad ]; then
    echo "tests/e2e_bad_inputs.sh: run from the repository root" >&2
    exit 2
fi

. "$(dirname "$0")/lib.sh"
e2e_tmpdir bad

is_known() {
    case "$KNOWN_FAILURES" in *"
$1
"*) return 0 ;; esac
    return 1
}

# result NAME REASON: REASON is empty when the case held.
result() {
    if [ -z "$2" ]; then
        if is_known "$1"; then
            ko "$1: XPASS, it now passes: remove it from KNOWN_FAILURES"
        else
            ok "$1"
        fi
    elif is_known "$1"; then
        skip "$1" "known failure (KNOWN_FAILURES in $0): $2"
    else
        ko "$1: $2"
    fi
}

# Prints the first temporary file left beside the outputs, if any.
leftovers() {
    for f in "$tmp"/*.tmp.*; do
        if [ -e "$f" ]; then
            printf '%s\n' "${f##*/}"
            return 0
        fi
    done
    return 1
}

# ---- the corpus
for json in tests/bad/*.json; do
    name=${json#tests/bad/}
    name=${name%.json}
    expect=tests/bad/$name.expect
    why=
    if [ ! -f "$expect" ]; then
        result "$name" "no $expect"
        continue
    fi

    # 1. Onto a path that does not exist.
    out=$tmp/out.json
    rm -f "$out"
    "$bin" solve "$json" -o "$out" >"$tmp/stdout" 2>"$tmp/stderr"
    rc=$?
    head -n 1 "$tmp/stderr" >"$tmp/first"
    if [ "$rc" -ne 3 ]; then
        why="exit $rc, expected 3"
    elif ! cmp -s "$tmp/first" "$expect"; then
        why="first line of stderr is \"$(cat "$tmp/first")\", expected \"$(cat "$expect")\""
    elif [ -e "$out" ]; then
        why="wrote $out"
    elif left=$(leftovers); then
        why="left a temporary file: $left"
    fi

    # 2. Onto an existing file, which must survive byte for byte.
    if [ -z "$why" ]; then
        keep=$tmp/existing.json
        printf '{"kept": "%s"}\n' "$name" >"$keep"
        cp "$keep" "$tmp/existing.orig"
        "$bin" solve "$json" -o "$keep" >/dev/null 2>&1
        rc=$?
        if [ "$rc" -ne 3 ]; then
            why="onto an existing file: exit $rc, expected 3"
        elif ! cmp -s "$keep" "$tmp/existing.orig"; then
            why="an existing output file was changed by a failed run"
        elif left=$(leftovers); then
            why="onto an existing file: left a temporary file: $left"
        fi
    fi
    rm -f "$tmp"/out.json "$tmp"/existing.* "$tmp"/*.tmp.*
    result "$name" "$why"
done

# ---- musubi check with bad solutions
# A small valid instance. Weights (defaults: base 100, ranks 100, target 50):
#   A1-C1 100+100+50 = 250   A1-C2 100+50 = 150
#   A2-C1 100+100    = 200   A3-C2 100+100 = 200
# A2-C2 and A3-C1 are excluded (applicant_list). Optimum: A1-C1, A3-C2 = 450.
inst=$tmp/instance.json
cat >"$inst" <<'EOF'
{
  "format": "musubi-instance-1",
  "applicants": [
    {"id": "A1", "nationality": "VN", "preferences": ["C1", "C2"]},
    {"id": "A2", "nationality": "ID", "preferences": ["C1"]},
    {"id": "A3", "nationality": "VN", "preferences": ["C2"]}
  ],
  "companies": [
    {"id": "C1", "capacity": 1, "target_markets": ["VN"]},
    {"id": "C2", "capacity": 1}
  ]
}
EOF

# solution FILE OBJECTIVE ASSIGNMENT-ITEMS
solution() {
    printf '{"format": "musubi-solution-1", "status": "optimal", "objective": %s,\n "assignment": [%s]}\n' \
        "$2" "$3" >"$1"
}

# check_case NAME SOLUTION-FILE EXPECTED-EXIT TEXT: musubi check must exit
# EXPECTED-EXIT and print TEXT (a fixed string) on stdout or stderr.
check_case() {
    "$bin" check "$inst" "$2" >"$tmp/check.out" 2>&1
    rc=$?
    why=
    if [ "$rc" -ne "$3" ]; then
        why="exit $rc, expected $3 ($(head -n 1 "$tmp/check.out"))"
    elif ! grep -F -q -e "$4" "$tmp/check.out"; then
        why="output does not contain \"$4\": $(head -n 1 "$tmp/check.out")"
    fi
    result "$1" "$why"
}

# The optimum, solved and checked, so the failures below are the solutions'.
if "$bin" solve "$inst" -o "$tmp/solved.json" -q >/dev/null 2>"$tmp/solve.err"; then
    check_case check-accepts-the-solved-optimum "$tmp/solved.json" 0 "objective 450 recomputed"
else
    result check-accepts-the-solved-optimum "solve failed: $(head -n 1 "$tmp/solve.err")"
fi

s=$tmp/sol.json
printf 'this is not JSON\n' >"$s"
check_case check-solution-not-json "$s" 3 "$s: not a musubi-solution-1 JSON object"

printf '{"format": "musubi-solution-0", "status": "optimal", "assignment": []}\n' >"$s"
check_case check-solution-wrong-format "$s" 3 "$s: not a musubi-solution-1 file"

solution "$s" 100 '{"applicant": "A2", "company": "C2", "weight": 100}'
check_case check-solution-ineligible-pair "$s" 1 "pair (A2, C2) is not eligible: rule applicant_list"

solution "$s" 400 '{"applicant": "A1", "company": "C1", "weight": 250}, {"applicant": "A1", "company": "C2", "weight": 150}'
check_case check-solution-applicant-twice "$s" 1 "assignment[1]: applicant A1 is assigned twice"

solution "$s" 450 '{"applicant": "A1", "company": "C1", "weight": 250}, {"applicant": "A2", "company": "C1", "weight": 200}'
check_case check-solution-over-capacity "$s" 1 "company C1: 2 assigned, capacity 1"

solution "$s" 451 '{"applicant": "A1", "company": "C1", "weight": 250}, {"applicant": "A3", "company": "C2", "weight": 200}'
check_case check-solution-wrong-objective "$s" 1 "objective: recomputed 450"

solution "$s" 450 '{"applicant": "A1", "company": "C1", "weight": 251}, {"applicant": "A3", "company": "C2", "weight": 200}'
check_case check-solution-wrong-weight "$s" 1 "assignment[0]: pair (A1, C1) has weight 250"

solution "$s" 250 '{"applicant": "A9", "company": "C1", "weight": 250}'
check_case check-solution-unknown-applicant "$s" 1 "assignment[0]: unknown applicant \"A9\""

solution "$s" 250 '{"applicant": "A1", "company": "C9", "weight": 250}'
check_case check-solution-unknown-company "$s" 1 "assignment[0]: unknown company \"C9\""

# A bad instance stops check before the solution is read, with the reader's message.
check_bad_instance() {
    "$bin" check tests/bad/capacity-string.json "$tmp/solved.json" >/dev/null 2>"$tmp/stderr"
    rc=$?
    head -n 1 "$tmp/stderr" >"$tmp/first"
    why=
    if [ "$rc" -ne 3 ]; then
        why="exit $rc, expected 3"
    elif ! cmp -s "$tmp/first" tests/bad/capacity-string.expect; then
        why="first line of stderr is \"$(cat "$tmp/first")\""
    fi
    result check-rejects-a-bad-instance "$why"
}
check_bad_instance

finish
