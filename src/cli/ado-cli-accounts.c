/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ado-cli-accounts.h"
#include "ado-cli-sync.h"
#include "ado-cli-util.h"
#include "ado-error.h"
#include "ads/ado-amazon.h"
#include "auth/ado-checks.h"
#include "common/ado-secret.h"

/*
 * ads-onboarding --list-accounts [--json], --forget and
 * --set-client-secret: the accounts and the client secret, for scripts.
 * The list comes from the registry alone (no keyring needed) and never
 * holds a secret.
 */


enum {
  COLUMN_ID,
  COLUMN_NAME,
  COLUMN_REGION,
  COLUMN_STATE,
  COLUMN_SIGNED_IN,
  N_COLUMNS
};

/* --- --list-accounts ------------------------------------------------------------------ */

/* An empty value is null too */
static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  ado_cli_json_add_string (builder, name, value != NULL && value[0] != '\0' ? value : NULL);
}

static void
print_json (GListModel *accounts)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n = g_list_model_get_n_items (accounts);

  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AdoAccount) account = g_list_model_get_item (accounts, i);
      g_autofree char *obtained_at = ado_account_dup_obtained_at_iso8601 (account);

      json_builder_begin_object (builder);
      add_string_or_null (builder, "id", ado_account_get_id (account));
      add_string_or_null (builder, "name", ado_account_get_name (account));
      add_string_or_null (builder, "client_id", ado_account_get_client_id (account));
      add_string_or_null (builder, "region", ado_account_get_region (account));
      add_string_or_null (builder, "redirect_uri", ado_account_get_redirect_uri (account));
      add_string_or_null (builder, "scope", ado_account_get_scope (account));
      add_string_or_null (builder, "obtained_at", obtained_at);
      add_string_or_null (builder, "default_profile_id",
                          ado_account_get_default_profile_id (account));
      add_string_or_null (builder, "state",
                          ado_account_state_to_string (ado_account_get_state (account)));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  ado_cli_print_json (builder);
}

static char *
format_signed_in (AdoAccount *account)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (ado_account_get_obtained_at (account) <= 0)
    return g_strdup ("-");

  utc = g_date_time_new_from_unix_utc (ado_account_get_obtained_at (account));
  if (utc == NULL)
    return g_strdup ("-");
  local = g_date_time_to_local (utc);

  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static void
print_table (GListModel *accounts)
{
  guint n = g_list_model_get_n_items (accounts);
  const char *header[N_COLUMNS] = {
    [COLUMN_ID] = _("ID"),
    [COLUMN_NAME] = _("NAME"),
    [COLUMN_REGION] = _("REGION"),
    [COLUMN_STATE] = _("STATE"),
    [COLUMN_SIGNED_IN] = _("SIGNED IN"),
  };
  g_autoptr(GPtrArray) rows = ado_cli_table_new (header, N_COLUMNS);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AdoAccount) account = g_list_model_get_item (accounts, i);
      const char *name = ado_account_get_name (account);
      const char *region = ado_account_get_region (account);
      char **row = g_new0 (char *, N_COLUMNS + 1);

      row[COLUMN_ID] = g_strdup (ado_account_get_id (account));
      row[COLUMN_NAME] = g_strdup (name != NULL && name[0] != '\0' ? name : "-");
      row[COLUMN_REGION] = g_strdup (region != NULL ? region : "-");
      row[COLUMN_STATE] = g_strdup (ado_account_state_to_string (ado_account_get_state (account)));
      row[COLUMN_SIGNED_IN] = format_signed_in (account);
      g_ptr_array_add (rows, row);
    }

  ado_cli_print_table (rows, N_COLUMNS);
}

/**
 * ado_cli_list_accounts:
 * @json: whether to print JSON rather than a table
 *
 * Returns: the exit status
 */
int
ado_cli_list_accounts (gboolean json)
{
  g_autoptr(AdoAccounts) accounts = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  accounts = ado_cli_load_accounts (&error);
  if (accounts == NULL)
    return ado_cli_fail (error);

  n = ado_accounts_get_n_accounts (accounts);
  if (json)
    print_json (G_LIST_MODEL (accounts));
  else if (n > 0)
    print_table (G_LIST_MODEL (accounts));

  if (n == 0)
    g_printerr (_("No accounts yet. Sign in with “%s”.\n"), "ads-onboarding --authorize");

  fflush (stdout);
  return ADO_EXIT_OK;
}

/* --- --forget ------------------------------------------------------------------------- */

/* No such account (@not_found, taken): the tokens of sign-ins that never
 * listed theirs (the process was killed) may be what is meant. Removes
 * them, if any. */
static int
forget_unfinished (AdoAccounts *accounts,
                   GError      *not_found)
{
  g_autoptr(GError) error = not_found;
  g_autoptr(GError) sweep_error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  guint n_swept = 0;

  ado_accounts_sweep_async (accounts, NULL, ado_cli_wait_cb, &result);
  ado_cli_wait_for (&result);
  if (!ado_accounts_sweep_finish (accounts, result, &n_swept, &sweep_error))
    return ado_cli_fail (sweep_error);

  if (n_swept == 0)
    return ado_cli_fail (error);

  g_printerr (ngettext ("No such account; the tokens of %u sign-in that did not finish are "
                        "gone from this computer.\n",
                        "No such account; the tokens of %u sign-ins that did not finish are "
                        "gone from this computer.\n",
                        n_swept),
              n_swept);
  return ADO_EXIT_OK;
}

/**
 * ado_cli_forget:
 * @account_name: (nullable): the account's id or name, or %NULL for the only one
 *
 * Returns: the exit status
 */
int
ado_cli_forget (const char *account_name)
{
  g_autoptr(AdoAccounts) accounts = NULL;
  g_autoptr(AdoAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  account = ado_cli_load_account (account_name, &accounts, &error);
  if (accounts == NULL)
    return ado_cli_fail (error);
  if (account == NULL)
    return forget_unfinished (accounts, g_steal_pointer (&error));

  ado_accounts_forget_async (accounts, account, NULL, ado_cli_wait_cb, &result);
  ado_cli_wait_for (&result);
  if (!ado_accounts_forget_finish (accounts, result, &error))
    return ado_cli_fail (error);

  g_printerr (_("Account %s (%s) is gone from this computer, its tokens too. Amazon still "
                "lists the app’s access: the Amazon user who signed in can remove it at %s.\n"),
              ado_account_get_id (account), ado_account_get_name (account), ADO_URL_REVOKE);
  return ADO_EXIT_OK;
}

/* --- --set-client-secret -------------------------------------------------------------- */

/**
 * ado_cli_set_client_secret:
 * @client_id_option: (nullable): the client ID, or %NULL for the one set in the app
 *
 * Returns: the exit status
 */
int
ado_cli_set_client_secret (const char *client_id_option)
{
  g_autoptr(AdoAccounts) accounts = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdoSecret) secret = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *warning = NULL;
  const char *from_env;

  if (client_id_option != NULL)
    {
      client_id = ado_trim_pasted (client_id_option);
    }
  else
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);

      client_id = g_settings_get_string (settings, "client-id");
    }

  if (client_id[0] == '\0')
    return ado_cli_usage_error (_("No client ID is set. Pass --client-id, or enter it in the "
                                  "app’s “Create a Login with Amazon Client” step."));
  if (!ado_check_client_id (client_id, &error))
    return ado_cli_fail (error);

  from_env = g_getenv (ADO_CLIENT_SECRET_ENV);
  if (from_env != NULL && from_env[0] != '\0')
    secret = ado_trim_pasted (from_env);
  if (secret == NULL || secret[0] == '\0')
    {
      g_clear_pointer (&secret, ado_secret_free);
      secret = ado_cli_prompt_secret (_("New client secret (not shown): "), &error);
      if (secret == NULL)
        return ado_cli_fail (error);
    }

  /* Older security profiles have secrets of other shapes: a warning only */
  if (ado_check_client_secret (secret, &warning) == ADO_SECRET_SHAPE_UNUSUAL)
    g_printerr (_("ads-onboarding: warning: %s\n"), warning);

  accounts = ado_accounts_new (FALSE);
  ado_accounts_set_client_secret_async (accounts, client_id, secret, NULL, ado_cli_wait_cb,
                                        &result);
  ado_cli_wait_for (&result);
  if (!ado_accounts_set_client_secret_finish (accounts, result, &error))
    return ado_cli_fail (error);

  g_printerr (_("The client secret of %s is stored in the keyring; its accounts use it from "
                "now on.\n"),
              client_id);
  return ADO_EXIT_OK;
}
