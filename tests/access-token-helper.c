/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include "ado-error.h"
#include "service/ado-access-token.h"
#include "store/ado-account-registry.h"
#include "store/ado-credential-store.h"

#include "ado-test-core.h"

/*
 * For test-access-token.c: one process that wants an access token, so
 * that two of them can ask at the same moment.
 *
 *   access-token-helper [--force] REGISTRY_FILE ACCOUNT_ID
 *
 * Loads the registry, prints "ready", waits for a line on stdin, asks for
 * the token (the token URL comes from ADS_ONBOARDING_TOKEN_URL), then
 * prints "token TOKEN" or "error CODE MESSAGE" (exit status 1). Printing a
 * secret is what this test program is for.
 */

#define GUARD_SECONDS 60

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdoCredentialStore) store = NULL;
  g_autoptr(AdoAccountRegistry) registry = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdoSecret) token = NULL;
  gboolean force = FALSE;
  AdoAccount *account;
  char line[64];
  int first = 1;

  g_log_writer_default_set_use_stderr (TRUE);
  setvbuf (stdout, NULL, _IOLBF, 0);

  if (argc > 1 && g_str_equal (argv[1], "--force"))
    {
      force = TRUE;
      first = 2;
    }
  if (argc != first + 2)
    {
      g_printerr ("usage: %s [--force] REGISTRY_FILE ACCOUNT_ID\n", argv[0]);
      return 2;
    }

  ado_test_exit_after (GUARD_SECONDS, "access-token-helper");

  file = g_file_new_for_path (argv[first]);
  registry = ado_account_registry_new_for_file (file);
  ado_account_registry_load_async (registry, NULL, ado_test_result_cb, &result);
  ado_test_wait_for (&result);
  if (!ado_account_registry_load_finish (registry, result, &error))
    {
      printf ("error LOAD %s\n", error->message);
      return 1;
    }
  g_clear_object (&result);

  account = ado_account_registry_get_account (registry, argv[first + 1]);
  if (account == NULL)
    {
      printf ("error UNKNOWN_ACCOUNT %s\n", argv[first + 1]);
      return 1;
    }

  store = ado_credential_store_new (FALSE);

  printf ("ready\n");
  if (fgets (line, sizeof line, stdin) == NULL)
    return 2;

  ado_access_token_get_async (store, registry, account, force, NULL, ado_test_result_cb, &result);
  ado_test_wait_for (&result);
  token = ado_access_token_get_finish (result, NULL, &error);
  if (token == NULL)
    {
      printf ("error %d %s\n", error->code, error->message);
      return 1;
    }

  printf ("token %s\n", token);
  return 0;
}
