/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ado-error.h"
#include "ado-token-client.h"
#include "fuzz-common.h"

#define MAX_TOKEN_LENGTH 4096
#define MAX_EXPIRES_IN   (365 * 24 * 3600)

/* A token goes into HTTP headers and shell exports: 1 to 4096 bytes of
 * printable ASCII, no space */
static void
assert_token (const char *token)
{
  gsize length;

  g_assert_nonnull (token);
  length = strlen (token);
  g_assert_cmpuint (length, >=, 1);
  g_assert_cmpuint (length, <=, MAX_TOKEN_LENGTH);
  for (gsize i = 0; i < length; i++)
    {
      g_assert_cmpint ((guchar)token[i], >, ' ');
      g_assert_cmpint ((guchar)token[i], <=, '~');
    }
}

/*
 * The body of the token endpoint's answer: ado_token_response_parse(), on a
 * buffer of exactly the body's length (no terminating NUL, as read from
 * the network).
 */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *body = NULL;
  g_autoptr(AdoTokenResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  /* The client reads no more than this */
  if (size > ADO_TOKEN_MAX_BODY)
    return 0;

  body = fuzz_dup_bytes (data, size);
  response = ado_token_response_parse (body, size, &error);

  if (response == NULL)
    {
      fuzz_assert_failure (error, ADO_ERROR_BAD_RESPONSE);
      return 0;
    }

  g_assert_no_error (error);
  assert_token (response->access_token);
  if (response->refresh_token != NULL)
    assert_token (response->refresh_token);
  fuzz_assert_utf8 (response->scope);
  g_assert_cmpint (response->expires_in, >=, 1);
  g_assert_cmpint (response->expires_in, <=, MAX_EXPIRES_IN);
  g_assert_cmpint (response->obtained_at, >, 0);

  return 0;
}
