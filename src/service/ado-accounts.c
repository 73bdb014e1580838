/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-accounts"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-accounts.h"
#include "ado-access-token.h"
#include "ado-account-registry.h"
#include "ado-credential-store.h"
#include "ado-error.h"
#include "ado-export-collect.h"
#include "ado-forget.h"
#include "ado-orphans.h"
#include "ado-sign-in-private.h"

/*
 * AdoAccounts: what every face (the window, the command line, the token
 * service) asks of the accounts, over the keyring and the list of accounts,
 * which it owns. The faces call this and nothing below it; they turn its
 * errors (ADO_ERROR codes) into their own sentences.
 *
 * Each operation is an _async/_finish pair whose result comes from the
 * AdoAccounts (g_task_is_valid (result, self)), whatever does the work
 * below.
 */

struct _AdoAccounts
{
  GObject             parent_instance;

  AdoCredentialStore *store;
  AdoAccountRegistry *registry;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AdoAccounts, ado_accounts, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return ADO_TYPE_ACCOUNT;
}

static guint
get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (ADO_ACCOUNTS (model)->registry));
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (ADO_ACCOUNTS (model)->registry), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
items_changed_cb (AdoAccounts *self,
                  guint        position,
                  guint        removed,
                  guint        added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
ado_accounts_dispose (GObject *object)
{
  AdoAccounts *self = ADO_ACCOUNTS (object);

  if (self->registry != NULL)
    g_signal_handlers_disconnect_by_data (self->registry, self);
  g_clear_object (&self->store);
  g_clear_object (&self->registry);

  G_OBJECT_CLASS (ado_accounts_parent_class)->dispose (object);
}

static void
ado_accounts_class_init (AdoAccountsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ado_accounts_dispose;
}

static void
ado_accounts_init (AdoAccounts *self)
{
}

/**
 * ado_accounts_new_for_storage:
 * @store: the keyring
 * @registry: the list of accounts (its items are this model's)
 */
AdoAccounts *
ado_accounts_new_for_storage (AdoCredentialStore *store,
                              AdoAccountRegistry *registry)
{
  AdoAccounts *self;

  g_return_val_if_fail (ADO_IS_CREDENTIAL_STORE (store), NULL);
  g_return_val_if_fail (ADO_IS_ACCOUNT_REGISTRY (registry), NULL);

  self = g_object_new (ADO_TYPE_ACCOUNTS, NULL);
  self->store = g_object_ref (store);
  self->registry = g_object_ref (registry);
  g_signal_connect_swapped (registry, "items-changed", G_CALLBACK (items_changed_cb), self);

  return self;
}

/**
 * ado_accounts_new:
 * @demo: the demo's accounts and keyring items, apart from the real ones
 */
AdoAccounts *
ado_accounts_new (gboolean demo)
{
  g_autoptr(AdoCredentialStore) store = ado_credential_store_new (demo);
  g_autoptr(AdoAccountRegistry) registry = ado_account_registry_new (demo);

  return ado_accounts_new_for_storage (store, registry);
}

gboolean
ado_accounts_get_demo (AdoAccounts *self)
{
  g_return_val_if_fail (ADO_IS_ACCOUNTS (self), FALSE);

  return ado_credential_store_get_demo (self->store);
}

/* Returns: (transfer none): the keyring, for tests */
AdoCredentialStore *
ado_accounts_get_store (AdoAccounts *self)
{
  g_return_val_if_fail (ADO_IS_ACCOUNTS (self), NULL);

  return self->store;
}

/* Returns: (transfer none): the list of accounts, for tests */
AdoAccountRegistry *
ado_accounts_get_registry (AdoAccounts *self)
{
  g_return_val_if_fail (ADO_IS_ACCOUNTS (self), NULL);

  return self->registry;
}

/* What an operation below hands back, handed on as this object's result */

typedef gpointer (*Finish) (GAsyncResult  *result,
                            gint64        *number,
                            GError       **error);

typedef struct
{
  Finish          finish;
  GDestroyNotify  free_value;  /* of what finish returns, when not taken */
  gint64          number;      /* expires_at, n_swept */
} Relay;

static GTask *
relay_new (AdoAccounts         *self,
           gpointer             source_tag,
           Finish               finish,
           GDestroyNotify       free_value,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Relay *relay = g_new0 (Relay, 1);

  g_task_set_source_tag (task, source_tag);
  /* The result below as it is, a cancellation included */
  g_task_set_check_cancellable (task, FALSE);
  relay->finish = finish;
  relay->free_value = free_value;
  g_task_set_task_data (task, relay, g_free);

  return task;
}

static void
relay_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Relay *relay = g_task_get_task_data (task);
  GError *error = NULL;
  gpointer value;

  value = relay->finish (result, &relay->number, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, relay->free_value);
}

/* The value is one the caller frees as the _finish documents */
static gpointer
relay_finish (AdoAccounts   *self,
              GAsyncResult  *result,
              gpointer       source_tag,
              gint64        *number,
              GError       **error)
{
  GTask *task = G_TASK (result);
  Relay *relay;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (task) == source_tag, NULL);

  relay = g_task_get_task_data (task);
  if (number != NULL)
    *number = relay->number;

  return g_task_propagate_pointer (task, error);
}

static gboolean
relay_finish_boolean (AdoAccounts   *self,
                      GAsyncResult  *result,
                      gpointer       source_tag,
                      gint64        *number,
                      GError       **error)
{
  GError *local_error = NULL;

  relay_finish (self, result, source_tag, number, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

/* The finishes below, in the one shape Relay calls */

static gpointer
registry_load_finish (GAsyncResult  *result,
                      gint64        *number,
                      GError       **error)
{
  GObject *registry = g_async_result_get_source_object (result);
  gboolean done = ado_account_registry_load_finish (ADO_ACCOUNT_REGISTRY (registry), result,
                                                    error);

  g_object_unref (registry);
  return GINT_TO_POINTER (done);
}

static gpointer
registry_save_finish (GAsyncResult  *result,
                      gint64        *number,
                      GError       **error)
{
  GObject *registry = g_async_result_get_source_object (result);
  gboolean done = ado_account_registry_save_finish (ADO_ACCOUNT_REGISTRY (registry), result,
                                                    error);

  g_object_unref (registry);
  return GINT_TO_POINTER (done);
}

static gpointer
secret_lookup_finish (GAsyncResult  *result,
                      gint64        *number,
                      GError       **error)
{
  GObject *store = g_async_result_get_source_object (result);
  char *secret = ado_credential_store_lookup_finish (ADO_CREDENTIAL_STORE (store), result,
                                                     NULL, error);

  g_object_unref (store);
  return secret;
}

static gpointer
secret_store_finish (GAsyncResult  *result,
                     gint64        *number,
                     GError       **error)
{
  GObject *store = g_async_result_get_source_object (result);
  gboolean done = ado_credential_store_store_finish (ADO_CREDENTIAL_STORE (store), result,
                                                     error);

  g_object_unref (store);
  return GINT_TO_POINTER (done);
}

static gpointer
access_token_finish (GAsyncResult  *result,
                     gint64        *number,
                     GError       **error)
{
  return ado_access_token_get_finish (result, number, error);
}

static gpointer
access_token_peek_finish (GAsyncResult  *result,
                          gint64        *number,
                          GError       **error)
{
  return GINT_TO_POINTER (ado_access_token_peek_finish (result, number, error));
}

static gpointer
profiles_finish (GAsyncResult  *result,
                 gint64        *number,
                 GError       **error)
{
  return ado_profiles_client_list_finish (result, error);
}

static gpointer
export_finish (GAsyncResult  *result,
               gint64        *number,
               GError       **error)
{
  return ado_export_collect_finish (result, error);
}

static gpointer
forget_finish (GAsyncResult  *result,
               gint64        *number,
               GError       **error)
{
  return GINT_TO_POINTER (ado_account_forget_finish (result, error));
}

static gpointer
sweep_finish (GAsyncResult  *result,
              gint64        *number,
              GError       **error)
{
  guint n_swept = 0;
  gboolean done = ado_orphans_sweep_finish (result, &n_swept, error);

  *number = n_swept;
  return GINT_TO_POINTER (done);
}

/**
 * ado_accounts_load_async:
 *
 * Reads the list of accounts again.
 */
void
ado_accounts_load_async (AdoAccounts         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (ADO_IS_ACCOUNTS (self));

  ado_account_registry_load_async (self->registry, cancellable, relay_cb,
                                   relay_new (self, ado_accounts_load_async,
                                              registry_load_finish, NULL, cancellable, callback,
                                              user_data));
}

/**
 * ado_accounts_load_finish:
 * @error: %ADO_ERROR_REGISTRY_DAMAGED: the file was set aside (the message
 *   says where) and the list is empty; or another error when it cannot be read
 */
gboolean
ado_accounts_load_finish (AdoAccounts   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return relay_finish_boolean (self, result, ado_accounts_load_async, NULL, error);
}

guint
ado_accounts_get_n_accounts (AdoAccounts *self)
{
  g_return_val_if_fail (ADO_IS_ACCOUNTS (self), 0);

  return ado_account_registry_get_n_accounts (self->registry);
}

/* Returns: (transfer none) (nullable): the listed account with this ID */
AdoAccount *
ado_accounts_get_account (AdoAccounts *self,
                          const char  *id)
{
  g_return_val_if_fail (ADO_IS_ACCOUNTS (self), NULL);

  return ado_account_registry_get_account (self->registry, id);
}

/**
 * ado_accounts_find:
 * @id_or_name: an account's ID, or its name
 * @error: %ADO_ERROR_UNKNOWN_ACCOUNT, %ADO_ERROR_AMBIGUOUS_ACCOUNT
 *
 * Returns: (transfer none) (nullable): the account
 */
AdoAccount *
ado_accounts_find (AdoAccounts  *self,
                   const char   *id_or_name,
                   GError      **error)
{
  g_return_val_if_fail (ADO_IS_ACCOUNTS (self), NULL);

  return ado_account_registry_find (self->registry, id_or_name, error);
}

/**
 * ado_accounts_rename:
 * @error: %ADO_ERROR_INVALID_INPUT: empty, or another account's name or ID
 *
 * Renames the account in memory; ado_accounts_save_async() keeps it.
 */
gboolean
ado_accounts_rename (AdoAccounts  *self,
                     AdoAccount   *account,
                     const char   *name,
                     GError      **error)
{
  g_return_val_if_fail (ADO_IS_ACCOUNTS (self), FALSE);

  return ado_account_registry_rename (self->registry, account, name, error);
}

/**
 * ado_accounts_save_async:
 *
 * Keeps the changes made to the accounts in memory, merged with what other
 * processes changed meanwhile.
 */
void
ado_accounts_save_async (AdoAccounts         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (ADO_IS_ACCOUNTS (self));

  ado_account_registry_save_async (self->registry, cancellable, relay_cb,
                                   relay_new (self, ado_accounts_save_async,
                                              registry_save_finish, NULL, cancellable, callback,
                                              user_data));
}

gboolean
ado_accounts_save_finish (AdoAccounts   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return relay_finish_boolean (self, result, ado_accounts_save_async, NULL, error);
}

void
ado_accounts_lookup_client_secret_async (AdoAccounts         *self,
                                         const char          *client_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (ADO_IS_ACCOUNTS (self));

  ado_credential_store_lookup_async (self->store, ADO_SECRET_KIND_CLIENT_SECRET, client_id,
                                     NULL, cancellable, relay_cb,
                                     relay_new (self, ado_accounts_lookup_client_secret_async,
                                                secret_lookup_finish,
                                                (GDestroyNotify) ado_secret_free, cancellable, callback,
                                                user_data));
}

/**
 * ado_accounts_lookup_client_secret_finish:
 * @error: keyring errors; none when nothing is stored
 *
 * Returns: (transfer full) (nullable): the secret (free it with
 *   ado_secret_free()), %NULL when none is stored or on error
 */
char *
ado_accounts_lookup_client_secret_finish (AdoAccounts   *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return relay_finish (self, result, ado_accounts_lookup_client_secret_async, NULL, error);
}

void
ado_accounts_set_client_secret_async (AdoAccounts         *self,
                                      const char          *client_id,
                                      const char          *secret,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (ADO_IS_ACCOUNTS (self));

  ado_credential_store_store_async (self->store, ADO_SECRET_KIND_CLIENT_SECRET, client_id,
                                    NULL, NULL, 0, secret, cancellable, relay_cb,
                                    relay_new (self, ado_accounts_set_client_secret_async,
                                               secret_store_finish, NULL, cancellable, callback,
                                               user_data));
}

gboolean
ado_accounts_set_client_secret_finish (AdoAccounts   *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return relay_finish_boolean (self, result, ado_accounts_set_client_secret_async, NULL, error);
}

/**
 * ado_accounts_sign_in:
 * @details: whose sign-in, where to
 * @error: the endpoints refused (%ADO_ERROR_OVERRIDE_REFUSED), the return
 *   URL's port taken (%ADO_ERROR_PORT_IN_USE), …
 *
 * Returns: (transfer full) (nullable): the sign-in, listening
 */
AdoSignIn *
ado_accounts_sign_in (AdoAccounts             *self,
                      const AdoSignInDetails  *details,
                      GError                 **error)
{
  g_return_val_if_fail (ADO_IS_ACCOUNTS (self), NULL);

  return _ado_sign_in_new (self->store, self->registry, details, error);
}

void
ado_accounts_get_access_token_async (AdoAccounts         *self,
                                     AdoAccount          *account,
                                     gboolean             force_refresh,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (ADO_IS_ACCOUNTS (self));

  ado_access_token_get_async (self->store, self->registry, account, force_refresh, cancellable,
                              relay_cb,
                              relay_new (self, ado_accounts_get_access_token_async,
                                         access_token_finish,
                                         (GDestroyNotify) ado_secret_free, cancellable, callback,
                                         user_data));
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
ado_accounts_get_access_token_finish (AdoAccounts   *self,
                                      GAsyncResult  *result,
                                      gint64        *expires_at,
                                      GError       **error)
{
  return relay_finish (self, result, ado_accounts_get_access_token_async, expires_at, error);
}

void
ado_accounts_peek_access_token_async (AdoAccounts         *self,
                                      AdoAccount          *account,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (ADO_IS_ACCOUNTS (self));

  ado_access_token_peek_async (self->store, account, cancellable, relay_cb,
                               relay_new (self, ado_accounts_peek_access_token_async,
                                          access_token_peek_finish, NULL, cancellable, callback,
                                          user_data));
}

/* Returns: whether a cached access token is there (until @expires_at) */
gboolean
ado_accounts_peek_access_token_finish (AdoAccounts   *self,
                                       GAsyncResult  *result,
                                       gint64        *expires_at,
                                       GError       **error)
{
  return GPOINTER_TO_INT (relay_finish (self, result, ado_accounts_peek_access_token_async,
                                        expires_at, error));
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
  g_return_if_fail (ADO_IS_ACCOUNTS (self));

  ado_profiles_client_list_async (self->store, self->registry, account, regions, n_regions,
                                  cancellable, relay_cb,
                                  relay_new (self, ado_accounts_list_profiles_async,
                                             profiles_finish, g_object_unref, cancellable, callback,
                                             user_data));
}

/**
 * ado_accounts_list_profiles_finish:
 * @error: set only when no region could be asked (no access token, …)
 *
 * Returns: (transfer full): each region's profiles or error
 */
AdoProfilesResult *
ado_accounts_list_profiles_finish (AdoAccounts   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return relay_finish (self, result, ado_accounts_list_profiles_async, NULL, error);
}

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

      g_task_set_source_tag (task, ado_accounts_set_default_profile_async);
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
  ado_account_registry_save_async (self->registry, cancellable, relay_cb,
                                   relay_new (self, ado_accounts_set_default_profile_async,
                                              registry_save_finish, NULL, cancellable, callback,
                                              user_data));
}

gboolean
ado_accounts_set_default_profile_finish (AdoAccounts   *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  GTask *task = G_TASK (result);

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  /* Refused before anything was saved */
  if (g_task_get_task_data (task) == NULL)
    return g_task_propagate_boolean (task, error);

  return relay_finish_boolean (self, result, ado_accounts_set_default_profile_async, NULL,
                               error);
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
  g_return_if_fail (ADO_IS_ACCOUNTS (self));

  ado_export_collect_async (self->store, self->registry, account, format, profile_id,
                            all_profiles, cancellable, relay_cb,
                            relay_new (self, ado_accounts_export_async, export_finish,
                                       (GDestroyNotify) ado_export_credentials_free, cancellable, callback, user_data));
}

/* Returns: (transfer full): what the export holds; free it with
 * ado_export_credentials_free() */
AdoExportCredentials *
ado_accounts_export_finish (AdoAccounts   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return relay_finish (self, result, ado_accounts_export_async, NULL, error);
}

void
ado_accounts_forget_async (AdoAccounts         *self,
                           AdoAccount          *account,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (ADO_IS_ACCOUNTS (self));

  ado_account_forget_async (self->store, self->registry, account, cancellable, relay_cb,
                            relay_new (self, ado_accounts_forget_async, forget_finish, NULL,
                                       cancellable, callback, user_data));
}

gboolean
ado_accounts_forget_finish (AdoAccounts   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return relay_finish_boolean (self, result, ado_accounts_forget_async, NULL, error);
}

void
ado_accounts_sweep_async (AdoAccounts         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (ADO_IS_ACCOUNTS (self));

  ado_orphans_sweep_async (self->store, self->registry, cancellable, relay_cb,
                           relay_new (self, ado_accounts_sweep_async, sweep_finish, NULL,
                                      cancellable, callback, user_data));
}

gboolean
ado_accounts_sweep_finish (AdoAccounts   *self,
                           GAsyncResult  *result,
                           guint         *n_swept,
                           GError       **error)
{
  gint64 number = 0;
  gboolean done = relay_finish_boolean (self, result, ado_accounts_sweep_async, &number, error);

  if (n_swept != NULL)
    *n_swept = (guint) number;
  return done;
}
