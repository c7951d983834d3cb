#!/bin/sh
# musubi under valgrind's memcheck, for `make check-valgrind`: the e2e scripts
# take this script as their musubi binary. Exit 99 when memcheck finds an
# error or a definite or indirect leak; otherwise musubi's own exit code.
# MUSUBI_VALGRIND_BIN names the binary (default bin/musubi).
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    --show-leak-kinds=definite,indirect "${MUSUBI_VALGRIND_BIN:-bin/musubi}" "$@"
