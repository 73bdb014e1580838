/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-cli"

#include "config.h"

#include "ado-cli-sync.h"

/*
 * A command does one thing after another, so it waits for each
 * asynchronous operation in turn:
 *
 *   g_autoptr(GAsyncResult) result = NULL;
 *
 *   ado_something_async (…, ado_cli_wait_cb, &result);
 *   ado_cli_wait_for (&result);
 *   ado_something_finish (result, …);
 */

/**
 * ado_cli_wait_cb:
 * @user_data: a `GAsyncResult **` that is %NULL
 *
 * Keeps a reference to @result there.
 */
void
ado_cli_wait_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert (*out == NULL);
  *out = g_object_ref (result);
}

/**
 * ado_cli_wait_for:
 * @result: where ado_cli_wait_cb() puts the result
 *
 * Runs the default main context until the result is there.
 */
void
ado_cli_wait_for (GAsyncResult **result)
{
  g_return_if_fail (result != NULL);

  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

/**
 * ado_cli_load_accounts:
 * @error: %ADO_ERROR_REGISTRY_DAMAGED (the file was set aside; the message
 *   says where) or another error when the list of accounts cannot be read
 *
 * Returns: (transfer full) (nullable): the user's list of accounts
 */
AdoAccounts *
ado_cli_load_accounts (GError **error)
{
  g_autoptr(AdoAccounts) accounts = ado_accounts_new (FALSE);
  g_autoptr(GAsyncResult) result = NULL;

  ado_accounts_load_async (accounts, NULL, ado_cli_wait_cb, &result);
  ado_cli_wait_for (&result);
  if (!ado_accounts_load_finish (accounts, result, error))
    return NULL;

  return g_steal_pointer (&accounts);
}

/**
 * ado_cli_load_account:
 * @account_name: (nullable): the account's id or name, or %NULL for the only one
 * @accounts: (out) (transfer full): where to put the list of accounts, once read
 *   (even when it has no such account)
 * @error: as ado_cli_load_accounts() and ado_accounts_find() say
 *
 * Returns: (transfer full) (nullable): the account the command is about
 */
AdoAccount *
ado_cli_load_account (const char   *account_name,
                      AdoAccounts **accounts,
                      GError      **error)
{
  AdoAccount *account;

  g_return_val_if_fail (accounts != NULL && *accounts == NULL, NULL);

  *accounts = ado_cli_load_accounts (error);
  if (*accounts == NULL)
    return NULL;

  account = ado_accounts_find (*accounts, account_name, error);

  return account != NULL ? g_object_ref (account) : NULL;
}
