/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-connection"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-connection.h"
#include "ado-error.h"
#include "ado-orphans.h"

/*
 * What a successful sign-in leaves behind: the client secret, the refresh
 * token and the access token in the keyring, and the account in the
 * registry. The keyring comes first: an account is only listed once its
 * credentials are stored. A new account's sign-in is noted as pending
 * meanwhile, so that a process killed between the two leaves nothing that
 * the next sweep (ado-orphans.c) cannot find.
 */

typedef enum
{
  STEP_STORE_SECRET,
  STEP_STORE_REFRESH_TOKEN,
  STEP_STORE_ACCESS_TOKEN,
  STEP_SAVE_REGISTRY,
  STEP_DONE,
} Step;

typedef struct
{
  AdoCredentialStore *store;
  AdoAccountRegistry *registry;
  AdoAccount         *account;
  AdoTokenResponse   *tokens;
  char               *account_id;
  char               *name;
  char               *client_id;
  char               *client_secret;
  char               *region;
  char               *redirect_uri;
  Step                step;
  gboolean            new_account;
  int                 pending_fd;    /* the locked note of a new account's sign-in */
} SaveData;

static void
save_data_free (SaveData *data)
{
  /* Not listed: the note stays for the next sweep */
  if (data->account != NULL)
    ado_pending_sign_in_end (data->registry, ado_account_get_id (data->account),
                             data->pending_fd, FALSE);
  g_clear_object (&data->store);
  g_clear_object (&data->registry);
  g_clear_object (&data->account);
  g_clear_pointer (&data->tokens, ado_token_response_free);
  g_free (data->account_id);
  g_free (data->name);
  g_free (data->client_id);
  g_clear_pointer (&data->client_secret, ado_secret_free);
  g_free (data->region);
  g_free (data->redirect_uri);
  g_free (data);
}

static void run_step (GTask *task);

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!ado_credential_store_store_finish (ADO_CREDENTIAL_STORE (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  data->step++;
  run_step (task);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!ado_account_registry_save_finish (ADO_ACCOUNT_REGISTRY (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_debug ("Account %s %s", ado_account_get_id (data->account),
           data->new_account ? "added" : "reconnected");
  ado_pending_sign_in_end (data->registry, ado_account_get_id (data->account),
                           data->pending_fd, TRUE);
  data->pending_fd = -1;
  g_task_return_pointer (task, g_object_ref (data->account), g_object_unref);
}

static void
run_step (GTask *task)
{
  SaveData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  const char *account_id = ado_account_get_id (data->account);

  switch (data->step)
    {
    case STEP_STORE_SECRET:
      ado_credential_store_store_async (data->store, ADO_SECRET_KIND_CLIENT_SECRET,
                                        data->client_id, NULL, NULL, 0,
                                        data->client_secret,
                                        cancellable, stored_cb, g_object_ref (task));
      break;

    case STEP_STORE_REFRESH_TOKEN:
      if (data->tokens->refresh_token == NULL)
        {
          /* Reconnecting without a new one keeps the stored token */
          data->step++;
          run_step (task);
          return;
        }
      ado_credential_store_store_async (data->store, ADO_SECRET_KIND_REFRESH_TOKEN,
                                        data->client_id, account_id, data->region, 0,
                                        data->tokens->refresh_token,
                                        cancellable, stored_cb, g_object_ref (task));
      break;

    case STEP_STORE_ACCESS_TOKEN:
      ado_credential_store_store_async (data->store, ADO_SECRET_KIND_ACCESS_TOKEN,
                                        data->client_id, account_id, data->region,
                                        data->tokens->obtained_at + data->tokens->expires_in,
                                        data->tokens->access_token,
                                        cancellable, stored_cb, g_object_ref (task));
      break;

    case STEP_SAVE_REGISTRY:
      if (data->new_account)
        ado_account_registry_add (data->registry, data->account);
      ado_account_registry_save_async (data->registry, cancellable, saved_cb, g_object_ref (task));
      break;

    case STEP_DONE:
    default:
      g_assert_not_reached ();
    }
}

static void
swept_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  g_autoptr(GError) sweep_error = NULL;
  GError *error = NULL;

  /* Leftovers that stay are no reason to lose this sign-in */
  if (!ado_orphans_sweep_finish (result, NULL, &sweep_error))
    g_debug ("Unfinished sign-ins stay: %s", sweep_error->message);

  if (data->account_id != NULL)
    {
      AdoAccount *existing = ado_account_registry_find (data->registry, data->account_id, &error);

      if (existing == NULL)
        {
          g_task_return_error (task, error);
          return;
        }

      if (g_strcmp0 (ado_account_get_client_id (existing), data->client_id) != 0)
        {
          g_task_return_new_error (task, ADO_ERROR, ADO_ERROR_INVALID_INPUT,
                                   _("Account %s belongs to another client ID. Reconnect it with "
                                     "its own client, or sign in as a new account."),
                                   ado_account_get_id (existing));
          return;
        }

      data->account = g_object_ref (existing);
    }
  else
    {
      g_autofree char *id = ado_account_generate_id ();

      if (data->tokens->refresh_token == NULL)
        {
          g_task_return_new_error (task, ADO_ERROR, ADO_ERROR_BAD_RESPONSE,
                                   _("Amazon signed you in but sent no refresh token, so the "
                                     "credentials could not be kept. Sign in again."));
          return;
        }

      /* A new id that no account has yet */
      while (ado_account_registry_get_account (data->registry, id) != NULL)
        {
          g_free (id);
          id = ado_account_generate_id ();
        }

      data->account = ado_account_new (id);
      data->new_account = TRUE;
      data->pending_fd = ado_pending_sign_in_begin (data->registry, id, data->client_id,
                                                    ado_credential_store_get_demo (data->store),
                                                    &error);
      if (data->pending_fd < 0)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  if (data->name != NULL)
    ado_account_set_name (data->account, data->name);
  else if (ado_account_get_name (data->account) == NULL ||
           ado_account_get_name (data->account)[0] == '\0')
    {
      g_autofree char *name = ado_account_registry_next_default_name (data->registry, data->region);

      ado_account_set_name (data->account, name);
    }

  ado_account_set_client_id (data->account, data->client_id);
  ado_account_set_region (data->account, data->region);
  ado_account_set_redirect_uri (data->account, data->redirect_uri);
  ado_account_set_scope (data->account, data->tokens->scope);
  if (data->tokens->refresh_token != NULL)
    ado_account_set_obtained_at (data->account, data->tokens->obtained_at);
  ado_account_set_state (data->account, ADO_ACCOUNT_STATE_OK);

  data->step = STEP_STORE_SECRET;
  run_step (task);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  if (!ado_account_registry_load_finish (ADO_ACCOUNT_REGISTRY (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  ado_orphans_sweep_async (data->store, data->registry, cancellable,
                           swept_cb, g_steal_pointer (&task));
}

/**
 * ado_connection_save_async:
 * @store: the keyring
 * @registry: the account registry (loaded again here)
 * @details: whose sign-in this was
 * @tokens: (transfer full): what the token endpoint sent
 *
 * Keeps a sign-in: a new account, or new tokens for the account in
 * @details (a reconnect).
 */
void
ado_connection_save_async (AdoCredentialStore         *store,
                           AdoAccountRegistry         *registry,
                           const AdoConnectionDetails *details,
                           AdoTokenResponse           *tokens,
                           GCancellable               *cancellable,
                           GAsyncReadyCallback         callback,
                           gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (ADO_IS_CREDENTIAL_STORE (store));
  g_return_if_fail (ADO_IS_ACCOUNT_REGISTRY (registry));
  g_return_if_fail (details != NULL && details->client_id != NULL);
  g_return_if_fail (details->client_secret != NULL && details->region != NULL);
  g_return_if_fail (details->redirect_uri != NULL);
  g_return_if_fail (tokens != NULL && tokens->access_token != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ado_connection_save_async);

  data = g_new0 (SaveData, 1);
  data->pending_fd = -1;
  data->store = g_object_ref (store);
  data->registry = g_object_ref (registry);
  data->tokens = tokens;
  data->account_id = g_strdup (details->account_id);
  data->name = g_strdup (details->name);
  data->client_id = g_strdup (details->client_id);
  data->client_secret = g_strdup (details->client_secret);
  data->region = g_strdup (details->region);
  data->redirect_uri = g_strdup (details->redirect_uri);
  g_task_set_task_data (task, data, (GDestroyNotify)save_data_free);

  ado_account_registry_load_async (registry, cancellable, loaded_cb, g_steal_pointer (&task));
}

/**
 * ado_connection_save_finish:
 *
 * Returns: (transfer full) (nullable): the account
 */
AdoAccount *
ado_connection_save_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ado_connection_save_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
