/* Shared includes for cmocka tests: cmocka needs these before its header. */
#ifndef MU_TESTUTIL_H
#define MU_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#endif
