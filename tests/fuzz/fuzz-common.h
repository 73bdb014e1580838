/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

G_BEGIN_DECLS

/* The libFuzzer entry point: each harness defines it, and both libFuzzer and
 * fuzz-driver.c call it. It returns 0; a broken invariant aborts. */
int   LLVMFuzzerTestOneInput (const uint8_t  *data,
                              size_t          size);

char *fuzz_dup_string        (const uint8_t  *data,
                              size_t          size);
char *fuzz_dup_bytes         (const uint8_t  *data,
                              size_t          size);
void  fuzz_assert_utf8       (const char     *text);
void  fuzz_assert_printable  (const char     *text,
                              gsize           max_length);
void  fuzz_assert_failure    (const GError   *error,
                              int             code);

G_END_DECLS
