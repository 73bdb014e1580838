/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ado-error.h"
#include "fuzz-callback.h"
#include "fuzz-common.h"

/*
 * The query of the redirect that reaches the loopback listener, as the
 * browser sent it: ado_callback_parse_query().
 */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *query = fuzz_dup_string (data, size);
  g_autoptr(GError) error = NULL;
  AdoCallback *callback;

  callback = ado_callback_parse_query (query, FUZZ_EXPECTED_STATE, &error);

  /* An answer to this attempt is no other attempt's answer: a query holds
   * one state at most */
  if (callback != NULL)
    {
      g_autoptr(GError) other_error = NULL;
      AdoCallback *other = ado_callback_parse_query (query, FUZZ_EXPECTED_STATE "0",
                                                     &other_error);

      g_assert_null (other);
      g_assert_error (other_error, ADO_ERROR, ADO_ERROR_STATE_MISMATCH);
    }

  fuzz_check_callback (callback, error);

  return 0;
}
