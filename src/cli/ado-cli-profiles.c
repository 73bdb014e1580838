/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ado-cli-profiles.h"
#include "ado-cli-sync.h"
#include "ado-cli-util.h"
#include "ado-error.h"
#include "ads/ado-amazon.h"
#include "ads/ado-profile.h"

/*
 * ads-onboarding --list-profiles [--region R] [--json] and
 * --set-default-profile ID: the advertising profiles an account reaches,
 * asked from every region at once. A region that fails is told on stderr
 * while the others are still printed.
 */

enum {
  COLUMN_PROFILE_ID,
  COLUMN_REGION,
  COLUMN_COUNTRY,
  COLUMN_CURRENCY,
  COLUMN_TYPE,
  COLUMN_NAME,
  COLUMN_TIMEZONE,
  N_COLUMNS
};

static void
print_json (GPtrArray *profiles)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < profiles->len; i++)
    {
      AdoProfile *profile = g_ptr_array_index (profiles, i);

      json_builder_begin_object (builder);
      ado_cli_json_add_string (builder, "profile_id", ado_profile_get_profile_id (profile));
      ado_cli_json_add_string (builder, "region", ado_profile_get_region (profile));
      ado_cli_json_add_string (builder, "country_code", ado_profile_get_country_code (profile));
      ado_cli_json_add_string (builder, "currency_code", ado_profile_get_currency_code (profile));
      ado_cli_json_add_string (builder, "timezone", ado_profile_get_timezone (profile));
      ado_cli_json_add_string (builder, "account_name", ado_profile_get_account_name (profile));
      ado_cli_json_add_string (builder, "account_type", ado_profile_get_account_type (profile));
      ado_cli_json_add_string (builder, "marketplace_id", ado_profile_get_marketplace_id (profile));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  ado_cli_print_json (builder);
}

/* A cell for a terminal: no control characters, "-" when unknown */
static char *
cell (const char *text)
{
  char *copy;

  if (text == NULL || text[0] == '\0')
    return g_strdup ("-");

  copy = g_strdup (text);
  for (char *c = copy; *c != '\0'; c++)
    {
      if ((guchar)*c < 0x20 || *c == 0x7f)
        *c = ' ';
    }

  return copy;
}

static void
print_table (GPtrArray *profiles)
{
  const char *header[N_COLUMNS] = {
    [COLUMN_PROFILE_ID] = _("PROFILE ID"),
    [COLUMN_REGION] = _("REGION"),
    [COLUMN_COUNTRY] = _("COUNTRY"),
    [COLUMN_CURRENCY] = _("CURRENCY"),
    [COLUMN_TYPE] = _("TYPE"),
    [COLUMN_NAME] = _("NAME"),
    [COLUMN_TIMEZONE] = _("TIME ZONE"),
  };
  g_autoptr(GPtrArray) rows = ado_cli_table_new (header, N_COLUMNS);

  for (guint i = 0; i < profiles->len; i++)
    {
      AdoProfile *profile = g_ptr_array_index (profiles, i);
      char **row = g_new0 (char *, N_COLUMNS + 1);

      row[COLUMN_PROFILE_ID] = cell (ado_profile_get_profile_id (profile));
      row[COLUMN_REGION] = cell (ado_profile_get_region (profile));
      row[COLUMN_COUNTRY] = cell (ado_profile_get_country_code (profile));
      row[COLUMN_CURRENCY] = cell (ado_profile_get_currency_code (profile));
      row[COLUMN_TYPE] = cell (ado_profile_get_account_type (profile));
      row[COLUMN_NAME] = cell (ado_profile_get_account_name (profile));
      row[COLUMN_TIMEZONE] = cell (ado_profile_get_timezone (profile));
      g_ptr_array_add (rows, row);
    }

  ado_cli_print_table (rows, N_COLUMNS);
}

/* The worst failure decides the exit status: a sign-in to renew (3) and
 * the keyring (5) before the network (4) */
static AdoExit
report_regions (AdoProfilesResult *result)
{
  AdoExit status = ADO_EXIT_OK;

  for (guint i = 0; i < ado_profiles_result_get_n_regions (result); i++)
    {
      AdoRegion region = ado_profiles_result_get_region (result, i);
      const GError *error = ado_profiles_result_get_error (result, region);
      GPtrArray *profiles = ado_profiles_result_get_profiles (result, region);

      if (error != NULL)
        {
          AdoExit exit = ado_cli_fail (error);

          if (status == ADO_EXIT_OK || exit == ADO_EXIT_AUTHORIZATION ||
              (exit == ADO_EXIT_KEYRING && status != ADO_EXIT_AUTHORIZATION))
            status = exit;
        }
      else if (profiles != NULL && profiles->len == 0)
        {
          g_autofree char *note = ado_profiles_dup_empty_message (region);

          g_printerr ("%s\n", note);
        }
    }

  return status;
}

static AdoProfilesResult *
list (AdoAccounts      *accounts,
      AdoAccount       *account,
      const AdoRegion  *regions,
      guint             n_regions,
      GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ado_accounts_list_profiles_async (accounts, account, regions, n_regions, NULL,
                                    ado_cli_wait_cb, &result);
  ado_cli_wait_for (&result);

  return ado_accounts_list_profiles_finish (accounts, result, error);
}

/**
 * ado_cli_list_profiles:
 * @account_name: (nullable): the account's id or name, or %NULL for the only one
 * @region_name: (nullable): "na", "eu", "fe" or "all" (the default)
 * @json: whether to print JSON rather than a table
 *
 * Returns: the exit status
 */
int
ado_cli_list_profiles (const char *account_name,
                       const char *region_name,
                       gboolean    json)
{
  g_autoptr(AdoAccounts) accounts = NULL;
  g_autoptr(AdoProfilesResult) result = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdoAccount) account = NULL;
  AdoRegion region;
  AdoExit status;

  if (region_name != NULL && g_strcmp0 (region_name, "all") != 0 &&
      !ado_region_from_id (region_name, &region))
    return ado_cli_usage_error (_("Unknown region “%s”: use na, eu, fe or all."), region_name);

  account = ado_cli_load_account (account_name, &accounts, &error);
  if (account == NULL)
    return ado_cli_fail (error);

  if (region_name == NULL || g_str_equal (region_name, "all"))
    result = list (accounts, account, NULL, 0, &error);
  else
    result = list (accounts, account, &region, 1, &error);
  if (result == NULL)
    return ado_cli_fail (error);

  profiles = ado_profiles_result_dup_all_profiles (result);
  if (json)
    print_json (profiles);
  else
    print_table (profiles);
  fflush (stdout);

  status = report_regions (result);
  return status;
}

/**
 * ado_cli_set_default_profile:
 * @account_name: (nullable): the account's id or name, or %NULL for the only one
 * @profile_id: a profile ID the account reaches in any region
 *
 * Finds the profile (and so its region) and keeps it as the account's
 * default.
 *
 * Returns: the exit status
 */
int
ado_cli_set_default_profile (const char *account_name,
                             const char *profile_id)
{
  g_autoptr(AdoAccounts) accounts = NULL;
  g_autoptr(AdoProfilesResult) result = NULL;
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdoAccount) account = NULL;
  AdoProfile *found = NULL;

  if (!ado_account_profile_id_is_valid (profile_id))
    return ado_cli_usage_error (_("--set-default-profile takes a profile ID, which is a number "
                                  "such as 1234567890; “%s” is not one."),
                                profile_id);

  account = ado_cli_load_account (account_name, &accounts, &error);
  if (account == NULL)
    return ado_cli_fail (error);

  result = list (accounts, account, NULL, 0, &error);
  if (result == NULL)
    return ado_cli_fail (error);

  found = ado_profiles_result_find (result, profile_id);

  if (found == NULL)
    {
      AdoExit status;

      if (ado_profiles_result_get_n_failed (result) > 0 &&
          (status = report_regions (result)) != ADO_EXIT_OK)
        return status;

      return ado_cli_usage_error (_("Account %s has no profile %s. Run “ads-onboarding "
                                    "--list-profiles --account %s” to see its profiles."),
                                  ado_account_get_id (account), profile_id,
                                  ado_account_get_id (account));
    }

  ado_accounts_set_default_profile_async (accounts, account, found, NULL, ado_cli_wait_cb,
                                          &saved);
  ado_cli_wait_for (&saved);
  if (!ado_accounts_set_default_profile_finish (accounts, saved, &error))
    return ado_cli_fail (error);

  return ADO_EXIT_OK;
}
