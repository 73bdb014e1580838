/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-forget"

#include "config.h"

#include "ado-forget.h"
#include "ado-orphans.h"

/*
 * Forgetting an account on this computer: its refresh and access tokens,
 * the client secret when no other account uses that client ID, then the
 * registry entry. The registry is read again first, so that accounts
 * another process added meanwhile are neither lost nor left without their
 * client secret. The keyring comes first: an account stays listed until
 * its credentials are gone, so a failure can be retried.
 *
 * Nothing is revoked at Amazon: the Amazon user does that on their
 * account's "Manage apps & services with data access" page.
 */

typedef struct
{
  AdoCredentialStore *store;
  AdoAccountRegistry *registry;
  char               *account_id;
  char               *client_id;
} ForgetData;

static void
forget_data_free (ForgetData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->registry);
  g_free (data->account_id);
  g_free (data->client_id);
  g_free (data);
}

static gboolean
client_id_in_use (ForgetData *data)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (data->registry));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AdoAccount) other = g_list_model_get_item (G_LIST_MODEL (data->registry), i);

      if (g_strcmp0 (ado_account_get_id (other), data->account_id) != 0 &&
          g_strcmp0 (ado_account_get_client_id (other), data->client_id) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ForgetData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!ado_account_registry_save_finish (ADO_ACCOUNT_REGISTRY (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_debug ("Forgot account %s", data->account_id);
  g_task_return_boolean (task, TRUE);
}

static void
remove_from_registry (GTask *task)
{
  ForgetData *data = g_task_get_task_data (task);
  AdoAccount *account;

  account = ado_account_registry_get_account (data->registry, data->account_id);
  if (account == NULL)
    {
      g_debug ("Account %s was not in the registry any more", data->account_id);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  ado_account_registry_remove (data->registry, account);
  ado_account_registry_save_async (data->registry, g_task_get_cancellable (task),
                                   saved_cb, task);
}

static void
removed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!ado_credential_store_remove_account_finish (ADO_CREDENTIAL_STORE (object), result,
                                                   &error))
    {
      g_task_return_error (task, error);
      return;
    }

  remove_from_registry (g_steal_pointer (&task));
}

static void
swept_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  ForgetData *data = g_task_get_task_data (task);
  AdoCredentialKinds kinds = ADO_CREDENTIAL_ALL;
  g_autoptr(GError) error = NULL;

  /* Leftovers of sign-ins that did not finish go too; if they cannot,
   * this account still can */
  if (!ado_orphans_sweep_finish (result, NULL, &error))
    g_debug ("Unfinished sign-ins stay: %s", error->message);

  if (client_id_in_use (data))
    {
      g_debug ("Another account uses client %s: its secret stays", data->client_id);
      kinds = ADO_CREDENTIAL_TOKENS;
    }

  ado_credential_store_remove_account_async (data->store, data->client_id, data->account_id,
                                             kinds, cancellable,
                                             removed_cb, g_steal_pointer (&task));
}

static void
reloaded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  ForgetData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!ado_account_registry_load_finish (data->registry, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  ado_orphans_sweep_async (data->store, data->registry, cancellable,
                           swept_cb, g_steal_pointer (&task));
}

/**
 * ado_account_forget_async:
 * @store: the keyring
 * @registry: the registry @account belongs to (read again here)
 * @account: the account to forget
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Removes @account from this computer: its tokens, its client secret
 * unless another account uses the same client ID, and its registry entry.
 * Other accounts' items are never touched. Nothing is revoked at Amazon.
 */
void
ado_account_forget_async (AdoCredentialStore  *store,
                          AdoAccountRegistry  *registry,
                          AdoAccount          *account,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ForgetData *data;

  g_return_if_fail (ADO_IS_CREDENTIAL_STORE (store));
  g_return_if_fail (ADO_IS_ACCOUNT_REGISTRY (registry));
  g_return_if_fail (ADO_IS_ACCOUNT (account));
  g_return_if_fail (ado_account_id_is_valid (ado_account_get_id (account)));
  g_return_if_fail (ado_account_get_client_id (account) != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ado_account_forget_async);

  data = g_new0 (ForgetData, 1);
  data->store = g_object_ref (store);
  data->registry = g_object_ref (registry);
  data->account_id = g_strdup (ado_account_get_id (account));
  data->client_id = g_strdup (ado_account_get_client_id (account));
  g_task_set_task_data (task, data, (GDestroyNotify)forget_data_free);

  g_debug ("Forgetting account %s", data->account_id);
  ado_account_registry_load_async (registry, cancellable, reloaded_cb, g_steal_pointer (&task));
}

/**
 * ado_account_forget_finish:
 *
 * Returns: %TRUE when the account is gone from this computer; %FALSE with
 *   a keyring error, a registry error or %G_IO_ERROR_CANCELLED (what was
 *   removed by then stays removed; the account stays listed)
 */
gboolean
ado_account_forget_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        ado_account_forget_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
