/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-export-collect"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-export-collect.h"
#include "ado-error.h"
#include "ads/ado-amazon.h"
#include "ads/ado-endpoints.h"

/*
 * Gathers what an export holds (ads/ado-export.c formats it): the account's
 * details, its endpoints, and from the keyring the client secret, the
 * refresh token and the cached access token. Nothing is refreshed: an
 * export needs no request to Amazon, and an access token that is missing
 * or expired is simply left out.
 */

typedef struct
{
  AdoCredentialStore   *store;
  AdoExportCredentials *credentials;
  char                 *account_id;
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
access_token_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CollectData *data = g_task_get_task_data (task);
  g_autoptr(AdoSecret) token = NULL;
  GError *error = NULL;
  gint64 expires_at = 0;

  token = ado_credential_store_lookup_finish (ADO_CREDENTIAL_STORE (object), result,
                                              &expires_at, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (token != NULL && expires_at > g_get_real_time () / G_USEC_PER_SEC)
    data->credentials->access_token = take_secret (g_steal_pointer (&token));

  g_task_return_pointer (task, g_steal_pointer (&data->credentials),
                         (GDestroyNotify)ado_export_credentials_free);
}

static void
refresh_token_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  CollectData *data = g_task_get_task_data (task);
  GError *error = NULL;
  char *token;

  token = ado_credential_store_lookup_finish (ADO_CREDENTIAL_STORE (object), result,
                                              NULL, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (token == NULL)
    {
      g_task_return_new_error (task, ADO_ERROR, ADO_ERROR_INVALID_GRANT,
                               _("The keyring holds no refresh token for account %s; "
                                 "reconnect with “ads-onboarding --authorize --account %s” "
                                 "or the Reconnect button."),
                               data->account_id, data->account_id);
      return;
    }

  data->credentials->refresh_token = take_secret (token);
  ado_credential_store_lookup_async (data->store, ADO_SECRET_KIND_ACCESS_TOKEN,
                                     data->credentials->client_id, data->account_id,
                                     cancellable,
                                     access_token_cb, g_steal_pointer (&task));
}

static void
client_secret_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  CollectData *data = g_task_get_task_data (task);
  GError *error = NULL;
  char *secret;

  secret = ado_credential_store_lookup_finish (ADO_CREDENTIAL_STORE (object), result,
                                               NULL, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (secret == NULL)
    {
      g_task_return_new_error (task, ADO_ERROR, ADO_ERROR_MISSING_CLIENT_SECRET,
                               _("No client secret is stored for client ID %s; store it "
                                 "with “ads-onboarding --set-client-secret --client-id %s”, "
                                 "then try again."),
                               data->credentials->client_id, data->credentials->client_id);
      return;
    }

  data->credentials->client_secret = take_secret (secret);
  ado_credential_store_lookup_async (data->store, ADO_SECRET_KIND_REFRESH_TOKEN,
                                     data->credentials->client_id, data->account_id,
                                     cancellable,
                                     refresh_token_cb, g_steal_pointer (&task));
}

/**
 * ado_export_collect_async:
 * @store: the keyring
 * @registry: the registry @account belongs to
 * @account: the account to export
 * @profile_id: (nullable): the advertising profile to name, or %NULL for
 *   the account's default profile (if any)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the credentials
 * @user_data: data for @callback
 *
 * Gathers what ado_export_render() needs, without any request to Amazon.
 */
void
ado_export_collect_async (AdoCredentialStore  *store,
                          AdoAccountRegistry  *registry,
                          AdoAccount          *account,
                          const char          *profile_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(AdoEndpoints) endpoints = NULL;
  g_autoptr(AdoEndpoints) api_endpoints = NULL;
  AdoExportCredentials *credentials;
  CollectData *data;
  GError *error = NULL;
  const char *scope;
  AdoRegion region;
  AdoRegion profile_region;

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

  if (!ado_region_from_id (ado_account_get_region (account), &region))
    {
      g_task_return_new_error (task, ADO_ERROR, ADO_ERROR_FAILED,
                               _("Account %s has no known region; reconnect it with "
                                 "“ads-onboarding --authorize --account %s --region na” (or "
                                 "eu, fe)."),
                               ado_account_get_id (account), ado_account_get_id (account));
      return;
    }

  endpoints = ado_endpoints_resolve (region, &error);
  if (endpoints == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The Ads API host is that of the profile's region when it is known */
  if (profile_id != NULL &&
      g_strcmp0 (profile_id, ado_account_get_default_profile_id (account)) == 0 &&
      ado_account_get_default_profile_region (account) != NULL &&
      ado_region_from_id (ado_account_get_default_profile_region (account), &profile_region) &&
      profile_region != region)
    {
      api_endpoints = ado_endpoints_resolve (profile_region, &error);
      if (api_endpoints == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  scope = ado_account_get_scope (account);
  if (scope == NULL || scope[0] == '\0')
    scope = ADO_SCOPE_CAMPAIGN_MANAGEMENT;

  credentials = g_new0 (AdoExportCredentials, 1);
  credentials->client_id = g_strdup (ado_account_get_client_id (account));
  credentials->region = g_strdup (ado_region_get_info (region)->id);
  credentials->profile_id = g_strdup (profile_id);
  credentials->api_url = g_strdup (api_endpoints != NULL ? api_endpoints->api_url
                                                         : endpoints->api_url);
  credentials->token_url = g_strdup (endpoints->token_url);
  credentials->auth_url = g_strdup (endpoints->auth_url);
  credentials->redirect_uri = g_strdup (ado_account_get_redirect_uri (account));
  credentials->scope = g_strdup (scope);
  credentials->name = g_strdup (ado_account_get_name (account));

  data = g_new0 (CollectData, 1);
  data->store = g_object_ref (store);
  data->credentials = credentials;
  data->account_id = g_strdup (ado_account_get_id (account));
  g_task_set_task_data (task, data, (GDestroyNotify)collect_data_free);

  ado_credential_store_lookup_async (store, ADO_SECRET_KIND_CLIENT_SECRET,
                                     credentials->client_id, NULL, cancellable,
                                     client_secret_cb, g_steal_pointer (&task));
}

/**
 * ado_export_collect_finish:
 *
 * Returns: (transfer full) (nullable): the credentials, to be freed with
 *   ado_export_credentials_free() (which wipes the secrets); %NULL with
 *   %ADO_ERROR_INVALID_INPUT (a profile ID that is not a number),
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
