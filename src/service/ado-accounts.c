/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-accounts"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-accounts.h"
#include "ado-account-registry.h"
#include "ado-credential-store.h"
#include "ado-error.h"
#include "ado-forget.h"
#include "ado-orphans.h"
#include "ado-accounts-private.h"
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
ado_accounts_new (gboolean  demo)
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

static gpointer
registry_load_finish (GObject      *registry,
                      GAsyncResult *result,
                      gint64       *number,
                      GError      **error)
{
  return GINT_TO_POINTER (ado_account_registry_load_finish (ADO_ACCOUNT_REGISTRY (registry), result,
                                                            error));
}

static const AdoRelayOp load_op = { registry_load_finish, NULL };

static gpointer
secret_lookup_finish (GObject      *store,
                      GAsyncResult *result,
                      gint64       *number,
                      GError      **error)
{
  return ado_credential_store_lookup_finish (ADO_CREDENTIAL_STORE (store), result, NULL, error);
}

static const AdoRelayOp lookup_client_secret_op = {
  secret_lookup_finish, (GDestroyNotify) ado_secret_free
};

static gpointer
secret_store_finish (GObject      *store,
                     GAsyncResult *result,
                     gint64       *number,
                     GError      **error)
{
  return GINT_TO_POINTER (ado_credential_store_store_finish (ADO_CREDENTIAL_STORE (store), result,
                                                             error));
}

static const AdoRelayOp set_client_secret_op = { secret_store_finish, NULL };

static gpointer
forget_finish (GObject      *source,
               GAsyncResult *result,
               gint64       *number,
               GError      **error)
{
  return GINT_TO_POINTER (ado_account_forget_finish (result, error));
}

static const AdoRelayOp forget_op = { forget_finish, NULL };

static gpointer
sweep_finish (GObject      *source,
              GAsyncResult *result,
              gint64       *number,
              GError      **error)
{
  guint n_swept = 0;
  gboolean done = ado_orphans_sweep_finish (result, &n_swept, error);

  *number = n_swept;
  return GINT_TO_POINTER (done);
}

static const AdoRelayOp sweep_op = { sweep_finish, NULL };

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
  GTask *task;

  g_return_if_fail (ADO_IS_ACCOUNTS (self));

  task = _ado_relay_new (self, &load_op, cancellable, callback, user_data);
  ado_account_registry_load_async (self->registry, cancellable, _ado_relay_cb, task);
}

/**
 * ado_accounts_load_finish:
 * @error: %ADO_ERROR_REGISTRY_DAMAGED: the file was set aside (the message
 *   says where) and the list is empty; or another error when it cannot be read
 */
gboolean
ado_accounts_load_finish (AdoAccounts  *self,
                          GAsyncResult *result,
                          GError      **error)
{
  return _ado_relay_finish_boolean (self, result, &load_op, NULL, error);
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
ado_accounts_find (AdoAccounts *self,
                   const char  *id_or_name,
                   GError     **error)
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
ado_accounts_rename (AdoAccounts *self,
                     AdoAccount  *account,
                     const char  *name,
                     GError     **error)
{
  g_return_val_if_fail (ADO_IS_ACCOUNTS (self), FALSE);

  return ado_account_registry_rename (self->registry, account, name, error);
}

static const AdoRelayOp save_op = { _ado_relay_registry_save_finish, NULL };

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
  GTask *task;

  g_return_if_fail (ADO_IS_ACCOUNTS (self));

  task = _ado_relay_new (self, &save_op, cancellable, callback, user_data);
  ado_account_registry_save_async (self->registry, cancellable, _ado_relay_cb, task);
}

gboolean
ado_accounts_save_finish (AdoAccounts  *self,
                          GAsyncResult *result,
                          GError      **error)
{
  return _ado_relay_finish_boolean (self, result, &save_op, NULL, error);
}

void
ado_accounts_lookup_client_secret_async (AdoAccounts         *self,
                                         const char          *client_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ADO_IS_ACCOUNTS (self));

  task = _ado_relay_new (self, &lookup_client_secret_op, cancellable, callback, user_data);
  ado_credential_store_lookup_async (self->store, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL,
                                     cancellable, _ado_relay_cb, task);
}

/**
 * ado_accounts_lookup_client_secret_finish:
 * @error: keyring errors; none when nothing is stored
 *
 * Returns: (transfer full) (nullable): the secret (free it with
 *   ado_secret_free()), %NULL when none is stored or on error
 */
char *
ado_accounts_lookup_client_secret_finish (AdoAccounts  *self,
                                          GAsyncResult *result,
                                          GError      **error)
{
  return _ado_relay_finish (self, result, &lookup_client_secret_op, NULL, error);
}

void
ado_accounts_set_client_secret_async (AdoAccounts         *self,
                                      const char          *client_id,
                                      const char          *secret,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ADO_IS_ACCOUNTS (self));

  task = _ado_relay_new (self, &set_client_secret_op, cancellable, callback, user_data);
  ado_credential_store_store_async (self->store, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL,
                                    NULL, 0, secret, cancellable, _ado_relay_cb, task);
}

gboolean
ado_accounts_set_client_secret_finish (AdoAccounts  *self,
                                       GAsyncResult *result,
                                       GError      **error)
{
  return _ado_relay_finish_boolean (self, result, &set_client_secret_op, NULL, error);
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
ado_accounts_sign_in (AdoAccounts            *self,
                      const AdoSignInDetails *details,
                      GError                **error)
{
  g_return_val_if_fail (ADO_IS_ACCOUNTS (self), NULL);

  return _ado_sign_in_new (self->store, self->registry, details, error);
}

void
ado_accounts_forget_async (AdoAccounts         *self,
                           AdoAccount          *account,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ADO_IS_ACCOUNTS (self));

  task = _ado_relay_new (self, &forget_op, cancellable, callback, user_data);
  ado_account_forget_async (self->store, self->registry, account, cancellable, _ado_relay_cb, task);
}

gboolean
ado_accounts_forget_finish (AdoAccounts  *self,
                            GAsyncResult *result,
                            GError      **error)
{
  return _ado_relay_finish_boolean (self, result, &forget_op, NULL, error);
}

void
ado_accounts_sweep_async (AdoAccounts         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ADO_IS_ACCOUNTS (self));

  task = _ado_relay_new (self, &sweep_op, cancellable, callback, user_data);
  ado_orphans_sweep_async (self->store, self->registry, cancellable, _ado_relay_cb, task);
}

gboolean
ado_accounts_sweep_finish (AdoAccounts  *self,
                           GAsyncResult *result,
                           guint        *n_swept,
                           GError      **error)
{
  gint64 number = 0;
  gboolean done = _ado_relay_finish_boolean (self, result, &sweep_op, &number, error);

  if (n_swept != NULL)
    *n_swept = (guint) number;
  return done;
}
