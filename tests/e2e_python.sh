#!/bin/sh
# The Python module (python/musubi): its pytest suite (python/tests) against
# the build tree, then against an installed copy — the library from `make
# install` into a temporary DESTDIR, the package from `pip install --target`
# of ./python (a plain copy when pip is missing), found through
# LD_LIBRARY_PATH with the checkout out of sight; then the example scripts,
# and in memory against the file (python/examples/build_in_memory.py: the
# same answer as `musubi solve` on the same instance as CSV tables; its
# timing ratio is printed, not judged). pytest's
# closing line becomes this script's counts; each pytest skip is a counted
# skip with its reason. Without pytest (Debian: python3-pytest) the suites
# are counted skips.
#
# The library of the build tree is that of the binary under test: with a
# sanitizer build (make check-sanitize) the suite loads build/debug's
# libmusubi.so under ASan and UBSan (their runtimes preloaded into Python).
# Usage: tests/e2e_python.sh path/to/musubi
bin=${1:?usage: tests/e2e_python.sh path/to/musubi}
. "$(dirname "$0")/lib.sh"
e2e_tmpdir python
repo=$(pwd)
version=$(sed -n 's/^VERSION *:= *//p' Makefile)
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u DEBUG make --no-print-directory "$@"; }

# The interpreter: Debian's (python3-pytest installs there), else any python3 with pytest.
py=
for cand in /usr/bin/python3 python3; do
    if command -v "$cand" >/dev/null 2>&1 && "$cand" -c "import pytest" 2>/dev/null; then
        py=$cand
        break
    fi
done
anypy=${py:-$(command -v python3 || true)}

# The build tree's library: the sanitized one when the binary is.
libdir=$repo/build/release
preload=
if grep -q __asan_init "$bin" 2>/dev/null; then
    libdir=$repo/build/debug
    preload="$(cc -print-file-name=libasan.so) $(cc -print-file-name=libubsan.so)"
fi
check "the build tree has libmusubi.so.0 ($libdir; make all, or make check-sanitize, builds it)" \
    test -f "$libdir/libmusubi.so.0"
case $bin in
/*) absbin=$bin ;;
*) absbin=$repo/${bin#./} ;;
esac
# tests/valgrind.sh runs MUSUBI_VALGRIND_BIN, which the suites may call from elsewhere.
case ${MUSUBI_VALGRIND_BIN:-/} in
/*) ;;
*) export MUSUBI_VALGRIND_BIN="$repo/${MUSUBI_VALGRIND_BIN#./}" ;;
esac

# run_pytest NAME DIR [VAR=VALUE...]: the suite from DIR with the environment
# given; its counts added to ours, its skips as ours, its output shown on a failure.
run_pytest() {
    _name=$1 _dir=$2
    shift 2
    (cd "$_dir" && env "$@" MUSUBI_BIN="$absbin" "$py" -m pytest -q -rs -p no:cacheprovider \
        "$repo/python/tests") >"$tmp/pytest" 2>&1
    _rc=$?
    _last=$(grep -E '^=* ?[0-9]+ (passed|failed|error)' "$tmp/pytest" | tail -n 1)
    _p=$(printf '%s\n' "$_last" | grep -o '[0-9]* passed' | cut -d' ' -f1)
    _f=$(printf '%s\n' "$_last" | grep -o '[0-9]* failed' | cut -d' ' -f1)
    _e=$(printf '%s\n' "$_last" | grep -o '[0-9]* error' | cut -d' ' -f1)
    _s=$(printf '%s\n' "$_last" | grep -o '[0-9]* skipped' | cut -d' ' -f1)
    _p=${_p:-0} _f=$((${_f:-0} + ${_e:-0})) _s=${_s:-0}
    if [ "$_rc" -ne 0 ] && [ "$_f" -eq 0 ]; then _f=1; fi
    if [ "$_p" -eq 0 ] && [ "$_f" -eq 0 ]; then _f=1; fi
    pass=$((pass + _p))
    fail=$((fail + _f))
    sed -n 's/^SKIPPED \[[0-9]*\] \(.*\)/\1/p' "$tmp/pytest" | while IFS= read -r why; do
        echo "skip pytest ($_name): $why"
    done
    skipped=$((skipped + _s))
    if [ "$_f" -gt 0 ]; then
        cat "$tmp/pytest"
        echo "FAIL pytest ($_name): $_p passed, $_f failed"
    else
        _extra=
        [ "$_s" -gt 0 ] && _extra=", $_s skipped"
        echo "ok   pytest ($_name): $_p passed$_extra"
    fi
}

if [ -z "$py" ]; then
    skip "pytest against the build tree" \
        "pytest is not installed (Debian: python3-pytest; make test installs it as root)"
else
    if [ -n "$preload" ]; then
        run_pytest "build tree, under ASan and UBSan" "$repo" PYTHONPATH="$repo/python" \
            MUSUBI_LIBRARY="$libdir/libmusubi.so.0" MUSUBI_EXPECT_LIBRARY="$libdir" LD_PRELOAD="$preload" \
            ASAN_OPTIONS=detect_leaks=0
    else
        run_pytest "build tree" "$repo" PYTHONPATH="$repo/python" MUSUBI_EXPECT_LIBRARY="$libdir"
    fi
fi

# The installed copy: the release build, installed; the package, pip-installed.
root=$tmp/root
expect_rc "make install DESTDIR=... PREFIX=/usr/local" 0 mk install DESTDIR="$root" PREFIX=/usr/local
site=$tmp/site
if [ -n "$anypy" ] && "$anypy" -m pip --version >/dev/null 2>&1; then
    cp -R "$repo/python" "$tmp/src" # setuptools builds in the source tree: a copy keeps the checkout clean
    expect_rc "pip install --target of ./python (no compiler, no network)" 0 "$anypy" -m pip install -q \
        --no-build-isolation --no-deps --no-index --target "$site" "$tmp/src"
    check "pip installed the package, and nothing compiled" test -f "$site/musubi/__init__.py" -a \
        -z "$(find "$site" -name '*.so')"
else
    skip "pip install ./python" "pip is not installed (Debian: python3-pip); the package is copied instead"
    mkdir -p "$site" && cp -R "$repo/python/musubi" "$site/"
fi
if [ -z "$py" ]; then
    skip "pytest against the installed library" "pytest is not installed (Debian: python3-pytest)"
else
    run_pytest "installed" "$tmp" PYTHONPATH="$site" LD_LIBRARY_PATH="$root/usr/local/lib" \
        MUSUBI_EXPECT_LIBRARY="$root/usr/local/lib" MUSUBI_EXPECT_PACKAGE="$site/musubi"
fi
if [ -n "$anypy" ]; then
    (cd "$tmp" && PYTHONPATH="$site" LD_LIBRARY_PATH="$root/usr/local/lib" "$anypy" -c \
        'import musubi; print(musubi.__version__, musubi.library_path())') >"$tmp/installed" 2>&1
    has "the installed package reports version $version" "$tmp/installed" "$version "
    has "the installed package loads the installed library" "$tmp/installed" "$root/usr/local/lib/libmusubi.so.$version"

    # The examples, from the checkout (the package beside them, the build tree's library).
    expect_rc "python/examples/compare_policies.py runs" 0 env MUSUBI_LIBRARY="$repo/build/release/libmusubi.so.0" \
        "$anypy" python/examples/compare_policies.py
    check "compare_policies.py prints five policies, each checked valid" \
        test "$(grep '^check ' "$tmp/out" | grep -o valid | wc -l)" -eq 5
    has "compare_policies.py compares rank-maximal" "$tmp/out" "rank-maximal"
    if [ -n "$preload" ] || [ -n "${MUSUBI_E2E_LIGHT:-}" ] || [ "${bin##*/}" = valgrind.sh ]; then
        skip "in memory and the file agree at 20,000 applicants" \
            "the release build only (not under sanitizers, valgrind or MUSUBI_E2E_LIGHT)"
    else
        # The same answer by both routes; the ratio is printed, never judged
        # here (a timing is measured in bench/, README "Python").
        expect_rc "in memory and musubi solve on the CSV tables give the same objective, assignment and metrics (20,000 applicants)" 0 \
            env MUSUBI_LIBRARY="$repo/build/release/libmusubi.so.0" "$anypy" python/examples/build_in_memory.py \
            --applicants 20000 --companies 1000 --file tables --repeat 1 --max-ratio 0 --musubi "$repo/bin/musubi"
        sed 's/^/     /' "$tmp/out"
    fi
else
    skip "the Python examples" "python3 is not installed"
fi
finish
