/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "ado-cli-credentials.h"
#include "ado-cli-sync.h"
#include "ado-cli-util.h"
#include "ado-error.h"
#include "ads/ado-export.h"

/*
 * ads-onboarding --print-access-token and --export: the credentials for
 * other tools, on stdout and nowhere else. Secrets are written with
 * fputs(), never through a formatting buffer that would keep a copy.
 */

/* Without a formatting buffer: no copy of a secret is left behind */
static void
print_secret (const char *text)
{
  fputs (text, stdout);
  fflush (stdout);
}

/**
 * ado_cli_print_access_token:
 * @account_name: (nullable): the account's id or name, or %NULL for the only one
 *
 * Prints a valid access token: the cached one while more than five minutes
 * remain (no request then), else a new one.
 *
 * Returns: the exit status
 */
int
ado_cli_print_access_token (const char *account_name)
{
  g_autoptr(AdoAccounts) accounts = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdoSecret) token = NULL;
  g_autoptr(AdoAccount) account = NULL;

  account = ado_cli_load_account (account_name, &accounts, &error);
  if (account == NULL)
    return ado_cli_fail (error);

  ado_accounts_get_access_token_async (accounts, account, FALSE, NULL, ado_cli_wait_cb, &result);
  ado_cli_wait_for (&result);
  token = ado_accounts_get_access_token_finish (accounts, result, NULL, &error);
  if (token == NULL)
    return ado_cli_fail (error);

  print_secret (token);
  print_secret ("\n");
  return ADO_EXIT_OK;
}

/* What to know beside the export, on stderr */
static void
print_notes (AdoExportNotes              notes,
             const AdoExportCredentials *credentials)
{
  if (notes & ADO_EXPORT_NOTE_NO_PROFILE)
    g_printerr (_("ads-onboarding: warning: no advertising profile is named, and most calls "
                  "need one; choose one with --profile ID, or keep a default with "
                  "“ads-onboarding --set-default-profile ID”.\n"));

  if (notes & ADO_EXPORT_NOTE_AGENCY_PROFILE)
    g_printerr (_("ads-onboarding: warning: profile %s belongs to an agency; campaign calls "
                  "need the profile of one of its advertisers (see "
                  "“ads-onboarding --list-profiles”).\n"),
                credentials->profile_id);
}

/**
 * ado_cli_export:
 * @format_name: "env", "json", "postman", "python-ad-api" or "airbyte"
 * @account_name: (nullable): the account's id or name, or %NULL for the only one
 * @profile_id: (nullable): the profile to name, else the account's default
 * @all_profiles: with airbyte: every profile of that profile's region
 *
 * Returns: the exit status
 */
int
ado_cli_export (const char *format_name,
                const char *account_name,
                const char *profile_id,
                gboolean    all_profiles)
{
  g_autoptr(AdoAccounts) accounts = NULL;
  g_autoptr(AdoExportCredentials) credentials = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  AdoExportFormat format;
  g_autoptr(AdoAccount) account = NULL;
  char *text;

  if (!ado_export_format_from_string (format_name, &format))
    return ado_cli_usage_error (_("Unknown export format “%s”: use env, json, postman, "
                                  "python-ad-api or airbyte."),
                                format_name);

  if (all_profiles && format != ADO_EXPORT_AIRBYTE)
    return ado_cli_usage_error (_("--all-profiles goes with --export airbyte."));

  if (profile_id != NULL && !ado_account_profile_id_is_valid (profile_id))
    return ado_cli_usage_error (_("--profile takes a profile ID, which is a number such as "
                                  "1234567890; “%s” is not one."),
                                profile_id);

  account = ado_cli_load_account (account_name, &accounts, &error);
  if (account == NULL)
    return ado_cli_fail (error);

  ado_accounts_export_async (accounts, account, format, profile_id, all_profiles, NULL,
                             ado_cli_wait_cb, &result);
  ado_cli_wait_for (&result);
  credentials = ado_accounts_export_finish (accounts, result, &error);
  if (g_error_matches (error, ADO_ERROR, ADO_ERROR_PROFILE_REQUIRED))
    return ado_cli_usage_error (_("python-amazon-ad-api refuses credentials without a profile "
                                  "ID: name one with --profile ID, or keep a default with "
                                  "“ads-onboarding --set-default-profile ID”."));
  if (g_error_matches (error, ADO_ERROR, ADO_ERROR_UNKNOWN_PROFILE))
    return ado_cli_usage_error (_("%s Run “ads-onboarding --list-profiles” to see the "
                                  "profiles it reaches."),
                                error->message);
  if (credentials == NULL)
    return ado_cli_fail (error);

  text = ado_export_render (format, credentials);
  print_secret (text);
  ado_export_text_free (text);
  print_notes (ado_export_get_notes (format, credentials), credentials);

  return ADO_EXIT_OK;
}
