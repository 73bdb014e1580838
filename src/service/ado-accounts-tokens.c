/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-accounts"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-accounts-private.h"
#include "ado-access-token.h"
#include "ado-error.h"
#include "ado-export-collect.h"

/*
 * What AdoAccounts does with an account's tokens: its access token, its
 * profiles, its default profile, its export.
 */

static gpointer
access_token_finish (GObject      *source,
                     GAsyncResult *result,
                     gint64       *number,
                     GError      **error)
{
  return ado_access_token_get_finish (result, number, error);
}

static const AdoRelayOp get_access_token_op = {
  access_token_finish, (GDestroyNotify) ado_secret_free
};

static gpointer
access_token_peek_finish (GObject      *source,
                          GAsyncResult *result,
                          gint64       *number,
                          GError      **error)
{
  return GINT_TO_POINTER (ado_access_token_peek_finish (result, number, error));
}

static const AdoRelayOp peek_access_token_op = { access_token_peek_finish, NULL };

static gpointer
profiles_finish (GObject      *source,
                 GAsyncResult *result,
                 gint64       *number,
                 GError      **error)
{
  return ado_profiles_client_list_finish (result, error);
}

static const AdoRelayOp list_profiles_op = { profiles_finish, g_object_unref };

static gpointer
export_finish (GObject      *source,
               GAsyncResult *result,
               gint64       *number,
               GError      **error)
{
  return ado_export_collect_finish (result, error);
}

static const AdoRelayOp export_op = {
  export_finish, (GDestroyNotify) ado_export_credentials_free
};

void
ado_accounts_get_access_token_async (AdoAccounts         *self,
                                     AdoAccount          *account,
                                     gboolean             force_refresh,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ADO_IS_ACCOUNTS (self));

  task = _ado_relay_new (self, &get_access_token_op, cancellable, callback, user_data);
  ado_access_token_get_async (self->store, self->registry, account, force_refresh, cancellable,
                              _ado_relay_cb, task);
}

/**
 * ado_accounts_get_access_token_finish:
 * @expires_at: (out) (optional): Unix time the token expires
 * @error: %ADO_ERROR_INVALID_GRANT (the account needs a new sign-in),
 *   %ADO_ERROR_MISSING_CLIENT_SECRET, keyring and network errors
 *
 * Returns: (transfer full): the access token (free it with ado_secret_free())
 */
char *
ado_accounts_get_access_token_finish (AdoAccounts  *self,
                                      GAsyncResult *result,
                                      gint64       *expires_at,
                                      GError      **error)
{
  return _ado_relay_finish (self, result, &get_access_token_op, expires_at, error);
}

void
ado_accounts_peek_access_token_async (AdoAccounts         *self,
                                      AdoAccount          *account,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ADO_IS_ACCOUNTS (self));

  task = _ado_relay_new (self, &peek_access_token_op, cancellable, callback, user_data);
  ado_access_token_peek_async (self->store, account, cancellable, _ado_relay_cb, task);
}

/* Returns: whether a cached access token is there (until @expires_at) */
gboolean
ado_accounts_peek_access_token_finish (AdoAccounts  *self,
                                       GAsyncResult *result,
                                       gint64       *expires_at,
                                       GError      **error)
{
  return GPOINTER_TO_INT (_ado_relay_finish (self, result, &peek_access_token_op, expires_at,
                                             error));
}

void
ado_accounts_list_profiles_async (AdoAccounts         *self,
                                  AdoAccount          *account,
                                  const AdoRegion     *regions,
                                  guint                n_regions,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ADO_IS_ACCOUNTS (self));

  task = _ado_relay_new (self, &list_profiles_op, cancellable, callback, user_data);
  ado_profiles_client_list_async (self->store, self->registry, account, regions, n_regions,
                                  cancellable, _ado_relay_cb, task);
}

/**
 * ado_accounts_list_profiles_finish:
 * @error: set only when no region could be asked (no access token, …)
 *
 * Returns: (transfer full): each region's profiles or error
 */
AdoProfilesResult *
ado_accounts_list_profiles_finish (AdoAccounts  *self,
                                   GAsyncResult *result,
                                   GError      **error)
{
  return _ado_relay_finish (self, result, &list_profiles_op, NULL, error);
}

static const AdoRelayOp set_default_profile_op = { _ado_relay_registry_save_finish, NULL };

/**
 * ado_accounts_set_default_profile_async:
 * @profile: one of the account's profiles
 *
 * Keeps the profile's ID, region, country and type as the account's default.
 */
void
ado_accounts_set_default_profile_async (AdoAccounts         *self,
                                        AdoAccount          *account,
                                        AdoProfile          *profile,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  AdoAccount *current;

  g_return_if_fail (ADO_IS_ACCOUNTS (self));
  g_return_if_fail (ADO_IS_ACCOUNT (account));
  g_return_if_fail (ADO_IS_PROFILE (profile));

  /* The list's own record: a token refresh may have read the file again */
  current = ado_account_registry_get_account (self->registry, ado_account_get_id (account));
  if (current == NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, (gpointer) &set_default_profile_op);
      g_task_return_new_error (task, ADO_ERROR, ADO_ERROR_UNKNOWN_ACCOUNT,
                               _("Account %s is not connected any more."),
                               ado_account_get_id (account));
      return;
    }

  for (guint i = 0; i < 2; i++)
    {
      AdoAccount *record = i == 0 ? account : current;

      ado_account_set_default_profile (record, ado_profile_get_profile_id (profile),
                                       ado_profile_get_region (profile));
      ado_account_set_default_profile_details (record, ado_profile_get_country_code (profile),
                                               ado_profile_get_account_type (profile));
    }
  ado_account_registry_save_async (self->registry, cancellable, _ado_relay_cb,
                                   _ado_relay_new (self, &set_default_profile_op, cancellable,
                                                   callback, user_data));
}

gboolean
ado_accounts_set_default_profile_finish (AdoAccounts  *self,
                                         GAsyncResult *result,
                                         GError      **error)
{
  GTask *task = G_TASK (result);

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  /* Refused before anything was saved */
  if (g_task_get_task_data (task) == NULL)
    return g_task_propagate_boolean (task, error);

  return _ado_relay_finish_boolean (self, result, &set_default_profile_op, NULL, error);
}

void
ado_accounts_export_async (AdoAccounts         *self,
                           AdoAccount          *account,
                           AdoExportFormat      format,
                           const char          *profile_id,
                           gboolean             all_profiles,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ADO_IS_ACCOUNTS (self));

  task = _ado_relay_new (self, &export_op, cancellable, callback, user_data);
  ado_export_collect_async (self->store, self->registry, account, format, profile_id, all_profiles,
                            cancellable, _ado_relay_cb, task);
}

/* Returns: (transfer full): what the export holds; free it with
 * ado_export_credentials_free() */
AdoExportCredentials *
ado_accounts_export_finish (AdoAccounts  *self,
                            GAsyncResult *result,
                            GError      **error)
{
  return _ado_relay_finish (self, result, &export_op, NULL, error);
}
