# The one harness of the end-to-end scripts (tests/e2e_*.sh), sourced first:
#
#   bin=${1:?usage: tests/e2e_x.sh path/to/musubi}
#   . "$(dirname "$0")/lib.sh"
#   e2e_tmpdir x                      # $tmp, removed on exit (KEEP_TMP=1 keeps it)
#   check "name" COMMAND...           # ok when COMMAND succeeds, FAIL otherwise
#   expect_rc "name" RC COMMAND...    # COMMAND's stdout in $tmp/out, stderr in $tmp/err
#   has "name" FILE TEXT              # ok when FILE contains TEXT (a fixed string)
#   skip "name" "reason"              # counted and printed; never a silent pass
#   finish                            # "N passed, M failed, K skipped"; exits 1 on a failure
#
# One line per check: "ok   NAME", "FAIL NAME" or "skip NAME: REASON".
# tests/run.sh reads the closing line and shows every skip line, so a check
# that did not run is visible in every `make test`. A skip without a reason
# is a failure. POSIX sh.

pass=0 fail=0 skipped=0

ok() { pass=$((pass + 1)); echo "ok   $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }
# skip NAME REASON: a check that did not run, and why.
skip() {
    if [ -z "${2:-}" ]; then
        ko "$1: skipped without a reason"
        return
    fi
    skipped=$((skipped + 1))
    echo "skip $1: $2"
}

# check NAME COMMAND...: ok when COMMAND exits 0.
check() {
    _name=$1
    shift
    if "$@"; then ok "$_name"; else ko "$_name"; fi
}

# expect_rc NAME WANT COMMAND...: ok when COMMAND exits WANT; its stdout and
# stderr stay in $tmp/out and $tmp/err for the checks that follow.
expect_rc() {
    _name=$1 _want=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    _got=$?
    if [ "$_got" -eq "$_want" ]; then
        ok "$_name"
    else
        ko "$_name (exit $_got, want $_want: $(head -n 2 "$tmp/err"))"
    fi
}

# has NAME FILE TEXT: ok when FILE contains TEXT, a fixed string; the
# failure shows the file's first 300 bytes.
has() {
    if grep -qF -- "$3" "$2"; then
        ok "$1"
    else
        ko "$1 (no \"$3\" in $2: $(head -c 300 "$2" 2>/dev/null))"
    fi
}

# e2e_tmpdir LABEL: a fresh work directory in $tmp, removed on exit unless
# KEEP_TMP is set (then its path is printed).
e2e_tmpdir() {
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/musubi-$1.XXXXXX") || {
        echo "cannot create a temporary directory" >&2
        exit 2
    }
    if [ -n "${KEEP_TMP:-}" ]; then
        echo "note: work directory kept: $tmp"
    else
        trap 'rm -rf "$tmp"' EXIT
    fi
    trap 'echo "interrupted"; exit 130' INT TERM
}

# finish: the closing line tests/run.sh reads; the exit status says whether
# anything failed.
finish() {
    echo "$pass passed, $fail failed, $skipped skipped"
    [ "$fail" -eq 0 ] && exit 0
    exit 1
}
