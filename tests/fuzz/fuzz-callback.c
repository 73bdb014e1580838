/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ado-error.h"
#include "fuzz-callback.h"
#include "fuzz-common.h"

/* What the sanitizer in ado-authorization.c lets through: at most 200
 * characters before it stops, each at most 4 bytes */
#define MAX_ERROR_BYTES (200 + 4)

/*
 * What must hold for whatever ado_callback_parse_query() or
 * ado_callback_parse_pasted() made of an input: an answer is a non-empty
 * code or an error, never both; the error texts are safe to show; the
 * check agrees; a copy is equal. Takes @callback.
 */
void
fuzz_check_callback (AdoCallback  *callback,
                     const GError *error)
{
  g_autoptr(AdoCallback) copy = NULL;
  g_autoptr(GError) check_error = NULL;
  gboolean checked;

  if (callback == NULL)
    {
      fuzz_assert_failure (error, -1);
      g_assert_true (error->code == ADO_ERROR_INVALID_INPUT ||
                     error->code == ADO_ERROR_STATE_MISMATCH);
      return;
    }

  g_assert_null (error);
  g_assert_true ((callback->code != NULL) != (callback->error != NULL));

  if (callback->code != NULL)
    {
      g_assert_cmpstr (callback->code, !=, "");
      fuzz_assert_utf8 (callback->code);
      g_assert_null (callback->error_description);
    }
  else
    {
      fuzz_assert_printable (callback->error, MAX_ERROR_BYTES);
      if (callback->error_description != NULL)
        fuzz_assert_printable (callback->error_description, MAX_ERROR_BYTES);
    }
  fuzz_assert_utf8 (callback->scope);

  checked = ado_callback_check (callback, "advertising::campaign_management", &check_error);
  g_assert_true (checked == (callback->error == NULL));
  if (checked)
    g_assert_no_error (check_error);
  else
    fuzz_assert_failure (check_error, -1);

  copy = ado_callback_copy (callback);
  g_assert_cmpstr (copy->code, ==, callback->code);
  g_assert_cmpstr (copy->scope, ==, callback->scope);
  g_assert_cmpstr (copy->error, ==, callback->error);
  g_assert_cmpstr (copy->error_description, ==, callback->error_description);

  ado_callback_free (callback);
}
