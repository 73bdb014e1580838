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
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
print_json (GPtrArray *profiles)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < profiles->len; i++)
    {
      AdoProfile *profile = g_ptr_array_index (profiles, i);

      json_builder_begin_object (builder);
      add_string_or_null (builder, "profile_id", ado_profile_get_profile_id (profile));
      add_string_or_null (builder, "region", ado_profile_get_region (profile));
      add_string_or_null (builder, "country_code", ado_profile_get_country_code (profile));
      add_string_or_null (builder, "currency_code", ado_profile_get_currency_code (profile));
      add_string_or_null (builder, "timezone", ado_profile_get_timezone (profile));
      add_string_or_null (builder, "account_name", ado_profile_get_account_name (profile));
      add_string_or_null (builder, "account_type", ado_profile_get_account_type (profile));
      add_string_or_null (builder, "marketplace_id", ado_profile_get_marketplace_id (profile));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
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
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  char **header;

  header = g_new0 (char *, N_COLUMNS + 1);
  header[COLUMN_PROFILE_ID] = g_strdup (_("PROFILE ID"));
  header[COLUMN_REGION] = g_strdup (_("REGION"));
  header[COLUMN_COUNTRY] = g_strdup (_("COUNTRY"));
  header[COLUMN_CURRENCY] = g_strdup (_("CURRENCY"));
  header[COLUMN_TYPE] = g_strdup (_("TYPE"));
  header[COLUMN_NAME] = g_strdup (_("NAME"));
  header[COLUMN_TIMEZONE] = g_strdup (_("TIME ZONE"));
  g_ptr_array_add (rows, header);

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

  accounts = ado_cli_load_accounts (&error);
  if (accounts == NULL)
    return ado_cli_fail (error);

  account = ado_accounts_find (accounts, account_name, &error);
  if (account == NULL)
    return ado_cli_fail (error);
  g_object_ref (account);

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

  accounts = ado_cli_load_accounts (&error);
  if (accounts == NULL)
    return ado_cli_fail (error);

  account = ado_accounts_find (accounts, account_name, &error);
  if (account == NULL)
    return ado_cli_fail (error);
  g_object_ref (account);

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
