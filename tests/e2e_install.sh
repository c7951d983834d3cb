#!/bin/sh
# make install and make uninstall into a temporary DESTDIR: every file in its
# place; libmusubi.so.0 with its soname, exporting exactly the functions of
# musubi.h (nm -D against scripts/exports.sh); musubi.pc; the man pages
# render without a warning; the example program (examples/solve_arrays.c)
# compiled with `pkg-config --cflags --libs musubi` against the installed
# library, shared and static, runs and prints its assignment; the installed
# command, mu_version() and the .pc report one version; uninstall leaves
# nothing behind. The install is of the release build (it builds it when it
# is not up to date).
# Usage: tests/e2e_install.sh path/to/musubi
bin=${1:?usage: tests/e2e_install.sh path/to/musubi}
. "$(dirname "$0")/lib.sh"
e2e_tmpdir install
root=$tmp/root
prefix=/usr/local
version=$(sed -n 's/^VERSION *:= *//p' Makefile)

# A make of our own, not the jobserver of a make that runs the tests.
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u DEBUG make --no-print-directory "$@"; }

expect_rc "make install DESTDIR=... PREFIX=$prefix" 0 mk install DESTDIR="$root" PREFIX="$prefix"
for f in bin/musubi lib/libmusubi.so.$version lib/libmusubi.so.0 lib/libmusubi.so lib/libmusubi.a \
    include/musubi.h lib/pkgconfig/musubi.pc share/man/man1/musubi.1 share/man/man3/musubi.3 \
    share/musubi/FORMAT.md share/musubi/musubi-instance-1.schema.json; do
    check "installed $f" test -e "$root$prefix/$f"
done
lib=$root$prefix/lib
check "libmusubi.so.0 and libmusubi.so are symlinks to libmusubi.so.$version" \
    test "$(readlink "$lib/libmusubi.so.0")" = "libmusubi.so.$version" -a \
    "$(readlink "$lib/libmusubi.so")" = libmusubi.so.0
readelf -d "$lib/libmusubi.so.$version" >"$tmp/dyn" 2>&1
has "the soname is libmusubi.so.0" "$tmp/dyn" "Library soname: [libmusubi.so.0]"
check "the installed header is include/musubi.h" cmp include/musubi.h "$root$prefix/include/musubi.h"

# Exported: the functions the header declares, no more and no fewer.
nm -D --defined-only "$lib/libmusubi.so.$version" | awk '{print $3}' | sort >"$tmp/exported"
sh scripts/exports.sh >"$tmp/declared"
ndecl=$(wc -l <"$tmp/declared")
check "the header declares functions (scripts/exports.sh found $ndecl)" test "$ndecl" -gt 50
if cmp -s "$tmp/exported" "$tmp/declared"; then
    ok "nm -D exports exactly the functions of musubi.h"
else
    ko "nm -D exports exactly the functions of musubi.h: $(diff "$tmp/declared" "$tmp/exported" |
        grep '^[<>]' | head -5 | tr '\n' ' ')"
fi
check "mu_instance_build is exported" grep -qx mu_instance_build "$tmp/exported"
check "mu_solution_json is exported" grep -qx mu_solution_json "$tmp/exported"
check "no internal name is exported (mu_sym_intern, mu_read_json_text, mu_lemon_mincost)" \
    sh -c "! grep -qx -e mu_sym_intern -e mu_read_json_text -e mu_lemon_mincost '$tmp/exported'"

# pkg-config against the installed .pc.
if command -v pkg-config >/dev/null 2>&1; then
    export PKG_CONFIG_PATH="$lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$root"
    check "pkg-config --modversion musubi is the Makefile's VERSION ($version)" \
        test "$(pkg-config --modversion musubi)" = "$version"
    pkg-config --cflags musubi >"$tmp/cflags"
    check "pkg-config --cflags names the installed include directory first" \
        grep -q "^-I$root$prefix/include " "$tmp/cflags"
    pkg-config --static --libs musubi >"$tmp/static-libs" 2>&1
    has "pkg-config --static --libs carries GLPK and cJSON" "$tmp/static-libs" "-lglpk"
    has "pkg-config --static --libs carries cJSON (Requires.private)" "$tmp/static-libs" "-lcjson"
    # The example, against the installed library only (no -I. or build tree).
    expect_rc "the example compiles with pkg-config --cflags --libs musubi" 0 \
        sh -c "cc -std=c11 -Wall -Wextra -Werror examples/solve_arrays.c \$(pkg-config --cflags --libs musubi) \
            -o '$tmp/example'"
    expect_rc "the example runs against the installed libmusubi.so.0" 0 env LD_LIBRARY_PATH="$lib" "$tmp/example"
    has "the example solves: optimal, weight 740, by flow (the quota row is laminar)" "$tmp/out" \
        "optimal, weight 740 (engine flow)"
    printf '%s\n' "Ana -> Kobe Steelworks" "Binh -> (unplaced)" "Chai -> Kobe Steelworks" "Dewi -> Osaka Textiles" \
        >"$tmp/want"
    tail -n 4 "$tmp/out" >"$tmp/got"
    check "the example prints the optimal assignment, Binh kept out by the quota" cmp "$tmp/want" "$tmp/got"
    LD_LIBRARY_PATH="$lib" ldd "$tmp/example" >"$tmp/ldd" 2>&1
    has "the example links the installed libmusubi.so.0" "$tmp/ldd" "$lib/libmusubi.so.0"
    # Statically: libmusubi.a and the .pc's private libraries.
    expect_rc "the example links statically with pkg-config --static --libs" 0 \
        sh -c "cc -std=c11 examples/solve_arrays.c \$(pkg-config --cflags musubi) '$lib/libmusubi.a' \
            \$(pkg-config --static --libs musubi | sed 's/-lmusubi//') -fopenmp -o '$tmp/example-static'"
    expect_rc "the static example prints the same" 0 "$tmp/example-static"
    cp "$tmp/out" "$tmp/out-static"
    env LD_LIBRARY_PATH="$lib" "$tmp/example" >"$tmp/out-shared" 2>&1
    check "shared and static examples agree" cmp "$tmp/out-shared" "$tmp/out-static"
    # One version: the command, the library (mu_version), the .pc.
    printf '#include <musubi.h>\n#include <stdio.h>\nint main(void) { puts(mu_version()); return 0; }\n' >"$tmp/v.c"
    cc "$tmp/v.c" $(pkg-config --cflags --libs musubi) -o "$tmp/v" && LD_LIBRARY_PATH="$lib" "$tmp/v" >"$tmp/libversion"
    check "mu_version() of the installed library starts with $version" grep -q "^$version " "$tmp/libversion"
    "$root$prefix/bin/musubi" --version >"$tmp/cliversion"
    check "the installed musubi --version is $version" grep -q "^musubi $version " "$tmp/cliversion"
    check "musubi --version and mu_version() are one text" \
        test "$(cat "$tmp/cliversion")" = "musubi $(cat "$tmp/libversion")"
    unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
else
    skip "the example against the installed library" "pkg-config is not installed (Debian package pkgconf)"
fi

# The man pages: generated from --help and the header, rendered without a warning.
for page in man1/musubi.1 man3/musubi.3; do
    if command -v groff >/dev/null 2>&1; then
        groff -k -man -Tutf8 -ww -z "$root$prefix/share/man/$page" >"$tmp/groff" 2>&1
        check "$page renders without a warning" test ! -s "$tmp/groff"
    else
        skip "$page renders" "groff is not installed"
    fi
done
has "musubi.1 carries the options table (--time-limit)" "$root$prefix/share/man/man1/musubi.1" "\\-\\-time\\-limit"
has "musubi.1 carries every command's help (rematch)" "$root$prefix/share/man/man1/musubi.1" '.SS "musubi rematch"'
has "musubi.1 is of this version" "$root$prefix/share/man/man1/musubi.1" "\"musubi $version\""
has "musubi.3 carries the header (mu_instance_build)" "$root$prefix/share/man/man3/musubi.3" "mu_instance_build"

# Uninstall: nothing left but directories.
expect_rc "make uninstall DESTDIR=... PREFIX=$prefix" 0 mk uninstall DESTDIR="$root" PREFIX="$prefix"
find "$root" ! -type d >"$tmp/left"
check "uninstall leaves no file behind" test ! -s "$tmp/left"
finish
