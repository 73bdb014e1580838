/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-export-collect"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-export-collect.h"
#include "ado-access-token.h"
#include "ado-error.h"
#include "ado-profiles-client.h"
#include "ads/ado-amazon.h"
#include "ads/ado-endpoints.h"

/*
 * Gathers what an export holds (ads/ado-export.c formats it): the account's
 * details, the chosen profile's region (which decides the Ads API host, a
 * profile being unknown on another region's host), country and type, the
 * endpoints, and from the keyring the client secret, the refresh token and
 * the cached access token.
 *
 * The account's default profile is known from the registry: exporting it
 * asks Amazon nothing. Another profile, or every profile of a region
 * (--all-profiles), is looked up with Amazon's profiles call, which may
 * refresh the access token. An access token that is missing or expired is
 * simply left out.
 */

typedef struct
{
  AdoCredentialStore   *store;
  AdoExportCredentials *credentials;
  char                 *account_id;
  AdoRegion             sign_in_region;
  gboolean              find_profile;   /* the profile's region is not known yet */
  gboolean              all_profiles;
} CollectData;

static void
collect_data_free (CollectData *data)
{
  g_clear_object (&data->store);
  g_clear_pointer (&data->credentials, ado_export_credentials_free);
  g_free (data->account_id);
  g_free (data);
}

/* The store's secrets may live in libsecret's own (secure) memory, but
 * ado_export_credentials_free() frees with g_free(): copy, wipe the original */
static char *
take_secret (char *secret)
{
  char *copy = g_strdup (secret);

  ado_secret_free (secret);
  return copy;
}

static void
secrets_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CollectData *data = g_task_get_task_data (task);
  AdoExportCredentials *credentials = data->credentials;
  g_autoptr(AdoAccountCredentials) found = NULL;
  GError *error = NULL;

  found = ado_credential_store_lookup_account_finish (ADO_CREDENTIAL_STORE (object), result,
                                                      &error);
  if (found == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The client secret's absence first, then the refresh token's */
  if (found->client_secret == NULL || found->refresh_token == NULL)
    {
      g_task_return_error (task,
                           ado_access_token_new_missing_error (found->client_secret == NULL
                                                               ? ADO_SECRET_KIND_CLIENT_SECRET
                                                               : ADO_SECRET_KIND_REFRESH_TOKEN,
                                                               credentials->client_id,
                                                               data->account_id));
      return;
    }

  credentials->client_secret = take_secret (g_steal_pointer (&found->client_secret));
  credentials->refresh_token = take_secret (g_steal_pointer (&found->refresh_token));

  /* An access token that is missing or expired is left out */
  if (found->access_token != NULL &&
      found->access_token_expires_at > g_get_real_time () / G_USEC_PER_SEC)
    {
      credentials->access_token = take_secret (g_steal_pointer (&found->access_token));
      credentials->access_token_expires_at = found->access_token_expires_at;
    }

  g_task_return_pointer (task, g_steal_pointer (&data->credentials),
                         (GDestroyNotify)ado_export_credentials_free);
}

/* The region's endpoints, the Ads API host being the profile's region's */
static gboolean
set_endpoints (CollectData  *data,
               AdoRegion     api_region,
               GError      **error)
{
  AdoExportCredentials *credentials = data->credentials;
  g_autoptr(AdoEndpoints) sign_in = NULL;
  g_autoptr(AdoEndpoints) api = NULL;

  sign_in = ado_endpoints_resolve (data->sign_in_region, error);
  if (sign_in == NULL)
    return FALSE;

  api = ado_endpoints_resolve (api_region, error);
  if (api == NULL)
    return FALSE;

  g_free ((char *)credentials->region);
  credentials->region = g_strdup (ado_region_get_info (api_region)->id);
  credentials->api_url = g_strdup (api->api_url);
  /* Tokens from any region work everywhere: the sign-in's own endpoints */
  credentials->token_url = g_strdup (sign_in->token_url);
  credentials->auth_url = g_strdup (sign_in->auth_url);

  return TRUE;
}

static void
look_up_secrets (GTask *task)
{
  CollectData *data = g_task_get_task_data (task);

  ado_credential_store_lookup_account_async (data->store, data->credentials->client_id,
                                             data->account_id, ADO_CREDENTIAL_ALL,
                                             g_task_get_cancellable (task),
                                             secrets_cb, task);
}

/* A region's failure as the reason a profile could not be looked up */
static GError *
first_region_error (AdoProfilesResult *result)
{
  for (guint i = 0; i < ado_profiles_result_get_n_regions (result); i++)
    {
      const GError *error;

      error = ado_profiles_result_get_error (result, ado_profiles_result_get_region (result, i));
      if (error != NULL)
        return g_error_copy (error);
    }

  return NULL;
}

static void
profiles_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CollectData *data = g_task_get_task_data (task);
  AdoExportCredentials *credentials = data->credentials;
  g_autoptr(AdoProfilesResult) profiles = NULL;
  GError *error = NULL;
  AdoRegion api_region = data->sign_in_region;

  profiles = ado_profiles_client_list_finish (result, &error);
  if (profiles == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (data->find_profile)
    {
      AdoProfile *found = ado_profiles_result_find (profiles, credentials->profile_id);

      if (found == NULL)
        {
          error = first_region_error (profiles);
          if (error == NULL)
            error = g_error_new (ADO_ERROR, ADO_ERROR_UNKNOWN_PROFILE,
                                 _("Account %s reaches no advertising profile %s in any "
                                   "region."),
                                 data->account_id, credentials->profile_id);
          g_task_return_error (task, error);
          return;
        }

      ado_region_from_id (ado_profile_get_region (found), &api_region);
      credentials->country_code = g_strdup (ado_profile_get_country_code (found));
      credentials->account_type = g_strdup (ado_profile_get_account_type (found));
    }
  else if (credentials->region != NULL)
    ado_region_from_id (credentials->region, &api_region);

  if (data->all_profiles)
    {
      GPtrArray *region_profiles = ado_profiles_result_get_profiles (profiles, api_region);
      g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

      if (region_profiles == NULL)
        {
          const GError *region_error = ado_profiles_result_get_error (profiles, api_region);

          g_task_return_error (task, region_error != NULL
                                     ? g_error_copy (region_error)
                                     : g_error_new_literal (ADO_ERROR, ADO_ERROR_FAILED,
                                                            _("The region was not asked.")));
          return;
        }

      for (guint i = 0; i < region_profiles->len; i++)
        g_strv_builder_add (ids, ado_profile_get_profile_id (g_ptr_array_index (region_profiles,
                                                                                i)));
      credentials->profile_ids = g_strv_builder_end (ids);
    }

  if (!set_endpoints (data, api_region, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  look_up_secrets (g_steal_pointer (&task));
}

/**
 * ado_export_collect_async:
 * @store: the keyring
 * @registry: the registry @account belongs to
 * @account: the account to export
 * @format: what the export is for: python-amazon-ad-api refuses an export
 *   without a profile ID
 * @profile_id: (nullable): the advertising profile to name, or %NULL for
 *   the account's default profile (if any)
 * @all_profiles: whether to name every profile of the chosen profile's
 *   region (else the sign-in region's) in @profile_ids
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the credentials
 * @user_data: data for @callback
 *
 * Gathers what ado_export_render() needs. Only a profile other than the
 * default, or @all_profiles, asks Amazon (the profiles call).
 */
void
ado_export_collect_async (AdoCredentialStore  *store,
                          AdoAccountRegistry  *registry,
                          AdoAccount          *account,
                          AdoExportFormat      format,
                          const char          *profile_id,
                          gboolean             all_profiles,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AdoExportCredentials *credentials;
  CollectData *data;
  GError *error = NULL;
  const char *scope;
  AdoRegion region;
  AdoRegion profile_region = ADO_REGION_NA;
  gboolean is_default;

  g_return_if_fail (ADO_IS_CREDENTIAL_STORE (store));
  g_return_if_fail (ADO_IS_ACCOUNT_REGISTRY (registry));
  g_return_if_fail (ADO_IS_ACCOUNT (account));
  g_return_if_fail (ado_account_id_is_valid (ado_account_get_id (account)));
  g_return_if_fail (ado_account_get_client_id (account) != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ado_export_collect_async);

  /* The registry's own account: another part may have read the file again */
  if (ado_account_registry_get_account (registry, ado_account_get_id (account)) == NULL)
    {
      g_task_return_new_error (task, ADO_ERROR, ADO_ERROR_UNKNOWN_ACCOUNT,
                               _("Account %s is not connected any more."),
                               ado_account_get_id (account));
      return;
    }
  account = ado_account_registry_get_account (registry, ado_account_get_id (account));

  if (profile_id == NULL || profile_id[0] == '\0')
    profile_id = ado_account_get_default_profile_id (account);
  else if (!ado_account_profile_id_is_valid (profile_id))
    {
      g_task_return_new_error (task, ADO_ERROR, ADO_ERROR_INVALID_INPUT,
                               _("A profile ID is a number, such as 1234567890; “%s” is not "
                                 "one."),
                               profile_id);
      return;
    }

  if (profile_id == NULL && ado_export_format_needs_profile (format))
    {
      g_task_return_new_error (task, ADO_ERROR, ADO_ERROR_PROFILE_REQUIRED,
                               _("The %s export needs an advertising profile, and account %s "
                                 "has no default profile."),
                               ado_export_format_to_string (format),
                               ado_account_get_id (account));
      return;
    }

  if (!ado_region_from_id (ado_account_get_region (account), &region))
    {
      g_task_return_error (task,
                           ado_access_token_new_region_error (ado_account_get_client_id (account),
                                                              ado_account_get_id (account)));
      return;
    }

  scope = ado_account_get_scope (account);
  if (scope == NULL || scope[0] == '\0')
    scope = ADO_SCOPE_CAMPAIGN_MANAGEMENT;

  credentials = g_new0 (AdoExportCredentials, 1);
  credentials->client_id = g_strdup (ado_account_get_client_id (account));
  credentials->profile_id = g_strdup (profile_id);
  credentials->redirect_uri = g_strdup (ado_account_get_redirect_uri (account));
  credentials->scope = g_strdup (scope);
  credentials->name = g_strdup (ado_account_get_name (account));

  data = g_new0 (CollectData, 1);
  data->store = g_object_ref (store);
  data->credentials = credentials;
  data->account_id = g_strdup (ado_account_get_id (account));
  data->sign_in_region = region;
  data->all_profiles = all_profiles;
  g_task_set_task_data (task, data, (GDestroyNotify)collect_data_free);

  /* The default profile's region (and country, type) are in the registry */
  is_default = profile_id != NULL &&
               g_strcmp0 (profile_id, ado_account_get_default_profile_id (account)) == 0 &&
               ado_account_get_default_profile_region (account) != NULL &&
               ado_region_from_id (ado_account_get_default_profile_region (account),
                                   &profile_region);
  if (is_default)
    {
      credentials->region = g_strdup (ado_region_get_info (profile_region)->id);
      credentials->country_code = g_strdup (ado_account_get_default_profile_country (account));
      credentials->account_type = g_strdup (ado_account_get_default_profile_type (account));
    }
  data->find_profile = profile_id != NULL && !is_default;

  if (data->find_profile || all_profiles)
    {
      AdoRegion asked = is_default ? profile_region : region;

      /* Finding a profile asks every region; listing one region asks that one */
      ado_profiles_client_list_async (store, registry, account,
                                      data->find_profile ? NULL : &asked,
                                      data->find_profile ? 0 : 1,
                                      cancellable, profiles_cb, g_steal_pointer (&task));
      return;
    }

  if (!set_endpoints (data, is_default ? profile_region : region, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  look_up_secrets (g_steal_pointer (&task));
}

/**
 * ado_export_collect_finish:
 *
 * Returns: (transfer full) (nullable): the credentials, to be freed with
 *   ado_export_credentials_free() (which wipes the secrets); %NULL with
 *   %ADO_ERROR_INVALID_INPUT (a profile ID that is not a number),
 *   %ADO_ERROR_PROFILE_REQUIRED (python-ad-api without a profile),
 *   %ADO_ERROR_UNKNOWN_PROFILE (no region has that profile), a profiles
 *   call's error (network, sign-in),
 *   %ADO_ERROR_MISSING_CLIENT_SECRET, %ADO_ERROR_INVALID_GRANT (no refresh
 *   token: reconnect), %ADO_ERROR_OVERRIDE_REFUSED, a keyring error or
 *   %G_IO_ERROR_CANCELLED
 */
AdoExportCredentials *
ado_export_collect_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        ado_export_collect_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
