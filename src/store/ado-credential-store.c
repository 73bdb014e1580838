/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-credential-store"

#include "config.h"

#include <libsecret/secret.h>

#include "ado-credential-store.h"
#include "ado-credential-items.h"
#include "ado-credential-operation.h"
#include "ado-error.h"
#include "ado-keyring.h"

/*
 * AdoCredentialStore keeps the client secret, the refresh tokens and the
 * cached access tokens in the desktop keyring through libsecret (inside
 * Flatpak, libsecret's own store behind the Secret portal). Nothing is ever
 * written anywhere else, and no secret reaches a log or an error message.
 *
 * Items are found by their attributes (ado-credential-items.c); the
 * conversations with the keyring are in ado-credential-operation.c, and
 * unlocking in ado-keyring.c. There is one item per kind and client ID
 * (and account, for tokens): storing replaces. Demo items carry demo=true;
 * the demo sees only those, and the real store ignores them.
 */

struct _AdoCredentialStore
{
  GObject  parent_instance;

  gboolean demo;
};

enum {
  PROP_0,
  PROP_DEMO,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (AdoCredentialStore, ado_credential_store, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];

static gboolean
kind_has_account (AdoSecretKind kind)
{
  return kind != ADO_SECRET_KIND_CLIENT_SECRET;
}

/* Whether @result is a task of @self started by @source_tag (checked with a warning) */
static gboolean
task_is_valid (AdoCredentialStore *self,
               GAsyncResult       *result,
               gpointer            source_tag)
{
  g_return_val_if_fail (ADO_IS_CREDENTIAL_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return TRUE;
}

static void
start (AdoCredentialStore     *self,
       AdoCredentialOperation *op,
       gpointer                source_tag,
       GCancellable           *cancellable,
       GAsyncReadyCallback     callback,
       gpointer                user_data)
{
  GTask *task;

  op->demo = self->demo;

  task = ado_credential_operation_task (op, self, source_tag, cancellable, callback, user_data);
  ado_credential_operation_run (task);
}

/* --- The object ------------------------------------------------------------------- */

static void
ado_credential_store_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  AdoCredentialStore *self = ADO_CREDENTIAL_STORE (object);

  switch (prop_id)
    {
    case PROP_DEMO:
      g_value_set_boolean (value, self->demo);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ado_credential_store_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  AdoCredentialStore *self = ADO_CREDENTIAL_STORE (object);

  switch (prop_id)
    {
    case PROP_DEMO:
      self->demo = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ado_credential_store_class_init (AdoCredentialStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ado_credential_store_get_property;
  object_class->set_property = ado_credential_store_set_property;

  /**
   * AdoCredentialStore:demo:
   *
   * Whether this is the demo's store: its items carry demo=true, and it
   * sees no others.
   */
  properties [PROP_DEMO] =
    g_param_spec_boolean ("demo", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ado_credential_store_init (AdoCredentialStore *self)
{
}

/**
 * ado_credential_store_new:
 * @demo: whether this is the demo's store
 */
AdoCredentialStore *
ado_credential_store_new (gboolean demo)
{
  return g_object_new (ADO_TYPE_CREDENTIAL_STORE,
                       "demo", demo,
                       NULL);
}

gboolean
ado_credential_store_get_demo (AdoCredentialStore *self)
{
  g_return_val_if_fail (ADO_IS_CREDENTIAL_STORE (self), FALSE);

  return self->demo;
}

/* Names what is done, never the secret */
static void
trace (AdoCredentialStore *self,
       const char         *verb,
       const char         *kind_id,
       const char         *client_id,
       const char         *account_id)
{
  g_debug ("%s the %s of client %s%s%s%s",
           verb, kind_id, client_id,
           account_id != NULL ? ", account " : "", account_id != NULL ? account_id : "",
           self->demo ? " (demo)" : "");
}

/**
 * ado_credential_store_store_async:
 * @kind: what @secret is
 * @client_id: the Login with Amazon client ID it belongs to
 * @account_id: (nullable): the account, for tokens (required then)
 * @region: (nullable): the account's region ("na", "eu", "fe"), for tokens
 * @expires_at: for an access token, when it expires (Unix seconds); 0 for none
 * @secret: the secret, stored as it is
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the secret is stored
 * @user_data: data for @callback
 *
 * Stores @secret in the default collection of the keyring, replacing what
 * was stored for the same kind, client ID and account. A locked keyring is
 * asked to unlock (a prompt on the desktop).
 */
void
ado_credential_store_store_async (AdoCredentialStore  *self,
                                  AdoSecretKind        kind,
                                  const char          *client_id,
                                  const char          *account_id,
                                  const char          *region,
                                  gint64               expires_at,
                                  const char          *secret,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  AdoCredentialOperation *op;
  const char *kind_id;

  g_return_if_fail (ADO_IS_CREDENTIAL_STORE (self));
  g_return_if_fail (kind <= ADO_SECRET_KIND_ACCESS_TOKEN);
  g_return_if_fail (client_id != NULL && client_id[0] != '\0');
  g_return_if_fail (!kind_has_account (kind) || (account_id != NULL && account_id[0] != '\0'));
  g_return_if_fail (expires_at >= 0);
  g_return_if_fail (secret != NULL && secret[0] != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!kind_has_account (kind))
    account_id = region = NULL;
  if (kind != ADO_SECRET_KIND_ACCESS_TOKEN)
    expires_at = 0;

  kind_id = ado_credential_kind_ids[kind];
  op = g_new0 (AdoCredentialOperation, 1);
  op->kind = kind;
  op->search = ado_credential_attributes_new (kind_id, client_id, account_id, self->demo);
  op->attributes = ado_credential_attributes_new (kind_id, client_id, account_id, self->demo);
  if (region != NULL && region[0] != '\0')
    g_hash_table_insert (op->attributes, (gpointer)"region", g_strdup (region));
  if (expires_at > 0)
    g_hash_table_insert (op->attributes, (gpointer)"expires_at",
                         g_strdup_printf ("%" G_GINT64_FORMAT, expires_at));
  op->label = ado_credential_label (kind, client_id, account_id, self->demo);
  op->value = secret_value_new (secret, -1, "text/plain");

  trace (self, "Storing", kind_id, client_id, account_id);

  start (self, op, ado_credential_store_store_async, cancellable, callback, user_data);
}

/**
 * ado_credential_store_store_finish:
 *
 * Returns: %TRUE when stored; %FALSE with %ADO_ERROR_KEYRING_UNAVAILABLE,
 *   %ADO_ERROR_KEYRING_LOCKED or %G_IO_ERROR_CANCELLED
 */
gboolean
ado_credential_store_store_finish (AdoCredentialStore  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  if (!task_is_valid (self, result, ado_credential_store_store_async))
    return FALSE;

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ado_credential_store_lookup_async:
 * @kind: what to look up
 * @client_id: the client ID
 * @account_id: (nullable): the account, for tokens (required then)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Looks the secret up. A locked keyring is asked to unlock (a prompt on
 * the desktop).
 */
void
ado_credential_store_lookup_async (AdoCredentialStore  *self,
                                   AdoSecretKind        kind,
                                   const char          *client_id,
                                   const char          *account_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  AdoCredentialOperation *op;

  g_return_if_fail (ADO_IS_CREDENTIAL_STORE (self));
  g_return_if_fail (kind <= ADO_SECRET_KIND_ACCESS_TOKEN);
  g_return_if_fail (client_id != NULL && client_id[0] != '\0');
  g_return_if_fail (!kind_has_account (kind) || (account_id != NULL && account_id[0] != '\0'));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!kind_has_account (kind))
    account_id = NULL;

  op = g_new0 (AdoCredentialOperation, 1);
  op->kind = kind;
  op->is_lookup = TRUE;
  op->search = ado_credential_attributes_new (ado_credential_kind_ids[kind], client_id, account_id, self->demo);

  trace (self, "Looking up", ado_credential_kind_ids[kind], client_id, account_id);

  start (self, op, ado_credential_store_lookup_async, cancellable, callback, user_data);
}

/**
 * ado_credential_store_lookup_finish:
 * @expires_at: (out) (optional): for an access token, when it expires
 *   (Unix seconds), else 0
 *
 * Returns: (transfer full) (nullable): the secret, to be freed with
 *   ado_secret_free(); %NULL without an error when nothing is stored;
 *   %NULL with %ADO_ERROR_KEYRING_UNAVAILABLE, %ADO_ERROR_KEYRING_LOCKED
 *   (also when nothing was found in a locked keyring) or
 *   %G_IO_ERROR_CANCELLED
 */
char *
ado_credential_store_lookup_finish (AdoCredentialStore  *self,
                                    GAsyncResult        *result,
                                    gint64              *expires_at,
                                    GError             **error)
{
  AdoCredentialFound *found;
  char *secret;

  if (!task_is_valid (self, result, ado_credential_store_lookup_async))
    return NULL;

  if (expires_at != NULL)
    *expires_at = 0;

  found = g_task_propagate_pointer (G_TASK (result), error);
  if (found == NULL)
    return NULL;

  if (expires_at != NULL)
    *expires_at = found->expires_at;
  secret = g_steal_pointer (&found->secret);
  ado_credential_found_free (found);

  return secret;
}

/**
 * ado_credential_store_clear_async:
 * @kind: what to remove
 * @client_id: the client ID
 * @account_id: (nullable): the account, for tokens (required then)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Removes what is stored for @kind, @client_id and @account_id. Nothing
 * stored is no error.
 */
void
ado_credential_store_clear_async (AdoCredentialStore  *self,
                                  AdoSecretKind        kind,
                                  const char          *client_id,
                                  const char          *account_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  AdoCredentialOperation *op;

  g_return_if_fail (ADO_IS_CREDENTIAL_STORE (self));
  g_return_if_fail (kind <= ADO_SECRET_KIND_ACCESS_TOKEN);
  g_return_if_fail (client_id != NULL && client_id[0] != '\0');
  g_return_if_fail (!kind_has_account (kind) || (account_id != NULL && account_id[0] != '\0'));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!kind_has_account (kind))
    account_id = NULL;

  op = g_new0 (AdoCredentialOperation, 1);
  op->kind = kind;
  op->search = ado_credential_attributes_new (ado_credential_kind_ids[kind], client_id, account_id, self->demo);

  trace (self, "Removing", ado_credential_kind_ids[kind], client_id, account_id);

  start (self, op, ado_credential_store_clear_async, cancellable, callback, user_data);
}

/**
 * ado_credential_store_clear_finish:
 *
 * Returns: %TRUE when nothing of the kind is stored any more; %FALSE with
 *   %ADO_ERROR_KEYRING_UNAVAILABLE, %ADO_ERROR_KEYRING_LOCKED or
 *   %G_IO_ERROR_CANCELLED
 */
gboolean
ado_credential_store_clear_finish (AdoCredentialStore  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  if (!task_is_valid (self, result, ado_credential_store_clear_async))
    return FALSE;

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ado_credential_store_clear_account_async:
 * @client_id: the account's client ID
 * @account_id: the account
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Removes the account's refresh and access tokens (the client secret
 * stays: other accounts may share it).
 */
void
ado_credential_store_clear_account_async (AdoCredentialStore  *self,
                                          const char          *client_id,
                                          const char          *account_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  AdoCredentialOperation *op;

  g_return_if_fail (ADO_IS_CREDENTIAL_STORE (self));
  g_return_if_fail (client_id != NULL && client_id[0] != '\0');
  g_return_if_fail (account_id != NULL && account_id[0] != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  op = g_new0 (AdoCredentialOperation, 1);
  op->all_tokens = TRUE;
  op->search = ado_credential_attributes_new (NULL, client_id, account_id, self->demo);

  g_debug ("Removing the tokens of client %s, account %s%s",
           client_id, account_id, self->demo ? " (demo)" : "");

  start (self, op, ado_credential_store_clear_account_async,
                cancellable, callback, user_data);
}

gboolean
ado_credential_store_clear_account_finish (AdoCredentialStore  *self,
                                           GAsyncResult        *result,
                                           GError             **error)
{
  if (!task_is_valid (self, result, ado_credential_store_clear_account_async))
    return FALSE;

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- An account's items together ------------------------------------------------- */

typedef struct
{
  char                  *client_id;
  char                  *account_id;
  AdoCredentialKinds     todo;        /* still to look up or remove */
  AdoSecretKind          kind;        /* the one being looked up */
  AdoAccountCredentials *found;
} AccountData;

static void
account_data_free (AccountData *data)
{
  g_free (data->client_id);
  g_free (data->account_id);
  g_clear_pointer (&data->found, ado_account_credentials_free);
  g_free (data);
}

/* Checks the arguments, then runs @next on a task for the account's items */
static void
start_account (AdoCredentialStore  *self,
               const char          *client_id,
               const char          *account_id,
               AdoCredentialKinds   kinds,
               gpointer             source_tag,
               void               (*next) (GTask *task),
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task;
  AccountData *data;

  g_return_if_fail (ADO_IS_CREDENTIAL_STORE (self));
  g_return_if_fail (client_id != NULL && client_id[0] != '\0');
  g_return_if_fail (account_id != NULL && account_id[0] != '\0');
  g_return_if_fail ((kinds & ~ADO_CREDENTIAL_ALL) == 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  /* As each item's operation: what it returns stands */
  g_task_set_check_cancellable (task, FALSE);

  data = g_new0 (AccountData, 1);
  data->client_id = g_strdup (client_id);
  data->account_id = g_strdup (account_id);
  data->todo = kinds;
  data->found = g_new0 (AdoAccountCredentials, 1);
  g_task_set_task_data (task, data, (GDestroyNotify)account_data_free);

  next (task);
}

/**
 * ado_account_credentials_free:
 * @credentials: (nullable): from ado_credential_store_lookup_account_finish()
 *
 * Wipes the secrets, then frees @credentials.
 */
void
ado_account_credentials_free (AdoAccountCredentials *credentials)
{
  if (credentials == NULL)
    return;

  g_clear_pointer (&credentials->client_secret, ado_secret_free);
  g_clear_pointer (&credentials->refresh_token, ado_secret_free);
  g_clear_pointer (&credentials->access_token, ado_secret_free);
  g_free (credentials);
}

static void lookup_next (GTask *task);

static void
account_item_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AccountData *data = g_task_get_task_data (task);
  GError *error = NULL;
  gint64 expires_at = 0;
  char *secret;

  secret = ado_credential_store_lookup_finish (ADO_CREDENTIAL_STORE (object), result,
                                               &expires_at, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  switch (data->kind)
    {
    case ADO_SECRET_KIND_CLIENT_SECRET:
      data->found->client_secret = secret;
      break;

    case ADO_SECRET_KIND_REFRESH_TOKEN:
      data->found->refresh_token = secret;
      break;

    case ADO_SECRET_KIND_ACCESS_TOKEN:
      data->found->access_token = secret;
      data->found->access_token_expires_at = secret != NULL ? expires_at : 0;
      break;

    default:
      g_assert_not_reached ();
    }

  lookup_next (g_steal_pointer (&task));
}

/* Takes @task: the next kind asked for, in the order of the chain (client
 * secret, refresh token, access token), else the result */
static void
lookup_next (GTask *task)
{
  AccountData *data = g_task_get_task_data (task);

  for (AdoSecretKind kind = ADO_SECRET_KIND_CLIENT_SECRET;
       kind <= ADO_SECRET_KIND_ACCESS_TOKEN;
       kind++)
    {
      if ((data->todo & (1 << kind)) == 0)
        continue;

      data->todo &= ~(1 << kind);
      data->kind = kind;
      ado_credential_store_lookup_async (g_task_get_source_object (task), kind,
                                         data->client_id, data->account_id,
                                         g_task_get_cancellable (task),
                                         account_item_cb, task);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&data->found),
                         (GDestroyNotify)ado_account_credentials_free);
  g_object_unref (task);
}

/**
 * ado_credential_store_lookup_account_async:
 * @client_id: the account's client ID
 * @account_id: the account
 * @kinds: which items to look up
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the items
 * @user_data: data for @callback
 *
 * Looks up the items of @kinds that the keyring holds for the account: the
 * client secret (of @client_id), then the refresh token, then the access
 * token with its expiry. A locked keyring is asked to unlock once (a prompt
 * on the desktop). An item that is not stored is no error: it is %NULL in
 * the result, and the caller decides what its absence means.
 */
void
ado_credential_store_lookup_account_async (AdoCredentialStore  *self,
                                           const char          *client_id,
                                           const char          *account_id,
                                           AdoCredentialKinds   kinds,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  start_account (self, client_id, account_id, kinds, ado_credential_store_lookup_account_async,
                 lookup_next, cancellable, callback, user_data);
}

/**
 * ado_credential_store_lookup_account_finish:
 *
 * Returns: (transfer full) (nullable): what is stored, to be freed with
 *   ado_account_credentials_free(); %NULL with
 *   %ADO_ERROR_KEYRING_UNAVAILABLE, %ADO_ERROR_KEYRING_LOCKED (also when
 *   nothing was found in a locked keyring) or %G_IO_ERROR_CANCELLED
 */
AdoAccountCredentials *
ado_credential_store_lookup_account_finish (AdoCredentialStore  *self,
                                            GAsyncResult        *result,
                                            GError             **error)
{
  if (!task_is_valid (self, result, ado_credential_store_lookup_account_async))
    return NULL;

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void remove_next (GTask *task);

static void
account_removed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean ok;

  if (g_task_get_source_tag (G_TASK (result)) == ado_credential_store_clear_account_async)
    ok = ado_credential_store_clear_account_finish (ADO_CREDENTIAL_STORE (object), result,
                                                    &error);
  else
    ok = ado_credential_store_clear_finish (ADO_CREDENTIAL_STORE (object), result, &error);

  if (!ok)
    {
      g_task_return_error (task, error);
      return;
    }

  remove_next (g_steal_pointer (&task));
}

/* Takes @task: the tokens first (an account stays usable until they are
 * gone), then the client secret */
static void
remove_next (GTask *task)
{
  static const AdoSecretKind order[] = {
    ADO_SECRET_KIND_ACCESS_TOKEN,
    ADO_SECRET_KIND_REFRESH_TOKEN,
    ADO_SECRET_KIND_CLIENT_SECRET,
  };
  AdoCredentialStore *self = g_task_get_source_object (task);
  AccountData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if ((data->todo & ADO_CREDENTIAL_TOKENS) == ADO_CREDENTIAL_TOKENS)
    {
      data->todo &= ~ADO_CREDENTIAL_TOKENS;
      ado_credential_store_clear_account_async (self, data->client_id, data->account_id,
                                                cancellable, account_removed_cb, task);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      AdoSecretKind kind = order[i];

      if ((data->todo & (1 << kind)) == 0)
        continue;

      data->todo &= ~(1 << kind);
      ado_credential_store_clear_async (self, kind, data->client_id, data->account_id,
                                        cancellable, account_removed_cb, task);
      return;
    }

  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/**
 * ado_credential_store_remove_account_async:
 * @client_id: the account's client ID
 * @account_id: the account
 * @kinds: which items to remove: with %ADO_CREDENTIAL_CLIENT_SECRET the
 *   secret of @client_id goes too, which every account of that client
 *   shares
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Removes the account's items of @kinds: the tokens first, then the client
 * secret. Nothing stored is no error.
 */
void
ado_credential_store_remove_account_async (AdoCredentialStore  *self,
                                           const char          *client_id,
                                           const char          *account_id,
                                           AdoCredentialKinds   kinds,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  start_account (self, client_id, account_id, kinds, ado_credential_store_remove_account_async,
                 remove_next, cancellable, callback, user_data);
}

/**
 * ado_credential_store_remove_account_finish:
 *
 * Returns: %TRUE when nothing of the kinds is stored any more; %FALSE with
 *   %ADO_ERROR_KEYRING_UNAVAILABLE, %ADO_ERROR_KEYRING_LOCKED or
 *   %G_IO_ERROR_CANCELLED (what was removed by then stays removed)
 */
gboolean
ado_credential_store_remove_account_finish (AdoCredentialStore  *self,
                                            GAsyncResult        *result,
                                            GError             **error)
{
  if (!task_is_valid (self, result, ado_credential_store_remove_account_async))
    return FALSE;

  return g_task_propagate_boolean (G_TASK (result), error);
}
