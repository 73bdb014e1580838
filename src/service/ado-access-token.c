/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-access-token"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ado-access-token.h"
#include "ado-error.h"
#include "ado-account-file.h"
#include "ads/ado-amazon.h"
#include "ads/ado-endpoints.h"
#include "auth/ado-token-client.h"

/*
 * An access token for an account: the one cached in the keyring while
 * more than five minutes remain, else a new one from the refresh token.
 *
 * Several processes may want a token at once (two scripts, the app and a
 * script). A refresh runs under an exclusive lock on
 * $XDG_RUNTIME_DIR/ads-onboarding/refresh-<account>.lock, waited for in a
 * worker thread; under the lock the keyring is read again, because the
 * process that held the lock before may just have stored a fresh token.
 * So each expiry costs one request to Login with Amazon, and the keyring
 * keeps one access token per account.
 */

#define LOCK_POLL_MS           20
#define LOCK_MAX_WAIT_SECONDS  120

typedef struct
{
  char   *token;
  gint64  expires_at;
} Found;

typedef struct
{
  AdoCredentialStore *store;
  AdoAccountRegistry *registry;
  AdoAccount         *account;
  char               *account_id;
  char               *client_id;
  char               *region;
  gboolean            force_refresh;

  char               *seen_token;      /* the cached token before waiting for the lock */
  char               *refresh_token;
  char               *client_secret;
  AdoTokenClient     *client;
  AdoTokenResponse   *tokens;
  GError             *error;           /* returned once the registry is saved */
  int                 lock_fd;
} GetData;

static void
found_free (Found *found)
{
  g_clear_pointer (&found->token, ado_secret_free);
  g_free (found);
}

static void
release_lock (GetData *data)
{
  if (data->lock_fd < 0)
    return;

  g_debug ("Releasing the refresh lock of account %s", data->account_id);
  flock (data->lock_fd, LOCK_UN);
  close (data->lock_fd);
  data->lock_fd = -1;
}

static void
get_data_free (GetData *data)
{
  release_lock (data);
  g_clear_object (&data->store);
  g_clear_object (&data->registry);
  g_clear_object (&data->account);
  g_free (data->account_id);
  g_free (data->client_id);
  g_free (data->region);
  g_clear_pointer (&data->seen_token, ado_secret_free);
  g_clear_pointer (&data->refresh_token, ado_secret_free);
  g_clear_pointer (&data->client_secret, ado_secret_free);
  g_clear_object (&data->client);
  g_clear_pointer (&data->tokens, ado_token_response_free);
  g_clear_error (&data->error);
  g_free (data);
}

/* Takes @token */
static void
return_token (GTask  *task,
              char   *token,
              gint64  expires_at)
{
  GetData *data = g_task_get_task_data (task);
  Found *found = g_new0 (Found, 1);

  release_lock (data);
  found->token = token;
  found->expires_at = expires_at;
  g_task_return_pointer (task, found, (GDestroyNotify)found_free);
}

/* Takes @error */
static void
return_error (GTask  *task,
              GError *error)
{
  release_lock (g_task_get_task_data (task));
  g_task_return_error (task, error);
}

/* The credentials the lookup found; %NULL when @task has been given the error */
static AdoAccountCredentials *
finish_lookup (GTask        *task,
               GObject      *object,
               GAsyncResult *result)
{
  AdoAccountCredentials *found;
  GError *error = NULL;

  found = ado_credential_store_lookup_account_finish (ADO_CREDENTIAL_STORE (object), result,
                                                      &error);
  if (found == NULL)
    return_error (task, error);

  return found;
}

/* Takes @error: adds what a face needs to say what to do about it */
static GError *
with_facts (GError         *error,
            AdoErrorAction  action,
            const char     *client_id,
            const char     *account_id)
{
  ado_error_set_action (error, action);
  ado_error_set_client_id (error, client_id);
  ado_error_set_account_id (error, account_id);
  return error;
}

/* --- Marking the account: reconnect needed -------------------------------------------- */

static void
registry_saved_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GetData *data = g_task_get_task_data (task);

  if (!ado_account_registry_save_finish (ADO_ACCOUNT_REGISTRY (object), result, &error))
    g_debug ("Could not record that account %s needs a reconnect: %s",
             data->account_id, error->message);

  g_task_return_error (task, g_steal_pointer (&data->error));
}

static void
registry_reloaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GetData *data = g_task_get_task_data (task);
  AdoAccount *account;

  if (!ado_account_registry_load_finish (data->registry, result, &error))
    {
      g_debug ("Could not read the accounts again: %s", error->message);
      g_task_return_error (task, g_steal_pointer (&data->error));
      return;
    }

  /* Another process may have changed the list: change only this account */
  account = ado_account_registry_get_account (data->registry, data->account_id);
  if (account == NULL ||
      ado_account_get_state (account) == ADO_ACCOUNT_STATE_RECONNECT_NEEDED)
    {
      g_task_return_error (task, g_steal_pointer (&data->error));
      return;
    }

  ado_account_set_state (account, ADO_ACCOUNT_STATE_RECONNECT_NEEDED);
  ado_account_registry_save_async (data->registry, NULL, registry_saved_cb,
                                   g_steal_pointer (&task));
}

/* Takes @task and @error: the account's sign-in no longer works */
static void
mark_reconnect_needed (GTask  *task,
                       GError *error)
{
  GetData *data = g_task_get_task_data (task);

  g_debug ("Account %s needs a reconnect", data->account_id);
  release_lock (data);
  data->error = error;
  ado_account_set_state (data->account, ADO_ACCOUNT_STATE_RECONNECT_NEEDED);

  /* Recorded even when the caller cancels now: it is true either way */
  ado_account_registry_load_async (data->registry, NULL, registry_reloaded_cb, task);
}

/* --- Storing a refresh's answer ------------------------------------------------------- */

static void
access_token_stored_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GetData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!ado_credential_store_store_finish (ADO_CREDENTIAL_STORE (object), result, &error))
    {
      return_error (task, error);
      return;
    }

  g_debug ("Stored the new access token of account %s", data->account_id);
  return_token (task, g_steal_pointer (&data->tokens->access_token),
                data->tokens->obtained_at + data->tokens->expires_in);
}

static void
store_access_token (GTask *task)
{
  GetData *data = g_task_get_task_data (task);

  ado_credential_store_store_async (data->store, ADO_SECRET_KIND_ACCESS_TOKEN,
                                    data->client_id, data->account_id, data->region,
                                    data->tokens->obtained_at + data->tokens->expires_in,
                                    data->tokens->access_token,
                                    g_task_get_cancellable (task),
                                    access_token_stored_cb, task);
}

static void
refresh_token_stored_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!ado_credential_store_store_finish (ADO_CREDENTIAL_STORE (object), result, &error))
    {
      return_error (task, error);
      return;
    }

  store_access_token (g_steal_pointer (&task));
}

static void
refreshed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  GetData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  AdoTokenResponse *tokens;

  tokens = ado_token_client_finish (ADO_TOKEN_CLIENT (object), result, &error);
  if (tokens == NULL)
    {
      if (g_error_matches (error, ADO_ERROR, ADO_ERROR_INVALID_GRANT))
        {
          GError *revoked = g_error_new (ADO_ERROR, ADO_ERROR_INVALID_GRANT,
                                         _("Amazon no longer accepts the sign-in of account "
                                           "%s: access was revoked or expired."),
                                         data->account_id);

          mark_reconnect_needed (g_steal_pointer (&task),
                                 with_facts (revoked, ADO_ERROR_ACTION_RECONNECT,
                                             data->client_id, data->account_id));
        }
      else if (g_error_matches (error, ADO_ERROR, ADO_ERROR_INVALID_CLIENT))
        {
          GError *refused = g_error_new (ADO_ERROR, ADO_ERROR_INVALID_CLIENT,
                                         _("Amazon refused the client ID or the client secret "
                                           "of account %s."),
                                         data->account_id);

          return_error (task, with_facts (refused, ADO_ERROR_ACTION_REPLACE_CLIENT_SECRET,
                                          data->client_id, data->account_id));
        }
      else
        {
          return_error (task, g_steal_pointer (&error));
        }
      return;
    }

  g_debug ("Refreshed the access token of account %s%s", data->account_id,
           tokens->refresh_token == NULL ? " (no new refresh token)" : "");
  data->tokens = tokens;

  /* Without a refresh token in the answer, the stored one stays */
  if (tokens->refresh_token != NULL &&
      g_strcmp0 (tokens->refresh_token, data->refresh_token) != 0)
    {
      ado_credential_store_store_async (data->store, ADO_SECRET_KIND_REFRESH_TOKEN,
                                        data->client_id, data->account_id, data->region, 0,
                                        tokens->refresh_token,
                                        cancellable,
                                        refresh_token_stored_cb, g_steal_pointer (&task));
      return;
    }

  store_access_token (g_steal_pointer (&task));
}

/* --- Refreshing ------------------------------------------------------------------------ */

/* Takes @task: looks up the account's items of @kinds */
static void
look_up (GTask               *task,
         AdoCredentialKinds   kinds,
         GAsyncReadyCallback  callback)
{
  GetData *data = g_task_get_task_data (task);

  ado_credential_store_lookup_account_async (data->store, data->client_id, data->account_id,
                                             kinds, g_task_get_cancellable (task),
                                             callback, task);
}

static void
secrets_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  GetData *data = g_task_get_task_data (task);
  g_autoptr(AdoAccountCredentials) found = NULL;
  g_autoptr(AdoEndpoints) endpoints = NULL;
  GError *error = NULL;
  AdoRegion region;

  found = finish_lookup (task, object, result);
  if (found == NULL)
    return;

  if (found->refresh_token == NULL)
    {
      mark_reconnect_needed (g_steal_pointer (&task),
                             ado_access_token_new_missing_error (ADO_SECRET_KIND_REFRESH_TOKEN,
                                                                 data->client_id,
                                                                 data->account_id));
      return;
    }

  if (found->client_secret == NULL)
    {
      return_error (task, ado_access_token_new_missing_error (ADO_SECRET_KIND_CLIENT_SECRET,
                                                              data->client_id,
                                                              data->account_id));
      return;
    }

  data->refresh_token = g_steal_pointer (&found->refresh_token);
  data->client_secret = g_steal_pointer (&found->client_secret);

  if (!ado_region_from_id (data->region, &region))
    {
      return_error (task, ado_access_token_new_region_error (data->client_id,
                                                             data->account_id));
      return;
    }

  endpoints = ado_endpoints_resolve (region, &error);
  if (endpoints == NULL)
    {
      return_error (task, error);
      return;
    }

  g_debug ("Refreshing the access token of account %s", data->account_id);
  data->client = ado_token_client_new (endpoints->token_url);
  ado_token_client_refresh_async (data->client, data->client_id, data->client_secret,
                                  data->refresh_token, cancellable,
                                  refreshed_cb, g_steal_pointer (&task));
}

/* Under the lock: what the keyring holds now */
static void
locked_lookup_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GetData *data = g_task_get_task_data (task);
  g_autoptr(AdoAccountCredentials) found = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  found = finish_lookup (task, object, result);
  if (found == NULL)
    return;

  /* Another process refreshed while this one waited */
  if (found->access_token != NULL &&
      ado_access_token_is_fresh (found->access_token_expires_at, now) &&
      (!data->force_refresh || g_strcmp0 (found->access_token, data->seen_token) != 0))
    {
      g_debug ("Account %s has a fresh access token now", data->account_id);
      return_token (task, g_steal_pointer (&found->access_token),
                    found->access_token_expires_at);
      return;
    }

  look_up (g_steal_pointer (&task), ADO_CREDENTIAL_REFRESH_TOKEN | ADO_CREDENTIAL_CLIENT_SECRET,
           secrets_cb);
}

static void
locked_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GetData *data = g_task_get_task_data (task);
  GError *error = NULL;
  int fd;

  fd = (int)g_task_propagate_int (G_TASK (result), &error);
  if (error != NULL)
    {
      return_error (task, error);
      return;
    }

  data->lock_fd = fd;
  look_up (g_steal_pointer (&task), ADO_CREDENTIAL_ACCESS_TOKEN, locked_lookup_cb);
}

/* In a worker thread: waits for the lock. Returns its file descriptor, or
 * -1 when there can be no lock (the refresh then goes ahead without it). */
static void
lock_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  g_autofree char *dir = g_path_get_dirname (path);
  gint64 deadline = g_get_monotonic_time () + LOCK_MAX_WAIT_SECONDS * G_USEC_PER_SEC;
  int fd;

  g_autoptr(GError) error = NULL;

  /* Made 0700, or made so when an older version left it more open */
  if (!ado_account_file_make_folder (dir, &error))
    {
      g_debug ("No refresh lock: %s", error->message);
      g_task_return_int (task, -1);
      return;
    }

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      g_debug ("No refresh lock: cannot open %s: %s", path, g_strerror (errno));
      g_task_return_int (task, -1);
      return;
    }

  while (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EINTR)
        continue;

      if (saved_errno != EWOULDBLOCK)
        {
          g_debug ("No refresh lock: %s", g_strerror (saved_errno));
          close (fd);
          g_task_return_int (task, -1);
          return;
        }

      if (g_cancellable_is_cancelled (cancellable))
        {
          close (fd);
          g_task_return_error_if_cancelled (task);
          return;
        }

      if (g_get_monotonic_time () >= deadline)
        {
          /* A process that hangs with the lock must not stop every other */
          g_debug ("The refresh lock was not released within %d s: going ahead",
                   LOCK_MAX_WAIT_SECONDS);
          close (fd);
          g_task_return_int (task, -1);
          return;
        }

      g_usleep (LOCK_POLL_MS * 1000);
    }

  g_task_return_int (task, fd);
}

static void
take_lock (GTask *task)
{
  GetData *data = g_task_get_task_data (task);
  g_autoptr(GTask) thread_task = NULL;
  g_autofree char *name = NULL;
  char *path;

  name = g_strdup_printf ("refresh-%s%s.lock",
                          ado_credential_store_get_demo (data->store) ? "demo-" : "",
                          data->account_id);
  path = g_build_filename (g_get_user_runtime_dir (), "ads-onboarding", name, NULL);

  g_debug ("Waiting for the refresh lock of account %s", data->account_id);
  thread_task = g_task_new (NULL, g_task_get_cancellable (task), locked_cb, task);
  g_task_set_source_tag (thread_task, lock_thread);
  /* The result is always taken: a lock is never lost on the way */
  g_task_set_check_cancellable (thread_task, FALSE);
  g_task_set_task_data (thread_task, path, g_free);
  g_task_run_in_thread (thread_task, lock_thread);
}

static void
cached_lookup_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GetData *data = g_task_get_task_data (task);
  g_autoptr(AdoAccountCredentials) found = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  found = finish_lookup (task, object, result);
  if (found == NULL)
    return;

  if (found->access_token != NULL && !data->force_refresh &&
      ado_access_token_is_fresh (found->access_token_expires_at, now))
    {
      g_debug ("Using the cached access token of account %s", data->account_id);
      return_token (task, g_steal_pointer (&found->access_token),
                    found->access_token_expires_at);
      return;
    }

  data->seen_token = g_steal_pointer (&found->access_token);
  take_lock (g_steal_pointer (&task));
}

/* --- Public API ------------------------------------------------------------------------ */

/**
 * ado_access_token_new_missing_error:
 * @kind: what the keyring does not hold: the client secret or the refresh token
 * @client_id: the account's client ID
 * @account_id: the account
 *
 * Returns: (transfer full): %ADO_ERROR_MISSING_CLIENT_SECRET (the client
 *   secret is to be stored) or %ADO_ERROR_INVALID_GRANT (the account is to
 *   be reconnected), with the account's facts
 */
GError *
ado_access_token_new_missing_error (AdoSecretKind  kind,
                                    const char    *client_id,
                                    const char    *account_id)
{
  g_return_val_if_fail (kind != ADO_SECRET_KIND_ACCESS_TOKEN, NULL);

  if (kind == ADO_SECRET_KIND_CLIENT_SECRET)
    return with_facts (g_error_new (ADO_ERROR, ADO_ERROR_MISSING_CLIENT_SECRET,
                                    _("No client secret is stored for client ID %s."),
                                    client_id),
                       ADO_ERROR_ACTION_STORE_CLIENT_SECRET, client_id, account_id);

  return with_facts (g_error_new (ADO_ERROR, ADO_ERROR_INVALID_GRANT,
                                  _("The keyring holds no refresh token for account %s."),
                                  account_id),
                     ADO_ERROR_ACTION_RECONNECT, client_id, account_id);
}

/**
 * ado_access_token_new_region_error:
 * @client_id: the account's client ID
 * @account_id: the account
 *
 * Returns: (transfer full): the error for an account whose region is not
 *   known: it is to be reconnected, naming the region
 */
GError *
ado_access_token_new_region_error (const char *client_id,
                                   const char *account_id)
{
  return with_facts (g_error_new (ADO_ERROR, ADO_ERROR_FAILED,
                                  _("Account %s has no known region."),
                                  account_id),
                     ADO_ERROR_ACTION_RECONNECT_WITH_REGION, client_id, account_id);
}

/**
 * ado_access_token_is_fresh:
 * @expires_at: when an access token expires (Unix seconds), 0 when unknown
 * @now: the time now (Unix seconds)
 *
 * Returns: whether the token is still worth using: more than
 *   %ADO_ACCESS_TOKEN_MARGIN_SECONDS remain
 */
gboolean
ado_access_token_is_fresh (gint64 expires_at,
                           gint64 now)
{
  return expires_at > 0 && expires_at - now > ADO_ACCESS_TOKEN_MARGIN_SECONDS;
}

/**
 * ado_access_token_get_async:
 * @store: the keyring
 * @registry: the registry @account belongs to
 * @account: the account
 * @force_refresh: refresh even when the cached token seems fresh (e.g.
 *   after the Ads API answered 401), unless another process refreshed
 *   meanwhile
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the token
 * @user_data: data for @callback
 *
 * Gets an access token for @account: the cached one while more than five
 * minutes remain (no request then), else a new one from the refresh token,
 * stored with its expiry (and a new refresh token, when one comes back).
 *
 * When Login with Amazon refuses the refresh token, the account is marked
 * %ADO_ACCOUNT_STATE_RECONNECT_NEEDED and the registry saved (read again
 * first, so only this account changes).
 */
void
ado_access_token_get_async (AdoCredentialStore  *store,
                            AdoAccountRegistry  *registry,
                            AdoAccount          *account,
                            gboolean             force_refresh,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GetData *data;

  g_return_if_fail (ADO_IS_CREDENTIAL_STORE (store));
  g_return_if_fail (ADO_IS_ACCOUNT_REGISTRY (registry));
  g_return_if_fail (ADO_IS_ACCOUNT (account));
  g_return_if_fail (ado_account_id_is_valid (ado_account_get_id (account)));
  g_return_if_fail (ado_account_get_client_id (account) != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ado_access_token_get_async);

  data = g_new0 (GetData, 1);
  data->store = g_object_ref (store);
  data->registry = g_object_ref (registry);
  data->account = g_object_ref (account);
  data->account_id = g_strdup (ado_account_get_id (account));
  data->client_id = g_strdup (ado_account_get_client_id (account));
  data->region = g_strdup (ado_account_get_region (account));
  data->force_refresh = !!force_refresh;
  data->lock_fd = -1;
  g_task_set_task_data (task, data, (GDestroyNotify)get_data_free);

  look_up (g_steal_pointer (&task), ADO_CREDENTIAL_ACCESS_TOKEN, cached_lookup_cb);
}

/**
 * ado_access_token_get_finish:
 * @expires_at: (out) (optional): when the token expires (Unix seconds)
 *
 * Returns: (transfer full) (nullable): the access token, to be freed with
 *   ado_secret_free(); %NULL with an error: %ADO_ERROR_INVALID_GRANT (the
 *   account needs a reconnect), %ADO_ERROR_INVALID_CLIENT,
 *   %ADO_ERROR_MISSING_CLIENT_SECRET, a keyring or network error, or
 *   %G_IO_ERROR_CANCELLED
 */
char *
ado_access_token_get_finish (GAsyncResult  *result,
                             gint64        *expires_at,
                             GError       **error)
{
  Found *found;
  char *token;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        ado_access_token_get_async, NULL);

  if (expires_at != NULL)
    *expires_at = 0;

  found = g_task_propagate_pointer (G_TASK (result), error);
  if (found == NULL)
    return NULL;

  if (expires_at != NULL)
    *expires_at = found->expires_at;
  token = g_steal_pointer (&found->token);
  found_free (found);

  return token;
}

static void
peek_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(AdoAccountCredentials) found = NULL;
  GError *error = NULL;

  found = ado_credential_store_lookup_account_finish (ADO_CREDENTIAL_STORE (object), result,
                                                      &error);
  if (found == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_memdup2 (&found->access_token_expires_at,
                                          sizeof found->access_token_expires_at),
                         g_free);
}

/**
 * ado_access_token_peek_async:
 * @store: the keyring
 * @account: the account
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the expiry
 * @user_data: data for @callback
 *
 * Finds out until when the cached access token of @account is valid,
 * without refreshing it and without any request to Amazon (for "valid
 * until …" in the window).
 */
void
ado_access_token_peek_async (AdoCredentialStore  *store,
                             AdoAccount          *account,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ADO_IS_CREDENTIAL_STORE (store));
  g_return_if_fail (ADO_IS_ACCOUNT (account));
  g_return_if_fail (ado_account_id_is_valid (ado_account_get_id (account)));
  g_return_if_fail (ado_account_get_client_id (account) != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ado_access_token_peek_async);

  ado_credential_store_lookup_account_async (store, ado_account_get_client_id (account),
                                             ado_account_get_id (account),
                                             ADO_CREDENTIAL_ACCESS_TOKEN,
                                             cancellable, peek_cb, g_steal_pointer (&task));
}

/**
 * ado_access_token_peek_finish:
 * @expires_at: (out): when the cached access token expires (Unix seconds),
 *   0 when there is none; it may lie in the past
 *
 * Returns: %TRUE, or %FALSE with a keyring error or %G_IO_ERROR_CANCELLED
 */
gboolean
ado_access_token_peek_finish (GAsyncResult  *result,
                              gint64        *expires_at,
                              GError       **error)
{
  g_autofree gint64 *found = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        ado_access_token_peek_async, FALSE);
  g_return_val_if_fail (expires_at != NULL, FALSE);

  *expires_at = 0;
  found = g_task_propagate_pointer (G_TASK (result), error);
  if (found == NULL)
    return FALSE;

  *expires_at = *found;
  return TRUE;
}
