/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ado-error.h"
#include "fuzz-common.h"

/* The input as a C string, cut at its first NUL as a C caller would see it,
 * in a buffer of exactly that size so that reading past the end is caught */
char *
fuzz_dup_string (const uint8_t *data,
                 size_t         size)
{
  const uint8_t *nul = size > 0 ? memchr (data, '\0', size) : NULL;
  gsize length = nul != NULL ? (gsize)(nul - data) : size;
  char *text = g_malloc (length + 1);

  if (length > 0)
    memcpy (text, data, length);
  text[length] = '\0';

  return text;
}

/* The input as a buffer of exactly @size bytes, not NUL-terminated; %NULL
 * when empty */
char *
fuzz_dup_bytes (const uint8_t *data,
                size_t         size)
{
  if (size == 0)
    return NULL;

  return g_memdup2 (data, size);
}

void
fuzz_assert_utf8 (const char *text)
{
  if (text != NULL)
    g_assert_true (g_utf8_validate (text, -1, NULL));
}

/* Text for a message or a header: valid UTF-8 of printable characters, at
 * most @max_length bytes */
void
fuzz_assert_printable (const char *text,
                       gsize       max_length)
{
  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpuint (strlen (text), <=, max_length);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    g_assert_true (g_unichar_isprint (g_utf8_get_char (p)));
}

/* A refusal says why, in the project's error domain, in valid UTF-8 */
void
fuzz_assert_failure (const GError *error,
                     int           code)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == ADO_ERROR);
  if (code >= 0)
    g_assert_cmpint (error->code, ==, code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}
