/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ado-error.h"
#include "fuzz-callback.h"
#include "fuzz-common.h"

/*
 * What the user pastes from the browser's address bar (or pipes to
 * --authorize): ado_callback_parse_pasted().
 */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_dup_string (data, size);
  g_autoptr(GError) error = NULL;
  AdoCallback *callback;

  callback = ado_callback_parse_pasted (text, FUZZ_EXPECTED_STATE, &error);

  if (callback != NULL)
    {
      g_autoptr(GError) other_error = NULL;
      AdoCallback *other = ado_callback_parse_pasted (text, FUZZ_EXPECTED_STATE "0",
                                                      &other_error);

      g_assert_null (other);
      g_assert_error (other_error, ADO_ERROR, ADO_ERROR_STATE_MISMATCH);
    }

  fuzz_check_callback (callback, error);

  return 0;
}
